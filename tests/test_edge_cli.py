"""`--engine auto|edge|baker`, `voices`, `say` and a whole seed edition through the fake service."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiopaper import pipeline
from audiopaper.cli import cli

from edge_fake import FakeEdge, ssml_voice_name
from edge_helpers import engine, fake, fast_engine, use_engine  # noqa: F401  (fixtures)
from paths import EXAMPLE_EDITION, SEED_EDITION


def _line(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(name + "\t"))


def test_voices_lists_edge_voices_as_available(fake: FakeEdge, engine):
    result = CliRunner().invoke(cli, ["voices"])
    assert result.exit_code == 0, result.output
    for name in ("xiaoxiao", "yunyang", "yunxi", "hiugaai", "hsiaochen"):
        assert "\tedge\tavailable\t" in _line(result.output, name)
    assert fake.voice_list_requests == 1  # one check per run, not one per voice


def test_voices_says_why_edge_voices_are_unavailable():
    result = CliRunner().invoke(cli, ["voices"])
    assert result.exit_code == 0
    line = _line(result.output, "xiaoxiao")
    assert "\tedge\tunavailable: the edge-tts service" in line and "--engine baker" in line
    assert "\tbaker\tavailable" in _line(result.output, "baker")


def test_say_speaks_with_an_edge_voice(fake: FakeEdge, engine, tmp_path: Path):
    out = tmp_path / "hello.mp3"
    result = CliRunner().invoke(cli, ["say", "桃花节于3月25日启幕。", "-o", str(out),
                                      "--voice", "yunxi"])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000
    assert fake.served == [(ssml_voice_name("zh-CN-YunxiNeural"), "桃花节于三月二十五日启幕。", "ok")]


@pytest.mark.slow
def test_auto_without_the_service_uses_the_offline_voice_and_says_so_once(tmp_path: Path):
    result = CliRunner().invoke(cli, ["say", "桃花节启幕。", "-o", str(tmp_path / "a.mp3")])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("offline voice 'baker'") == 1
    assert "does not answer" in result.stderr


def test_engine_edge_fails_clearly_without_the_service(tmp_path: Path):
    result = CliRunner().invoke(cli, ["say", "你好。", "-o", str(tmp_path / "a.mp3"),
                                      "--engine", "edge"])
    assert result.exit_code == 5 and "Traceback" not in result.output
    assert "does not answer" in result.stderr and "--engine baker" in result.stderr
    assert not (tmp_path / "a.mp3").exists()


def test_engine_edge_refuses_an_offline_voice(tmp_path: Path):
    result = CliRunner().invoke(cli, ["say", "你好。", "-o", str(tmp_path / "a.mp3"),
                                      "--engine", "edge", "--voice", "baker"])
    assert result.exit_code == 2 and "not edge" in result.stderr


@pytest.mark.slow
def test_engine_baker_never_calls_the_service(fake: FakeEdge, engine, tmp_path: Path):
    result = CliRunner().invoke(cli, ["say", "你好。", "-o", str(tmp_path / "a.mp3"),
                                      "--engine", "baker", "--voice", "xiaoxiao"])
    assert result.exit_code == 0, result.output
    assert fake.requests == 0 and fake.voice_list_requests == 0


def _faults(n: int) -> str:
    """Throttling, truncation and empty answers on one request in ten, never two in a row."""
    return {3: "503", 13: "truncate", 23: "noaudio", 33: "429"}.get(n % 40, "ok")


@pytest.mark.slow
def test_seed_edition_with_injected_faults_publishes_every_article(fake: FakeEdge, baker,
                                                                      tmp_path: Path):
    use_engine(fast_engine(concurrency=3))
    fake.rule = _faults
    fake.fail_texts["四大桃花节"] = "hang"  # one sentence never answers: its voice must fall back
    options = pipeline.BuildOptions(date=dt.date(2024, 3, 15), out_dir=tmp_path / "out")
    report = pipeline.build(SEED_EDITION, options)
    edition = pipeline.load_edition(SEED_EDITION, options.date, options.paper)
    assert len(report.episode.articles) == len(edition.spoken_articles) == 8
    assert all(a.path.is_file() and a.duration > 1 for a in report.episode.articles)
    # The sentence that never gets an answer falls back. Scattered faults are retried (a segment
    # falls back only if all 3 of its attempts meet one, about 1 run in 10) and do not open the
    # circuit breaker while other requests succeed in between.
    assert all(f.fallback == "baker" and f.reason for f in report.fallbacks)
    # Its reason is the hang, or, when its last attempt met the breaker opened by failures in a row
    # (more likely on a loaded machine), the breaker's "failed N times in a row".
    hung = [f for f in report.fallbacks if "四大桃花节" in f.text]
    assert hung, [(f.text[:12], f.reason) for f in report.fallbacks]
    assert "no answer" in hung[0].reason or "in a row" in hung[0].reason, hung[0].reason
    assert len(report.fallbacks) <= 3
    assert {"503", "truncate", "noaudio", "429", "hang"} <= {b for _, _, b in fake.served}
    voices = {v for v, _, b in fake.served if b == "ok"}
    assert voices == {ssml_voice_name("zh-CN-XiaoxiaoNeural"), ssml_voice_name("zh-CN-YunyangNeural")}
    assert fake.max_active <= 3


@pytest.mark.slow
def test_build_prints_the_fallbacks(fake: FakeEdge, baker, tmp_path: Path):
    use_engine(fast_engine(concurrency=2))
    fake.fail_texts["大字版图书"] = "noaudio"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE_EDITION), "--date", "2024-03-15",
                                      "--out", str(tmp_path / "out"), "--engine", "edge"])
    assert result.exit_code == 4, result.output  # a partial edition: published, with fallbacks
    assert "fallback: 1 of " in result.output and "segments were spoken by a fallback" in result.output
    assert "(article 1): xiaoxiao -> baker: edge-tts could not speak" in result.output


@pytest.mark.slow
def test_say_gives_up_on_a_silent_service_and_stops_calling_it(fake: FakeEdge, baker,
                                                               tmp_path: Path):
    use_engine(fast_engine(concurrency=1, breaker_failures=4))
    fake.rule = lambda _n: "hang"
    text = "桃花节启幕。音乐节开幕。书法展开展。游客很多。天气晴好。"
    result = CliRunner().invoke(cli, ["say", text, "-o", str(tmp_path / "a.mp3")])
    assert result.exit_code == 0, result.output
    assert fake.requests == 4  # 3 attempts at the first sentence, 1 at the second, then none
    assert "fallback: 5 of 5 segments" in result.stderr and "not calling it" in result.stderr
