"""Utterances to PCM with Kokoro, in this process or in worker processes (one model each).

On a small machine several single-thread processes beat one multi-thread process: the model's
operators are small and spend their time synchronizing threads. The front end runs once in the
calling process; workers get token ids.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import EngineError
from .model import SAMPLE_RATE, KokoroModel

#: An utterance to speak: its text (for messages), token ids, and joint to the next.
Part = tuple[str, list[int], str]
#: Below this (of full scale) a sample is silence.
_SILENCE = 2e-3
#: Silence kept before the first and after the last sound of each utterance, in seconds.
_EDGE_SECONDS = 0.03
#: The pause after an utterance, by its joint, as a share of the profile's ``pause``.
_PAUSE_SHARE = {"sentence": 1.0, "end": 1.0, "clause": 0.6, "cut": 0.15}


def render(model: KokoroModel, parts: list[Part], voice: str, opts: dict[str, Any]) -> np.ndarray:
    """PCM of the utterances, each trimmed to its sound, with the profile's pauses between."""
    speed = 1 + opts["pace"] / 100
    gain = 1 + opts["volume"] / 100
    pieces: list[np.ndarray] = []
    for index, (text, ids, joint) in enumerate(parts):
        try:
            wave = model.speak(ids, voice, speed)
        except Exception as exc:  # onnxruntime raises its own types
            raise EngineError(f"the Kokoro voice failed on '{text}' ({exc}): report this text "
                              f"as a bug, or change it with the lexicon") from exc
        pieces.append(to_pcm(trim(wave) * gain))
        if index < len(parts) - 1:
            pause = opts["pause"] * _PAUSE_SHARE.get(joint, 1.0)
            pieces.append(np.zeros(int(pause * SAMPLE_RATE), dtype=np.int16))
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)


def trim(wave: np.ndarray) -> np.ndarray:
    """The utterance without the model's silent edges (a few hundredths of a second kept)."""
    loud = np.flatnonzero(np.abs(wave) > _SILENCE)
    if not len(loud):
        return wave[:0]
    edge = int(_EDGE_SECONDS * SAMPLE_RATE)
    return wave[max(0, int(loud[0]) - edge):int(loud[-1]) + 1 + edge]


def to_pcm(wave: np.ndarray) -> np.ndarray:
    return (np.clip(wave, -1.0, 1.0) * 32767).astype(np.int16)
