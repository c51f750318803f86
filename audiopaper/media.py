"""ffmpeg: found without configuration, used to decode and encode audio through pipes."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import numpy as np

from .errors import MediaError

_FIX = "run the README's install command (it installs imageio-ffmpeg), or apt-get install -y ffmpeg"


@cache
def ffmpeg_exe() -> str:
    """Path to ffmpeg: the imageio-ffmpeg wheel's binary, else one on PATH."""
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        found = shutil.which("ffmpeg")
        if found:
            return found
    raise MediaError(f"ffmpeg was not found: {_FIX}")


def run_ffmpeg(args: list[str], stdin: bytes | None = None) -> bytes:
    """Run ffmpeg quietly and return its stdout; its last error line becomes the message."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    proc = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise MediaError(f"ffmpeg failed ({tail[0]}): check the input audio and free disk space")
    return proc.stdout


def decode(path: Path, sample_rate: int) -> np.ndarray:
    """Any audio file to mono int16 PCM at ``sample_rate``."""
    raw = run_ffmpeg(["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "-"])
    return np.frombuffer(raw, dtype="<i2").copy()


def decode_bytes(data: bytes, sample_rate: int, fmt: str = "mp3") -> np.ndarray:
    """Encoded audio bytes (e.g. an engine's MP3) to mono int16 PCM."""
    raw = run_ffmpeg(["-f", fmt, "-i", "pipe:0", "-f", "s16le", "-ac", "1",
                      "-ar", str(sample_rate), "-"], stdin=data)
    return np.frombuffer(raw, dtype="<i2").copy()


class Encoder:
    """An ffmpeg process that takes PCM chunks on stdin and writes one encoded file.

    Streaming keeps memory flat however long the edition is.
    """

    def __init__(self, path: Path, sample_rate: int, out_args: list[str]) -> None:
        self.path = path
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
               "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "-i", "pipe:0",
               *out_args, str(path)]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)

    def write(self, pcm: np.ndarray) -> None:
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(pcm.astype("<i2", copy=False).tobytes())
        except BrokenPipeError as exc:
            self._fail(exc)

    def close(self) -> None:
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        if self._proc.wait() != 0:
            self._fail(None)

    def _fail(self, exc: Exception | None) -> None:
        self._proc.kill()
        self._proc.wait()
        err = self._proc.stderr.read().decode("utf-8", "replace").strip() if self._proc.stderr else ""
        last = err.splitlines()[-1] if err else str(exc or "unknown error")
        raise MediaError(f"encoding {self.path.name} failed ({last}): check free disk space")

    def __enter__(self) -> Encoder:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self._proc.kill()
            self._proc.wait()


def mp3_args(sample_rate: int, bitrate: str) -> list[str]:
    """ffmpeg output options for a mono MP3 with no metadata of ffmpeg's own."""
    return ["-ar", str(sample_rate), "-ac", "1", "-c:a", "libmp3lame", "-b:a", bitrate,
            "-map_metadata", "-1", "-write_xing", "1", "-f", "mp3"]
