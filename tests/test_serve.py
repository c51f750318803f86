"""`audiopaper serve`: byte ranges (players seek with them) and podcast content types."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from audiopaper.errors import UsageError
from audiopaper.serve import make_server, parse_range


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
