"""Synthesis stage: speech segments to cached audio clips, through the voice's engine."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ..normalize import plain
from ..types import Clip, Segment
from .cache import AudioCache, cache_key, wav_frames
from .engine import get_engine
from .voices import VoiceProfile

ClipCallback = Callable[[Clip], None]


def synthesize_segment(segment: Segment, profile: VoiceProfile, cache: AudioCache) -> Clip:
    """One segment's clip, from the cache when the same speech was made before."""
    engine = get_engine(profile.engine)
    # Pinyin markup ({行长|hang2 zhang3}) only reaches engines that read it; others get the word.
    text = segment.speech if getattr(engine, "accepts_pinyin", False) else plain(segment.speech)
    key = cache_key(engine.id, engine.version, profile.engine_voice, profile.options, text)
    path = cache.get(key)
    cached = path is not None
    if path is None:
        audio = engine.synthesize(text, profile.engine_voice, profile.options)
        path = cache.put(key, audio)
    samples, rate = wav_frames(path)
    return Clip(segment=segment, path=path, samples=samples, sample_rate=rate, cached=cached)


def synthesize(segments: Iterable[Segment], profiles: Mapping[str, VoiceProfile],
               cache: AudioCache, on_clip: ClipCallback | None = None) -> list[Clip]:
    """Clips for all segments, in order."""
    clips = []
    for segment in segments:
        clip = synthesize_segment(segment, profiles[segment.voice], cache)
        if on_clip:
            on_clip(clip)
        clips.append(clip)
    return clips
