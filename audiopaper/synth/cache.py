"""Content-addressed audio cache: a segment is synthesized once per engine, voice, options and text."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np

from ..constants import ENV_CACHE_DIR
from ..types import Audio, Boundary


def default_cache_dir() -> Path:
    """``$AUDIOPAPER_CACHE_DIR``, else ``~/.cache/audiopaper`` (kept out of the published folder)."""
    if os.environ.get(ENV_CACHE_DIR):
        return Path(os.environ[ENV_CACHE_DIR])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "audiopaper"


def cache_key(engine_id: str, engine_version: str, voice: str, options: dict[str, Any],
              speech: str) -> str:
    """Hash of everything that changes the sound of a segment."""
    payload = json.dumps([engine_id, engine_version, voice, options, speech],
                         ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AudioCache:
    """WAV files under ``root/ab/abcdef….wav``, written atomically."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_cache_dir()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        path = self.path(key)
        return path if path.is_file() else None

    def put(self, key: str, audio: Audio) -> Path:
        """Store audio under key; a crash mid-write leaves only a temp file behind.

        Boundaries go to a ``.json`` beside the WAV, written first: a WAV in the cache always
        has its boundaries with it.
        """
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        if audio.boundaries:
            _write_boundaries(boundaries_path(path), audio.boundaries)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(audio.sample_rate)
                out.writeframes(audio.samples.astype("<i2", copy=False).tobytes())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path


def boundaries_path(wav: Path) -> Path:
    """Where a cached clip's sentence boundaries are kept."""
    return wav.with_suffix(".json")


def _write_boundaries(path: Path, boundaries: tuple[Boundary, ...]) -> None:
    data = [[b.text, b.start, b.end] for b in boundaries]
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_boundaries(wav: Path) -> tuple[Boundary, ...]:
    """A cached clip's sentence boundaries (empty when its engine gave none)."""
    try:
        data = json.loads(boundaries_path(wav).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(Boundary(str(t), float(s), float(e)) for t, s, e in data)


def read_wav(path: Path) -> Audio:
    """A cached clip's samples and boundaries."""
    with wave.open(str(path), "rb") as src:
        frames = src.readframes(src.getnframes())
        rate = src.getframerate()
    return Audio(np.frombuffer(frames, dtype="<i2"), rate, read_boundaries(path))


def wav_frames(path: Path) -> tuple[int, int]:
    """(sample count, sample rate) without reading the samples."""
    with wave.open(str(path), "rb") as src:
        return src.getnframes(), src.getframerate()
