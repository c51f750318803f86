"""Kokoro-82M v1.0: an offline Mandarin voice whose weights (Apache-2.0) allow selling the audio.

Its words are the project's own reading (``frontend``: the pinyin `audiopaper pinyin` prints, in
Kokoro's symbols), so the lexicon, the polyphone rules and the sandhi apply to it as to the
other offline voice. Speech runs in worker processes, one single-thread model each.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from ... import constants as C
from ...errors import EngineError
from ...types import Audio
from ..baker import front_end_version
from ..engine import Engine, EngineVoice, Option
from . import frontend, model
from .model import MODEL_SHA256, SAMPLE_RATE, KokoroModel
from ..workers import ModelPool
from .speaker import Part, render

ENGINE_ID = C.KOKORO_ENGINE
ENV_WORKERS = "AUDIOPAPER_KOKORO_WORKERS"
ENV_THREADS = "AUDIOPAPER_KOKORO_THREADS"
#: ``pace``: percent of the model's speed (its 1.0 reads ~300 characters a minute); ``pause``:
#: seconds after a sentence (a share of it after a clause). The defaults are the profiles': -12 and
#: 1.0 s read ~255 characters a minute and were heard as well as faster settings (docs/voices.md).
OPTIONS = {"pace": Option(-12.0, -30.0, 50.0), "volume": Option(0.0, -50.0, 50.0),
           "pause": Option(1.0, 0.0, 3.0, unit="seconds")}
#: Bumped when this package's code changes what is said or how utterances are joined.
_CODE = "k1"
_MAX_DEFAULT_WORKERS = 4


def kokoro_version() -> str:
    """Model, voice files, symbol table, grouping and the shared front end: a change to any
    makes new clips (the voice files' hashes are those ``voices.tsv`` requires)."""
    digest = hashlib.sha256(_CODE.encode())
    for path in (frontend.TABLE_FILE, model.VOICES_FILE):
        digest.update(path.read_bytes())
    digest.update(f"{frontend.CLAUSE_CHARS}/{frontend.UTTERANCE_CHARS}".encode())
    return f"kokoro-v1.0-int8-{MODEL_SHA256[:8]}+{digest.hexdigest()[:10]}+{front_end_version()}"


class KokoroEngine(Engine):
    """Speaks normalized Mandarin with Kokoro's Mandarin voices; no network needed."""

    id = ENGINE_ID
    version = kokoro_version()
    #: A segment is read whole (polyphones in their sentence), then grouped into utterances that
    #: fit the model's input: the synthesis stage's cut only has to keep segments reasonable.
    max_chars = 200
    accepts_pinyin = True
    options = OPTIONS

    def __init__(self, threads: int | None = None, workers: int | None = None) -> None:
        self.threads = threads or int(os.environ.get(ENV_THREADS, "1"))
        self.workers = workers or int(os.environ.get(ENV_WORKERS, "0")) or \
            min(len(os.sched_getaffinity(0)), _MAX_DEFAULT_WORKERS)
        self.concurrency = self.workers
        self._lock = threading.Lock()
        self._pool = (ModelPool(self.workers, self.threads, KokoroModel, "a Kokoro worker",
                                "AUDIOPAPER_KOKORO_WORKERS=1") if self.workers > 1 else None)
        self._checked: set[str] = set()
        #: CPU seconds spent reading text in this process (benchmarks report it).
        self.frontend_seconds = 0.0

    def voices(self) -> list[EngineVoice]:
        return [EngineVoice(v.id, "zh-CN", v.gender, v.description)
                for v in model.voice_table().values()]

    def check(self) -> None:
        model.check_installed()

    def _verify(self, voice: str) -> None:
        """Once per process and voice: the files match their hashes (before any worker starts,
        so a damaged install is one line, not a dead worker)."""
        with self._lock:
            if "model" not in self._checked:
                model.check_installed()
                model.model_bytes()
                self._checked.add("model")
            if voice not in self._checked:
                model.load_voice(voice)
                self._checked.add(voice)

    @cached_property
    def _model(self) -> KokoroModel:
        return KokoroModel(self.threads)

    def parts(self, text: str) -> list[Part]:
        """The utterances of ``text`` with their token ids (see ``frontend.utterances``)."""
        start = time.thread_time()
        vocab = model.vocab()
        out = [(u.text, frontend.tokens(u.phonemes, vocab), u.joint)
               for u in frontend.utterances(text, vocab)]
        self.frontend_seconds += time.thread_time() - start
        return [p for p in out if p[1]]

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        """Safe to call from several threads at once: up to ``concurrency`` run in parallel."""
        if voice not in model.voice_table():
            raise EngineError(f"the kokoro engine has no voice '{voice}': use engine_voice = one "
                              f"of {', '.join(model.voice_table())} in the voice profile")
        opts = self.validate_options(options)
        self._verify(voice)
        parts = self.parts(text)
        if self._pool is not None:
            return Audio(self._pool.speak(render, parts, voice, opts), SAMPLE_RATE)
        with self._lock:
            return Audio(render(self._model, parts, voice, opts), SAMPLE_RATE)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()


def create() -> KokoroEngine:
    """Entry point: the engine registry calls this."""
    return KokoroEngine()


__all__ = ["ENGINE_ID", "KokoroEngine", "create", "kokoro_version"]
