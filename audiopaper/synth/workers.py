"""Worker processes for the offline engines: each spawned once, holding its own model for its whole
life, and leaving when the build dies (kill -9 included, see util/lifeline.py).

An engine gives a loader (threads -> model) and a task (model, *args -> PCM); both must be
top-level functions or classes, since ``spawn`` pickles them by name.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import numpy as np

from ..errors import EngineError
from ..util.lifeline import exit_with_parent

_model: Any = None


def start_worker(load: Callable[[int], Any], threads: int, parent_pid: int | None = None) -> None:
    """Runs once in each worker process: the model it keeps."""
    global _model
    exit_with_parent(parent_pid)
    _model = load(threads)


def _run(task: Callable[..., np.ndarray], *args: Any) -> np.ndarray:
    assert _model is not None
    return task(_model, *args)


class ModelPool:
    """``workers`` processes with a model each; ``speak`` is safe to call from many threads."""

    def __init__(self, workers: int, threads: int, load: Callable[[int], Any],
                 what: str, fewer: str) -> None:
        self.workers = workers
        self.threads = threads
        self.load = load
        self.what = what  # "a Kokoro worker": how the error names the process
        self.fewer = fewer  # the setting that runs fewer workers: "AUDIOPAPER_KOKORO_WORKERS=1"
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=start_worker, initargs=(self.load, self.threads, os.getpid()))
                atexit.register(self.close)  # stop the workers before the interpreter tears down
            return self._executor

    def speak(self, task: Callable[..., np.ndarray], *args: Any) -> np.ndarray:
        """``task(model, *args)`` in a worker; a dead worker is one line naming the fix."""
        try:
            return self._pool().submit(_run, task, *args).result()
        except BrokenProcessPool as exc:
            self.close()
            raise EngineError(f"{self.what} process died ({exc}): check free memory, or set "
                              f"{self.fewer}") from exc

    def close(self) -> None:
        """Stop the worker processes (they are started again on the next ``speak``)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
