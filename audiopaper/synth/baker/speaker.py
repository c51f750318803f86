"""Text to PCM with one set of interpreters, in this process or in a pool of worker processes.

LiteRT interpreters cannot be shared across a fork, so each worker process (started with
'spawn') loads its own once and keeps them for every segment it is given. The front end (jieba,
pypinyin and g2pM, ~80 MB) runs once in the calling process: workers get symbol ids.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import EngineError
from ...util.lifeline import exit_with_parent
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


_worker_model: BakerModel | None = None


def _start_worker(threads: int, parent_pid: int | None = None) -> None:
    """Runs once in each worker process: load the interpreters it will reuse.

    The worker leaves on its own when the build dies without closing the pool (kill -9).
    """
    global _worker_model
    exit_with_parent(parent_pid)
    _worker_model = BakerModel.load(asset_dir(), threads)


def _speak_in_worker(clauses: list[Part], opts: dict[str, Any]) -> np.ndarray:
    assert _worker_model is not None
    return render(_worker_model, clauses, opts)


class SpeakerPool:
    """``workers`` processes with the models each; ``speak`` is safe to call from many threads."""

    def __init__(self, workers: int, threads: int) -> None:
        self.workers = workers
        self.threads = threads
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker, initargs=(self.threads, os.getpid()))
                atexit.register(self.close)  # stop the workers before the interpreter tears down
            return self._executor

    def speak(self, clauses: list[Part], opts: dict[str, Any]) -> np.ndarray:
        """PCM of clauses already read by the front end (see ``parts``)."""
        try:
            return self._pool().submit(_speak_in_worker, clauses, opts).result()
        except BrokenProcessPool as exc:
            self.close()
            raise EngineError(f"an offline voice worker process died ({exc}): check free memory, "
                              f"or set AUDIOPAPER_BAKER_WORKERS=1") from exc

    def close(self) -> None:
        """Stop the worker processes (they are started again on the next ``speak``)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
