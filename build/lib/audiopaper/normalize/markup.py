"""Pronunciation markup in speech text: ``{行长|hang2 zhang3}`` is the word 行长 read as the given
toned pinyin syllables (tone 1-5, 5 = neutral). The offline voice reads the syllables; every other
engine gets the plain word (``plain``). Normalization leaves marked spans untouched.
"""

from __future__ import annotations

import re

from .base import Rule

SYLLABLE = r"[a-zü]+[1-5]"
_SYLLABLES = rf"{SYLLABLE}(?: {SYLLABLE})*"
#: The markup, the one definition: group 1 the word, group 2 its syllables.
PATTERN = rf"\{{([^{{}}|\n]+)\|({_SYLLABLES})\}}"
_MARKUP = re.compile(PATTERN)


def plain(text: str) -> str:
    """The speech text with each marked word as its written characters (for engines without pinyin)."""
    return _MARKUP.sub(lambda m: m.group(1), text)


def readings(text: str) -> list[tuple[str, list[str]]]:
    """Each marked word with its syllables, in order."""
    return [(m.group(1), m.group(2).split()) for m in _MARKUP.finditer(text)]


RULE = Rule("markup", PATTERN, lambda m: m.group(0))
