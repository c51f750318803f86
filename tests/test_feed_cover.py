"""The podcast cover: a generated default Apple accepts, or the producer's own, checked first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from audiopaper.errors import ConfigError, PublishError
from audiopaper.feed import cover
from audiopaper.feed.cover import cover_problem, default_cover, find_cjk_font, own_cover


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_default_cover_is_3000px_rgb_with_high_contrast_type(tmp_path: Path):
    name = default_cover("泰安日报", tmp_path)
    path = tmp_path / name
    assert cover_problem(path) is None
    with Image.open(path) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGB", (3000, 3000))
        colors = {color for _, color in image.getcolors(maxcolors=1_000_000)}
        ink = image.crop((300, 1000, 2700, 1500)).getcolors(maxcolors=1_000_000)
    assert cover.INK in colors and cover.BACKGROUND in colors
    lighter, darker = _luminance(cover.INK), _luminance(cover.BACKGROUND)
    assert (lighter + 0.05) / (darker + 0.05) >= 7
    white = sum(n for n, c in ink if c == cover.INK)
    assert white > 0.08 * 2400 * 500  # the name is large: many pixels of the title band are ink


def test_default_cover_is_rewritten_only_when_the_name_changes(tmp_path: Path):
    default_cover("泰安日报", tmp_path)
    first = (tmp_path / "cover.png").stat().st_mtime_ns
    default_cover("泰安日报", tmp_path)
    assert (tmp_path / "cover.png").stat().st_mtime_ns == first
    default_cover("齐鲁晚报", tmp_path)
    with Image.open(tmp_path / "cover.png") as image:
        assert image.info["audiopaper-cover"].startswith("齐鲁晚报|")


def test_a_missing_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cover, "_KNOWN_FONTS", ())
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(cover.ENV_CJK_FONT, raising=False)
    with pytest.raises(PublishError, match="fonts-wqy-zenhei"):
        find_cjk_font()
    monkeypatch.setenv(cover.ENV_CJK_FONT, "/no/such/font.ttc")
    with pytest.raises(PublishError, match="AUDIOPAPER_CJK_FONT"):
        find_cjk_font()


def _image(path: Path, size: tuple[int, int], mode: str = "RGB", fmt: str = "JPEG") -> Path:
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 0).save(path, fmt)
    return path


def test_the_producers_cover_is_copied_when_apple_would_accept_it(tmp_path: Path):
    source = _image(tmp_path / "mine.jpeg", (1400, 1400))
    out = tmp_path / "out"
    assert own_cover(source, out) == "cover.jpg"
    assert (out / "cover.jpg").read_bytes() == source.read_bytes()


@pytest.mark.parametrize("size, mode, fmt, why", [
    ((1000, 1000), "RGB", "JPEG", "not square between 1400 and 3000"),
    ((3000, 2000), "RGB", "PNG", "not square"),
    ((1400, 1400), "L", "PNG", "colour mode is L"),
    ((1400, 1400), "RGB", "GIF", "GIF, not JPEG or PNG"),
])
def test_a_cover_apple_would_refuse_is_named_with_the_reason(tmp_path: Path, size, mode, fmt, why):
    source = _image(tmp_path / f"bad.{fmt.lower()}", size, mode, fmt)
    with pytest.raises(ConfigError, match=why):
        own_cover(source, tmp_path / "out")


def test_a_missing_cover_file_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match=r"fix \[feed\] cover"):
        own_cover(tmp_path / "nope.png", tmp_path / "out")
