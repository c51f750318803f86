"""Utterances to PCM with Kokoro, in this process or in worker processes (one model each).

On a small machine several single-thread processes beat one multi-thread process: the model's
operators are small and spend their time synchronizing threads. The front end runs once in the
calling process; workers get token ids.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import numpy as np

from ...errors import EngineError
from ...util.lifeline import exit_with_parent
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


_worker_model: KokoroModel | None = None


def _start_worker(threads: int, parent_pid: int | None = None) -> None:
    """Runs once in each worker: the model it keeps; it leaves when the build dies (kill -9)."""
    global _worker_model
    exit_with_parent(parent_pid)
    _worker_model = KokoroModel(threads)


def _speak_in_worker(parts: list[Part], voice: str, opts: dict[str, Any]) -> np.ndarray:
    assert _worker_model is not None
    return render(_worker_model, parts, voice, opts)


class KokoroPool:
    """``workers`` spawned processes with a model each; ``speak`` is safe from many threads."""

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
                atexit.register(self.close)
            return self._executor

    def speak(self, parts: list[Part], voice: str, opts: dict[str, Any]) -> np.ndarray:
        try:
            return self._pool().submit(_speak_in_worker, parts, voice, opts).result()
        except BrokenProcessPool as exc:
            self.close()
            raise EngineError(f"a Kokoro worker process died ({exc}): check free memory, or set "
                              f"AUDIOPAPER_KOKORO_WORKERS=1") from exc

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
