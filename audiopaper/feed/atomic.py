"""Atomic file writes: a listener or a station never fetches half a file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..util.atomic import write_atomic  # noqa: F401  (re-exported for the feed modules)


def remove_files(out_dir: Path, relative: Iterable[str]) -> list[Path]:
    """Delete published files (paths relative to ``out_dir``); return those that were there."""
    removed = []
    root = out_dir.resolve()
    for rel in sorted(set(relative)):
        path = (out_dir / rel).resolve()
        if root not in path.parents:  # a damaged store must never delete outside the folder
            continue
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed
