"""Synthesis stage: speech segments to cached audio clips, through the voice's engine."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor

from ..types import Clip, Segment
from .cache import AudioCache, cache_key, wav_frames
from .engine import get_engine
from .voices import VoiceProfile

ClipCallback = Callable[[Clip], None]


def synthesize_segment(segment: Segment, profile: VoiceProfile, cache: AudioCache) -> Clip:
    """One segment's clip, from the cache when the same speech was made before."""
    engine = get_engine(profile.engine)
    key = cache_key(engine.id, engine.version, profile.engine_voice, profile.options, segment.speech)
    path = cache.get(key)
    cached = path is not None
    if path is None:
        audio = engine.synthesize(segment.speech, profile.engine_voice, profile.options)
        path = cache.put(key, audio)
    samples, rate = wav_frames(path)
    return Clip(segment=segment, path=path, samples=samples, sample_rate=rate, cached=cached)


def synthesize(segments: Iterable[Segment], profiles: Mapping[str, VoiceProfile],
               cache: AudioCache, on_clip: ClipCallback | None = None) -> list[Clip]:
    """Clips for all segments, in order; each engine gets up to its ``concurrency`` at once."""
    segments = list(segments)
    widths = _engine_widths(profiles)
    if all(w == 1 for w in widths.values()):
        return [_report(synthesize_segment(s, profiles[s.voice], cache), on_clip) for s in segments]
    bounds = {engine: threading.BoundedSemaphore(w) for engine, w in widths.items()}

    def one(segment: Segment) -> Clip:
        with bounds[profiles[segment.voice].engine]:
            return synthesize_segment(segment, profiles[segment.voice], cache)

    with ThreadPoolExecutor(sum(widths.values())) as pool:
        futures = [pool.submit(one, s) for s in segments]
        try:
            return [_report(f.result(), on_clip) for f in futures]
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # stop, rather than speak the rest
            raise


def _engine_widths(profiles: Mapping[str, VoiceProfile]) -> dict[str, int]:
    """How many segments each engine in use can speak at once (its ``concurrency``, default 1)."""
    engines = {p.engine for p in profiles.values()}
    return {e: max(1, int(getattr(get_engine(e), "concurrency", 1))) for e in engines}


def _report(clip: Clip, on_clip: ClipCallback | None) -> Clip:
    if on_clip:
        on_clip(clip)
    return clip
