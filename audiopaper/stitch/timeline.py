"""The programme as pieces of audio in order: where each sits, in samples at the working rate.

A span is measured from the PCM actually written, so chapters, transcripts and article files all
agree with what a listener hears, to the sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import constants as C
from ..types import Chapter

OPENING_TITLE = "开篇"
CLOSING_TITLE = "结束语"


@dataclass(frozen=True)
class Span:
    """One piece of audio and the pause after it: [start, end) is sound, [end, stop) silence."""

    start: int
    end: int
    stop: int
    article: int | None
    role: str
    text: str


def seconds(samples: int) -> float:
    """Samples at the working rate to seconds, rounded to the millisecond for stable files."""
    return round(samples / C.SAMPLE_RATE, 3)


def article_bounds(spans: Sequence[Span]) -> dict[int, tuple[int, int]]:
    """Each article's [first sample, last sample incl. its closing pause)."""
    bounds: dict[int, tuple[int, int]] = {}
    for span in spans:
        if span.article is not None:
            first = bounds.get(span.article, (span.start, span.stop))[0]
            bounds[span.article] = (first, span.stop)
    return bounds


def chapters(spans: Sequence[Span], titles: dict[int, str]) -> list[Chapter]:
    """The opening, one chapter per article from its headline, and the closing."""
    bounds = article_bounds(spans)
    total = spans[-1].stop if spans else 0
    made: list[Chapter] = []
    first = min((b[0] for b in bounds.values()), default=total)
    if first > 0:
        made.append(Chapter(OPENING_TITLE, 0.0, seconds(first), None))
    for number, (start, stop) in sorted(bounds.items()):
        made.append(Chapter(titles[number], seconds(start), seconds(stop), number))
    last = max((b[1] for b in bounds.values()), default=0)
    if total > last and bounds:
        made.append(Chapter(CLOSING_TITLE, seconds(last), seconds(total), None))
    return made
