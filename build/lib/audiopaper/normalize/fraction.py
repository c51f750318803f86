"""Fractions: 1/3 => 三分之一, -1/3 => 负三分之一, 3/2 => 二分之三 (a slash between two whole numbers)."""

from __future__ import annotations

import re

from .base import SIGN, Rule
from .cardinal import number

PATTERN = rf"{SIGN}?(?<![\d./])(\d+)\s?/\s?(\d+)(?![\d./])"


def verbalize(match: re.Match[str]) -> str | None:
    top, bottom = match.group(1), match.group(2)
    if not bottom.strip("0"):
        return None
    sign = "负" if match.group(0)[:1] in "-−" else ""
    return f"{sign}{number(bottom)}分之{number(top)}"


RULES = [Rule("fraction", PATTERN, verbalize)]
