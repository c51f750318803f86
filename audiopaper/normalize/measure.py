"""Numbers with units: 120㎡ => 一百二十平方米, 25kg => 二十五千克, 3-5km => 三到五公里,
-5℃ => 零下五摄氏度, 10km/h => 每小时十公里. The units are data (data/units.tsv)."""

from __future__ import annotations

import re

from .base import NUMBER, RANGE, SIGN, UNITS, Rule
from .cardinal import say as say_integer
from .decimal import say as say_decimal
from .tables import table

_SIDE = rf"{SIGN}?{NUMBER}"
PATTERN = (rf"(?<![\d.A-Za-z])({_SIDE}(?:{RANGE}{_SIDE})?)\s?({UNITS})(?:/({UNITS}))?"
           r"(?![A-Za-z0-9²³])")
_SPLIT = re.compile(rf"(?<=\d){RANGE}(?=[-−]?\d)")
_TEMPERATURE = ("摄氏度", "华氏度", "度")


def number(raw: str, temperature: bool) -> str:
    """One side: minus is 零下 for a temperature; a lone 2 is 两 before a unit (两公里)."""
    negative = raw[:1] in "-−"
    bare = raw.lstrip("-−")
    spoken = say_decimal(bare) if "." in bare else say_integer(bare, measured=not temperature)
    return ("零下" if temperature else "负") + spoken if negative else spoken


def verbalize(match: re.Match[str]) -> str:
    quantity, unit, per = match.groups()
    spoken_unit = table("units")[unit]
    temperature = spoken_unit in _TEMPERATURE
    sides = _SPLIT.split(quantity, maxsplit=1)
    spoken = "到".join(number(side, temperature) for side in sides) + spoken_unit
    return f"每{table('units')[per]}{spoken}" if per else spoken


RULES = [Rule("measure", PATTERN, verbalize)]
