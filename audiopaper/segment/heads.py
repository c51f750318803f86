"""Headlines: which short lines are headings, and which heading is the overline, title or deck."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns, structure
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
    """The heading stack of one article (引题, 主题, 副题), a column label over it, and any headings
    left over; ``roles`` says, line by line, what each heading was taken for and by which rule."""

    title: str = ""
    overline: str = ""
    subtitle: str = ""
    extra: tuple[str, ...] = ()
    #: A column or series label standing over the headline (以案说法, 读者来信): the section.
    label: str = ""
    roles: tuple[tuple[str, str], ...] = ()


#: A column label over a headline is a short name: 2 to 6 characters, no digit, mark or space.
_LABEL_NAME = re.compile(r"^[\u4e00-\u9fff]{2,6}$")


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


def is_stack_label(first: str, below: str, columns: tuple[str, ...] = ()) -> str | None:
    """The rule by which ``first``, on top of the heading ``below``, is a column label, or None.

    A label is a name, not news: a column word (民生热线, 【岱宗时评】) or a bare short name over a
    longer headline that is not its deck (以案说法 / 网购退货遭拒 消费者起诉获支持).
    """
    if structure.which("deck", below) == "deck:dash":
        return None  # 老屋的灯 / ——记…, 父亲的课堂 / ——写在…: a short title with its deck
    if patterns.is_column_label(first, columns):
        return "label:column-word"
    if _LABEL_NAME.match(first) and len(below) > len(first) and not structure.which("overline", first):
        return "label:short-name-over-headline"
    return None


#: A column's name printed in front of the headline on its line: 【民生热线】小区电梯停运半月.
_LABEL_PREFIX = re.compile(r"^[【〖［\[]\s*([^\s【】〖〗［］\[\]，。]{2,8})\s*[】〗］\]]\s*(\S.{3,})$")
_SPACED_OUT = re.compile(r"^[\u4e00-\u9fff](?:[\s\u3000]+[\u4e00-\u9fff])+$")


def unspaced(text: str) -> str:
    """A heading set letter-spaced for the box it heads (天 气, 提 示) is one word: 天气."""
    return re.sub(r"[\s\u3000]+", "", text) if _SPACED_OUT.match(text) else text


def place(heads: list[str], columns: tuple[str, ...] = ()) -> Heads:
    """Which heading is the label, 引题, 主题 and 副题, decided by order, shape and punctuation.

    A short name over a longer headline is the column's label; then three headings are overline,
    title, deck; of two, the second is the deck if it opens with —— or a source's colon (法院：…),
    the first is the overline if it announces (…强调), precedes a notice's title, or has phrase
    breaks the second lacks (see docs/reading.md).
    """
    heads = [unspaced(h) for h in heads]
    label, label_rule = "", ""
    if len(heads) >= 2 and (rule := is_stack_label(heads[0], heads[1], columns)):
        label, label_rule, heads = patterns.label_name(heads[0]), rule, heads[1:]
    extra, heads = tuple(heads[:-3]), heads[-3:]
    roles = ([("label", label_rule)] if label else []) + [("furniture", "heading:above-stack")] * len(extra)
    main = 1 if len(heads) == 3 else 0 if len(heads) < 2 or _overline_rule(*heads) is None else 1
    if not label and heads and (found := _LABEL_PREFIX.match(heads[main])):
        label, heads[main] = found.group(1), found.group(2).strip()  # 【民生热线】小区电梯停运半月
    if len(heads) == 3:
        return Heads(title=heads[1], overline=heads[0], subtitle=heads[2], extra=extra, label=label,
                     roles=tuple(roles + [("overline", "overline:top-of-three"),
                                          ("title", "title:middle-of-three"),
                                          ("subtitle", "subtitle:bottom-of-three")]))
    if len(heads) <= 1:
        return Heads(title="".join(heads), extra=extra, label=label,
                     roles=tuple(roles + [("title", "title:only-heading")] * len(heads)))
    first, second = heads
    overline = _overline_rule(first, second)
    if overline is None:
        deck = structure.which("deck", second) or "subtitle:second-heading"
        return Heads(title=first, subtitle=second, extra=extra, label=label,
                     roles=tuple(roles + [("title", "title:first-of-two"), ("subtitle", deck)]))
    return Heads(title=second, overline=first, extra=extra, label=label,
                 roles=tuple(roles + [("overline", overline), ("title", "title:under-overline")]))


def _overline_rule(first: str, second: str) -> str | None:
    """The rule by which the first of two headings is the 引题 (None: it is the title)."""
    if structure.which("deck", second) or len(second) > MAX_HEADLINE:
        return None  # a line longer than any headline is the deck under it
    if patterns.is_notice(second) and not patterns.is_notice(first):
        return "overline:issuer-above-notice"  # issuer, then 关于…的通告
    if rule := structure.which("overline", first):
        return rule
    if _has_phrases(first) and not _has_phrases(second):
        return "overline:phrases-then-plain"
    return None
