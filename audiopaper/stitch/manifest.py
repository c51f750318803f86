"""The manifest: every file of an edition with its duration, size, checksum and loudness.

A station's automation reads it instead of probing files. It holds nothing that changes from one
identical build to the next (no build time), so the same edition gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..util.ffmpeg import Loudness

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class FileEntry:
    """One published file as the manifest lists it."""

    path: Path
    kind: str
    profile: str = ""
    article: int | None = None
    title: str = ""
    duration: float | None = None
    loudness: Loudness | None = None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entry(entry: FileEntry, root: Path) -> dict[str, Any]:
    row: dict[str, Any] = {"path": entry.path.relative_to(root).as_posix(), "kind": entry.kind}
    if entry.profile:
        row["profile"] = entry.profile
    if entry.article is not None:
        row["article"] = entry.article
    if entry.title:
        row["title"] = entry.title
    if entry.duration is not None:
        row["duration"] = entry.duration
    row["size"] = entry.path.stat().st_size
    row["sha256"] = sha256(entry.path)
    if entry.loudness is not None:
        row["loudness"] = {"integrated_lufs": entry.loudness.integrated,
                           "true_peak_dbtp": entry.loudness.true_peak}
    return row


def manifest(edition: dict[str, Any], entries: Sequence[FileEntry], root: Path) -> bytes:
    """The manifest JSON of an edition published under ``root``."""
    document = {"version": MANIFEST_VERSION, "edition": edition,
                "files": [_entry(e, root) for e in entries]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
