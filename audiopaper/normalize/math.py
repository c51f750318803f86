"""Operators between numbers: 1+2 => 一加二, 2≥1 => 二大于等于一, ±2 => 正负二 (data/operators.tsv)."""

from __future__ import annotations

import re

from .base import Rule, alternation
from .cardinal import cardinal
from .tables import table

_OPERATORS = table("operators")
#: An operator between numbers has spaces on both sides or none (a table's "12.36　+1.48%" is a sign).
_OPERATOR = alternation(_OPERATORS)
PATTERN = (rf"(?:(?<=\d)(?: ({_OPERATOR}) |({_OPERATOR}))|(?<![\d])(±|[≥≤≈<>])\s*)(?=[-−±]?\d)")


def verbalize(match: re.Match[str]) -> str:
    operator = match.group(1) or match.group(2) or match.group(3)
    return "正负" if operator == "±" else _OPERATORS[operator]


#: A plus after a number with no number after it is 多 (100+城市 => 一百多城市); after 万 it stays 加
#: (阅读量10万+ => 十万加, the way the phrase is said).
MORE = r"(?<=\d)\+(?!\s*[-−±+\dA-Za-z])"
#: A formula of policy copy: 1+3+N, 4+X, N+1 => 一加三加N, as the slogan is said: a plus between a
#: number and a letter is 加, never 多.
FORMULA = r"(?<=\d)\+(?=[A-Za-z])|(?<=[A-Za-z])\+(?=\d)"
#: A plus sign before a number: not said after a word of rising (涨+1.2% => 涨百分之一点二), else 正.
SIGN = r"(?<![\dA-Za-z+])\+(?=\d)"
_RISING = ("涨", "升", "增", "增长", "上涨", "提高", "上升", "增加", "盈利")


def sign(match: re.Match[str]) -> str:
    return "" if match.string[:match.start()].rstrip().endswith(_RISING) else "正"


#: N×N (or 3x3, 5V5) naming a team format is 对: 3×3篮球 => 三对三篮球, as presenters say it; a
#: dimension (3×4米, 3×3矩阵) keeps 乘. The format is told by a game word right after or 篮球/足球 before.
_GAMES = ("篮球", "足球", "排球", "冰球", "手球", "比赛", "联赛", "赛", "对抗", "对决", "斗牛", "挑战", "PK",
          "项目", "组")
TEAMS = (rf"(?<![\d.×xX*])(\d{{1,2}})\s?[×xX*Vv]\s?(\d{{1,2}})(?![\d.×xX*%])")


def teams(match: re.Match[str]) -> str | None:
    """三对三 for a team format (see TEAMS); None leaves the operator to PATTERN."""
    after = match.string[match.end():match.end() + 5].removeprefix("人制")
    ahead = match.string[max(0, match.start() - 4):match.start()]
    if not (after.startswith(_GAMES) or any(game in ahead for game in _GAMES[:3])):
        return None
    return f"{cardinal(int(match.group(1)), liang=False)}对{cardinal(int(match.group(2)), liang=False)}"


RULES = [Rule("math", PATTERN, verbalize), Rule("math", FORMULA, lambda m: "加"),
         Rule("math", MORE, lambda m: "多"), Rule("math", SIGN, sign)]
