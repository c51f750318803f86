"""`audiopaper serve`: the output folder on 127.0.0.1, as a podcast app or browser would fetch it.

Python's own file server answers no byte ranges, and players need them to seek, so this handler
adds single-range requests (206 + Content-Range) and the content types podcast apps expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from .errors import UsageError

HOST = "127.0.0.1"
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

    def guess_type(self, path: str | Path) -> str:  # type: ignore[override]
        name = str(path)
        if name.endswith(".chapters.json") or name.endswith("chapters.json"):
            return CHAPTERS_TYPE
        return CONTENT_TYPES.get(Path(name).suffix.lower()) or super().guess_type(name)

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the standard redirect to "dir/"
            path = path / "index.html"
        if not path.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return self._open(path)

    def _open(self, path: Path) -> BinaryIO | None:
        size = path.stat().st_size
        try:
            span = parse_range(self.headers.get("Range"), size)
        except ValueError:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        start, end = span or (0, size - 1)
        self.send_response(HTTPStatus.PARTIAL_CONTENT if span else HTTPStatus.OK)
        if span:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self._headers(path, end - start + 1)
        source = path.open("rb")
        source.seek(start)
        self._remaining = end - start + 1
        return source

    def _headers(self, path: Path, length: int) -> None:
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
        """Send only the requested span, in chunks."""
        while self._remaining > 0:
            chunk = source.read(min(64 * 1024, self._remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            self._remaining -= len(chunk)


def make_server(out_dir: Path, port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``out_dir`` bound to 127.0.0.1 only (port 0 picks a free one)."""
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a folder: run audiopaper build first, or pass the "
                         f"output folder with --out")
    handler = partial(RangeHandler, directory=str(out_dir))
    try:
        return ThreadingHTTPServer((HOST, port), handler)
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


