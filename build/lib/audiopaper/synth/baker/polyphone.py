"""g2pM's polyphone model (Park & Lee 2020, Apache-2.0): which reading a character takes here.

The ``g2pM`` wheel ships a one-layer bidirectional LSTM over characters (64-d embeddings, 2×32
hidden units) and its weights; this module loads those weights and runs the same network with
numpy, with two changes that make it a better part of a front end: the choice is made only among
the character's own readings (the wheel takes the best of all 876 classes), and the probability
of each reading is returned, so the front end can weigh it against the phrase dictionary.
Arithmetic is float64 on one sentence at a time, so a sentence gets the same readings in every
process and whatever else is read with it.
"""

from __future__ import annotations

import importlib.util
import pickle
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from ...errors import EngineUnavailable

_BOS, _EOS, _UNK = "시", "끝", "<UNK>"  # g2pM's own start, end and unknown tokens


def _folder() -> Path:
    spec = importlib.util.find_spec("g2pM")
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable("the polyphone model is not installed: .venv/bin/pip install g2pM")
    return Path(list(spec.submodule_search_locations)[0])


def _load(name: str) -> object:
    with open(_folder() / name, "rb") as handle:  # the wheel's own files, not user data
        return pickle.load(handle)  # noqa: S301


@dataclass(frozen=True)
class Guess:
    """The model's readings of one character, most probable first (toned, ü as v)."""

    char: str
    readings: tuple[tuple[str, float], ...]

    @property
    def best(self) -> str:
        return self.readings[0][0]

    @property
    def confidence(self) -> float:
        return self.readings[0][1]


class PolyphoneModel:
    """The network and its tables; ``guess`` reads the polyphones of one sentence."""

    def __init__(self) -> None:
        self.chars: dict[str, int] = _load("char2idx.pkl")  # type: ignore[assignment]
        classes: dict[str, int] = _load("class2idx.pkl")  # type: ignore[assignment]
        cedict: dict[str, list[str]] = _load("digest_cedict.pkl")  # type: ignore[assignment]
        self.classes = classes
        self.candidates = {ch: [p for p in prons if p in classes]
                           for ch, prons in cedict.items() if len(prons) > 1}
        weights: dict[str, np.ndarray] = _load("np_ckpt.pkl")  # type: ignore[assignment]
        self.w = {k: v.astype(np.float64) for k, v in weights.items()}

    def is_polyphone(self, char: str) -> bool:
        return len(self.candidates.get(char, ())) > 1

    def guess(self, sentence: str, positions: list[int]) -> list[Guess]:
        """The readings of ``sentence[i]`` for each ``i`` in positions, in its context."""
        if not positions:
            return []
        hidden = self._hidden(sentence)[[i + 1 for i in positions]]
        layer = np.maximum(_product(hidden, self.w["logit_layer.0.weight"].T)
                           + self.w["logit_layer.0.bias"], 0)
        logits = _product(layer, self.w["logit_layer.2.weight"].T) + self.w["logit_layer.2.bias"]
        return [self._readings(sentence[i], row) for i, row in zip(positions, logits)]

    def _readings(self, char: str, logits: np.ndarray) -> Guess:
        names = self.candidates[char]
        scores = np.array([logits[self.classes[n]] for n in names])
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        order = sorted(range(len(names)), key=lambda k: (-probs[k], k))
        return Guess(char, tuple((names[k].replace("u:", "v"), float(probs[k])) for k in order))

    def _hidden(self, sentence: str) -> np.ndarray:
        """Both directions' hidden states per character, with the start and end tokens [n, 64].

        The two directions step together (one block-diagonal product per character); the weights
        are pre-negated and the cell input's doubled, so one exp gives every gate's sigmoid
        (tanh(x) = 2 sigmoid(2x) - 1).
        """
        unk = self.chars[_UNK]
        ids = [self.chars[_BOS], *(self.chars.get(c, unk) for c in sentence), self.chars[_EOS]]
        emb = self.w["embedding.weight"]
        fw_in, bw_in, w_hh = self._prepared
        inputs = np.concatenate([_product(emb[ids], fw_in[0]) + fw_in[1],
                                 _product(emb[ids[::-1]], bw_in[0]) + bw_in[1]], axis=1)
        size = self._size
        h = np.zeros(2 * size)
        c = np.zeros((2, size))
        out = np.empty((len(ids), 2 * size))
        for t in range(len(ids)):
            gate = inputs[t] + h @ w_hh
            np.exp(gate, out=gate)
            gate += 1.0
            np.reciprocal(gate, out=gate)
            i, f, g, o = gate.reshape(2, 4, size).transpose(1, 0, 2)
            c = f * c + i * (2.0 * g - 1.0)
            h = (o * np.tanh(c)).reshape(-1)
            out[t] = h
        return np.concatenate([out[:, :size], out[::-1, size:]], axis=1)

    @cached_property
    def _prepared(self) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray],
                                 np.ndarray]:
        """Input weights and biases per direction, and the recurrent block matrix, scaled by
        -1 (so exp gives the sigmoid's denominator) and by 2 for the cell input."""
        size = self._size
        scale = -np.ones(4 * size)
        scale[2 * size:3 * size] = -2.0
        directions = []
        for d in ("", "_reverse"):
            bias = self.w[f"lstm.bias_ih_l0{d}"] + self.w[f"lstm.bias_hh_l0{d}"]
            directions.append((self.w[f"lstm.weight_ih_l0{d}"].T * scale, bias * scale))
        block = np.zeros((2 * size, 8 * size))
        block[:size, :4 * size] = self.w["lstm.weight_hh_l0"].T * scale
        block[size:, 4 * size:] = self.w["lstm.weight_hh_l0_reverse"].T * scale
        return directions[0], directions[1], block

    @cached_property
    def _size(self) -> int:
        return int(self.w["lstm.weight_hh_l0"].shape[1])


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` without BLAS: OpenBLAS would start threads for these sizes, whose busy-waiting
    after each call made every later small step ~7 times slower and took CPU from the voice."""
    return np.einsum("ij,jk->ik", a, b)


@cache
def model() -> PolyphoneModel:
    """The one model of this process (1.7 MB of weights, loaded on first use)."""
    return PolyphoneModel()
