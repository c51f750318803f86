"""Feed stage: the episode store (a JSON record of what was published) and the podcast RSS.

feedgen cannot read a feed back, so every run rewrites ``feed.xml`` from ``episodes.json``,
and both are written to a temp file and renamed, so a listener never fetches half a feed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from .errors import PublishError
from .types import Episode

STORE_FILE = "episodes.json"
FEED_FILE = "feed.xml"
_ZONE = dt.timezone(dt.timedelta(hours=8), "CST")
_PUBLISH_HOUR = 6


@dataclass(frozen=True)
class FeedInfo:
    """Channel-level facts about the podcast."""

    title: str
    description: str
    base_url: str
    author: str = "audiopaper"
    language: str = "zh-cn"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # published files are read by a web server
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PublishError(f"cannot write {path} ({exc.strerror}): check free space and "
                           f"permissions; the previous file is unchanged") from exc


def load_store(out_dir: Path) -> list[dict[str, Any]]:
    """The published editions, newest first."""
    path = out_dir / STORE_FILE
    if not path.exists():
        return []
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PublishError(f"{path} is damaged ({exc}): restore it from backup or delete it to "
                           f"start a new feed") from exc
    return sorted(records, key=lambda r: r["date"], reverse=True)


def episode_record(episode: Episode, out_dir: Path, base_url: str) -> dict[str, Any]:
    """What the store keeps of an episode: enough to regenerate every feed."""
    rel = episode.path.relative_to(out_dir).as_posix()
    return {
        "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}#edition-{episode.date.isoformat()}")),
        "date": episode.date.isoformat(),
        "title": episode.title,
        "file": rel,
        "size": episode.size,
        "duration": round(episode.duration, 3),
        "chapters": [{"title": c.title, "start": round(c.start, 3)} for c in episode.chapters],
        "articles": [{"number": a.number, "title": a.title,
                      "file": a.path.relative_to(out_dir).as_posix(),
                      "size": a.size, "duration": round(a.duration, 3)} for a in episode.articles],
    }


def record_episode(out_dir: Path, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Add or replace an edition's record (its guid never changes) and save the store."""
    records = [r for r in load_store(out_dir) if r["date"] != record["date"]]
    old = [r for r in load_store(out_dir) if r["date"] == record["date"]]
    if old:
        record = {**record, "guid": old[0]["guid"]}
    records.append(record)
    records.sort(key=lambda r: r["date"], reverse=True)
    write_atomic(out_dir / STORE_FILE, json.dumps(records, ensure_ascii=False, indent=1).encode())
    return records


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _description(record: dict[str, Any]) -> str:
    lines = [record["title"]] + [f"{_clock(c['start'])} {c['title']}" for c in record["chapters"]]
    return "\n".join(lines)


def build_feed(records: list[dict[str, Any]], info: FeedInfo) -> bytes:
    """RSS 2.0 with iTunes tags for the given editions."""
    base = info.base_url.rstrip("/")
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.link(href=f"{base}/{FEED_FILE}", rel="self")
    fg.link(href=f"{base}/", rel="alternate")
    fg.title(info.title)
    fg.description(info.description)
    fg.language(info.language)
    fg.author({"name": info.author})
    fg.podcast.itunes_author(info.author)
    fg.podcast.itunes_category("News", "Daily News")
    fg.podcast.itunes_type("episodic")
    for record in reversed(records):
        entry = fg.add_entry()
        entry.guid(record["guid"], permalink=False)
        entry.title(record["title"])
        entry.description(_description(record))
        entry.enclosure(f"{base}/{record['file']}", str(record["size"]), "audio/mpeg")
        day = dt.date.fromisoformat(record["date"])
        entry.pubDate(dt.datetime.combine(day, dt.time(_PUBLISH_HOUR), _ZONE))
        entry.podcast.itunes_duration(round(record["duration"]))
    return fg.rss_str(pretty=True)


def publish(out_dir: Path, records: list[dict[str, Any]], info: FeedInfo) -> Path:
    """Write the feed for the store's editions."""
    path = out_dir / FEED_FILE
    write_atomic(path, build_feed(records, info))
    return path
