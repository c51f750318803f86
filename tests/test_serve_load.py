"""`audiopaper serve` under a crowd: 200 listeners open a 30-minute edition at the same moment.

The real CLI serves a real MP3 in a child process; 200 real HTTP clients in threads, released
together, each read the whole file. Every one must be served (a podcast app gives up on a
connection that does not open within 10 s), and the bytes must be the file's.
"""

from __future__ import annotations

import hashlib
import http.client
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from audiopaper.util.ffmpeg import mp3_args, run_ffmpeg

CLIENTS = 200
CONNECT_TIMEOUT = 10.0  # what a podcast app waits for a connection
MINUTES = 30


pytestmark = pytest.mark.slow  # the full tier: 200 real clients


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 30-minute MP3: a 10-second tone encoded once, its frames repeated end to end."""
    root = tmp_path_factory.mktemp("crowd")
    piece = root / "piece.mp3"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=10", *mp3_args(44_100, "96k"),
                "-write_xing", "0", "-id3v2_version", "0", "-y", str(piece)])
    site = root / "site"
    site.mkdir()
    data = piece.read_bytes() * (MINUTES * 6)
    (site / "2024-03-15.mp3").write_bytes(data)
    return site


@pytest.fixture
def served(edition: Path) -> Iterator[str]:
    command = [sys.executable, "-m", "audiopaper", "serve", "--out", str(edition), "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        assert " at http://127.0.0.1:" in line, line + server.stderr.read()  # type: ignore[union-attr]
        yield line.split(" at ", 1)[1].split()[0].rstrip("/")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _fetch(base: str, path: str) -> tuple[int, int, str]:
    """Status, bytes received and their SHA-256, reading the body in 1 MiB pieces."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=CONNECT_TIMEOUT)
    try:
        connection.connect()
        connection.sock.settimeout(120)  # type: ignore[union-attr]
        connection.request("GET", path)
        response = connection.getresponse()
        digest, received, buffer = hashlib.sha256(), 0, bytearray(1 << 20)
        while count := response.readinto(buffer):
            digest.update(memoryview(buffer)[:count])
            received += count
        return response.status, received, digest.hexdigest()
    finally:
        connection.close()


def test_200_concurrent_listeners_of_a_30_minute_edition_are_all_served(edition: Path, served: str):
    data = (edition / "2024-03-15.mp3").read_bytes()
    assert len(data) > 20_000_000  # 30 minutes at 96 kbit/s
    expected = (200, len(data), hashlib.sha256(data).hexdigest())
    results: list[object] = []
    start = threading.Barrier(CLIENTS)

    def listener() -> None:
        start.wait()
        try:
            results.append(_fetch(served, "/2024-03-15.mp3"))
        except OSError as exc:
            results.append(repr(exc))

    threads = [threading.Thread(target=listener) for _ in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    elapsed = time.monotonic() - began
    failed = [r for r in results if r != expected]
    assert len(results) == CLIENTS and not failed, f"{len(failed)} of {CLIENTS} failed: {failed[:3]}"
    print(f"{CLIENTS} listeners x {len(data) / 2**20:.1f} MiB served in {elapsed:.1f} s")
