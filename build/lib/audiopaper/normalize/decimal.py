"""Decimals: 71.3 => 七十一点三, .22 => 零点二二, 6.42万 => 六点四二万; dotted codes 127.0.0.1.

Digits after the point are read as written (5.0 => 五点零), except in money, where a cashier drops
trailing zeros (36.00元 => 三十六元, 14.60元 => 十四点六元).
"""

from __future__ import annotations

import re

from .base import SIGN, Rule, compiled
from .cardinal import digits, number

PATTERN = rf"{SIGN}?(?<![\d.A-Za-z])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)?\.\d+(?![\d.])"
DOTTED = r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])"
_MONEY_NEXT = r"\s?(?:元|块|角|美元|欧元|英镑|日元|港元|澳元|韩元|万元|亿元)"


def say(raw: str, trim: bool = False) -> str:
    """A written decimal as said; ``trim`` drops trailing zeros after the point."""
    text = raw.replace(",", "")
    sign = "负" if text[:1] in "-−负" else ""
    whole, _, fraction = text.lstrip("-−负").partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    spoken = number(whole or "0")
    return sign + spoken + ("点" + digits(fraction) if fraction else "")


def verbalize(match: re.Match[str]) -> str:
    trim = compiled(_MONEY_NEXT).match(match.string, match.end()) is not None
    return say(match.group(0), trim)


def dotted(match: re.Match[str]) -> str:
    """An address or version, digit by digit with 点 between parts."""
    return "点".join(digits(part) for part in match.group(0).split("."))


RULES = [Rule("decimal", DOTTED, dotted), Rule("decimal", PATTERN, verbalize)]
