"""Cardinal numbers: 1005 => 一千零五, 120000 => 十二万, 1,234 => 一千二百三十四."""

from __future__ import annotations

import re

from .tables import table

PATTERN = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d.])|(?<![\d.])\d+(?![\d.])")
_UNITS = ["", "十", "百", "千"]
_GROUPS = ["", "万", "亿", "万亿"]


def digits(text: str) -> str:
    """Digit by digit: 2024 => 二零二四."""
    names = table("digits")
    return "".join(names.get(c, c) for c in text)


def _four(number: int) -> str:
    """A group below 10,000, with 零 for inner gaps (1005 => 一千零五)."""
    names = table("digits")
    out: list[str] = []
    zero = False
    for power in range(3, -1, -1):
        digit = number // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(names[str(digit)] + _UNITS[power])
    return "".join(out)


def cardinal(number: int) -> str:
    """Read an integer the way it is counted: 10 => 十, 15 => 十五, 110 => 一百一十."""
    if number == 0:
        return "零"
    if number < 0:
        return "负" + cardinal(-number)
    groups = []
    while number:
        groups.append(number % 10_000)
        number //= 10_000
    if len(groups) > len(_GROUPS):
        return digits(str(sum(g * 10_000**i for i, g in enumerate(groups))))
    out: list[str] = []
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or group < 1000):
            out.append("零")
        out.append(_four(group) + _GROUPS[index])
        pending_zero = False
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def verbalize(raw: str) -> str:
    """Spoken form of a written cardinal (separators dropped)."""
    return cardinal(int(raw.replace(",", "")))
