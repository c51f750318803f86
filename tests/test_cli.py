"""The CLI end to end with the real voice: build, rebuild from cache, say, voices, errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from mutagen.mp3 import MP3
from click.testing import CliRunner

from audiopaper.cli import cli

from paths import EXAMPLE_EDITION, SEED_EDITION


@pytest.mark.slow
def test_build_example_then_rebuild_from_cache(tmp_path: Path):
    runner = CliRunner()
    args = ["build", str(EXAMPLE_EDITION), "--date", "2024-03-15", "--out", str(tmp_path / "out")]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    mp3 = tmp_path / "out" / "2024-03-15.mp3"
    articles = sorted((tmp_path / "out" / "articles").glob("*.mp3"))
    assert mp3.stat().st_size > 50_000 and len(articles) == 2
    before = {p.name: p.read_bytes() for p in [mp3, *articles]}
    second = runner.invoke(cli, args)
    assert second.exit_code == 0, second.output
    hits, total = re.search(r"(\d+)/(\d+) segments from cache", second.output).groups()
    assert hits == total  # everything came from the cache
    assert {p.name: p.read_bytes() for p in [mp3, *articles]} == before
    feed = feedparser.parse(str(tmp_path / "out" / "feed.xml"))
    assert not feed.bozo and len(feed.entries) == 1
    assert int(feed.entries[0].enclosures[0].length) == mp3.stat().st_size


def test_say_writes_mp3(tmp_path: Path):
    out = tmp_path / "hello.mp3"
    result = CliRunner().invoke(cli, ["say", "桃花节于3月25日启幕。", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data[:3] == b"ID3" or data[:2] in (b"\xff\xfb", b"\xff\xf3")  # a tag or an MP3 frame
    assert MP3(out).info.length == pytest.approx(float(result.output.split("(")[-1].split(" s)")[0]),
                                                 abs=0.08)  # printed to 0.1 s


def test_voices_lists_the_offline_voice():
    result = CliRunner().invoke(cli, ["voices"])
    assert result.exit_code == 0
    line = next(l for l in result.output.splitlines() if l.startswith("baker"))
    assert "\tbaker\tavailable" in line


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, name


def test_errors_are_one_line_with_a_fix(tmp_path: Path):
    runner = CliRunner()
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = runner.invoke(cli, ["build", str(empty), "--out", str(tmp_path / "o")])
    assert result.exit_code == 3 and "Error:" in result.output and "Traceback" not in result.output
    result = runner.invoke(cli, ["say", "你好", "-o", str(tmp_path / "x.mp3"), "--voice", "nobody"])
    assert result.exit_code == 2 and "audiopaper voices" in result.output


@pytest.mark.slow
def test_seed_edition_builds(tmp_path: Path):
    result = CliRunner().invoke(cli, ["build", str(SEED_EDITION), "--date", "2024-03-15",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    mp3 = tmp_path / "out" / "2024-03-15.mp3"
    if shutil.which("ffprobe"):
        probe = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "csv", str(mp3)],
                               capture_output=True, text=True, check=True)
        assert probe.stdout.count("chapter") >= 5
