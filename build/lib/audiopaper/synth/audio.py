"""Small operations on engine audio shared by the synthesis stage and the engines."""

from __future__ import annotations

import numpy as np

from ..types import Audio


def join_audio(parts: list[Audio], gap: float) -> Audio:
    """Pieces of one rate joined with short silences."""
    rate = parts[0].sample_rate
    silence = np.zeros(int(gap * rate), dtype=np.int16)
    samples: list[np.ndarray] = []
    for part in parts:
        samples += [part.samples, silence]
    return Audio(np.concatenate(samples[:-1]), rate)


def silence(sample_rate: int) -> Audio:
    """No sound at all: what a segment with nothing to pronounce is spoken as."""
    return Audio(np.zeros(0, dtype=np.int16), sample_rate)
