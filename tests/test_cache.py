"""The audio cache: atomic writes, damaged entries, `cache stats` and `cache prune`."""

from __future__ import annotations

import os
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from audiopaper.cli import cli
from audiopaper.errors import UsageError
from audiopaper.synth import cache as c
from audiopaper.types import Audio

DAY = 86400.0


def _put(cache: c.AudioCache, text: str, age_days: float = 0.0) -> Path:
    key = c.cache_key("fake", "1", "tone", {}, text)
    path = cache.put(key, Audio(np.arange(2400, dtype=np.int16), 24000))
    when = time.time() - age_days * DAY
    os.utime(path, (when, when))
    return path


def test_put_is_atomic_and_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch):
    cache = c.AudioCache(tmp_path)
    key = c.cache_key("fake", "1", "tone", {}, "你好")

    def broken(self, data):  # the disk fills up half-way through the samples
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(wave.Wave_write, "writeframes", broken)
    with pytest.raises(OSError):
        cache.put(key, Audio(np.zeros(100, dtype=np.int16), 24000))
    assert not cache.path(key).exists() and not list(tmp_path.rglob("*.part"))


def test_damaged_entry_is_dropped_not_served(tmp_path: Path):
    cache = c.AudioCache(tmp_path)
    path = _put(cache, "你好")
    path.write_bytes(path.read_bytes()[:20])  # truncated by someone else's crash
    assert cache.get(path.stem) is None and not path.exists()


def test_entry_cut_short_after_its_header_is_dropped(tmp_path: Path):
    cache = c.AudioCache(tmp_path)
    path = _put(cache, "你好")
    path.write_bytes(path.read_bytes()[:1000])  # header intact, samples missing
    assert cache.get(path.stem) is None and not path.exists()
    whole = _put(cache, "再见")
    assert cache.get(whole.stem) == whole


def test_hit_marks_the_clip_as_used(tmp_path: Path):
    cache = c.AudioCache(tmp_path)
    path = _put(cache, "你好", age_days=40)
    assert cache.get(path.stem) == path
    assert time.time() - path.stat().st_mtime < DAY


def test_stats_count_clips_bytes_ages_and_temp_files(tmp_path: Path):
    cache = c.AudioCache(tmp_path)
    paths = [_put(cache, "一", 3), _put(cache, "二", 1)]
    (paths[0].parent / "tmpabc.part").write_bytes(b"x")
    stats = c.cache_stats(tmp_path)
    assert stats.clips == 2 and stats.bytes == sum(p.stat().st_size for p in paths)
    assert stats.oldest is not None and stats.newest is not None and stats.oldest < stats.newest
    assert stats.partial_files == 1
    assert c.cache_stats(tmp_path / "none").clips == 0


def test_prune_removes_only_what_was_not_used(tmp_path: Path):
    cache = c.AudioCache(tmp_path)
    old, recent = _put(cache, "旧", 45), _put(cache, "新", 2)
    stale, fresh = old.parent / "tmp1.part", recent.parent / "tmp2.part"
    stale.write_bytes(b"x")
    os.utime(stale, (time.time() - 2 * 3600,) * 2)
    fresh.write_bytes(b"x")  # a run may be writing it right now
    result = c.prune(30 * DAY, tmp_path)
    assert result.clips == 1 and result.bytes > 0 and result.partial_files == 1
    assert not old.exists() and recent.exists() and not stale.exists() and fresh.exists()


def test_stats_and_prune_cover_encoded_sections(tmp_path: Path):
    """Sections of editions (stitch's store) are counted and pruned with their records."""
    folder = tmp_path / c.SECTIONS_DIR / "ab"
    folder.mkdir(parents=True)
    made = {}
    for name, days in (("old", 45), ("new", 1)):
        audio, record = folder / f"ab{name}.mp3", folder / f"ab{name}.json"
        audio.write_bytes(b"\xff" * 1000)
        record.write_text("{}")
        os.utime(audio, (time.time() - days * DAY,) * 2)
        made[name] = (audio, record)
    stats = c.cache_stats(tmp_path)
    assert stats.sections == 2 and stats.clips == 0 and stats.bytes == 2000
    result = c.prune(30 * DAY, tmp_path)
    assert result.sections == 1 and result.bytes == 1000
    assert not any(p.exists() for p in made["old"]) and all(p.exists() for p in made["new"])


@pytest.mark.parametrize("text, seconds", [("30d", 30 * DAY), ("12h", 43200), ("2w", 14 * DAY),
                                           ("90m", 5400), ("1.5d", 1.5 * DAY), (" 45s ", 45)])
def test_parse_age(text: str, seconds: float):
    assert c.parse_age(text) == seconds


@pytest.mark.parametrize("text", ["30", "d", "-3d", "30 days", "", "1y"])
def test_bad_age_says_how_to_write_it(text: str):
    with pytest.raises(UsageError, match="30d"):
        c.parse_age(text)


def test_cache_commands(isolated_cache: Path):
    cache = c.AudioCache(isolated_cache)
    _put(cache, "旧", 45)
    _put(cache, "新", 0)
    runner = CliRunner()
    stats = runner.invoke(cli, ["cache", "stats"])
    assert stats.exit_code == 0 and "clips: 2" in stats.output and str(isolated_cache) in stats.output
    pruned = runner.invoke(cli, ["cache", "prune", "--older-than", "30d"])
    assert pruned.exit_code == 0 and "removed 1 clips" in pruned.output
    assert "clips: 1" in runner.invoke(cli, ["cache", "stats"]).output
    bad = runner.invoke(cli, ["cache", "prune", "--older-than", "soon"])
    assert bad.exit_code == 2 and "30d" in bad.output
    for sub in ("stats", "prune"):
        assert "Example" in runner.invoke(cli, ["cache", sub, "--help"]).output
