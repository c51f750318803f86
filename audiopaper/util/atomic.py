"""Writing files safely: a hidden temp file in the same folder, flushed to disk, then a rename.

The one writer of every published file (stitch's MP3s, chapters, transcripts and manifests; the
feed's store, feeds, cover and page; run reports) and of the audio cache, so a listener, a
station or a rerun never reads half a file, even after a power cut.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import PublishError


def temp_path(path: Path) -> Path:
    """The hidden name a streamed file (an MP3 being joined) is written under until complete."""
    return path.with_name(f".{path.name}.part")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        _commit(Path(tmp), path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PublishError(f"cannot write {path} ({exc.strerror}): check free space and "
                           f"permissions; the previous file is unchanged") from exc


def publish_temp(path: Path) -> int:
    """Make the finished ``temp_path(path)`` the file at ``path`` in one step; return its size."""
    _commit(temp_path(path), path)
    return path.stat().st_size


def _commit(temp: Path, path: Path) -> None:
    """Flush ``temp`` to disk, make it readable by a web server, and rename it over ``path``."""
    fd = os.open(temp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(temp, 0o644)
    os.replace(temp, path)
