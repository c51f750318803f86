"""`audiopaper serve`: the output folder on 127.0.0.1, as a podcast app or browser would fetch it.

Python's own file server answers no byte ranges, and players need them to seek, so this handler
adds single-range requests (206 + Content-Range) and the content types podcast apps expect.
It holds a crowd: a real listen backlog, one thread per connection, files sent with sendfile,
and connections that stay silent (or stop reading) for ``IDLE_TIMEOUT`` seconds are closed.
Only published files are served: no dotfiles (the lock, ``.part`` files), nothing a symlink
points to outside the folder.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import UsageError

HOST = "127.0.0.1"
#: Connections the kernel queues before they are accepted (the standard library's 5 turned
#: away most of a burst of 200 listeners opening the edition at once).
LISTEN_BACKLOG = 512
#: Seconds a connection may send no request, or read nothing of its answer, before it is closed.
IDLE_TIMEOUT = 30.0
#: The longest file name the file system takes, in bytes.
NAME_MAX = 255
CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
CHAPTERS_TYPE = "application/json+chapters"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single ``Range`` header; None means the whole file.

    Raises ValueError when the range starts past the end (the caller answers 416).
    """
    match = _RANGE.match((header or "").strip())
    if not match or match.groups() == ("", ""):
        return None  # absent, malformed or multi-range: the whole file is a valid answer
    first, last = match.groups()
    if first == "":
        return (max(size - int(last), 0), size - 1) if int(last) > 0 and size else _unsatisfiable()
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        _unsatisfiable()
    return start, end


def _unsatisfiable() -> tuple[int, int]:
    raise ValueError("range not satisfiable")


class RangeHandler(SimpleHTTPRequestHandler):
    """Static files with byte ranges, podcast content types and no caching (it is a check)."""

    _remaining = 0

    def setup(self) -> None:
        # StreamRequestHandler reads the socket timeout from here in setup(); per server, not per class.
        self.timeout = getattr(self.server, "idle_timeout", IDLE_TIMEOUT)  # type: ignore[misc]
        super().setup()

    def guess_type(self, path: str | Path) -> str:  # type: ignore[override]
        name = str(path)
        if name.endswith(".chapters.json") or name.endswith("chapters.json"):
            return CHAPTERS_TYPE
        return CONTENT_TYPES.get(Path(name).suffix.lower()) or super().guess_type(name)

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        requested = Path(self.translate_path(self.path))
        path = self._published(requested)
        if path is not None and path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the standard redirect to "dir/"
            path = self._published(requested / "index.html")
        if path is None or not path.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return self._open(path)

    def _published(self, path: Path) -> Path | None:
        """``path`` resolved, if it is a published file or folder inside the served folder.

        None (answered 404) for dotfiles and dot-folders, names too long for the file system,
        names that cannot be file names, and anything a symlink leads to outside the folder.
        """
        root = Path(self.directory)
        try:
            parts = path.relative_to(root).parts
            if any(p.startswith(".") or len(os.fsencode(p)) > NAME_MAX for p in parts):
                return None
            real, top = path.resolve(strict=True), root.resolve(strict=True)
        except (OSError, ValueError):  # missing, a loop, a lone surrogate in the name
            return None
        return real if real == top or top in real.parents else None

    def _open(self, path: Path) -> BinaryIO | None:
        """Open first, then answer from the open file: a file replaced meanwhile is sent whole."""
        try:
            source = path.open("rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        stat = os.fstat(source.fileno())
        try:
            span = parse_range(self.headers.get("Range"), stat.st_size)
        except ValueError:
            source.close()
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{stat.st_size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        start, end = span or (0, stat.st_size - 1)
        self.send_response(HTTPStatus.PARTIAL_CONTENT if span else HTTPStatus.OK)
        if span:
            self.send_header("Content-Range", f"bytes {start}-{end}/{stat.st_size}")
        self._headers(path, end - start + 1, stat.st_mtime)
        source.seek(start)
        self._remaining = end - start + 1
        return source

    def _headers(self, path: Path, length: int, mtime: float) -> None:
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", self.date_time_string(int(mtime)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
        """Send only the requested span, by the kernel (sendfile), bounded by the idle timeout."""
        if self._remaining > 0:
            self.connection.sendfile(source, source.tell(), self._remaining)
            self._remaining = 0


class FolderServer(ThreadingHTTPServer):
    """One thread per connection, a real listen backlog, one log line per failed connection."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any,
                 idle_timeout: float = IDLE_TIMEOUT) -> None:
        self.idle_timeout = idle_timeout
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: tuple[str, int]) -> None:
        """A listener that hung up or stalled is routine: one line, never a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            print(f"serve: {client_address[0]}:{client_address[1]}: {error!r}", file=sys.stderr)


def make_server(out_dir: Path, port: int = 8000,
                idle_timeout: float = IDLE_TIMEOUT) -> ThreadingHTTPServer:
    """A server for ``out_dir`` bound to 127.0.0.1 only (port 0 picks a free one)."""
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a folder: run audiopaper build first, or pass the "
                         f"output folder with --out")
    handler = partial(RangeHandler, directory=str(out_dir))
    try:
        return FolderServer((HOST, port), handler, idle_timeout)
    except OSError as exc:
        raise UsageError(f"cannot listen on {HOST}:{port} ({exc.strerror}): choose another "
                         f"port with --port") from exc


def serve_folder(out_dir: Path, port: int = 8000,
                 ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = make_server(out_dir, port)
    if ready:
        ready(f"http://{HOST}:{server.server_address[1]}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


