"""Numbers with units: 120㎡ => 一百二十平方米, 25kg => 二十五千克, 3-5km => 三到五公里,
-5℃ => 零下五摄氏度, 1500kW·h => 一千五百千瓦时. The units are data (data/units.tsv).

A unit per unit of time is said 每… first, as news says a speed or a rate (10km/h => 每小时十公里,
10GB/s => 每秒十GB), and after 时速 in written order, no part lost (时速350km/h => 时速三百五十公里每小时);
any other compound is said in its written order, the way its symbol is read
(35μg/m³ => 三十五微克每立方米, 5.6mmol/L => 五点六毫摩尔每升). Symbols that cannot be anything else are
read without a number too (单位：m³ => 单位：立方米).
"""

from __future__ import annotations

import re

from .base import MEASURE, NUMBER, RANGE, SIGN, UNITS, Rule, after, alternation, before
from .cardinal import digits
from .cardinal import say as say_integer
from .decimal import say as say_decimal
from .tables import table

#: A plus before a temperature is 零上 (+5℃ => 零上五摄氏度); before any other unit the rule declines
#: and math.py reads the sign.
_SIDE = rf"(?:{SIGN}|\+)?{NUMBER}"
PATTERN = (rf"(?<![\d.A-Za-z])({_SIDE}(?:{RANGE}{_SIDE})?)\s?({UNITS})(?:/(10{{1,3}}|万|亿)?({UNITS}|元))?"
           r"(?![A-Za-z0-9²³])")
_SPLIT = re.compile(rf"(?<=\d){RANGE}(?=[-−+]?\d)")
_TEMPERATURE = ("摄氏度", "华氏度", "度")


def number(raw: str, temperature: bool) -> str:
    """One side: minus is 零下 and plus 零上 for a temperature; a lone 2 is 两 before a unit (两公里)."""
    negative, positive = raw[:1] in "-−", raw[:1] == "+"
    bare = raw.lstrip("-−+")
    spoken = say_decimal(bare) if "." in bare else say_integer(bare, measured=not temperature)
    if positive:
        return "零上" + spoken
    return ("零下" if temperature else "负") + spoken if negative else spoken


#: A slash between two units after a number is 每: 500元/吨 => 五百元每吨, 80公里/小时; a bare 分 or 时
#: after it is the minute or hour (120次/分 => 一百二十次每分钟, 30元/时 => 三十元每小时).
PER = (rf"(?<=[\u4e00-\u9fff])/(?:({UNITS})(?![A-Za-z0-9²³])|([分时])(?![\u4e00-\u9fff])"
       rf"|(?=(?:{MEASURE}|秒|分|时|日|月))|(?=[\u4e00-\u9fff])|(?=\d{{1,3}}(?:{MEASURE}|{UNITS})))")
_CLOCK = {"分": "分钟", "时": "小时"}


def per(match: re.Match[str]) -> str | None:
    """每, and the unit after it when it is a symbol (10元/kg => 十元每千克) or a bare 分/时."""
    if not re.search(r"\d", before(match, 8)):
        return None
    symbol, clock = match.group(1), match.group(2)
    known = symbol or clock or re.match(rf"\d{{0,3}}(?:{MEASURE}|秒|分|时|日|月)", after(match, 6))
    if not known and not re.search(r"\d[\u4e00-\u9fff]{1,3}$", before(match, 4)):
        return None  # 5分/题, 2元/瓶: a per-thing only right after a number and its short unit
    return "每" + (table("units")[symbol] if symbol else _CLOCK.get(clock or "", ""))


_PER_TIME = ("秒", "小时", "分钟", "毫秒", "天")


def verbalize(match: re.Match[str]) -> str | None:
    quantity, unit, per_count, per = match.groups()
    spoken_unit = table("units")[unit]
    temperature = spoken_unit in _TEMPERATURE
    if "+" in quantity and not temperature:
        return None
    sides = _SPLIT.split(quantity, maxsplit=1)
    spoken = "到".join(number(side, temperature) for side in sides) + spoken_unit
    if not per:
        return spoken
    per_name = table("units").get(per, per)  # 元: 0.45t/万元 => 零点四五吨每万元
    per_unit = (say_integer(per_count) if per_count and per_count.isdigit() else per_count or "") + per_name
    if per_name in _PER_TIME and not per_count:
        if re.search(r"[时秒]速[^，。；、,;]{0,6}$", before(match, 10)):  # 时速 already says the rate
            return f"{spoken}每{per_unit}"
        return f"每{per_unit}{spoken}"
    return f"{spoken}每{per_unit}"


#: Unit symbols that are never a word or a letter: read on their own, with or without a per-unit.
_BARE = [u for u in table("units") if not u.isascii() or (len(u) >= 3 and u not in ("min", "Gbps", "Mbps"))]
BARE = (rf"(?<![A-Za-z0-9])({alternation(_BARE)})(?:/({UNITS}))?(?![A-Za-z0-9²³])")


def bare(match: re.Match[str]) -> str:
    unit, per = match.groups()
    return table("units")[unit] + (f"每{table('units')[per]}" if per else "")


#: Blood pressure, systolic over diastolic, is said with 比 (一百二十比八十), as doctors say it.
PRESSURE = r"(?<![\d./])(\d{2,3})/(\d{2,3})(?![\d./])(\s?(?:mmHg|毫米汞柱))?"


def pressure(match: re.Match[str]) -> str | None:
    high, low, unit = match.groups()
    if not unit and "血压" not in before(match, 6):
        return None
    return f"{say_integer(high)}比{say_integer(low)}" + ("毫米汞柱" if unit else "")


#: A height or length in 米 and centimetres, as said: 1米85 => 一米八五 (the centimetres digit by digit).
METRES = rf"(?<![\d.])(\d{{1,2}})米(\d{{1,2}})(?![\d.%])(?!\s?(?:{MEASURE}|{UNITS}))"


def metres(match: re.Match[str]) -> str:
    return say_integer(match.group(1), measured=True) + "米" + digits(match.group(2))


RULES = [Rule("measure", PRESSURE, pressure), Rule("measure", METRES, metres),
         Rule("measure", PATTERN, verbalize),
         Rule("measure", PER, per), Rule("measure", BARE, bare)]
