"""Gathering a page's blocks into articles: the groups, and the repairs an editor's eye makes.

The first pass reads the blocks in reading order (a headline opens a group); the repairs then
move what the XY cut put on the wrong side of a headline: the deck set above the page's first
headline, a 引题 read as the last subhead of the article before, and a first column left of a
headline over the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...segment import patterns
from ...segment.text import ends_sentence
from .layout import Box, TextBlock


@dataclass
class Group:
    """One article being gathered: its heading stack and its parts in reading order."""

    heads: list[TextBlock] = field(default_factory=list)
    #: (role, block, kind, rule): role is body, subhead, aside (byline or caption) or furniture
    parts: list[tuple[str, TextBlock, str, str]] = field(default_factory=list)

    @property
    def has_body(self) -> bool:
        return any(role in ("body", "subhead") for role, *_ in self.parts)


def repair(groups: list[Group]) -> None:
    """All repairs, in order."""
    _deck_above(groups)
    _briefs_apart(groups)
    _overlines_back(groups)
    _beside_moves(groups)


def _deck_above(groups: list[Group]) -> None:
    """Text at the page's top set above the first headline (a lead-in deck, the byline, a
    photo's caption) opens that article; anything beside or below it stays on its own."""
    if len(groups) < 2 or groups[0].heads or not groups[1].heads or not groups[0].parts:
        return
    head = groups[1].heads[0]
    if all(block.box.y0 >= head.box.y1 - head.size for _r, block, *_ in groups[0].parts):
        groups[1].parts[:0] = groups[0].parts
        groups[0].parts = []


def _briefs_apart(groups: list[Group]) -> None:
    """A small heading followed by a dateline (本报讯) or a byline opens a brief of its own: it
    is not a subhead of the article before, whose text ended."""
    at = 0
    while at < len(groups):
        group = groups[at]
        for k, (role, block, *_rest) in enumerate(group.parts):
            if role != "subhead" or k + 1 >= len(group.parts) or not group.has_body:
                continue
            nxt_role, nxt, *_more = group.parts[k + 1]
            opens = nxt_role == "aside" and _more[0] == "byline" or nxt_role == "body" and (
                patterns.dateline(nxt.paragraphs[0]) is not None)
            before = [b for r, b, *_x in group.parts[:k] if r == "body"]
            if opens and before and ends_sentence(before[-1].paragraphs[-1]):
                groups.insert(at + 1, Group([block], group.parts[k + 1:]))
                del group.parts[k:]
                break
        at += 1


def _overlines_back(groups: list[Group]) -> None:
    """A small heading that ends an article but stands right over the next headline is that
    headline's 引题, not the last subhead of the article before."""
    for before, group in zip(groups, groups[1:]):
        if group.heads and before.parts and before.parts[-1][0] == "subhead":
            block = before.parts[-1][1]
            if beside(block, group.heads[0]) and block.box.y0 >= group.heads[0].box.y1 - 1:
                group.heads.insert(0, block)
                before.parts.pop()


def _beside_moves(groups: list[Group]) -> None:
    """Blocks read before a headline that stand beside it, level with it or lower, and not under
    the last headline (a first column left of a headline over the others): the new article's."""
    for before, group in zip(groups, groups[1:]):
        if not group.heads or not before.heads:
            continue
        head, last = group.heads[0], before.heads[0]
        moved = 0
        for role, block, *_ in reversed(before.parts):
            if role == "furniture" or not _levelbeside(block.box, head, last):
                break
            moved += 1
        if moved and moved < len([p for p in before.parts if p[0] != "furniture"]):
            group.parts[:0] = before.parts[-moved:]
            del before.parts[-moved:]


def _levelbeside(box: Box, head: TextBlock, last: TextBlock) -> bool:
    h = head.box
    beside = box.x1 <= h.x0 + head.size or box.x0 >= h.x1 - head.size
    return beside and box.y1 <= h.y1 + head.size and box.x_overlap(last.box) <= 0


def standing_alone(block: TextBlock) -> str:
    """A one-line block that is no sentence: a byline (记者, /文, 供图) or a caption (…图, 摄)."""
    text = block.text
    if len(block.lines) > 1 or len(text) > 50 or ends_sentence(text):
        return ""
    if text.endswith(("摄", "摄影")):
        return "credit"  # a photo's credit
    if patterns.byline(text) or _BYLINE_WORDS.search(text):
        return "byline"  # 记者 张三/文, 受访者供图 too: the article's writer
    if text.endswith(("供图", "供图片")):
        return "credit"
    return "caption" if text.endswith(_CAPTION_ENDS) and len(text) <= 30 else ""


_BYLINE_WORDS = re.compile(r"(记者|通讯员|实习生|特约撰稿)\s*[\u4e00-\u9fff·]{2,4}|/\s*文|文\s*/|供图$")
_CAPTION_ENDS = ("图", "照片")


def beside(above: TextBlock, block: TextBlock) -> bool:
    """Set right against the last heading: under it, or beside it for vertical lines."""
    a, b = above.box, block.box
    size = min(above.size, block.size)
    if above.vertical or block.vertical:
        return a.y_overlap(b) > 0 and abs(a.x0 - b.x1 if b.x1 < a.x0 else b.x0 - a.x1) <= 1.5 * size
    gap = a.y0 - b.y1 if b.y1 <= a.y1 else b.y0 - a.y1
    return a.x_overlap(b) > 0 and gap <= 1.2 * size
