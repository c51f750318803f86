"""The ordered rule inventory: the first rule to claim a span reads it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import cardinal


@dataclass(frozen=True)
class Rule:
    """A semiotic class: a pattern that tags spans, and a function that says them."""

    name: str
    pattern: re.Pattern[str]
    verbalize: Callable[[re.Match[str]], str | None]


RULES: list[Rule] = [
    Rule("cardinal", cardinal.PATTERN, lambda m: cardinal.verbalize(m.group(0))),
]
