"""Percentages: 43.7% => 百分之四十三点七, -3.5% => 负百分之三点五, 5%-10% and 5-10% => 百分之五到百分之十.

A range repeats 百分之 on both ends, as a news reader says it; ‰ is 千分之.
"""

from __future__ import annotations

import re

from .base import NUMBER, RANGE, SIGN, Rule
from .decimal import say as say_decimal

_SIDE = rf"{SIGN}?{NUMBER}"
PATTERN = rf"(?<![\d.]){_SIDE}(?:[%‰]?{RANGE}{_SIDE})?[%‰]"
_SPLIT = re.compile(rf"(?<=[\d%‰]){RANGE}(?=[-−]?\d)")


def _one(raw: str, per: str) -> str:
    sign = "负" if raw[:1] in "-−" else ""
    return f"{sign}{per}之{say_decimal(raw.lstrip('-−'))}"


def verbalize(match: re.Match[str]) -> str:
    raw = match.group(0)
    per = "千分" if raw.endswith("‰") else "百分"
    sides = _SPLIT.split(raw.rstrip("%‰"), maxsplit=1)
    return "到".join(_one(side.rstrip("%‰"), per) for side in sides)


#: A minus before a written-out 百分之 (-百分之1 => 负百分之一).
MINUS = Rule("percent", r"(?<![\d%])[-−](?=百分之|千分之)", lambda m: "负")
RULES = [Rule("percent", PATTERN, verbalize), MINUS]
