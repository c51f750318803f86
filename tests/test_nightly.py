"""Unattended runs in process: the run report, the exit-code policy, progress output, the lock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiopaper.types import Fallback
from audiopaper import pipeline
from audiopaper.config import Config
from audiopaper.run import nightly
from audiopaper.cli import cli
from audiopaper.errors import RunLocked
from audiopaper.run.progress import Bar, Event, LineLog, console
from audiopaper.run.report import read_last
from audiopaper.run.lock import RunLock, is_locked, read_holder

from faultkit import build_args, fake_env, published  # noqa: F401  (fixture)
from paths import EXAMPLE_EDITION


def _build(out: Path, *extra: str, edition: Path = EXAMPLE_EDITION):
    return CliRunner().invoke(cli, build_args(edition, out, *extra))


def test_report_records_counts_timings_and_files(tmp_path: Path, fake_env):
    out = tmp_path / "out"
    first = _build(out)
    assert first.exit_code == 0, first.output
    report = read_last(out)
    assert report["format"] == 2 and report["exit_code"] == 0 and report["outcome"] == "published"
    counts = report["counts"]
    assert counts["articles"] == 2 and counts["segments"] > 5
    # each headline is said twice (table of contents, then its article): the second is a hit
    assert counts["cache_hits"] == counts["articles"]
    assert counts["synthesized"] + counts["cache_hits"] == counts["segments"]
    assert set(report["timings"]) == {"segment", "normalize", "synthesis", "assembly", "publish"}
    assert "2024-03-15.mp3" in report["published"] and "feed.xml" in report["published"]
    assert all((out / name).is_file() for name in report["published"])
    second = _build(out)
    assert second.exit_code == 0
    again = read_last(out)
    assert again["counts"]["cache_hits"] == counts["segments"] and again["counts"]["synthesized"] == 0
    reports = sorted((out / "reports").glob("*.json"))
    assert len(reports) == 2 and json.loads(reports[-1].read_text()) == again


def test_partial_edition_exits_4(tmp_path: Path, fake_env, monkeypatch: pytest.MonkeyPatch):
    real = pipeline.build

    def with_fallbacks(*args, **kwargs):
        records = [Fallback(index=i, article=1, voice="fake", fallback="baker", reason="no audio")
                   for i in range(3)]
        return dataclasses.replace(real(*args, **kwargs), fallbacks=records)

    monkeypatch.setattr(pipeline, "build", with_fallbacks)
    result = _build(tmp_path / "out")
    assert result.exit_code == 4, result.output
    report = read_last(tmp_path / "out")
    assert report["exit_code"] == 4 and report["outcome"] == "partial edition published"
    assert report["counts"]["fallbacks"] == 3
    assert [f["reason"] for f in report["fallbacks"]] == ["no audio"] * 3
    assert "fallback voice" in result.output


@pytest.mark.parametrize("setup, code", [
    (lambda tmp: ["build", str(tmp / "missing.txt"), "--out", str(tmp / "out"), "--voice", "fake"], 3),
    (lambda tmp: build_args(EXAMPLE_EDITION, tmp / "out")[:-1] + ["nobody"], 2),
    (lambda tmp: build_args(EXAMPLE_EDITION, tmp / "out", "--wait", "-1"), 2),
])
def test_exit_codes_of_failures(tmp_path: Path, fake_env, setup, code):
    result = CliRunner().invoke(cli, setup(tmp_path))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def test_engine_failure_exits_5_and_keeps_the_edition(tmp_path: Path, fake_env,
                                                      monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "out"
    assert _build(out).exit_code == 0
    before = published(out)
    monkeypatch.setenv("FAKE_ENGINE_FAIL", "春")
    monkeypatch.setenv("AUDIOPAPER_CACHE_DIR", str(tmp_path / "cold-cache"))
    result = _build(out)
    assert result.exit_code == 5 and "fake engine refused" in result.output
    assert read_last(out)["outcome"] == "nothing published"
    assert published(out) == before


def test_interrupt_exits_130_and_is_reported(tmp_path: Path, fake_env,
                                             monkeypatch: pytest.MonkeyPatch):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    result = _build(tmp_path / "out")
    assert result.exit_code == 130 and "resume" in result.output
    assert read_last(tmp_path / "out")["exit_code"] == 130


def test_line_log_writes_one_line_per_stage(tmp_path: Path, fake_env):
    stream = io.StringIO()
    options = pipeline.BuildOptions.from_flags(Config(), dt.date(2024, 3, 15), tmp_path / "out", voice="fake")
    nightly.run_build(EXAMPLE_EDITION, options, progress=LineLog(stream))
    lines = stream.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == ["segment", "normalize", "synthesis", "assembly",
                                                    "publish"]


def test_verbose_logs_every_segment_and_quiet_nothing(tmp_path: Path, fake_env):
    verbose, quiet = io.StringIO(), io.StringIO()
    options = pipeline.BuildOptions.from_flags(Config(), dt.date(2024, 3, 15), tmp_path / "out", voice="fake")
    result = nightly.run_build(EXAMPLE_EDITION, options, progress=console(verbose=True, stream=verbose))
    assert sum("synthesis " in l and "/" in l for l in verbose.getvalue().splitlines()) == \
        result.build.segments
    nightly.run_build(EXAMPLE_EDITION, options, progress=console(quiet=True, stream=quiet))
    assert quiet.getvalue() == ""


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_terminal_gets_a_progress_bar():
    stream = _Tty()
    show = console(stream=stream)
    assert isinstance(show, Bar)
    for done in range(1, 5):
        show(Event("synthesis", done, 4, detail=f"article {done}/4"))
    show(Event("synthesis", seconds=1.0, detail="4 segments"))
    text = stream.getvalue()
    assert "4/4" in text and "synthesis 4 segments (1.0 s)" in text
    assert isinstance(console(stream=io.StringIO()), LineLog)


def test_second_lock_is_refused_with_the_holder(tmp_path: Path):
    with RunLock(tmp_path):
        assert is_locked(tmp_path)
        with pytest.raises(RunLocked, match=r"pid \d+ on .*--wait"):
            RunLock(tmp_path).acquire()
        holder = read_holder(tmp_path)
        assert holder is not None and holder.pid > 0
    assert not is_locked(tmp_path)


def test_second_lock_waits_for_the_first(tmp_path: Path):
    first = RunLock(tmp_path)
    first.acquire()
    timer = threading.Timer(0.5, first.release)
    timer.start()
    start = time.monotonic()
    with RunLock(tmp_path, wait=30):
        waited = time.monotonic() - start
    timer.join()
    assert waited > 0.3  # it did wait (a lower bound, not a speed assertion)


def test_refused_run_writes_its_report_but_not_last_run(tmp_path: Path, fake_env):
    out = tmp_path / "out"
    with RunLock(out):
        result = _build(out)
    assert result.exit_code == 5 and "is being built by pid" in result.output
    assert not (out / "last-run.json").exists()
    report = json.loads(next((out / "reports").glob("*.json")).read_text())
    assert report["exit_code"] == 5 and "--wait" in report["error"]


def test_stale_part_files_are_removed_and_reported(tmp_path: Path, fake_env):
    out = tmp_path / "out"
    (out / "articles").mkdir(parents=True)
    (out / ".2024-03-15.mp3.part").write_bytes(b"half")
    (out / "articles" / ".x.mp3.part").write_bytes(b"half")
    (out / ".feed.xml.abc123.part").write_bytes(b"<rss")
    assert _build(out).exit_code == 0
    assert not list(out.rglob("*.part"))
    report = read_last(out)
    assert report["counts"]["stale_files_removed"] == 3 and "half-written" in report["warnings"][0]


def test_build_says_what_it_skipped_and_the_report_lists_it(tmp_path: Path, fake_env):
    page = tmp_path / "page.txt"
    page.write_text("东岳晨报\n国内统一连续出版物号 CN 37-0001\n第25321期 今日12版\n\n图书馆开放\n\n"
                    "本报讯 14日，城东社区图书馆正式开放。\n\n今日菜价\n芹菜　2.40元/公斤\n黄瓜　4.20元/公斤\n\n"
                    "分类广告\n遗失声明 张三遗失身份证一张，声明作废。\n招聘：诚聘司机2名，电话：13800000000\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    result = _build(out, edition=page)
    assert result.exit_code == 0, result.output
    assert "skipped: 1 ad, 1 masthead, 1 paid notice, 1 table" in result.output
    report = read_last(out)
    assert report["counts"]["skipped"] == 4 and report["counts"]["articles"] == 1
    assert [(s["kind"], s["lines"]) for s in report["skipped"]] == [
        ("masthead", [[1, 3]]), ("table", [[9, 11]]), ("ad", [[13, 13]]), ("paid", [[14, 15]])]
    assert report["skipped"][0]["reason"].startswith("masthead:paper-name")
