"""One pass over the programme: every piece read once, levelled once, and streamed at the same
time into each profile's edition encoder and into the current article's encoder.

Nothing but the current piece is held in memory, so a three-hour edition needs no more than a
three-minute one; each output is encoded exactly once, straight from PCM.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import constants as C
from ..media import Encoder, Loudness
from .loudness import gain_to, integrated_loudness, limit, true_peaks
from .profiles import REFERENCE_LUFS, Profile
from .sources import Piece, samples
from .timeline import Span

@dataclass(frozen=True)
class Written:
    """One encoded file: where it went and what was measured in it."""

    path: Path
    profile: str
    samples: int
    loudness: Loudness
    article: int | None = None


def part_path(path: Path) -> Path:
    """The temp name an output is encoded under until it is complete."""
    return path.with_name(f".{path.name}.part")


def publish(path: Path) -> int:
    """Move a finished temp file over the published one in one step; return its size."""
    os.replace(part_path(path), path)
    os.chmod(path, 0o644)
    return path.stat().st_size


@dataclass
class _Stream:
    """One encoder in use and how many samples went into it."""

    encoder: Encoder
    path: Path
    profile: Profile
    article: int | None = None
    samples: int = 0

    def write(self, pcm: np.ndarray) -> None:
        self.encoder.write(pcm)
        self.samples += len(pcm)

    def finish(self) -> Written:
        self.encoder.close()
        assert self.encoder.loudness is not None
        return Written(self.path, self.profile.name, self.samples, self.encoder.loudness,
                       self.article)


def _open(path: Path, profile: Profile, article: int | None = None) -> _Stream:
    path.parent.mkdir(parents=True, exist_ok=True)
    encoder = Encoder(part_path(path), C.SAMPLE_RATE, profile.output_args(),
                      measure_at=profile.sample_rate)
    return _Stream(encoder, path, profile, article)


def levelled(piece: Piece) -> np.ndarray:
    """A piece's samples brought to the reference loudness (every piece alike)."""
    pcm = samples(piece)
    return pcm * gain_to(integrated_loudness(pcm, C.SAMPLE_RATE), REFERENCE_LUFS)


def _for_profile(pcm: np.ndarray, peaks: np.ndarray, profile: Profile) -> np.ndarray:
    scaled = pcm * profile.gain
    limited = limit(scaled, C.SAMPLE_RATE, profile.ceiling, peaks * profile.gain)
    return np.clip(np.round(limited), -32768, 32767).astype(np.int16)


@dataclass
class ProgrammeWriter:
    """Writes the edition of each profile and the article files as the pieces go by."""

    profiles: Sequence[Profile]
    edition_path: Callable[[Profile], Path]
    article_path: Callable[[Profile, int], Path]
    spans: list[Span] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    _editions: list[_Stream] = field(default_factory=list)
    _articles: list[_Stream] = field(default_factory=list)

    def run(self, programme: Sequence[Piece]) -> list[Written]:
        """Stream every piece; on any failure stop all encoders and leave no partial file."""
        try:
            self._editions = [_open(self.edition_path(p), p) for p in self.profiles]
            for piece in programme:
                self._add(piece)
            self._end_article()
            self.written += [stream.finish() for stream in self._editions]
        except BaseException:
            for stream in [*self._editions, *self._articles]:
                stream.encoder.abort()
            for done in self.written:
                part_path(done.path).unlink(missing_ok=True)
            raise
        return self.written

    def _add(self, piece: Piece) -> None:
        current = self._articles[0].article if self._articles else None
        if piece.article != current:
            self._end_article()
            if piece.article is not None:
                self._articles = [_open(self.article_path(p, piece.article), p, piece.article)
                                  for p in self.profiles]
        pcm = levelled(piece)
        peaks = true_peaks(pcm)
        pause = np.zeros(round(piece.pause * C.SAMPLE_RATE), dtype=np.int16)
        for index, profile in enumerate(self.profiles):
            out = _for_profile(pcm, peaks, profile)
            targets = [self._editions[index]] + self._articles[index:index + 1]
            for stream in targets:
                stream.write(out)
                stream.write(pause)
        start = self._editions[0].samples - len(pause) - len(pcm)
        self.spans.append(Span(start, start + len(pcm), self._editions[0].samples, piece.article,
                               piece.role, piece.text))

    def _end_article(self) -> None:
        self.written += [stream.finish() for stream in self._articles]
        self._articles = []
