"""`audiopaper serve`: byte ranges (players seek with them) and podcast content types."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from audiopaper.errors import UsageError
from audiopaper.run.serve import make_server, parse_range


pytestmark = pytest.mark.slow  # the full tier: a real server and slow clients


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "site"
    root.mkdir()
    (root / "a.mp3").write_bytes(bytes(range(256)) * 40)
    (root / "2024-03-15.chapters.json").write_text('{"version": "1.2.0", "chapters": []}')
    (root / "data.json").write_text("{}")
    (root / "t.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (root / "feed.xml").write_text("<rss/>")
    (root / "index.html").write_text("<!DOCTYPE html><title>x</title>")
    server = make_server(root, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_it_listens_on_loopback_only(site):
    url, _ = site
    assert url.startswith("http://127.0.0.1:")


def test_a_whole_file_says_it_accepts_ranges(site):
    url, root = site
    status, headers, body = _get(f"{url}/a.mp3")
    assert status == 200 and body == (root / "a.mp3").read_bytes()
    assert headers["Accept-Ranges"] == "bytes" and headers["Content-Type"] == "audio/mpeg"


@pytest.mark.parametrize("header, first, last", [
    ("bytes=100-199", 100, 199), ("bytes=10000-", 10000, 10239), ("bytes=-40", 10200, 10239),
    ("bytes=10200-99999", 10200, 10239), ("bytes=0-0", 0, 0)])
def test_range_requests_get_206_with_content_range(site, header, first, last):
    url, root = site
    status, headers, body = _get(f"{url}/a.mp3", Range=header)
    data = (root / "a.mp3").read_bytes()
    assert status == 206
    assert headers["Content-Range"] == f"bytes {first}-{last}/{len(data)}"
    assert int(headers["Content-Length"]) == last - first + 1
    assert body == data[first:last + 1]


def test_a_range_past_the_end_gets_416(site):
    url, _ = site
    status, headers, _ = _get(f"{url}/a.mp3", Range="bytes=20000-")
    assert status == 416 and headers["Content-Range"] == "bytes */10240"


def test_a_malformed_range_gets_the_whole_file(site):
    url, _ = site
    status, _, body = _get(f"{url}/a.mp3", Range="lines=1-2")
    assert status == 200 and len(body) == 10240


@pytest.mark.parametrize("name, kind", [
    ("a.mp3", "audio/mpeg"), ("2024-03-15.chapters.json", "application/json+chapters"),
    ("data.json", "application/json"), ("t.vtt", "text/vtt; charset=utf-8"),
    ("feed.xml", "application/rss+xml; charset=utf-8"), ("", "text/html; charset=utf-8")])
def test_content_types_are_the_ones_podcast_apps_expect(site, name, kind):
    url, _ = site
    status, headers, _ = _get(f"{url}/{name}")
    assert status == 200 and headers["Content-Type"] == kind


def test_missing_files_and_paths_outside_the_folder_are_404(site):
    url, _ = site
    assert _get(f"{url}/nope.mp3")[0] == 404
    assert _get(f"{url}/../../etc/passwd")[0] == 404


def test_parse_range_edges():
    assert parse_range(None, 10) is None
    assert parse_range("bytes=0-1,4-5", 10) is None  # multi-range: the whole file is valid
    assert parse_range("bytes=-100", 10) == (0, 9)
    with pytest.raises(ValueError):
        parse_range("bytes=5-2", 10)
    with pytest.raises(ValueError):
        parse_range("bytes=-0", 10)


def test_a_busy_port_is_a_clear_error(site, tmp_path: Path):
    url, root = site
    with pytest.raises(UsageError, match="choose another port with --port"):
        make_server(root, int(url.rsplit(":", 1)[1]))


def test_dotfiles_and_dot_folders_are_never_served(site):
    """The lock names the pid and host; .part files are half-written."""
    url, root = site
    (root / ".audiopaper.lock").write_text('{"pid": 1, "host": "h"}')
    (root / "articles").mkdir()
    (root / "articles" / ".a.mp3.x1.part").write_bytes(b"half")
    (root / ".cache").mkdir()
    (root / ".cache" / "a.mp3").write_bytes(b"x")
    for path in (".audiopaper.lock", "articles/.a.mp3.x1.part", ".cache/a.mp3", "%2Eaudiopaper.lock",
                 ".cache/", "articles/%2e%2e/.audiopaper.lock"):
        assert _get(f"{url}/{path}")[0] == 404, path
    assert _get(f"{url}/a.mp3")[0] == 200


def test_symlinks_out_of_the_folder_are_404_and_inside_it_are_served(site, tmp_path: Path):
    url, root = site
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    (root / "out.txt").symlink_to(secret)
    (root / "etc").symlink_to("/etc")
    (root / "same.mp3").symlink_to(root / "a.mp3")
    assert _get(f"{url}/out.txt")[0] == 404
    assert _get(f"{url}/etc/hostname")[0] == 404
    status, _, body = _get(f"{url}/same.mp3")
    assert status == 200 and body == (root / "a.mp3").read_bytes()


@pytest.mark.parametrize("path", ["x" * 300, urllib.parse.quote('字' * 90 + '.mp3'), f"a/{'b' * 256}/c.mp3",
                                  "%ED%A0%80.mp3", "%00.mp3", "a%2F..%2F..%2Fetc%2Fpasswd"])
def test_hostile_paths_are_404_without_a_traceback(site, capfd, path: str):
    url, _ = site
    assert _get(f"{url}/{path}")[0] == 404
    assert _get(f"{url}/a.mp3")[0] == 200  # the server is still there
    assert "Traceback" not in capfd.readouterr().err


def test_a_silent_connection_is_closed_after_the_idle_timeout(tmp_path: Path):
    root = tmp_path / "site"
    root.mkdir()
    server = make_server(root, 0, idle_timeout=1.0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with socket.create_connection(server.server_address[:2], timeout=10) as sock:
            started = time.monotonic()
            assert sock.recv(1024) == b""  # closed by the server, never answered
            assert 0.5 < time.monotonic() - started < 5
    finally:
        server.shutdown()
        server.server_close()


def test_a_client_that_stops_reading_is_cut_off_and_frees_its_thread(tmp_path: Path):
    root = tmp_path / "site"
    root.mkdir()
    with (root / "big.mp3").open("wb") as big:
        big.truncate(200 * 2**20)  # more than any socket buffer holds
    server = make_server(root, 0, idle_timeout=1.0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        before = threading.active_count()
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(10)
        sock.connect(server.server_address[:2])
        sock.sendall(b"GET /big.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(4)  # reads nothing: the server's send stalls, then times out
        assert threading.active_count() == before
        received = 0
        while chunk := _recv(sock):
            received += len(chunk)
        sock.close()
        assert received < 200 * 2**20
    finally:
        server.shutdown()
        server.server_close()


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(1 << 20)
    except ConnectionResetError:
        return b""


def test_the_listen_backlog_holds_a_burst():
    from audiopaper.run.serve import LISTEN_BACKLOG, FolderServer

    assert FolderServer.request_queue_size == LISTEN_BACKLOG >= 128
