"""Content-addressed audio cache: a segment is synthesized once per engine, voice, options and text."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..util.atomic import write_atomic
from ..constants import ENV_CACHE_DIR
from ..errors import UsageError
from ..types import Audio


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


_WAV_HEADER = 44  # bytes before the samples in the WAV files ``put`` writes


class AudioCache:
    """WAV files under ``root/ab/abcdef….wav``, written atomically."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_cache_dir()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        """The clip for key, marked as just used (prune keeps what is used); a damaged one is dropped."""
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            frames, _ = wav_frames(path)
            if path.stat().st_size < _WAV_HEADER + 2 * frames:
                raise EOFError("truncated")
            os.utime(path)
        except (OSError, EOFError, wave.Error):
            path.unlink(missing_ok=True)  # e.g. a disk that filled up under a foreign writer
            return None
        return path

    def put(self, key: str, audio: Audio) -> Path:
        """Store audio under key; a crash mid-write leaves only a temp file behind."""
        path = self.path(key)
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(audio.sample_rate)
            out.writeframes(audio.samples.astype("<i2", copy=False).tobytes())
        write_atomic(path, buffer.getvalue())
        return path


def read_wav(path: Path) -> Audio:
    """A cached clip's samples."""
    with wave.open(str(path), "rb") as src:
        frames = src.readframes(src.getnframes())
        rate = src.getframerate()
    return Audio(np.frombuffer(frames, dtype="<i2"), rate)


def wav_frames(path: Path) -> tuple[int, int]:
    """(sample count, sample rate) without reading the samples."""
    with wave.open(str(path), "rb") as src:
        return src.getnframes(), src.getframerate()


#: A temp file older than this belongs to a run that died; a younger one may be being written.
STALE_PART_SECONDS = 3600.0
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


#: Encoded sections of editions (the stitch stage's ``SectionStore``) live under this folder.
SECTIONS_DIR = "sections"


@dataclass(frozen=True)
class CacheStats:
    """What the cache holds: clips, encoded sections, their bytes and ages, leftover temp files."""

    root: Path
    clips: int
    bytes: int
    oldest: float | None
    newest: float | None
    partial_files: int
    sections: int = 0


@dataclass(frozen=True)
class PruneResult:
    """What a prune removed."""

    clips: int
    bytes: int
    partial_files: int
    sections: int = 0


def parse_age(text: str) -> float:
    """``30d``, ``12h``, ``2w``, ``90m``, ``45s`` to seconds."""
    match = _AGE.match(text)
    if not match:
        raise UsageError(f"'{text}' is not an age: write a number and a unit, like 30d, 12h or 2w")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def _age(path: Path, clock: float) -> float:
    """Seconds since last use; 0 for a file another process just removed."""
    try:
        return clock - path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _files(root: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """(clips, encoded sections, temp files) under the cache root."""
    clips, sections, parts = [], [], []
    found = [*root.glob("*/*"), *root.glob(f"{SECTIONS_DIR}/*/*")] if root.is_dir() else []
    for path in found:
        if path.suffix == ".part":
            parts.append(path)
        elif not path.is_file():
            continue
        elif path.suffix == ".wav":
            clips.append(path)
        elif path.suffix in (".mp3", ".pcm") and path.parent.parent.name == SECTIONS_DIR:
            sections.append(path)
    return clips, sections, parts


def _companion(path: Path) -> Path:
    """The ``.json`` kept beside a section (its measures), or a clip of an older cache."""
    return path.with_suffix(".json")


def cache_stats(root: Path | None = None) -> CacheStats:
    """Count and measure the cache (``audiopaper cache stats``)."""
    cache = AudioCache(root)
    clips, sections, parts = _files(cache.root)
    stats = [p.stat() for p in clips + sections]
    times = [s.st_mtime for s in stats]
    return CacheStats(root=cache.root, clips=len(clips), bytes=sum(s.st_size for s in stats),
                      oldest=min(times, default=None), newest=max(times, default=None),
                      partial_files=len(parts), sections=len(sections))


def prune(older_than: float, root: Path | None = None, now: float | None = None) -> PruneResult:
    """Delete clips and sections not used for ``older_than`` seconds, and temp files of dead runs."""
    cache = AudioCache(root)
    clock = time.time() if now is None else now
    clips, sections, parts = _files(cache.root)
    removed = {"clips": 0, "sections": 0}
    freed = 0
    for kind, paths in (("clips", clips), ("sections", sections)):
        for path in (p for p in paths if _age(p, clock) > older_than):
            size = path.stat().st_size if path.exists() else 0
            _companion(path).unlink(missing_ok=True)  # first: a section without it is unused
            path.unlink(missing_ok=True)
            removed[kind] += 1
            freed += size
    stale = [p for p in parts if _age(p, clock) > min(older_than, STALE_PART_SECONDS)]
    for path in stale:
        path.unlink(missing_ok=True)
    return PruneResult(clips=removed["clips"], bytes=freed, partial_files=len(stale),
                       sections=removed["sections"])
