"""Microsoft's online neural voices through edge-tts, hardened for unattended nightly runs.

Every request is bounded in time, checked against its text and retried with backoff and
jitter; a circuit breaker stops calling a dead service; what still fails raises ``EngineError``
so the synthesis stage hands the segment to the profile's fallback voice.
"""

from __future__ import annotations

import asyncio
import os
import random
import threading
import time
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import edge_tts

from ... import constants as C
from ...errors import ConfigError, EngineError, EngineUnavailable, Interrupted, MediaError
from ...util.ffmpeg import decode_bytes
from ...types import Audio
from ..audio import silence
from ..engine import Engine, EngineVoice, Option
from . import catalog
from .request import (RETRYABLE, SAMPLE_RATE, Prosody, Received, check_audio, describe, fetch,
                      retry_after, speakable)
from .resilience import CircuitBreaker, RetryPolicy

T = TypeVar("T")
#: What a profile may set: pace and volume in percent, pitch in Hz; the service takes integers.
OPTIONS = {"pace": Option(0, -50, 100, whole=True), "pitch": Option(0, -50, 50, "Hz", whole=True),
           "volume": Option(0, -50, 50, whole=True)}
_PROBE_ERRORS: tuple[type[BaseException], ...] = (*RETRYABLE, ValueError)  # not JSON


def _concurrency_from_env() -> int:
    raw = os.environ.get(C.ENV_EDGE_CONCURRENCY, "").strip()
    if not raw:
        return C.EDGE_CONCURRENCY
    if not raw.isdigit() or not 1 <= int(raw) <= 16:
        raise ConfigError(f"{C.ENV_EDGE_CONCURRENCY}={raw!r} must be a whole number from 1 to 16 "
                          f"(the service calls more than that spam): fix the variable")
    return int(raw)


@dataclass(frozen=True)
class EdgeSettings:
    """Where the service is and how hard to try; read from the environment by default."""

    endpoint: str = field(default_factory=catalog.endpoint_from_env)
    concurrency: int = field(default_factory=_concurrency_from_env)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker_failures: int = C.EDGE_BREAKER_FAILURES
    breaker_cooldown: float = C.EDGE_BREAKER_COOLDOWN
    probe_timeout: float = C.EDGE_PROBE_TIMEOUT
    seed: int | None = None


class EdgeEngine(Engine):
    """Speaks through the edge-tts service; raises ``EngineError`` only after every retry."""

    id = C.EDGE_ENGINE
    #: Cache key part: our request and decoding format, not the client's version (a bump of the
    #: edge-tts pin, often needed when the service changes its checks, keeps the cache).
    version = "mp3-24k-1"
    max_chars = C.MAX_SEGMENT_CHARS
    online = True
    options = OPTIONS

    def __init__(self, settings: EdgeSettings | None = None) -> None:
        self.settings = settings or EdgeSettings()
        self.concurrency = self.settings.concurrency
        self.breaker = CircuitBreaker(self.settings.breaker_failures, self.settings.breaker_cooldown)
        self._rng = random.Random(self.settings.seed)
        self._stop = threading.Event()
        self._probe_lock = threading.Lock()
        self._probe: tuple[list[EngineVoice], str] | None = None

    # -- the Engine interface ------------------------------------------------------------

    def voices(self) -> list[EngineVoice]:
        """The service's Chinese voices when it answered the check, else the known list."""
        live = self._probe[0] if self._probe else []
        return live or list(catalog.CHINESE_VOICES)

    def check(self) -> None:
        """Ask the service for its voice list, once per run and briefly."""
        with self._probe_lock:
            if self._probe is None:
                self._probe = self._run_probe()
        if self._probe[1]:
            raise EngineUnavailable(self._probe[1])

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        """PCM for ``text`` (at most ``max_chars``: the synthesis stage cut it to fit)."""
        prosody = Prosody.from_options(self.validate_options(options))
        return self._run(self._speak(text, voice, prosody))

    # -- Ctrl-C ------------------------------------------------------------------------------

    def cancel(self) -> None:
        """Make every waiting request give up now (the synthesis stage calls this on Ctrl-C)."""
        self._stop.set()

    def resume(self) -> None:
        self._stop.clear()

    # -- one segment ---------------------------------------------------------------------

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        catalog.use_endpoint(self.settings.endpoint)
        return asyncio.run(coro)

    async def _speak(self, text: str, voice: str, prosody: Prosody) -> Audio:
        """Attempts until one passes the check, within the attempt count and the deadline."""
        if not speakable(text):
            return silence(SAMPLE_RATE)
        policy = self.settings.retry
        deadline = time.monotonic() + policy.deadline
        reason = "no attempt fitted in the deadline"
        for attempt in range(1, policy.attempts + 1):
            self.breaker.before_call()
            timeout = min(policy.request_timeout(text), deadline - time.monotonic())
            if timeout <= 0:
                break
            try:
                return await self._attempt(text, voice, prosody, timeout)
            except RETRYABLE as exc:
                reason = describe(exc, timeout)
                self.breaker.failure(reason)
                wait = policy.delay(attempt, self._rng, retry_after(exc))
                if attempt < policy.attempts and time.monotonic() + wait < deadline:
                    await self._sleep(wait)
        raise EngineError(f"edge-tts could not speak '{text[:16]}…' with {voice} ({reason}, "
                          f"{policy.attempts} attempts): the fallback voice is used; if this "
                          f"repeats, check the network or bump the edge-tts pin")

    async def _attempt(self, text: str, voice: str, prosody: Prosody, timeout: float) -> Audio:
        got = await self._bounded(fetch(text, voice, prosody, timeout), timeout)
        check_audio(got, text, prosody.speed)
        audio = self._decode(got)
        self.breaker.success()
        return audio

    @staticmethod
    def _decode(got: Received) -> Audio:
        """MP3 to PCM once, before caching; a broken stream is as bad as a cut one."""
        samples = decode_bytes(got.mp3, SAMPLE_RATE)
        if len(samples) < SAMPLE_RATE * got.seconds / 2:
            raise MediaError(f"the service's MP3 decoded to {len(samples)} samples only: retry")
        return Audio(samples, SAMPLE_RATE)

    async def _bounded(self, coro: Coroutine[Any, Any, T], timeout: float) -> T:
        """``asyncio.wait_for`` that also gives up at once when the run is interrupted."""
        task = asyncio.ensure_future(asyncio.wait_for(coro, timeout))
        while not task.done():
            await asyncio.wait({task}, timeout=0.1)
            if self._stop.is_set() and not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                raise Interrupted("stopped while waiting on edge-tts: rerun the command; "
                                  "finished segments are cached")
        return task.result()

    async def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self._stop.is_set():
                raise Interrupted("stopped while waiting to retry edge-tts: rerun the command; "
                                  "finished segments are cached")
            await asyncio.sleep(min(0.1, end - time.monotonic()))

    # -- the availability check ----------------------------------------------------------

    def _run_probe(self) -> tuple[list[EngineVoice], str]:
        """(Chinese voices, "") when the service lists its voices in time, else ([], why not)."""
        where = catalog.describe_endpoint(self.settings.endpoint)
        timeout = self.settings.probe_timeout
        try:
            listing = self._run(asyncio.wait_for(edge_tts.list_voices(), timeout))
        except _PROBE_ERRORS as exc:
            return [], (f"the edge-tts service at {where} does not answer "
                        f"({describe(exc, timeout)}): check the network or "
                        f"{C.ENV_EDGE_URL}, or use --engine baker")
        return catalog.chinese_voices([dict(v) for v in listing]), ""


def create() -> EdgeEngine:
    """Entry point: the engine registry calls this."""
    return EdgeEngine()
