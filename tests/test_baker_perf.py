"""The fast offline engine stays correct: windowed vocoder, worker processes, concurrent synthesis,
and rebuilds that re-speak only what changed. (Speed itself is measured by scripts/bench.)"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from audiopaper.pipeline import BuildOptions, build
from audiopaper.synth import synthesize
from audiopaper.synth.baker import BakerEngine
from audiopaper.synth.baker.model import VOCODER_CONTEXT, VOCODER_WINDOWS, plan_windows
from audiopaper.synth.cache import AudioCache
from audiopaper.synth.engine import Engine, EngineVoice, registered
from audiopaper.synth.voices import parse_profile
from audiopaper.types import Audio, Segment

from paths import EXAMPLE_EDITION

pytestmark = pytest.mark.slow  # the full tier

LONG_TEXT = "肥城桃花节已跻身中国四大桃花节之列，今年的桃花节将于三月二十五日启幕，持续到四月底。"


@given(st.integers(min_value=1, max_value=2048))
def test_windows_cover_every_frame_once_with_context(frames):
    windows = plan_windows(frames, VOCODER_WINDOWS, VOCODER_CONTEXT)
    assert windows[0].keep == 0 and windows[-1].end == frames
    for before, after in zip(windows, windows[1:]):
        assert before.end == after.keep
    for w in windows:
        assert w.size in VOCODER_WINDOWS and w.start >= 0 and w.keep < w.end
        assert w.start <= w.keep and w.end <= w.start + w.size
        assert w.keep == 0 or w.keep - w.start >= VOCODER_CONTEXT
        assert w.end == frames or w.start + w.size - w.end >= VOCODER_CONTEXT
        assert w.start + w.size <= frames or w.start == 0  # padding only for a short utterance


def test_windowed_vocoder_matches_whole_utterance(baker):
    speaker = baker._speaker if baker._pool is None else BakerEngine(workers=1)._speaker
    ids = speaker.frontend.ids(LONG_TEXT + LONG_TEXT)
    mel = speaker.model.mel(ids, 1.0, 1.0, 1.0)
    assert len(plan_windows(mel.shape[1], VOCODER_WINDOWS, VOCODER_CONTEXT)) >= 2  # seams tested
    windowed = speaker.model.waveform(mel)
    whole = speaker.model.waveform_whole(mel)
    assert len(windowed) == len(whole)
    assert np.corrcoef(windowed, whole)[0, 1] > 0.99
    assert np.abs(windowed - whole).max() < 1e-3  # the context covers the receptive field


@pytest.mark.parametrize("frames", [170, 180])
def test_every_window_size_matches_whole_utterance(baker, frames):
    """Tails and short clauses use the small window: the audio is the same as with none.

    (A clause shorter than the smallest window is padded, as before, and differs at its end.)
    """
    speaker = baker._speaker if baker._pool is None else BakerEngine(workers=1)._speaker
    mel = speaker.model.mel(speaker.frontend.ids(LONG_TEXT + LONG_TEXT), 1.0, 1.0, 1.0)[:, :frames]
    sizes = {w.size for w in plan_windows(frames, VOCODER_WINDOWS, VOCODER_CONTEXT)}
    assert min(VOCODER_WINDOWS) in sizes
    windowed, whole = speaker.model.waveform(mel), speaker.model.waveform_whole(mel)
    assert len(windowed) == len(whole) and np.abs(windowed - whole).max() < 1e-3


def test_same_text_twice_in_a_row_is_identical():
    engine = BakerEngine(workers=1)
    options = engine.validate_options({})
    first = engine.synthesize(LONG_TEXT, "baker-female", options)
    again = engine.synthesize(LONG_TEXT, "baker-female", options)
    assert np.array_equal(first.samples, again.samples)


def test_worker_processes_and_threads_give_the_same_audio():
    texts = [LONG_TEXT, "市民可以报名参加。", "今天天气很好，我们去公园散步。", LONG_TEXT]
    alone = BakerEngine(workers=1)
    options = alone.validate_options({"pace": -22})
    expected = [alone.synthesize(t, "baker-female", options).samples for t in texts]
    pooled = BakerEngine(workers=2)
    try:
        assert pooled.concurrency == 2
        with ThreadPoolExecutor(3) as threads:
            got = list(threads.map(lambda t: pooled.synthesize(t, "baker-female", options), texts))
    finally:
        pooled.close()
    for want, audio in zip(expected, got):
        assert np.array_equal(want, audio.samples)


class _SlowEngine(Engine):
    """A fake engine that records how many calls overlap."""

    id = "slow"
    version = "1"
    max_chars = 100
    concurrency = 3

    def __init__(self) -> None:
        self.running = 0
        self.peak = 0
        self.lock = threading.Lock()

    def voices(self) -> list[EngineVoice]:
        return [EngineVoice("v", "zh-CN")]

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        time.sleep(0.02 * (len(text) % 3))
        with self.lock:
            self.running -= 1
        return Audio(np.full(100 * len(text), len(text), np.int16), 24000)


@pytest.fixture
def slow_engine() -> Iterator[_SlowEngine]:
    """The slow engine, registered for one test only."""
    engine = _SlowEngine()
    with registered("slow", lambda: engine):
        yield engine


def test_synthesis_runs_up_to_the_engines_concurrency_in_order(tmp_path: Path,
                                                               slow_engine: _SlowEngine):
    engine = slow_engine
    (tmp_path / "slow.toml").write_text('name = "slow"\nengine = "slow"\nengine_voice = "v"\n'
                                        'language = "zh-CN"\ndescription = "fake"\n')
    profile = parse_profile(tmp_path / "slow.toml")
    segments = [Segment(text="字" * n, speech="字" * n, voice="slow") for n in range(1, 13)]
    seen: list[int] = []
    clips = synthesize(segments, {"slow": profile}, AudioCache(tmp_path / "cache"),
                       on_clip=lambda c: seen.append(len(c.segment.speech)))
    assert [c.segment for c in clips] == segments
    assert sorted(seen) == list(range(1, 13))  # progress as clips finish; results stay in order
    assert 1 < engine.peak <= 3


def test_a_text_said_twice_is_spoken_once_even_with_workers_free(tmp_path: Path,
                                                                 slow_engine: _SlowEngine):
    engine = slow_engine
    spoken: list[str] = []
    real = engine.synthesize
    engine.synthesize = lambda text, *a: (spoken.append(text), real(text, *a))[1]  # type: ignore
    (tmp_path / "slow.toml").write_text('name = "slow"\nengine = "slow"\nengine_voice = "v"\n'
                                        'language = "zh-CN"\ndescription = "fake"\n')
    profile = parse_profile(tmp_path / "slow.toml")
    texts = ["标题一", "标题二", "标题一", "正文", "标题二"]
    segments = [Segment(text=t, speech=t, voice="slow") for t in texts]
    clips = synthesize(segments, {"slow": profile}, AudioCache(tmp_path / "cache"))
    assert sorted(spoken) == sorted(set(texts))
    assert [c.cached for c in clips] == [False, False, True, False, True]
    assert clips[2].path == clips[0].path


def test_one_sentence_change_re_speaks_only_that_sentence(tmp_path: Path):
    options = BuildOptions(date=dt.date(2024, 3, 15), out_dir=tmp_path / "out",
                           cache_dir=tmp_path / "cache")
    first = build(EXAMPLE_EDITION, options)
    assert first.cache_hits == first.articles  # only the headlines, said in the contents first
    edited = tmp_path / "edited.txt"
    text = EXAMPLE_EDITION.read_text(encoding="utf-8")
    edited.write_text(text.replace("配备大字版图书和放大镜。", "配备大字版图书和老花镜。"),
                      encoding="utf-8")
    second = build(edited, options)
    assert second.segments == first.segments
    assert second.segments - second.cache_hits == 1


def test_voice_workers_do_not_load_the_front_ends_dictionaries():
    """Workers get symbol ids; jieba's and pypinyin's dictionaries (~75 MB) stay in the build."""
    import subprocess
    import sys

    code = ("import sys, audiopaper.synth.baker.speaker as s; s._start_worker(1); "
            "print(sorted(m for m in ('jieba', 'pypinyin') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
