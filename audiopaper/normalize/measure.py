"""Numbers with units: 120㎡ => 一百二十平方米, 25kg => 二十五千克, 3-5km => 三到五公里,
-5℃ => 零下五摄氏度, 10km/h => 每小时十公里. The units are data (data/units.tsv)."""

from __future__ import annotations

import re

from .base import MEASURE, NUMBER, RANGE, SIGN, UNITS, Rule, before
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


#: A slash between two units after a number is 每: 500元/吨 => 五百元每吨, 80公里/小时.
PER = rf"(?<=[\u4e00-\u9fff])/(?=(?:{MEASURE}|{UNITS}))"


def per(match: re.Match[str]) -> str | None:
    return "每" if re.search(r"\d", before(match, 8)) else None


def verbalize(match: re.Match[str]) -> str:
    quantity, unit, per = match.groups()
    spoken_unit = table("units")[unit]
    temperature = spoken_unit in _TEMPERATURE
    sides = _SPLIT.split(quantity, maxsplit=1)
    spoken = "到".join(number(side, temperature) for side in sides) + spoken_unit
    return f"每{table('units')[per]}{spoken}" if per else spoken


RULES = [Rule("measure", PATTERN, verbalize), Rule("measure", PER, per)]
