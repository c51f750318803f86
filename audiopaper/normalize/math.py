"""Operators between numbers: 1+2 => 一加二, 2≥1 => 二大于等于一, ±2 => 正负二 (data/operators.tsv)."""

from __future__ import annotations

import re

from .base import Rule, alternation
from .tables import table

_OPERATORS = table("operators")
PATTERN = (rf"(?:(?<=\d)\s*({alternation(_OPERATORS)})\s*|(?<![\d])(±|[≥≤≈<>])\s*)(?=[-−±]?\d)")


def verbalize(match: re.Match[str]) -> str:
    operator = match.group(1) or match.group(2)
    return "正负" if operator == "±" else _OPERATORS[operator]


#: A plus after a number with no number after it is 多 (100+城市 => 一百多城市); after 万 it stays 加
#: (阅读量10万+ => 十万加, the way the phrase is said).
MORE = r"(?<=\d)\+(?!\s*[-−±+\d])"
RULES = [Rule("math", PATTERN, verbalize), Rule("math", MORE, lambda m: "多")]
