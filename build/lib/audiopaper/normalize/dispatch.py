"""Which kind of character a rule's span can start with (an ASCII digit, a Latin letter, anything
else), read from the rule's parsed pattern, so the scan tries at each position only the rules that can
start there: with sixty rules, trying every one at every digit and space made the scan four times slower.
"""

from __future__ import annotations

import re._constants as sre
import re._parser as sre_parse
from typing import Any

DIGIT, LETTER, OTHER = "d", "l", "o"
KINDS = frozenset({DIGIT, LETTER, OTHER})
#: The look-ahead that tells each kind at a position.
GUARD = {DIGIT: "(?=[0-9])", LETTER: "(?=[A-Za-z])", OTHER: "(?![0-9A-Za-z])"}
_ZERO_WIDTH = {sre.ASSERT, sre.ASSERT_NOT, sre.AT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}


def kind_of(char: str) -> str:
    """The kind of one character: DIGIT (ASCII 0-9), LETTER (A-Z, a-z) or OTHER."""
    return DIGIT if "0" <= char <= "9" else LETTER if char.isascii() and char.isalpha() else OTHER


def _kind(code: int) -> str:
    return kind_of(chr(code))


def _span_kinds(low: int, high: int) -> set[str]:
    kinds = {k for k, (a, b) in {DIGIT: (48, 57), LETTER: (65, 90), "L2": (97, 122)}.items()
             if low <= b and high >= a}
    covered = sum(max(0, min(high, b) - max(low, a) + 1) for a, b in ((48, 57), (65, 90), (97, 122)))
    return {LETTER if k == "L2" else k for k in kinds} | ({OTHER} if covered < high - low + 1 else set())


def _set_kinds(items: list[tuple[Any, Any]]) -> set[str]:
    kinds: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            kinds.add(_kind(arg))
        elif op is sre.RANGE:
            kinds |= _span_kinds(*arg)
        elif op is sre.CATEGORY and arg is sre.CATEGORY_DIGIT:
            kinds.add(DIGIT)  # other scripts' digits are never a span's first character here
        elif op is sre.CATEGORY and arg is sre.CATEGORY_SPACE:
            kinds.add(OTHER)
        else:
            return set(KINDS)
    return kinds


def _first(items: Any) -> tuple[set[str], bool]:
    """(kinds the first consumed character can be, whether the sequence can match nothing)."""
    kinds: set[str] = set()
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return kinds | {_kind(arg)}, False
        if op is sre.IN:
            return kinds | _set_kinds(arg), False
        if op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
            inner, empty = _first(arg[-1] if op is sre.SUBPATTERN else arg)
        elif op is sre.BRANCH:
            parts = [_first(branch) for branch in arg[1]]
            inner, empty = set().union(*(k for k, _ in parts)), any(e for _, e in parts)
        elif op in _REPEATS:
            inner, empty = _first(arg[2])
            empty = empty or arg[0] == 0
        else:
            return set(KINDS), False
        kinds |= inner
        if not empty:
            return kinds, False
    return kinds, True


def kinds(pattern: str) -> frozenset[str]:
    """The kinds of character a match of ``pattern`` can start with (all three when unsure)."""
    found, empty = _first(sre_parse.parse(pattern))
    return KINDS if empty else frozenset(found)
