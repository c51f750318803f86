"""One request to the service through the real edge-tts client, and a check of what came back.

The service can close a connection before ``turn.end`` and the client reports nothing: the only
evidence is audio that is shorter than its own sentence boundaries, or than its text needs.
"""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass
from typing import Any

import aiohttp
import edge_tts
from edge_tts.exceptions import EdgeTTSException

from ...errors import EngineError, MediaError

#: The service always sends audio-24khz-48kbitrate-mono-mp3: 6,000 bytes per second.
MP3_BYTES_PER_SECOND = 6000
SAMPLE_RATE = 24_000
_TICKS = 10_000_000
#: Faster than any voice reads Chinese at pace +0 (news readers: 4–6 characters a second).
_MAX_CHARS_PER_SECOND = 9.0
_BOUNDARY_SLACK = 0.3  # seconds of audio that may be missing after the last boundary's end
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z0-9]")


class BadAudio(EngineError):
    """Raised when the service's audio is empty or shorter than its text (cut off)."""


@dataclass(frozen=True)
class Boundary:
    """Where the service says a sentence ends in its audio: how a cut stream is recognised."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Received:
    """What one request brought back: MP3 bytes and the sentence boundaries."""

    mp3: bytes
    boundaries: tuple[Boundary, ...]

    @property
    def seconds(self) -> float:
        return len(self.mp3) / MP3_BYTES_PER_SECOND


@dataclass(frozen=True)
class Prosody:
    """How the voice speaks, in the units the service takes."""

    rate: str = "+0%"
    pitch: str = "+0Hz"
    volume: str = "+0%"

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> Prosody:
        return cls(rate=f"{int(options['pace']):+d}%", pitch=f"{int(options['pitch']):+d}Hz",
                   volume=f"{int(options['volume']):+d}%")

    @property
    def speed(self) -> float:
        return 1 + int(self.rate[:-1]) / 100


async def fetch(text: str, voice: str, prosody: Prosody, connect_timeout: float) -> Received:
    """Stream one text; the caller bounds the whole call in time (the client does not)."""
    seconds = max(1, math.ceil(connect_timeout))
    talk = edge_tts.Communicate(text, voice, rate=prosody.rate, pitch=prosody.pitch,
                                volume=prosody.volume, boundary="SentenceBoundary",
                                connect_timeout=seconds, receive_timeout=seconds)
    mp3 = bytearray()
    marks: list[Boundary] = []
    async for chunk in talk.stream():
        if chunk["type"] == "audio":
            mp3 += chunk["data"]
        elif chunk["type"] == "SentenceBoundary":
            start = chunk["offset"] / _TICKS
            marks.append(Boundary(chunk["text"], start, start + chunk["duration"] / _TICKS))
    return Received(bytes(mp3), tuple(marks))


def spoken_length(text: str) -> float:
    """Roughly how many syllables the text has: one per Han character, a third per letter."""
    return len(_HAN.findall(text)) + len(_LATIN.findall(text)) / 3


def speakable(text: str) -> bool:
    """Whether there is anything to pronounce (the service sends no audio for bare punctuation)."""
    return spoken_length(text) > 0


def check_audio(got: Received, text: str, speed: float) -> None:
    """Raise ``BadAudio`` when the audio is empty, cut before its last boundary, or too short."""
    if not got.mp3:
        raise BadAudio("the service sent no audio")
    if got.boundaries and got.seconds + _BOUNDARY_SLACK < got.boundaries[-1].end:
        raise BadAudio(f"audio cut off at {got.seconds:.1f} s, before its last sentence ends "
                       f"at {got.boundaries[-1].end:.1f} s")
    needed = spoken_length(text) / (_MAX_CHARS_PER_SECOND * speed)
    if got.seconds < needed:
        raise BadAudio(f"{got.seconds:.1f} s of audio is too short for {len(text)} characters "
                       f"(at least {needed:.1f} s)")


#: Everything a request can fail with that another attempt may cure.
RETRYABLE: tuple[type[BaseException], ...] = (aiohttp.ClientError, EdgeTTSException, OSError,
                                               asyncio.TimeoutError, BadAudio, MediaError)


def describe(exc: BaseException, timeout: float) -> str:
    """A short reason for a failed request, for messages and the run report."""
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"HTTP {exc.status} from the service"
    if isinstance(exc, asyncio.TimeoutError):
        return f"no answer within {timeout:.0f} s"
    if isinstance(exc, aiohttp.ClientConnectionError | OSError):
        return f"cannot connect ({exc.__class__.__name__})"
    if isinstance(exc, EdgeTTSException):
        return f"{exc.__class__.__name__}: {exc}"
    return str(exc)


def retry_after(exc: BaseException) -> float:
    """Seconds the service asked us to wait (429/503 ``Retry-After``), else 0."""
    headers = getattr(exc, "headers", None)
    value = headers.get("Retry-After", "") if headers else ""
    try:
        return max(0.0, float(value))
    except ValueError:
        return 0.0
