"""Headlines: which short lines are headings, and which heading is the overline, title or deck."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns
from .text import ends_sentence

#: Longest line taken for a heading; longer lines are body text.
MAX_HEADLINE = 32
#: A heading made of clauses (with a comma) is shorter than this; longer is a sentence piece.
MAX_CLAUSED_HEADLINE = 24
_PHRASE_BREAKS = ("，", ",", " ", "！", "!")
#: A heading may end with a short bracketed part: 山河岁月（第十二章）, 行情（3月15日）.
_TRAILING_PART = re.compile(r"(?<=[^\s（(])[（(][^（()）。，：:]{1,10}[）)]$")


@dataclass(frozen=True)
class Heads:
    """The heading stack of one article (引题, 主题, 副题) and any headings left over."""

    title: str = ""
    overline: str = ""
    subtitle: str = ""
    extra: tuple[str, ...] = ()


def looks_like_head(text: str, in_interview: bool = False) -> bool:
    """Short, unpunctuated at the end, and not a byline, dateline, credit or interview turn."""
    if len(text) > MAX_HEADLINE or text.endswith(("，", ",", "、", "：", ":")):
        return False
    if ends_sentence(_TRAILING_PART.sub("", text) if "。" not in text else text):
        return False
    if "。" in text or ("，" in text and len(text) > MAX_CLAUSED_HEADLINE):
        return False
    if patterns.byline(text) or patterns.dateline(text) or patterns.credit(text):
        return False
    label = patterns.speaker(text)
    return label is None or not (in_interview or patterns.is_asker(label))


def _has_phrases(text: str) -> bool:
    return any(mark in text for mark in _PHRASE_BREAKS)


def place(heads: list[str]) -> Heads:
    """Three headings are overline, title, deck; two are read by their shape (see docs/reading.md)."""
    extra, heads = tuple(heads[:-3]), heads[-3:]
    if len(heads) == 3:
        return Heads(title=heads[1], overline=heads[0], subtitle=heads[2], extra=extra)
    if len(heads) <= 1:
        return Heads(title="".join(heads), extra=extra)
    first, second = heads
    if patterns.is_notice(second) and not patterns.is_notice(first):
        return Heads(title=second, overline=first, extra=extra)  # issuer, then 关于…的通告
    if not second.startswith("—") and _has_phrases(first) and not _has_phrases(second):
        return Heads(title=second, overline=first, extra=extra)
    return Heads(title=first, subtitle=second, extra=extra)
