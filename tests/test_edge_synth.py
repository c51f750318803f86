"""The synthesis stage with the edge engine: bounded concurrency, order, fallback, cache, Ctrl-C."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiopaper.synth import fallback_summary, synthesize
from audiopaper.synth.cache import AudioCache, read_wav
from audiopaper.synth.voices import list_profiles, load_profile
from audiopaper.types import Segment

from edge_fake import FakeEdge
from edge_helpers import engine, fake, fast_engine, use_engine  # noqa: F401  (fixtures)


def _segments(count: int, voice: str = "xiaoxiao") -> list[Segment]:
    texts = [f"第{n}条消息：泰安市今天发布了第{n}项便民措施。" for n in range(1, count + 1)]
    return [Segment(text=t, speech=t, voice=voice, article=n // 4 + 1) for n, t in enumerate(texts)]


def test_every_edge_profile_loads_with_the_offline_fallback():
    edge = [p for p in list_profiles() if p.engine == "edge"]
    names = {p.name for p in edge}
    assert {"yunyang", "xiaoxiao", "yunxi", "xiaoyi", "yunjian", "hiugaai", "hiumaan", "wanlung",
            "hsiaochen", "hsiaoyu", "yunjhe"} <= names
    assert all(p.fallback == "baker" and p.engine_voice.endswith("Neural") for p in edge)


def test_many_segments_stay_under_the_concurrency_bound(fake: FakeEdge, tmp_path: Path):
    use_engine(fast_engine(concurrency=3))
    fake.latency = 0.2
    segments = _segments(15)
    seen: list[str] = []
    clips = synthesize(segments, {"xiaoxiao": load_profile("xiaoxiao")}, AudioCache(tmp_path),
                       on_clip=lambda c: seen.append(c.segment.text))
    assert fake.max_active <= 3 and fake.max_active > 1
    assert [c.segment for c in clips] == segments  # results in order
    assert sorted(seen) == sorted(s.text for s in segments)  # progress for every clip
    assert fake.requests == 15


def test_concurrency_one_means_one_at_a_time(fake: FakeEdge, tmp_path: Path):
    use_engine(fast_engine(concurrency=1))
    fake.latency = 0.05
    synthesize(_segments(5), {"xiaoxiao": load_profile("xiaoxiao")}, AudioCache(tmp_path))
    assert fake.max_active == 1


def test_a_cached_clip_is_reused_without_a_request(fake: FakeEdge, engine, tmp_path: Path):
    text = "桃花节三月启幕。音乐节同时举办。"
    segment = Segment(text=text, speech=text, voice="xiaoxiao")
    [clip] = synthesize([segment], {"xiaoxiao": load_profile("xiaoxiao")}, AudioCache(tmp_path))
    assert read_wav(clip.path).duration > 1
    assert list(clip.path.parent.iterdir()) == [clip.path]  # the clip alone, nothing beside it
    [again] = synthesize([segment], {"xiaoxiao": load_profile("xiaoxiao")}, AudioCache(tmp_path))
    assert again.cached and fake.requests == 1


@pytest.mark.slow
def test_fallback_after_persistent_failure(fake: FakeEdge, baker, tmp_path: Path):
    use_engine(fast_engine(concurrency=2))
    fake.fail_texts["第3条"] = "truncate"
    segments = _segments(4)
    profiles = {"xiaoxiao": load_profile("xiaoxiao"), "baker": load_profile("baker")}
    clips = synthesize(segments, profiles, AudioCache(tmp_path))
    fallbacks = [c.fallback for c in clips if c.fallback]
    assert len(fallbacks) == 1
    record = fallbacks[0]
    assert (record.index, record.voice, record.fallback) == (2, "xiaoxiao", "baker")
    assert "cut off" in record.reason and record.text == segments[2].text
    assert clips[2].segment == segments[2] and clips[2].duration > 1  # the offline voice spoke
    assert fake.count("truncate") == 3  # every attempt was made first
    lines = fallback_summary(fallbacks, len(clips))
    assert lines[0] == "fallback: 1 of 4 segments were spoken by a fallback voice"
    assert "segment 3 (article 1): xiaoxiao -> baker" in lines[1]


def test_ctrl_c_leaves_only_whole_files_in_the_cache(fake: FakeEdge, tmp_path: Path):
    use_engine(fast_engine(concurrency=2))
    fake.latency = 0.1

    def interrupt(_clip):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        synthesize(_segments(12), {"xiaoxiao": load_profile("xiaoxiao")}, AudioCache(tmp_path),
                   on_clip=interrupt)
    assert fake.requests < 12  # queued segments never started
    assert not list(tmp_path.rglob("*.part"))
    for wav in tmp_path.rglob("*.wav"):
        assert read_wav(wav).duration > 1
