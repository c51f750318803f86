"""Reusing a published edition whose sources did not change, so a warm rebuild encodes nothing.

The digest covers everything that shapes the outputs: each clip's cached audio (its content-hash
file name), its pause, its article and its printed text (transcripts), the titles and tags, the
loudness profiles, jingles, cover art, descriptions and lead-in. The manifest of the last build records it with the chapters;
when the digest matches and every listed file is still there with its checksum, they are kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..types import Chapter, Clip
from .chapters import Tags
from .manifest import sha256


def file_stamp(path: Path | None) -> str:
    """A cover's or jingle's content (not its path or time, so identical builds agree)."""
    return sha256(path) if path is not None and path.is_file() else ""


def source_digest(clips: Sequence[Clip], titles: dict[int, str], tags: Tags,
                  profiles: Sequence[Any], jingles: Sequence[Path | None],
                  extra: dict[str, Any] | None = None) -> str:
    """A hash of every input of the edition's outputs (``extra``: other settings that shape them)."""
    payload = {
        "extra": extra or {},
        "version": __version__,
        "clips": [[c.path.name, c.segment.pause_after, c.segment.article, c.segment.text]
                  for c in clips],
        "titles": sorted(titles.items()),
        "tags": [tags.title, tags.paper, tags.date.isoformat(), tags.description,
                 hashlib.sha256(tags.art).hexdigest()],
        "profiles": [asdict(p) for p in profiles],
        "jingles": [file_stamp(j) for j in jingles],
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chapters_record(marks: Sequence[Chapter]) -> list[list[Any]]:
    return [[c.title, c.start, c.end, c.article] for c in marks]


def reusable(manifest_path: Path, digest: str) -> dict[str, Any] | None:
    """The last manifest, when it was built from the same sources and its files are intact."""
    try:
        document = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    edition = document.get("edition", {})
    if edition.get("source") != digest or "chapters" not in edition:
        return None
    root = manifest_path.parent
    for row in document.get("files", []):
        path = root / row["path"]
        # a checksum, not just the size: a crashed build may have replaced a file since
        if not path.is_file() or path.stat().st_size != row["size"] or sha256(path) != row["sha256"]:
            return None
    return dict(document)


def chapters_from(edition: dict[str, Any]) -> tuple[Chapter, ...]:
    return tuple(Chapter(title, start, end, article) for title, start, end, article
                 in edition["chapters"])
