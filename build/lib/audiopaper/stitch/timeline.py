"""The programme as pieces of audio in order: where each sits, and the chapters it makes.

A span is measured from the PCM actually written (in samples at the working rate), so
transcripts agree with what a listener hears, to the sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

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


def chapters(parts: Sequence[tuple[int | None, float, float]],
             titles: dict[int, str]) -> list[Chapter]:
    """The opening, one chapter per article from its headline, and the closing.

    ``parts`` are the sections in order as (article, start s, end s); chapters follow them
    exactly, so an article's chapter is its article file.
    """
    made: list[Chapter] = []
    for article, start, end in parts:
        if made and made[-1].article == article:
            made[-1] = replace(made[-1], end=end)
        elif article is not None:
            made.append(Chapter(titles[article], start, end, article))
        else:
            title = CLOSING_TITLE if any(c.article is not None for c in made) else OPENING_TITLE
            made.append(Chapter(title, start, end, None))
    return [c for c in made if c.end > c.start]
