"""Marks that read badly aloud (data/symbols.tsv): □ and ■ are dropped, —— and brackets become a
pause (，), a slash between words becomes 、. A pause is not doubled and does not open a sentence."""

from __future__ import annotations

import re

from .base import Rule, alternation
from .tables import table

PATTERN = alternation(table("symbols"))
_QUIET = set("，。、：；！？,.;:!?“”‘’「」《》\n ") | {""}


def verbalize(match: re.Match[str]) -> str:
    spoken = table("symbols")[match.group(0)]
    if spoken not in ("，", "、"):
        return spoken
    text, start, end = match.string, match.start(), match.end()
    prev = text[:start].rstrip(" ")[-1:]
    nxt = text[end:].lstrip(" ")[:1]
    if prev in _QUIET or nxt in _QUIET or prev in "（(【[" or nxt in "）)】]":
        return ""
    return spoken


RULES = [Rule("punctuation", PATTERN, verbalize)]
