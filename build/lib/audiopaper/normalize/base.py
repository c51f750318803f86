"""What every rule shares: the Rule record, number patterns and the context a reading depends on."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .tables import table

Verbalize = Callable[[re.Match[str]], str | None]


@dataclass(frozen=True)
class Rule:
    """A semiotic class: a pattern that tags a span, and a function that says it (None: not mine)."""

    name: str
    pattern: str
    verbalize: Verbalize

    @property
    def regex(self) -> re.Pattern[str]:
        return compiled(self.pattern)


_COMPILED: dict[str, re.Pattern[str]] = {}


def compiled(pattern: str) -> re.Pattern[str]:
    """One compiled regex per pattern string (rules are re-matched at a known offset)."""
    if pattern not in _COMPILED:
        _COMPILED[pattern] = re.compile(pattern)
    return _COMPILED[pattern]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first, so 平方米 wins over 平."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


#: The measure words before which a lone 2 is 两 (and after which a number is a quantity).
MEASURE = alternation(table("measure_words"))
UNITS = alternation(table("units"))
#: A dash, tilde or 至 between two numbers reads 到. Spaces count only as ASCII spaces on both sides of a
#: dash: in a table "8.05　-0.62%" (a full-width gap, or a space before and none after) the dash is a sign.
RANGE = r"(?: ?(?:[~—–]|至) ?| [-−] |[-−])"
#: After these characters a dash is a range or a hyphen, never a minus sign. 间 is left out: it ends
#: 夜间, 期间 far more often than it counts rooms (夜间-2℃ => 夜间零下二摄氏度).
_NO_SIGN = "0-9A-Za-z%℃°)）" + re.escape("".join(w for w in table("measure_words") if len(w) == 1
                                                 and w != "间"))
SIGN = rf"(?:(?<![{_NO_SIGN}年月日号时分秒点天])[-−])"
#: An unsigned number as written: 1,234 or 1234 or 12.5.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: What follows a number that makes it a quantity, not a code.
QUANTITY_NEXT = rf"(?:{MEASURE}|{UNITS}|[万亿千百余多几%.]|\d)"


def after(match: re.Match[str], size: int = 6) -> str:
    """The text right after the span (what a reading may depend on)."""
    return match.string[match.end():match.end() + size]


def before(match: re.Match[str], size: int = 6) -> str:
    """The text right before the span."""
    return match.string[max(0, match.start() - size):match.start()]


def is_measured(match: re.Match[str]) -> bool:
    """Whether a measure word or unit follows the span (2个 => 两个)."""
    return compiled(rf"\s?(?!年级)(?:{MEASURE})").match(match.string, match.end()) is not None


def is_quantity(match: re.Match[str]) -> bool:
    """Whether the number is followed by a measure word, unit or multiplier (so not a code)."""
    return compiled(QUANTITY_NEXT).match(match.string, match.end()) is not None
