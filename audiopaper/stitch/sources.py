"""The pieces of the programme and their samples: synthesized clips from the cache, and jingles.

Jingles may be any format a producer has (MP3, WAV, FLAC …); pydub reads them, trims their
silent edges and fades them so they never click. pydub is not used for the join itself: holding
a whole edition in one AudioSegment would need gigabytes for a long one.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import constants as C
from ..errors import MediaError
from ..util.ffmpeg import decode, ffmpeg_exe
from ..synth.cache import read_wav
from ..types import Clip

JINGLE_PAUSE = 0.8
_FADE_IN_MS = 20
_FADE_OUT_MS = 400
_SILENCE_DBFS = -50.0


@dataclass(frozen=True)
class Piece:
    """One thing to play, with the pause after it: a clip of speech or a jingle."""

    path: Path
    pause: float
    article: int | None = None
    role: str = "jingle"
    text: str = ""


def pieces(clips: Iterable[Clip], intro_jingle: Path | None = None,
           outro_jingle: Path | None = None) -> Iterator[Piece]:
    """The programme in order: optional intro jingle, the clips as they come, optional outro."""
    if intro_jingle:
        yield Piece(intro_jingle, JINGLE_PAUSE)
    for c in clips:
        yield Piece(c.path, c.segment.pause_after, c.segment.article, c.segment.role,
                    c.segment.text)
    if outro_jingle:
        yield Piece(outro_jingle, 0.0)


def samples(piece: Piece) -> np.ndarray:
    """The piece's mono samples at the working rate, as floats in int16 scale."""
    if piece.role == "jingle":
        return jingle(piece.path)
    audio = read_wav(piece.path)
    return _resample(audio.samples.astype(np.float64), audio.sample_rate)


def _resample(x: np.ndarray, rate: int) -> np.ndarray:
    if rate == C.SAMPLE_RATE or not len(x):
        return x
    count = round(len(x) * C.SAMPLE_RATE / rate)
    spectrum = np.fft.rfft(x)
    keep = min(len(spectrum), count // 2 + 1)
    return np.fft.irfft(spectrum[:keep], count) * (count / len(x))


def jingle(path: Path) -> np.ndarray:
    """A jingle file as working-rate samples, silent edges trimmed and faded (through pydub)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydub warns when ffmpeg is not on PATH, and about audioop
        from pydub import AudioSegment
        from pydub.silence import detect_leading_silence
    AudioSegment.converter = ffmpeg_exe()
    try:
        pcm = decode(path, C.SAMPLE_RATE)
    except MediaError as exc:
        raise MediaError(f"cannot read the jingle {path} ({exc}): give an audio file "
                         f"(MP3, WAV, FLAC …) in [programme]") from exc
    sound = AudioSegment(data=pcm.tobytes(), sample_width=2, frame_rate=C.SAMPLE_RATE, channels=1)
    head = detect_leading_silence(sound, _SILENCE_DBFS)
    tail = detect_leading_silence(sound.reverse(), _SILENCE_DBFS)
    sound = sound[head:len(sound) - tail].fade_in(_FADE_IN_MS).fade_out(_FADE_OUT_MS)
    return np.array(sound.get_array_of_samples(), dtype=np.float64)
