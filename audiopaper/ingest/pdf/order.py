"""Reading order: the page cut along its widest white gaps, top to bottom and left to right.

At each step the blocks are split along the widest band of white running across all of them,
across (a gap between rows of articles) or down (a gutter between columns), and each side is
read in turn. Vertical lines (a vertical headline) are read right to left, as they are set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .layout import Box

T = TypeVar("T")
#: A gap narrower than this (points) is not a cut: glyph boxes of one line may overlap that much.
MIN_GAP = 1.0


def reading_order(items: Sequence[T], box: Callable[[T], Box],
                  vertical: Callable[[T], bool] = lambda _i: False,
                  heading: Callable[[T], bool] = lambda _i: False,
                  photos: Sequence[Box] = ()) -> list[T]:
    """``items`` in the order an editor reads the page.

    The widest cut wins, but for two: a cut across right under a heading when a cut down exists
    (headlines set side by side would be parted from their articles), and a cut across through a
    photo set over several columns with no heading at its edges (each column is read on past
    the photo). The next widest cut is taken instead.
    """
    if len(items) <= 1:
        return list(items)
    again = (box, vertical, heading, photos)
    across = _gaps([(box(i).y0, box(i).y1) for i in items])
    down = _gaps([(box(i).x0, box(i).x1) for i in items])
    if not across and not down:
        return sorted(items, key=lambda i: (-box(i).y1, box(i).x0))
    cuts = sorted([(w, 0, at) for at, w in across] + [(w, 1, at) for at, w in down],
                  key=lambda c: (-c[0], c[1]))
    for _width, is_down, at in cuts:
        if is_down:
            return _down(items, at, again)
        top = [i for i in items if box(i).y0 >= at]
        rest = [i for i in items if box(i).y0 < at]
        if not _parts_article(top, rest, bool(down), again):
            return reading_order(top, *again) + reading_order(rest, *again)
    at = max(across, key=lambda c: c[1])[0]
    return (reading_order([i for i in items if box(i).y0 >= at], *again)
            + reading_order([i for i in items if box(i).y0 < at], *again))


def _down(items: Sequence[T], at: float, again: tuple[Any, ...]) -> list[T]:
    box, vertical = again[0], again[1]
    left = [i for i in items if box(i).x1 <= at]
    right = [i for i in items if box(i).x1 > at]
    if all(vertical(i) for i in items):
        left, right = right, left  # vertical lines are read from the right
    return reading_order(left, *again) + reading_order(right, *again)


def _parts_article(top: list[T], rest: list[T], can_go_down: bool, again: tuple[Any, ...]) -> bool:
    """The cut across would part a headline from its columns, or a column from its rest."""
    box, heading, photos = again[0], again[2], again[3]
    floor = min(box(i).y0 for i in top)
    ceiling = max(box(i).y1 for i in rest)
    if can_go_down and any(heading(i) and box(i).y0 <= floor + 1 for i in top):
        return True
    if any(heading(i) and box(i).y1 >= ceiling - 1 for i in rest):
        return False
    return _photo_in(photos, ceiling, floor, _span(top + rest, box))


def _span(items: Sequence[T], box: Callable[[T], Box]) -> tuple[float, float]:
    return min(box(i).x0 for i in items), max(box(i).x1 for i in items)


def _photo_in(photos: Sequence[Box], low: float, high: float, span: tuple[float, float]) -> bool:
    """A photo fills most of the band from ``low`` to ``high``, across most of the region."""
    width = span[1] - span[0]
    return any(p.y0 >= low - 2 and p.y1 <= high + 2 and p.height >= 0.5 * (high - low)
               and min(p.x1, span[1]) - max(p.x0, span[0]) >= 0.5 * width for p in photos)


def _gaps(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """(where, width) of every gap between the projections of the spans."""
    spans = sorted(spans)
    found: list[tuple[float, float]] = []
    reach = spans[0][1]
    for lo, hi in spans[1:]:
        gap = lo - reach
        if gap >= MIN_GAP:
            found.append(((lo + reach) / 2, gap))
        reach = max(reach, hi)
    return found
