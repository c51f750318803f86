"""Money written with a currency sign: ¥500 => 五百元, $13.5 => 十三点五美元, €5 => 五欧元,
$1.5万 => 一点五万美元. Amounts in Chinese units (500万元) are plain numbers followed by words.
"""

from __future__ import annotations

import re

from .base import NUMBER, Rule, alternation
from .cardinal import say as say_integer
from .decimal import say as say_decimal
from .tables import table

PATTERN = (rf"(?<![A-Za-z])({alternation(table('currency'))})\s?([-−]?{NUMBER})"
           r"(万亿|亿|万|千)?(?![\d.])")


def amount(raw: str, measured: bool) -> str:
    """An amount as said: a decimal drops trailing zeros (¥36.00 => 三十六元), a lone 2 is 两."""
    if "." in raw:
        return say_decimal(raw, trim=True)
    return say_integer(raw, measured)


def verbalize(match: re.Match[str]) -> str:
    sign, number, multiplier = match.groups()
    return amount(number, measured=True) + (multiplier or "") + table("currency")[sign]


RULES = [Rule("money", PATTERN, verbalize)]
