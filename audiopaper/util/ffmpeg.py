"""ffmpeg: found without configuration, used to decode and encode audio through pipes."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..errors import MediaError

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


@dataclass(frozen=True)
class Loudness:
    """What ffmpeg's ebur128 filter measured on an output as it was encoded."""

    integrated: float
    true_peak: float
    #: Momentary loudness (LUFS) of each 400 ms block, every 100 ms: lets the loudness of a
    #: file made by joining measured parts be gated as BS.1770 gates one long measurement.
    momentary: tuple[float, ...] = ()


class Encoder:
    """An ffmpeg process that takes PCM chunks on stdin and writes one encoded file.

    Streaming keeps memory flat however long the edition is. With ``measure_at`` the same
    process resamples to that rate and measures loudness and true peak (EBU R128) on the way.
    """

    def __init__(self, path: Path, sample_rate: int, out_args: list[str],
                 measure_at: int | None = None) -> None:
        self.path = path
        self.loudness: Loudness | None = None
        self._measure = measure_at is not None
        level = "info" if self._measure else "error"
        graph = ["-af", f"aresample={measure_at},ebur128=peak=true:framelog=info"] \
            if self._measure else []
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", level, "-y",
               "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "-i", "pipe:0",
               *graph, *out_args, str(path)]
        self._log = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=self._log)

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
        if self._measure:
            self.loudness = _parse_ebur128(self._read_log(), self.path)
        self._log.close()

    def _read_log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def _fail(self, exc: Exception | None) -> None:
        self._proc.kill()
        self._proc.wait()
        err = self._read_log().strip()
        self._log.close()
        last = err.splitlines()[-1] if err else str(exc or "unknown error")
        raise MediaError(f"encoding {self.path.name} failed ({last}): check free disk space")

    def abort(self) -> None:
        """Stop the process and drop its partial file (used when the build fails midway)."""
        self._proc.kill()
        self._proc.wait()
        self._log.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Encoder:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


_MOMENTARY = re.compile(r"\bt:\s*([\d.]+)\s+TARGET:\S+ LUFS\s+M:\s*(-?[\d.]+|-inf)")


def _parse_ebur128(log: str, path: Path) -> Loudness:
    integrated = re.findall(r"I:\s+(-?[\d.]+|-inf) LUFS", log)
    peak = re.findall(r"Peak:\s+(-?[\d.]+|-inf) dBFS", log)
    if not integrated or not peak:
        raise MediaError(f"ffmpeg did not report the loudness of {path.name}: use an ffmpeg with "
                         f"the ebur128 filter ({_FIX})")
    # the first blocks are not whole 400 ms yet (ebur128 prints -120.7 for them)
    momentary = tuple(float(m) for t, m in _MOMENTARY.findall(log) if float(t) >= 0.39)
    return Loudness(float(integrated[-1]), float(peak[-1]), momentary)


def measure_loudness(path: Path) -> Loudness:
    """Integrated loudness and true peak of an audio file (ffmpeg's ebur128, as stations use)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-i", str(path), "-map", "0:a",
           "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"]
    proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode != 0:
        raise MediaError(f"ffmpeg cannot read {path.name}: check that it is an audio file")
    return _parse_ebur128(proc.stderr.decode("utf-8", "replace"), path)


def mp3_args(sample_rate: int, bitrate: str, frames_only: bool = False) -> list[str]:
    """ffmpeg output options for a mono CBR MP3 with no metadata of ffmpeg's own.

    ``frames_only`` leaves out the ID3 and Xing headers: such streams can be joined end to end.
    """
    headers = ["-write_xing", "0", "-id3v2_version", "0"] if frames_only else ["-write_xing", "1"]
    return ["-ar", str(sample_rate), "-ac", "1", "-c:a", "libmp3lame", "-b:a", bitrate,
            "-map_metadata", "-1", *headers, "-f", "mp3"]


def wav_args(sample_rate: int) -> list[str]:
    """ffmpeg output options for a mono 16-bit WAV (broadcast delivery)."""
    return ["-ar", str(sample_rate), "-ac", "1", "-c:a", "pcm_s16le", "-map_metadata", "-1",
            "-f", "wav"]


def pcm_args(sample_rate: int) -> list[str]:
    """ffmpeg output options for headerless mono 16-bit PCM (parts of a WAV joined later)."""
    return ["-ar", str(sample_rate), "-ac", "1", "-c:a", "pcm_s16le", "-map_metadata", "-1",
            "-f", "s16le"]
