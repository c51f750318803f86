"""The ordered rule inventory: where two rules could read the same text, the earlier one does.

All patterns are joined into one regex (one named group per rule), so an edition is scanned once;
at each position the first rule that matches and accepts (its verbalizer does not return None)
reads the span. Spans of pronunciation markup are protected: they pass through untouched.
"""

from __future__ import annotations

import bisect
import re

from . import alnum, cardinal, code, date, decimal, dispatch, docnum, fraction, grade, listnum, markup
from . import math
from . import measure, money, url
from . import ordinal, percent, phone, punctuation, score, time, year
from .base import Rule
from .tables import table

RULES: list[Rule] = [
    markup.RULE,                # {行长|hang2 zhang3}: the producer's reading, kept as is
    *url.RULES,                 # www.gov.cn, xx@163.com, #话题#, 3#楼
    *listnum.RULES,             # 1．, （2）, ⑴, Ⅱ., No.3, Top10: item numbers at a clause start
    *alnum.RULES,               # O2O, PM2.5: fixed readings of whole words
    *docnum.RULES,              # 〔2023〕12号, （2023）鲁0902民初1234号, 第2024035期
    *code.RULES,                # 运-20, 长征-2F, 520当天, （600519）, K123+500, 鲁A·12345, ISBN
    year.ERA_SUFFIX,            # 2934ad, 1823年3月bc
    year.SPAN,                  # 2024/2025赛季, 2024-25赛季: a season, not a fraction or a date
    year.SHORT_SPAN,            # 24/25赛季
    *date.RULES,                # before years, phones and ranges: 2024-03-14 is one date
    *time.RULES,                # 14:30, 9时30分, 9秒72, 用时2:05:30
    Rule("math", math.TEAMS, math.teams),  # 3×3篮球 => 三对三篮球 (before alnum: 5V5)
    *score.RULES,               # 比分3:1, 1∶2, 以3-1战胜, 3胜1负 (is_score decides colon and dash)
    *phone.RULES,               # 0538-6288888, 13985608526, 12333, 尾号1702
    *money.RULES,               # ¥500, $13.5
    *percent.RULES,             # 43.7%, 5%-10%
    *grade.RULES,               # 风力2级 => 二级, 调至2档, 5.8级地震 (not 两: a grade, not a count)
    *measure.RULES,             # 120㎡, 3-5km, -5℃
    *fraction.RULES,            # 1/3
    *ordinal.RULES,             # 第23届
    *year.RULES,                # 2024年, 2024首届, 90后
    alnum.GENERAL,              # 5G, G3, COVID-19
    *decimal.RULES,             # 127.0.0.1, 71.3
    *math.RULES,                # 1+2, ≥100
    *cardinal.RULES,            # 1005, 2个
    cardinal.DIGITS,            # any digit left: never spoken as a symbol
    *punctuation.RULES,         # □, ——, （）, /
]

#: Every character a rule's span can start with: the scan skips all other positions at once.
_FIRST = ("0-9A-Za-z{(\\[+±≥≤≈<>=×÷.\\-−\\s第公纪′″'\"①-⒛㈠-㈩Ⅰ-ⅻ（#＃"
          + re.escape("".join(w[0] for w in [*table("phone_words"), *table("currency"),
                                            *table("symbols")])))



#: For each kind of character, the indexes of the rules that can start with it, in inventory order.
BUCKETS = {kind: [i for i, rule in enumerate(RULES) if kind in dispatch.kinds(rule.pattern)]
           for kind in sorted(dispatch.KINDS)}


def _bucket(kind: str) -> str:
    """The rules that can start with a character of ``kind``, in inventory order, behind its guard."""
    alternatives = "|".join(f"(?P<r{i}_{kind}>{RULES[i].pattern})" for i in BUCKETS[kind])
    return f"{dispatch.GUARD[kind]}(?:{alternatives})"


#: At each position only the bucket of its kind of character is tried (see dispatch.py); the named
#: group that matched says which rule (``rule_index``).
COMBINED = re.compile(f"(?=[{_FIRST}])(?:{'|'.join(_bucket(k) for k in sorted(dispatch.KINDS))})")


def rule_index(match: re.Match[str]) -> int:
    """Index in RULES of the rule whose alternative of COMBINED matched."""
    return int((match.lastgroup or "r0_")[1:].split("_")[0])


_BUCKET_RULES = {kind: [RULES[i] for i in indexes] for kind, indexes in BUCKETS.items()}


def candidates(char: str, first: int) -> list[Rule]:
    """The rules from index ``first`` on that can start with ``char``, in inventory order."""
    kind = dispatch.kind_of(char)
    return _BUCKET_RULES[kind][bisect.bisect_left(BUCKETS[kind], first):]
