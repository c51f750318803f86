"""Grades on a scale: 风力2级 => 风力二级, 1-2级 => 一到二级, 调至2档, 2星级酒店, 5.8级地震.

A grade is a position on a scale, said like a name: 二级 as a presenter says it, never 两级 (which
counts). The scale words and the evidence that turns a grade into a count (2级台阶: steps; 分为2级,
连升2级, 推出2档节目) are data (data/grades.tsv). A year before 级 is a student cohort (2024级新生 =>
二零二四级), as a year is said.
"""

from __future__ import annotations

import re

from .base import Rule, after, alternation, before
from .cardinal import digits, number
from .cardinal import say as say_integer
from .decimal import say as say_decimal
from .tables import table

_ROLES = table("grades")
_GRADE = alternation(w for w, role in _ROLES.items() if role == "grade")
_COUNT_AFTER = tuple(w for w, role in _ROLES.items() if role == "count_after")
_COUNT_BEFORE = tuple(w for w, role in _ROLES.items() if role == "count_before")
PATTERN = rf"(?<![\d.,A-Za-z])\d{{1,4}}(?:\.\d+)?(?=\s?(?:{_GRADE})(?!期))"
_WORD = re.compile(rf"\s?({_GRADE})")
_YEAR = re.compile(r"(?:19|20)\d{2}")


def is_count(match: re.Match[str]) -> bool:
    """Whether the words around make the number a count of things, not a grade."""
    word = _WORD.match(match.string, match.end())
    following = match.string[word.end():word.end() + 4] if word else after(match, 4)
    ahead = before(match, 4)
    ahead = re.sub(r"\d+(?:\.\d+)?\s?[-−~～—–至到]\s?$", "", ahead)  # 分为1-2级: the range's start
    return following.startswith(_COUNT_AFTER) or ahead.endswith(_COUNT_BEFORE)


def verbalize(match: re.Match[str]) -> str:
    """The grade said like a name; a count as counted (两级台阶, 推出两档节目)."""
    raw = match.group(0)
    if is_count(match):
        return say_decimal(raw) if "." in raw else say_integer(raw, measured=True)
    if _YEAR.fullmatch(raw) and match.string.startswith("级", match.end()):
        return digits(raw)
    return say_decimal(raw) if "." in raw else number(raw, liang=False)


RULES = [Rule("grade", PATTERN, verbalize)]
