"""Jumps: an article cut with （下转02版） is joined to the （上接01版） piece on the later page."""

from __future__ import annotations

from dataclasses import replace

from ..types import Article
from .draft import BRIEF_CHARS


def _captions_after(items: list[Article], index: int) -> list[int]:
    out = []
    for j in range(index + 1, len(items)):
        if items[j].kind != "caption":
            break
        out.append(j)
    return out


def _match(items: list[Article], start: int, used: set[int]) -> int | None:
    """The first later continuation that says it comes from this article's page."""
    head = items[start]
    for j in range(start + 1, len(items)):
        item = items[j]
        if (j not in used and item.kind == "continuation" and item.page == head.continued_to
                and item.continued_from == head.page and head.page):
            return j
    return None


def join_jumps(items: list[Article]) -> list[Article]:
    """Each jumped article whole, once; unmatched pieces stay as they are (kind continuation)."""
    items = list(items)
    used: set[int] = set()
    moved: dict[int, list[int]] = {}
    for i, item in enumerate(items):
        if not item.continued_to or i in used:
            continue
        j = _match(items, i, used)
        if j is None:
            continue
        piece = items[j]
        paragraphs = item.paragraphs + piece.paragraphs
        kind = "article" if item.kind == "brief" and sum(map(len, paragraphs)) >= BRIEF_CHARS else item.kind
        items[i] = replace(item, paragraphs=paragraphs, kind=kind,
                           more_lines=item.more_lines + (piece.source_lines,) + piece.more_lines)
        captions = _captions_after(items, j)
        used.update([j, *captions])
        moved[i] = captions
    return _reorder(items, used, moved)


def _reorder(items: list[Article], used: set[int], moved: dict[int, list[int]]) -> list[Article]:
    """Drop joined pieces; their captions follow the captions of the article they now belong to."""
    insert_after: dict[int, list[int]] = {}
    for host, captions in moved.items():
        own = _captions_after(items, host)
        insert_after.setdefault(own[-1] if own else host, []).extend(captions)
    out: list[Article] = []
    for i, item in enumerate(items):
        if i not in used:
            out.append(item)
        out.extend(items[k] for k in insert_after.get(i, []))
    return out
