"""A build too slow for its voice says so early, once, with the real-time factor and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiopaper.synth.watch import SpeedWatch
from audiopaper.types import Clip, Segment

SEGMENTS = [Segment(text="字" * 100, speech="字" * 100, voice="kokoro-xiaoxiao")
            for _ in range(100)]


def _clip(segment: Segment, seconds: float, cached: bool = False) -> Clip:
    return Clip(segment, Path("x.wav"), int(seconds * 24_000), 24_000, cached=cached)


@pytest.mark.parametrize("seconds_per_clip, warns", [(100.0, True), (60.0, False), (20.0, False)])
def test_warns_once_when_the_projection_is_over_the_limit(seconds_per_clip, warns):
    """100 clips of 20 s audio each; the limit is 2 hours (72 s a clip)."""
    watch = SpeedWatch(SEGMENTS, start=0.0)
    said = [watch.note(_clip(s, 20.0), "voice k", now=seconds_per_clip * (i + 1))
            for i, s in enumerate(SEGMENTS[:10])]
    warnings = [w for w in said if w]
    assert len(warnings) == (1 if warns else 0)
    if warns:
        assert "real-time factor 5.00" in warnings[0] and "--voice baker" in warnings[0]


def test_cached_clips_cost_nothing_and_nothing_is_said_before_it_settles():
    watch = SpeedWatch(SEGMENTS, start=0.0)
    assert all(not watch.note(_clip(s, 20.0, cached=True), "v", now=1.0) for s in SEGMENTS[:90])
    assert not watch.note(_clip(SEGMENTS[90], 20.0), "v", now=30.0)  # not settled yet
    assert not watch.note(_clip(SEGMENTS[91], 20.0), "v", now=200.0)  # 8 left: 1,000 s more
