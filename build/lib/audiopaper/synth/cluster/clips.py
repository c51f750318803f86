"""A spoken clip on its way from a worker to the coordinator: stored in Redis, checked on arrival.

Workers put the PCM under the segment's cache key with an expiry (results stay small, and a
re-sent segment whose clip is already there costs nothing); the coordinator checks what it
fetches before the cache may keep it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

from ... import constants as C
from ...errors import ClusterRefused
from ...types import Audio

_SPOKEN = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")  # text with any of these must sound
_RATES = range(8_000, 96_001)
_MAX_SECONDS_PER_CHAR = 2.0  # far slower than any voice at pace -50


def clip_key(key: str) -> str:
    return f"{C.CLUSTER_CLIP_PREFIX}{key}"


def pack(audio: Audio) -> dict[str, Any]:
    """The Redis hash fields of a clip: PCM bytes, rate and checksum."""
    pcm = audio.samples.astype("<i2", copy=False).tobytes()
    return {"pcm": pcm, "rate": audio.sample_rate, "sha256": hashlib.sha256(pcm).hexdigest()}


def unpack(fields: dict[bytes, bytes], text: str) -> Audio:
    """The clip a worker stored, or ClusterRefused when it is not what text must sound like."""
    try:
        pcm, rate = fields[b"pcm"], int(fields[b"rate"])
        digest = fields[b"sha256"].decode()
    except (KeyError, ValueError, TypeError) as exc:
        raise ClusterRefused(f"a worker sent a malformed clip ({exc!r}): upgrade that worker "
                             f"to this audiopaper version") from exc
    check(pcm, rate, digest, text)
    return Audio(np.frombuffer(pcm, dtype="<i2").copy(), rate)


def check(pcm: bytes, rate: int, digest: str, text: str) -> None:
    """Format (16-bit PCM at a real rate, intact), duration and not empty when text has words."""
    problem = ""
    if rate not in _RATES:
        problem = f"sample rate {rate} Hz"
    elif len(pcm) % 2 or hashlib.sha256(pcm).hexdigest() != digest:
        problem = "damaged audio (checksum differs)"
    elif not pcm and _SPOKEN.search(text):
        problem = "no audio for a text with words"
    elif len(pcm) / 2 / rate > _MAX_SECONDS_PER_CHAR * len(text) + 5:
        problem = f"{len(pcm) / 2 / rate:.0f} s of audio for {len(text)} characters"
    if problem:
        raise ClusterRefused(f"a worker's clip was refused: {problem} for '{text[:30]}': check "
                             f"that worker's engine (audiopaper cluster status)")
