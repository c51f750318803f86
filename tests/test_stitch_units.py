"""Small parts of the stitch stage: MP3 frame counting, sections, chapters from sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiopaper.errors import MediaError
from audiopaper.stitch.mp3frames import decoded_samples, frame_info
from audiopaper.stitch.sections import group
from audiopaper.stitch.sources import Piece
from audiopaper.stitch.timeline import CLOSING_TITLE, OPENING_TITLE, chapters


@pytest.mark.parametrize("header, expected", [
    (b"\xff\xfb\x70\xc4", (313, 1152)),  # MPEG-1, 96 kbps, 44.1 kHz, no padding
    (b"\xff\xfb\x72\xc4", (314, 1152)),  # the same with the padding byte
    (b"\xff\xfb\xb4\xc4", (576, 1152)),  # MPEG-1, 192 kbps, 48 kHz
    (b"\xff\xf3\x84\xc4", (192, 576)),  # MPEG-2, 64 kbps, 24 kHz
])
def test_frame_sizes_and_lengths(header: bytes, expected: tuple[int, int]):
    assert frame_info(header) == expected


def test_a_stream_cut_inside_a_frame_is_refused(tmp_path: Path):
    whole = b"\xff\xfb\x70\xc4" + bytes(309)
    path = tmp_path / "part.mp3"
    path.write_bytes(whole * 3)
    assert decoded_samples(path) == 3 * 1152
    path.write_bytes(whole * 3 + whole[:100])
    with pytest.raises(MediaError, match="build again"):
        decoded_samples(path)
    path.write_bytes(b"ID3" + whole)
    with pytest.raises(MediaError, match="Layer III"):
        decoded_samples(path)


def _piece(article: int | None) -> Piece:
    return Piece(Path("x.wav"), 0.5, article, "body", "字")


def test_sections_follow_the_article_runs():
    pieces = [_piece(a) for a in (None, None, 1, 1, 1, 2, None)]
    assert [(s.article, len(s.pieces)) for s in group(pieces)] == [(None, 2), (1, 3), (2, 1),
                                                                   (None, 1)]
    assert list(group([])) == []


def test_chapters_are_the_sections():
    parts = [(None, 0.0, 20.0), (1, 20.0, 80.5), (2, 80.5, 130.0), (None, 130.0, 140.0)]
    marks = chapters(parts, {1: "一", 2: "二"})
    assert [(c.title, c.start, c.end) for c in marks] == [
        (OPENING_TITLE, 0.0, 20.0), ("一", 20.0, 80.5), ("二", 80.5, 130.0),
        (CLOSING_TITLE, 130.0, 140.0)]
    assert [c.title for c in chapters(parts[1:3], {1: "一", 2: "二"})] == ["一", "二"]
