"""Atomic file writes: a listener or a station never fetches half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import PublishError


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
