"""A fast, deterministic stand-in speech engine for fault-injection tests.

Registered without packaging through ``AUDIOPAPER_ENGINES=fake=fake_engine:create`` (with this
folder on ``PYTHONPATH``), and used by the ``fake`` voice profile that ``fake_voices`` writes.
Knobs, all environment variables so a CLI subprocess obeys them too:
``FAKE_ENGINE_DELAY`` seconds per call (gives a kill a window), ``FAKE_ENGINE_LOG`` a file that
gets one line per synthesized text (proves what a resumed run re-synthesized), and
``FAKE_ENGINE_FAIL`` a substring whose segments raise ``EngineError``, and
``FAKE_ENGINE_SECONDS_PER_CHAR`` how long the tone lasts per character (default 0.02), and
``FAKE_ENGINE_VERSION`` the engine version it reports (default 1: a cluster worker of another
version), and ``FAKE_ENGINE_GATE`` a file every call waits for (a build holds its lock, however
slow the machine, until the test creates it).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from audiopaper.errors import EngineError
from audiopaper.synth.engine import Engine, EngineVoice
from audiopaper.types import Audio

RATE = 24_000
SECONDS_PER_CHAR = 0.02

PROFILE = """name = "fake"
engine = "fake"
engine_voice = "tone"
description = "test tone"
"""


class FakeEngine(Engine):
    """A tone per text: pitch from the text's hash, length from its characters."""

    id = "fake"
    version = "1"
    max_chars = 60

    def voices(self) -> list[EngineVoice]:
        return [EngineVoice("tone", "zh-CN", description="test tone")]

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        failing = os.environ.get("FAKE_ENGINE_FAIL")
        if failing and failing in text:
            raise EngineError(f"fake engine refused '{text[:20]}': unset FAKE_ENGINE_FAIL")
        time.sleep(float(os.environ.get("FAKE_ENGINE_DELAY", "0")))
        gate = os.environ.get("FAKE_ENGINE_GATE")
        while gate and not Path(gate).exists():
            time.sleep(0.01)
        if os.environ.get("FAKE_ENGINE_LOG"):
            with Path(os.environ["FAKE_ENGINE_LOG"]).open("a", encoding="utf-8") as log:
                log.write(text.replace("\n", " ") + "\n")
        return Audio(tone(text), RATE)


def tone(text: str) -> np.ndarray:
    """A deterministic int16 tone for ``text``."""
    pitch = 200 + int(hashlib.sha256(text.encode()).hexdigest()[:4], 16) % 400
    per_char = float(os.environ.get("FAKE_ENGINE_SECONDS_PER_CHAR", SECONDS_PER_CHAR))
    samples = max(1, int(len(text) * per_char * RATE))
    t = np.arange(samples) / RATE
    return (np.sin(2 * np.pi * pitch * t) * 8000).astype(np.int16)


def create() -> FakeEngine:
    engine = FakeEngine()
    engine.version = os.environ.get("FAKE_ENGINE_VERSION", FakeEngine.version)
    return engine
