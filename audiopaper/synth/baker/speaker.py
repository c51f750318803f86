"""Text to PCM with one set of interpreters, in this process or in a pool of worker processes.

LiteRT interpreters cannot be shared across a fork, so each worker process (started with
'spawn') loads its own once and keeps them for every segment it is given. The front end (jieba,
pypinyin and g2pM, ~80 MB) runs once in the calling process: workers get symbol ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import EngineError
from .model import MAPPER_FILE, SAMPLE_RATE, BakerModel, asset_dir

if TYPE_CHECKING:  # workers never load the front end's dictionaries (jieba, pypinyin)
    from .frontend import FrontEnd

_TAIL_SECONDS = 0.05  # at most this much of an utterance's silent end is dropped
_GAP_SECONDS = 0.12  # between clauses, scaled with the pace
#: An artificial cut inside a clause: the silence the model puts at the utterance edges is cut
#: down to this much on each side, with no gap between, so the joint stays under 0.1 s.
_JOINT_EDGE_SECONDS = 0.04
#: Below this (of full scale) a sample is silence: the model's edges are exactly 0.
_SILENCE = 1e-3


#: An utterance to speak: its text (for error messages), its symbol ids and its joint to the next
#: ("clause": a breath, "cut": a short joint inside a clause, "end").
Part = tuple[str, list[int], str]


class Speaker:
    """The front end and the models together: normalized text in, int16 PCM out."""

    def __init__(self, frontend: FrontEnd, model: BakerModel) -> None:
        self.frontend = frontend
        self.model = model

    @classmethod
    def load(cls, threads: int) -> Speaker:
        from .frontend import FrontEnd, Mapper

        folder = asset_dir()
        return cls(FrontEnd(Mapper.load(folder / MAPPER_FILE)), BakerModel.load(folder, threads))

    def speak(self, text: str, opts: dict[str, Any]) -> np.ndarray:
        """PCM for text, one model call per utterance (see ``parts``)."""
        return render(self.model, parts(self.frontend, text), opts)


def parts(frontend: FrontEnd, text: str) -> list[Part]:
    """The utterances of text with their symbol ids and joints.

    The model was trained on short sentences: fed whole long ones it slurs, then babbles.
    """
    return frontend.parts(text)


def render(model: BakerModel, clauses: list[Part], opts: dict[str, Any]) -> np.ndarray:
    """PCM of the utterances: a short breath after a clause, a short joint inside one."""
    rate = SAMPLE_RATE / (1 + opts["pace"] / 100)
    gap = np.zeros(int(_GAP_SECONDS * rate), dtype=np.int16)
    pieces: list[np.ndarray] = []
    joint_before = False
    for utterance, ids, joint in clauses:
        if not ids:
            continue
        try:
            mel = model.mel(ids, speed=1 / (1 + opts["pace"] / 100),
                            f0=1 + opts["pitch"] / 100, energy=1 + opts["volume"] / 100)
            wave = model.waveform(mel)
        except RuntimeError as exc:
            raise EngineError(f"the offline voice failed on '{utterance}' ({exc}): report "
                              f"this text as a bug, or change it with the lexicon") from exc
        edge = int(_JOINT_EDGE_SECONDS * rate)
        pcm = to_pcm(wave, head=edge if joint_before else None,
                     tail=edge if joint == "cut" else None)
        pieces.append(pcm)
        if joint != "cut":
            pieces.append(gap)
        joint_before = joint == "cut"
    if pieces and pieces[-1] is gap:
        pieces.pop()
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)


def to_pcm(wave: np.ndarray, head: int | None = None, tail: int | None = None) -> np.ndarray:
    """Float waveform to int16. The model's silent end is shortened by up to ``_TAIL_SECONDS``
    (speech is never cut: only samples below ``_SILENCE``); at a joint, ``head``/``tail`` are
    the samples of silence kept before the first and after the last sound."""
    wave = np.clip(wave, -1.0, 1.0)
    loud = np.flatnonzero(np.abs(wave) > _SILENCE)
    if len(loud):
        first, last = int(loud[0]), int(loud[-1]) + 1
        keep_to = last + tail if tail is not None else \
            max(last, len(wave) - int(_TAIL_SECONDS * SAMPLE_RATE))
        keep_from = max(0, first - head) if head is not None else 0
        wave = wave[keep_from:min(len(wave), keep_to)]
    return (wave * 32767).astype(np.int16)


def load_worker_model(threads: int) -> BakerModel:
    """A voice worker's model (synth.workers keeps it for the worker's life): the interpreters
    only, never the front end's dictionaries, which stay in the build process."""
    return BakerModel.load(asset_dir(), threads)


def _start_worker(threads: int) -> None:
    """Load a worker's model in this process, as a pool worker would (tests use it)."""
    from ..workers import start_worker

    start_worker(load_worker_model, threads)
