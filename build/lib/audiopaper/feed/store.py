"""The episode store: ``episodes.json`` in the output folder, the record of everything published.

feedgen cannot read a feed back, so this record is the single source every feed and the page are
regenerated from. A guid, once given to an edition or an article, is never changed.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import constants as C
from ..errors import PublishError
from ..types import Chapter, Episode
from .atomic import write_atomic

STORE_FILE = "episodes.json"
STORE_VERSION = 2
ZONE = dt.timezone(dt.timedelta(hours=8), "CST")
PUBLISH_HOUR = C.PUBLISH_HOUR  # the morning edition's nominal publication time, local (UTC+8)
_GUID_NAMESPACE = uuid.UUID("5b1b3c1e-7f4a-5d2e-9c51-6a0d1e5a7a01")


ChapterRecord = Chapter  # a stored chapter is the audio stage's chapter, in seconds


@dataclass(frozen=True)
class ArticleRecord:
    """A published article MP3."""

    guid: str
    number: int
    title: str
    file: str
    size: int
    duration: float
    start: float = 0.0
    transcript_file: str | None = None
    lead: str = ""  # the article's first sentence, for show notes
    chapters_file: str | None = None


@dataclass(frozen=True)
class EditionRecord:
    """A published edition: its MP3, chapters, transcript and articles (paths relative)."""

    guid: str
    date: str
    title: str
    published: str
    file: str
    size: int
    duration: float
    chapters: tuple[ChapterRecord, ...] = ()
    articles: tuple[ArticleRecord, ...] = ()
    chapters_file: str | None = None
    transcript_file: str | None = None
    #: Each file above (stable name) => its content-addressed copy, which the feeds link
    #: (see ``media``); empty for editions published before those copies existed.
    media: dict[str, str] = field(default_factory=dict)

    @property
    def published_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.published)

    def stable_files(self) -> set[str]:
        """The edition's files under the stable names stations fetch."""
        own = {self.file, self.chapters_file, self.transcript_file}
        for a in self.articles:
            own |= {a.file, a.transcript_file, a.chapters_file}
        return {f for f in own if f}

    def files(self) -> set[str]:
        """Every published file that belongs to this edition: stable names and their copies."""
        return self.stable_files() | set(self.media.values())


def new_guid(paper: str, *parts: object) -> str:
    """A guid derived from the paper and the edition date (and article number), never random."""
    return str(uuid.uuid5(_GUID_NAMESPACE, "/".join([paper, *map(str, parts)])))


def _rel(path: Path | None, out_dir: Path) -> str | None:
    if path is None:
        return None
    try:
        return path.resolve().relative_to(out_dir.resolve()).as_posix()
    except ValueError as exc:
        raise PublishError(f"{path} is outside the output folder {out_dir}: publish files "
                           f"only inside --out") from exc


def _article_starts(episode: Episode) -> dict[int, float]:
    return {c.article: c.start for c in episode.chapters if c.article is not None}


def edition_record(episode: Episode, out_dir: Path, paper: str) -> EditionRecord:
    """What the store keeps of a freshly built episode (guids are fresh: see ``merge``)."""
    day = episode.date.isoformat()
    starts = _article_starts(episode)
    articles = tuple(ArticleRecord(
        guid=new_guid(paper, day, a.number), number=a.number, title=a.title,
        file=str(_rel(a.path, out_dir)), size=a.size, duration=round(a.duration, 3),
        start=round(starts.get(a.number, 0.0), 3),
        transcript_file=_rel(a.transcript_file, out_dir), lead=a.lead) for a in episode.articles)
    chapters = tuple(ChapterRecord(c.title, round(c.start, 3), round(c.end, 3), c.article)
                     for c in episode.chapters)
    published = dt.datetime.combine(episode.date, dt.time(PUBLISH_HOUR), ZONE)
    return EditionRecord(
        guid=new_guid(paper, day), date=day, title=episode.title,
        published=published.isoformat(), file=str(_rel(episode.path, out_dir)),
        size=episode.size, duration=round(episode.duration, 3), chapters=chapters,
        articles=articles, chapters_file=_rel(episode.chapters_file, out_dir),
        transcript_file=_rel(episode.transcript_file, out_dir))


def keep_identity(new: EditionRecord, old: EditionRecord | None) -> EditionRecord:
    """A rebuilt edition keeps the guids and publication time listeners already have."""
    if old is None:
        return new
    old_articles = {a.number: a.guid for a in old.articles}
    articles = tuple(replace(a, guid=old_articles.get(a.number, a.guid)) for a in new.articles)
    return replace(new, guid=old.guid, published=old.published, articles=articles)


def _from_json(data: dict[str, Any]) -> EditionRecord:
    chapters = tuple(ChapterRecord(**c) for c in data.get("chapters", ()))
    articles = tuple(ArticleRecord(**a) for a in data.get("articles", ()))
    return EditionRecord(**{**data, "chapters": chapters, "articles": articles})


def _upgrade(item: dict[str, Any]) -> dict[str, Any]:
    """Version-1 records (a bare list) had no publication time, chapter ends or article guids."""
    day = dt.date.fromisoformat(item["date"])
    published = dt.datetime.combine(day, dt.time(PUBLISH_HOUR), ZONE).isoformat()
    chapters = item.get("chapters", [])
    ends = [c["start"] for c in chapters[1:]] + [item["duration"]]
    return {**item, "published": item.get("published", published),
            "chapters": [{"end": end, **c} for c, end in zip(chapters, ends)],
            "articles": [{"guid": new_guid(item["guid"], a["number"]), **a}
                         for a in item.get("articles", [])]}


def load_store(out_dir: Path) -> list[EditionRecord]:
    """The published editions, newest first (an absent store is an empty one)."""
    path = out_dir / STORE_FILE
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = [_upgrade(i) for i in data] if isinstance(data, list) else data["editions"]
        records = [_from_json(item) for item in items]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PublishError(f"{path} is damaged ({exc}): restore it from backup or delete it "
                           f"to start a new feed") from exc
    return sorted(records, key=lambda r: r.date, reverse=True)


def load_guids(out_dir: Path) -> dict[str, str]:
    """Each feed's podcast:guid as first published (by feed file), so a new base URL keeps it."""
    path = out_dir / STORE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # an absent store has none; load_store reports a damaged one
    guids = data.get("podcast_guids", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in guids.items()} if isinstance(guids, dict) else {}


def save_store(out_dir: Path, records: list[EditionRecord],
               guids: dict[str, str] | None = None) -> Path:
    """Write the store atomically, newest edition first, with the feeds' podcast:guids."""
    ordered = sorted(records, key=lambda r: r.date, reverse=True)
    kept = load_guids(out_dir) if guids is None else guids
    data = {"version": STORE_VERSION, "podcast_guids": dict(sorted(kept.items())),
            "editions": [asdict(r) for r in ordered]}
    path = out_dir / STORE_FILE
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return path


def merge(records: list[EditionRecord], record: EditionRecord, keep: int,
          ) -> tuple[list[EditionRecord], list[EditionRecord]]:
    """Add or replace ``record``; return (editions kept, editions dropped by retention)."""
    old = next((r for r in records if r.date == record.date), None)
    others = [r for r in records if r.date != record.date]
    ordered = sorted([*others, keep_identity(record, old)], key=lambda r: r.date, reverse=True)
    return ordered[:keep], ordered[keep:]
