"""A fake speech engine for fast stitching tests: deterministic, speech-like, at varying levels.

Each text gets its own pitch, syllable rhythm and level (from a hash of the text), so levelling,
limiting and timing are exercised as with real speech, in milliseconds instead of seconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from audiopaper.synth.engine import Engine, EngineVoice, registered
from audiopaper.types import Audio

RATE = 24_000
SECONDS_PER_CHAR = 0.04


class FakeEngine(Engine):
    """Harmonic 'voiced' sound with syllable envelopes and noisy 'consonants'."""

    id = "fake"
    version = "1"
    max_chars = 60

    def voices(self) -> list[EngineVoice]:
        return [EngineVoice("fake-a", "zh-CN")]

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        seed = int(hashlib.sha256(f"{voice}:{text}".encode()).hexdigest()[:8], 16)
        return Audio(speech_like(seed, 0.3 + SECONDS_PER_CHAR * len(text)), RATE)


def speech_like(seed: int, seconds: float) -> np.ndarray:
    """Deterministic speech-like int16 audio, somewhere between -36 and -8 dBFS RMS."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = 100 + 120 * rng.random() + 25 * np.sin(2 * np.pi * 0.6 * t)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    voiced = sum(np.sin(k * phase) / k for k in range(1, 16))
    syllables = np.sin(np.pi * 4.5 * t + rng.random()) ** 2
    noise = rng.standard_normal(len(t)) * 0.3 * np.cos(np.pi * 4.5 * t) ** 8
    edges = np.minimum(1, np.minimum(t, t[::-1]) / 0.05)
    x = (voiced * syllables + noise) * edges
    level = 10 ** ((-36 + 28 * rng.random()) / 20) * 32767
    x = x / max(np.sqrt(np.mean(x ** 2)), 1e-9) * level
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)


@contextmanager
def fake_voices(folder: Path) -> Iterator[None]:
    """Register the fake engine and point the voices search path at 'fake' and 'fake-headline'."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, voice in (("fake", "fake-a"), ("fake-headline", "fake-b")):
        (folder / f"{name}.toml").write_text(
            f'name = "{name}"\nengine = "fake"\nengine_voice = "{voice}"\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch, registered("fake", FakeEngine):
        patch.setenv("AUDIOPAPER_VOICES_DIR", str(folder))
        yield
