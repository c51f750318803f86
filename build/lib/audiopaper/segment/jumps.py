"""Jumps: an article cut with （下转02版） is joined to the （上接01版） piece on the later page."""

from __future__ import annotations

from collections import defaultdict, deque
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


def _pieces(items: list[Article]) -> dict[tuple[str, str], deque[int]]:
    """Unmatched continuations by (their page, the page they come from), in reading order."""
    index: dict[tuple[str, str], deque[int]] = defaultdict(deque)
    for j, item in enumerate(items):
        if item.kind == "continuation" and item.page:
            index[(item.page, item.continued_from)].append(j)
    return index


def _match(pieces: dict[tuple[str, str], deque[int]], start: int, head: Article) -> int | None:
    """The first later continuation that says it comes from this article's page (used once)."""
    if not head.page:
        return None
    waiting = pieces.get((head.continued_to, head.page))
    while waiting and waiting[0] <= start:
        waiting.popleft()  # a piece before the article cannot be its continuation
    return waiting.popleft() if waiting else None


def join_jumps(items: list[Article]) -> list[Article]:
    """Each jumped article whole, once; unmatched pieces stay as they are (kind continuation)."""
    items = list(items)
    used: set[int] = set()
    moved: dict[int, list[int]] = {}
    pieces = _pieces(items)
    for i, item in enumerate(items):
        if not item.continued_to or i in used:
            continue
        j = _match(pieces, i, item)
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
