"""Years, digit by digit: 2024年 => 二零二四年, also before 首届/年度/a name (2024首届 => 二零二四首届),
in year ranges (2024—2025), year lists (2023、2024年), seasons (2024/2025赛季 => 二零二四到二零二五赛季),
titles (《1921》), two-digit years with a month (86年8月), 05年, 公元前202年, and generations:
90后 => 九零后, 95后 => 九五后.

A four-digit number 1000-2099 right before a Chinese word that is not a measure word is a year: news
headlines write "2024全国…" for "the 2024 national …". Before a measure word it stays a count (1500人).
"""

from __future__ import annotations

import re

from .base import MEASURE, UNITS, Rule, compiled
from .cardinal import cardinal, digits

_Y4 = r"(?:1\d{3}|20\d{2})"
_NOT_YEAR = rf"(?:{MEASURE}|{UNITS}|平米|[多余左以约近分强床兆秒瓦伏])"
#: A span of two years, unless a unit or measure word after it makes both counts (1500~1700毫升).
_SPAN_END = rf"(?![\d.%])(?!\s?(?![年届季])(?:{_NOT_YEAR}))"
_YEAR_NEXT = rf"(?:年|届|首届|年度|\s?[-—–~]\s?{_Y4}{_SPAN_END}|至{_Y4}{_SPAN_END}|(?!{_NOT_YEAR})[\u4e00-\u9fff])"
FOUR = rf"(?<![\d.,]){_Y4}(?={_YEAR_NEXT})"
AFTER_RANGE = rf"(?<=\d{{4}}[-—–~至]){_Y4}{_SPAN_END}"
TWO = r"(?<![\d.])(?:\d{2}(?=年\d{1,2}月)|0\d(?=年))"
ERA = r"(?:(?<=公元)|(?<=公元前)|(?<=纪元))\d{1,4}(?=年)"
#: A generation by birth years: 80后, 95后, 00后 => 八零后, 九五后, 零零后 (as a year is said). Not after
#: 第/前 or a letter (第10后, 前10后, TOP10后: a rank), nor a time (3天后, 10年后: a unit stands between).
COHORT = r"(?<![\d.:：/第前A-Za-z])\d{2}(?=后)"
#: Every year of a list that ends in 年: 2023、2024年, 2022年、2023和2024年.
LISTED = rf"(?<![\d.,]){_Y4}(?=(?:[年届]?[、和及与]{_Y4}){{1,8}}{_YEAR_NEXT})"
TITLE = rf"(?<=《){_Y4}(?=》)|(?<=[(（])(?:19|20)\d{{2}}(?=[)）])"
#: A slash or dash between a year and the next (or before 赛季/学年/年度): a season, not a fraction.
SEASON = (rf"(?<![\d./]){_Y4}\s?[/-]\s?(?:{_Y4}|\d{{2}})(?![\d./])")
_SEASON_NEXT = ("赛季", "学年", "年度", "财年", "季", "年")


_AD = r"(?:[Aa]\.?[Dd]\.?)"
_BC = r"(?:[Bb]\.?[Cc]\.?)"
#: 2934ad => 公元二九三四年, 1823年3月bc => 公元前一八二三年三月.
SUFFIXED = rf"(?<![\d.])(\d{{1,4}})(?:年(\d{{1,2}})月)?\s?({_AD}|{_BC})(?![A-Za-z])"


def verbalize(match: re.Match[str]) -> str:
    return digits(match.group(0))


def suffixed(match: re.Match[str]) -> str:
    year, month, era = match.groups()
    prefix = "公元前" if era[0] in "Bb" else "公元"
    return f"{prefix}{digits(year)}年" + (f"{cardinal(int(month))}月" if month else "")


def season(match: re.Match[str]) -> str | None:
    if not compiled(_SPAN_END).match(match.string, match.end()):
        return None
    first, second = re.split(r"\s?[/-]\s?", match.group(0))
    following = int(first[:2] + second if len(second) == 2 else second) == int(first) + 1
    if not following and not match.string.startswith(_SEASON_NEXT, match.end()):
        return None
    return f"{digits(first)}到{digits(second)}"


#: A season in two-digit years (24/25赛季 => 二四到二五赛季), only before 赛季.
SHORT_SEASON = r"(?<![\d./])(\d{2})[/-](\d{2})(?=赛季)"


def short_season(match: re.Match[str]) -> str | None:
    first, second = match.groups()
    return f"{digits(first)}到{digits(second)}" if (int(first) + 1) % 100 == int(second) else None


SPAN = Rule("year", f"{SEASON}", season)
SHORT_SPAN = Rule("year", SHORT_SEASON, short_season)
RULES = [Rule("year", f"{FOUR}|{AFTER_RANGE}|{TWO}|{ERA}|{LISTED}|{TITLE}", verbalize),
         Rule("generation", COHORT, verbalize)]
ERA_SUFFIX = Rule("year", SUFFIXED, suffixed)
