"""Cardinal numbers: 1005 => 一千零五, 120000 => 十二万, 1,234 => 一千二百三十四, 2个 => 两个.

两 is said for 2 in the 千 place and before 万/亿 (两千, 一万两千, 两万, 两亿) and for a lone 2
before a measure word (两个, 两年后); 2 in the 百 place stays 二 (二百), as most news readers say it.
"""

from __future__ import annotations

import re

from .base import SIGN, Rule, after, is_measured
from .tables import table

PATTERN = rf"{SIGN}?(?<![\d.,])(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?!\d)(?!\.\d)"
_UNITS = ["", "十", "百", "千"]
_GROUPS = ["", "万", "亿", "万亿"]


def digits(text: str, one: str = "一") -> str:
    """Digit by digit: 2024 => 二零二四 (``one="幺"`` for telephone numbers)."""
    names = table("digits")
    return "".join(one if c == "1" else names.get(c, c) for c in text)


def _four(number: int, liang: bool) -> str:
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
        name = "两" if digit == 2 and power == 3 and liang else names[str(digit)]
        out.append(name + _UNITS[power])
    return "".join(out)


def _group(group: int, index: int, liang: bool) -> str:
    if group == 2 and index > 0 and liang:
        return "两" + _GROUPS[index]
    return _four(group, liang) + _GROUPS[index]


def cardinal(number: int, liang: bool = True) -> str:
    """Read an integer the way it is counted: 10 => 十, 15 => 十五, 110 => 一百一十."""
    if number < 0:
        return "负" + cardinal(-number, liang)
    if number == 0:
        return "零"
    groups = []
    while number:
        groups.append(number % 10_000)
        number //= 10_000
    if len(groups) > len(_GROUPS):
        return digits("".join(str(g).zfill(4) for g in reversed(groups)).lstrip("0"))
    out: list[str] = []
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or group < 1000):
            out.append("零")
        out.append(_group(group, index, liang))
        pending_zero = False
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


#: Longer digit strings are never counted aloud (and ``int`` refuses strings of 4,300 digits).
LONGEST = 16


def number(text: str, liang: bool = True) -> str:
    """A string of digits as counted (cardinal), or digit by digit when too long to be a count."""
    return digits(text) if len(text) > LONGEST else cardinal(int(text), liang)


def say(raw: str, measured: bool = False) -> str:
    """A written integer (sign, separators) as said; a lone 2 before a measure word is 两."""
    text = raw.replace(",", "")
    negative = text[:1] in "-−负"
    text = text.lstrip("-−负")
    spoken = "两" if text == "2" and measured else number(text)
    return ("负" if negative else "") + spoken


def verbalize(match: re.Match[str]) -> str:
    """Spoken form of a written cardinal; 0-led numbers are codes (007), except page numbers."""
    raw = match.group(0)
    bare = raw.lstrip("-−")
    if len(bare) > 1 and bare.startswith("0") and not after(match, 1) == "版":
        return ("负" if bare != raw else "") + digits(bare)
    return say(raw, is_measured(match))


RULES = [Rule("cardinal", PATTERN, verbalize)]
#: Last resort: any digits no rule claimed are read one by one, never left as symbols.
DIGITS = Rule("digits", r"\d+", lambda m: digits(m.group(0)))
