"""Writing published files safely: a temp file in the same folder, then a rename.

Shared by the stages that publish (stitch writes chapters, transcripts and manifests; feed writes
the store, feeds and page), so a listener never fetches half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import PublishError


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
