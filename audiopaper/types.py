"""The pipeline's nouns: frozen, typed records passed from one stage to the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


#: What an item of the page is; only READ_KINDS are read as articles. The rest is set aside:
#: captions and photos, and the page's furniture by kind (docs/reading.md).
READ_KINDS = ("article", "brief", "interview", "continuation", "notice")
SKIPPED_KINDS = ("caption", "photo", "masthead", "header", "index", "label", "ad", "table", "staff",
                 "slogan", "credit", "furniture", "paid", "lottery")
ARTICLE_KINDS = READ_KINDS + SKIPPED_KINDS


@dataclass(frozen=True)
class Article:
    """One piece of the page as a reader meets it: headline, furniture fields and body paragraphs."""

    title: str
    paragraphs: tuple[str, ...]
    kind: str = "article"
    overline: str = ""
    subtitle: str = ""
    byline: str = ""
    dateline: str = ""
    source_lines: tuple[int, int] = (0, 0)
    page: str = ""
    #: The page's column (栏目) or page name the article sits under.
    section: str = ""
    #: Jump markers: （上接01版） => continued_from "01"; （下转02版） => continued_to "02".
    continued_from: str = ""
    continued_to: str = ""
    #: Line spans of the pieces joined onto this one from later pages.
    more_lines: tuple[tuple[int, int], ...] = ()
    #: The file the article came from, when the edition is a folder of article files.
    source: str = ""
    #: Why an item is not read: the rule(s) that made it furniture (segment --explain names them).
    reason: str = ""

    @property
    def is_spoken(self) -> bool:
        """Furniture, captions and photos are not read as articles, nor is an item with no text."""
        return self.kind in READ_KINDS and any(p.strip() for p in self.paragraphs)


@dataclass(frozen=True)
class Edition:
    """A day's paper after ingestion and segmentation."""

    date: dt.date
    paper: str
    articles: tuple[Article, ...]
    source: str = ""

    @property
    def spoken_articles(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.is_spoken)


@dataclass(frozen=True)
class Segment:
    """One engine call's worth of speech, with the pause that follows it."""

    text: str
    speech: str
    voice: str
    role: str = "body"
    article: int | None = None
    pause_after: float = 0.0


@dataclass(frozen=True, eq=False)
class Audio:
    """Mono PCM samples (int16) at a given rate."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class Fallback:
    """A segment its voice could not speak, spoken by the profile's fallback voice instead."""

    index: int
    article: int | None
    voice: str
    fallback: str
    reason: str
    text: str = ""


@dataclass(frozen=True)
class Clip:
    """A segment with its synthesized audio on disk (in the cache)."""

    segment: Segment
    path: Path
    samples: int
    sample_rate: int
    cached: bool = False
    fallback: Fallback | None = None

    @property
    def duration(self) -> float:
        return self.samples / self.sample_rate


@dataclass(frozen=True)
class Chapter:
    """A span of the edition's audio that a listener can skip to."""

    title: str
    start: float
    end: float
    article: int | None = None


@dataclass(frozen=True)
class ArticleFile:
    """One article's own published MP3."""

    number: int
    title: str
    path: Path
    duration: float
    size: int
    transcript_file: Path | None = None
    lead: str = ""  # the article's first sentence, for show notes


@dataclass(frozen=True)
class Episode:
    """A built edition: the files a listener or a station fetches."""

    date: dt.date
    title: str
    path: Path
    duration: float
    size: int
    chapters: tuple[Chapter, ...]
    articles: tuple[ArticleFile, ...] = field(default_factory=tuple)
    chapters_file: Path | None = None
    transcript_file: Path | None = None
