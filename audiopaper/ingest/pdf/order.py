"""Reading order: the page cut along its widest white gaps, top to bottom and left to right.

At each step the blocks are split along the widest band of white running across all of them,
across (a gap between rows of articles) or down (a gutter between columns), and each side is
read in turn. Vertical lines (a vertical headline) are read right to left, as they are set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from .layout import Box

T = TypeVar("T")
#: A gap narrower than this (points) is not a cut: glyph boxes of one line may overlap that much.
MIN_GAP = 1.0


def reading_order(items: Sequence[T], box: Callable[[T], Box],
                  vertical: Callable[[T], bool] = lambda _i: False,
                  heading: Callable[[T], bool] = lambda _i: False) -> list[T]:
    """``items`` in the order an editor reads the page.

    A cut across, right under a heading, would part headlines set side by side from their
    articles: a cut down (a gutter between the articles) is taken first when there is one.
    """
    if len(items) <= 1:
        return list(items)
    again = (box, vertical, heading)
    across = _widest_gap([(box(i).y0, box(i).y1) for i in items])
    down = _widest_gap([(box(i).x0, box(i).x1) for i in items])
    if across is None and down is None:
        return sorted(items, key=lambda i: (-box(i).y1, box(i).x0))
    if across is not None and (down is None or across[1] >= down[1]):
        at = across[0]
        top = [i for i in items if box(i).y0 >= at]
        rest = [i for i in items if box(i).y0 < at]
        floor = min(box(i).y0 for i in top)
        if down is None or not any(heading(i) and box(i).y0 <= floor + 1 for i in top):
            return reading_order(top, *again) + reading_order(rest, *again)
    at = down[0]  # type: ignore[index]
    left = [i for i in items if box(i).x1 <= at]
    right = [i for i in items if box(i).x1 > at]
    if all(vertical(i) for i in items):
        left, right = right, left  # vertical lines are read from the right
    return reading_order(left, *again) + reading_order(right, *again)


def _widest_gap(spans: list[tuple[float, float]]) -> tuple[float, float] | None:
    """(where, width) of the widest gap between the projections of the spans, or None."""
    spans = sorted(spans)
    best: tuple[float, float] | None = None
    reach = spans[0][1]
    for lo, hi in spans[1:]:
        gap = lo - reach
        if gap >= MIN_GAP and (best is None or gap > best[1]):
            best = ((lo + reach) / 2, gap)
        reach = max(reach, hi)
    return best
