"""Synthesis stage: speech segments to cached audio clips, through the voice's engine.

The stage reads only what an engine declares (``synth.engine.Engine``): it sends up to its
``concurrency`` segments at once (a network engine waits on the service, not the CPU), never
more than its ``max_chars`` in one call (the script already fits; a longer text is cut here, the
one place that cuts), pinyin markup only if it ``accepts_pinyin``, and calls ``cancel``/``resume``
on Ctrl-C. A segment its engine cannot speak after the engine's own retries is spoken by the
profile's ``fallback`` voice, and the clip records that so the run can report it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Generator, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Protocol

from ..errors import EngineError
from ..normalize import plain
from ..script import split_sentences
from ..types import Audio, Clip, Fallback, Segment
from .audio import join_audio
from .cache import AudioCache, cache_key, wav_frames
from .engine import Engine, get_engine
from .voices import VoiceProfile, load_profile

ClipCallback = Callable[[Clip], None]
_PIECE_GAP = 0.15  # seconds between the pieces of a segment re-split for a shorter engine
_slots: weakref.WeakKeyDictionary[Engine, threading.BoundedSemaphore] = weakref.WeakKeyDictionary()
_slots_lock = threading.Lock()


def concurrency(engine: Engine) -> int:
    """How many segments an engine takes at once (at least one)."""
    return max(1, int(engine.concurrency))


def _slot(engine: Engine) -> threading.BoundedSemaphore:
    """One semaphore per engine instance, so fallbacks from many threads respect its bound too."""
    with _slots_lock:
        if engine not in _slots:
            _slots[engine] = threading.BoundedSemaphore(concurrency(engine))
        return _slots[engine]


def speak_text(engine: Engine, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
    """The engine's audio for text, cut first if the text is longer than the engine takes.

    The one way text becomes sound, here and in a cluster worker, so both give the same bytes.
    The script fits every engine of a run, so this cut is for other callers (and a fallback
    voice of a shorter engine); engines themselves never re-split.
    """
    pieces = split_sentences(text, engine.max_chars) if len(text) > engine.max_chars else [text]
    with _slot(engine):
        parts = [engine.synthesize(p, voice, options) for p in pieces]
    return parts[0] if len(parts) == 1 else join_audio(parts, _PIECE_GAP)


class Backend(Protocol):
    """Where a segment's sound is made: in this process (``LOCAL``) or by cluster workers."""

    def slots(self, engine: Engine) -> int:
        """How many segments of this engine to have in progress at once."""

    def speak(self, engine: Engine, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        """The audio of ``text``, exactly as ``speak_text`` makes it."""


class LocalBackend:
    """The engines of this process, each up to its own ``concurrency``."""

    def slots(self, engine: Engine) -> int:
        return concurrency(engine)

    def speak(self, engine: Engine, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        return speak_text(engine, text, voice, options)


LOCAL: Backend = LocalBackend()


def _text_for(engine: Engine, segment: Segment) -> str:
    """Pinyin markup ({行长|hang2 zhang3}) only reaches engines that read it; others get the word."""
    return segment.speech if engine.accepts_pinyin else plain(segment.speech)


def _sound(segment: Segment, profile: VoiceProfile) -> tuple[Engine, str, str]:
    """The engine, the text it is given and the cache key of the segment's sound."""
    engine = get_engine(profile.engine)
    text = _text_for(engine, segment)
    key = cache_key(engine.id, engine.version, profile.engine_voice, profile.options, text)
    return engine, text, key


def _clip(segment: Segment, profile: VoiceProfile, cache: AudioCache, backend: Backend) -> Clip:
    engine, text, key = _sound(segment, profile)
    path = cache.get(key)
    cached = path is not None
    if path is None:
        path = cache.put(key, backend.speak(engine, text, profile.engine_voice, profile.options))
    samples, rate = wav_frames(path)
    return Clip(segment=segment, path=path, samples=samples, sample_rate=rate, cached=cached)


def synthesize_segment(segment: Segment, profile: VoiceProfile, cache: AudioCache, index: int = 0,
                       profiles: Mapping[str, VoiceProfile] | None = None,
                       backend: Backend = LOCAL) -> Clip:
    """One segment's clip, from the cache when the same speech was made before.

    When the voice fails (its engine has already retried), the profile's fallback voice speaks
    the segment and the clip carries a ``Fallback`` record saying why.
    """
    try:
        return _clip(segment, profile, cache, backend)
    except EngineError as exc:
        if not profile.fallback or profile.fallback == profile.name:
            raise
        backup = (profiles or {}).get(profile.fallback) or load_profile(profile.fallback)
        clip = _clip(replace(segment, voice=backup.name), backup, cache, backend)
        record = Fallback(index=index, article=segment.article, voice=profile.name,
                          fallback=backup.name, reason=str(exc), text=segment.text)
        return replace(clip, segment=segment, fallback=record)


def _engines(segments: list[Segment], profiles: Mapping[str, VoiceProfile]) -> dict[str, Engine]:
    ids = {profiles[s.voice].engine for s in segments}
    return {engine_id: get_engine(engine_id) for engine_id in sorted(ids)}


def _interrupt(engines: Iterable[Engine], pools: Iterable[ThreadPoolExecutor],
               backend: Backend = LOCAL) -> None:
    """Stop quickly on Ctrl-C: engines (and a cluster) abandon their waits, queued segments never start.

    Segments already speaking finish their atomic cache write, so the cache stays consistent.
    """
    getattr(backend, "cancel", lambda: None)()
    for engine in engines:
        engine.cancel()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)
    for engine in engines:
        engine.resume()


def cached_clips(segments: Iterable[Segment], profiles: Mapping[str, VoiceProfile],
                 cache: AudioCache) -> list[Clip] | None:
    """Every segment's clip when all are in the cache (nothing to speak), else None."""
    clips = []
    for segment in segments:
        path = cache.get(_sound(segment, profiles[segment.voice])[2])
        if path is None:
            return None
        samples, rate = wav_frames(path)
        clips.append(Clip(segment=segment, path=path, samples=samples, sample_rate=rate,
                          cached=True))
    return clips


def synthesize(segments: Iterable[Segment], profiles: Mapping[str, VoiceProfile],
               cache: AudioCache, on_clip: ClipCallback | None = None,
               backend: Backend = LOCAL) -> list[Clip]:
    """Clips for all segments, in order; each engine runs up to its ``concurrency`` at once."""
    return list(stream(segments, profiles, cache, on_clip, backend))


def stream(segments: Iterable[Segment], profiles: Mapping[str, VoiceProfile],
           cache: AudioCache, on_clip: ClipCallback | None = None,
           backend: Backend = LOCAL) -> Generator[Clip, None, None]:
    """Clips in programme order, each as soon as it and all before it are ready.

    Engines work in background threads (each up to the backend's slots), so whoever consumes
    the clips (the stitch stage, encoding) works while later segments are still spoken.
    """
    todo = list(segments)
    engines = _engines(todo, profiles)
    pools = {k: ThreadPoolExecutor(backend.slots(e), f"synth-{k}") for k, e in engines.items()}
    try:
        # a text said twice (a headline in the contents, then as the article's title) is spoken
        # once: its repeats are read from the cache when their turn comes, after the first
        firsts = _first_occurrences(todo, profiles)
        futures = [_submit(pools, i, s, profiles, cache, backend) if i in firsts else None
                   for i, s in enumerate(todo)]
        for index, (segment, future) in enumerate(zip(todo, futures)):
            clip = future.result() if future is not None else synthesize_segment(
                segment, profiles[segment.voice], cache, index, profiles, backend)
            if on_clip:
                on_clip(clip)
            yield clip
    except BaseException:  # including the consumer giving up (GeneratorExit)
        _interrupt(engines.values(), pools.values(), backend)
        raise
    finally:
        for pool in pools.values():
            pool.shutdown(wait=False)


def _first_occurrences(segments: list[Segment], profiles: Mapping[str, VoiceProfile]) -> set[int]:
    """Indexes of the segments whose sound (engine, voice, options, text) was not asked before."""
    seen: set[str] = set()
    firsts = set()
    for index, segment in enumerate(segments):
        key = _sound(segment, profiles[segment.voice])[2]
        if key not in seen:
            seen.add(key)
            firsts.add(index)
    return firsts


def _submit(pools: Mapping[str, ThreadPoolExecutor], index: int, segment: Segment,
            profiles: Mapping[str, VoiceProfile], cache: AudioCache,
            backend: Backend) -> Future[Any]:
    profile = profiles[segment.voice]
    return pools[profile.engine].submit(synthesize_segment, segment, profile, cache, index,
                                        profiles, backend)


def fallback_summary(fallbacks: list[Fallback], total: int, limit: int = 10) -> list[str]:
    """Lines for the run's report: how many segments a fallback voice spoke, which, and why."""
    if not fallbacks:
        return []
    lines = [f"fallback: {len(fallbacks)} of {total} segments were spoken by a fallback voice"]
    for record in fallbacks[:limit]:
        where = f"article {record.article}" if record.article is not None else "opening/closing"
        lines.append(f"  segment {record.index + 1} ({where}): {record.voice} -> "
                     f"{record.fallback}: {record.reason}")
    if len(fallbacks) > limit:
        lines.append(f"  ... and {len(fallbacks) - limit} more")
    return lines
