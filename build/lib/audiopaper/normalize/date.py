"""Dates: 2024-03-14, 2024/3/14, 2024.3.14 => 二零二四年三月十四日; 2024年3月14日; 3月25日; 08/08 => 八月八日.

Years are read digit by digit, months and days as numbers; a written 号 stays 号 (14号 => 十四号).
A month and day with a middle dot name a day (an anniversary, a shopping festival) and are said the way
the name is: 9·18 => 九一八, 7·1 => 七一, 12·9 => 一二九, 10·1 => 十一, 11·11 => 双十一.
"""

from __future__ import annotations

import re

from .base import Rule
from .cardinal import cardinal, digits

# No backreference (the rules are joined into one regex): each separator is spelled out.
_SAME = "|".join(rf"{re.escape(c)}\d{{1,2}}{re.escape(c)}" for c in "-/.·")
YMD = rf"(?<![\d.])(?:\d{{4}}|\d{{2}})(?:{_SAME})\d{{1,2}}(?![\d.])"
DMY = rf"(?<![\d.])\d{{1,2}}(?:{_SAME})\d{{4}}(?![\d.])"
YM = r"(?<![\d.])((?:19|20)\d{2})[-/.](0?[1-9]|1[0-2])(?![\d.])"
MY = r"(?<![\d./-])(0[1-9]|1[0-2])[-/.]((?:19|20)\d{2})(?![\d./-])"
MD = r"(?<![\d./-])(0[1-9])[-/.]([0-3]\d)(?![\d./-])"
CHINESE = r"(?<![\d.])(?:(\d{4}|\d{2})年)?(\d{1,2})月(?:(\d{1,2})([日号]))?"
DAY = r"(?<![\d.])(\d{1,2})([日号])"
NAMED = r"(?<![\d.·•・‧])(\d{1,2})[·•・‧](\d{1,2})(?![\d·•・‧]|\.\d)"
#: With a full stop (3.15晚会, 11.11购物节) only before a word that makes it a day, not a decimal.
_DAY_WORDS = ("购物节", "狂欢节", "晚会", "大促", "当天", "期间", "前夕", "事变", "事件", "纪念日", "消费者",
              "国际", "表白", "情人节", "促销", "活动", "运动", "惨案", "讲话", "精神")
NAMED_DOT = rf"(?<![\d.])(\d{{1,2}})\.(\d{{1,2}})(?![\d.])(?=[”\"」]?(?:{'|'.join(_DAY_WORDS)}))"


def _valid(month: int, day: int = 1) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _say(year: str | None, month: str, day: str | None, day_word: str = "日") -> str | None:
    if not _valid(int(month), int(day or 1)):
        return None
    text = f"{digits(year)}年" if year else ""
    text += f"{cardinal(int(month), liang=False)}月"
    return text + (f"{cardinal(int(day), liang=False)}{day_word}" if day else "")


def numeric(match: re.Match[str]) -> str | None:
    """2024-03-14 and its cousins (the separator must repeat: 2024-03/14 is not a date)."""
    first, second, third = re.split(r"[-/.·]", match.group(0))
    if len(third) == 4:
        return _say(third, second, first)
    return _say(first, second, third)


def month_year(match: re.Match[str]) -> str | None:
    groups = match.groups()
    year, month = (groups[1], groups[0]) if len(groups[0]) <= 2 else groups
    return _say(year, month, None)


def chinese(match: re.Match[str]) -> str | None:
    year, month, day, word = match.groups()
    return _say(year, month, day, word or "日")


def day(match: re.Match[str]) -> str | None:
    number = int(match.group(1))
    return f"{cardinal(number, liang=False)}{match.group(2)}" if 1 <= number <= 31 else None


def month_day(match: re.Match[str]) -> str | None:
    return _say(None, match.group(1), match.group(2))


def _name_part(raw: str) -> str:
    return "十" if raw == "10" else digits(raw.lstrip("0"))


def named(match: re.Match[str]) -> str | None:
    """9·18 => 九一八: each part digit by digit (10 is 十); the same 11 or 12 twice is 双十一, 双十二."""
    month, day = match.groups()
    if not _valid(int(month), int(day)):
        return None
    if month == day and month in ("11", "12"):
        return "双" + cardinal(int(month))
    return _name_part(month) + _name_part(day)


RULES = [Rule("date", NAMED, named), Rule("date", NAMED_DOT, named), Rule("date", YMD, numeric),
         Rule("date", DMY, numeric), Rule("date", YM, month_year),
         Rule("date", MY, month_year), Rule("date", MD, month_day), Rule("date", CHINESE, chinese),
         Rule("date", DAY, day)]
