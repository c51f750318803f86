"""Joining encoded sections into the published files, byte for byte.

The edition of a profile is its sections end to end (MP3 frames join as they are; WAV gets one
header); an article file is its section alone. Where each section starts in the edition is the
sum of the decoded lengths before it, so chapters and transcripts are exact to the sample.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import constants as C
from ..util.ffmpeg import Loudness
from ..types import Chapter
from .loudness import joined_loudness
from .sections import Encoded
from .timeline import Span, chapters
from ..util.atomic import temp_path


@dataclass(frozen=True)
class Placed:
    """A section where it sits in an edition file."""

    article: int | None
    encoded: Encoded
    start: int  # the section's first decoded sample in the edition, at the profile's rate

    @property
    def stop(self) -> int:
        return self.start + self.encoded.samples

    def seconds(self, sample: int) -> float:
        """A sample of the edition at the profile's rate, in seconds rounded to the millisecond."""
        return round(sample / self.encoded.rate, 3)

    def spans(self) -> list[Span]:
        """The section's spans, in working-rate samples from the start of the edition."""
        return self._shifted(self.start + self.encoded.lead)

    def own_spans(self) -> list[Span]:
        """The section's spans, in working-rate samples from the start of its own file."""
        return self._shifted(self.encoded.lead)

    def _shifted(self, samples: int) -> list[Span]:
        """The spans moved by ``samples`` at the profile's rate (spans are at the working rate)."""
        by = round(samples * C.SAMPLE_RATE / self.encoded.rate)
        return [Span(s.start + by, s.end + by, s.stop + by, s.article, s.role, s.text)
                for s in self.encoded.spans]


def place(sections: Sequence[tuple[int | None, Encoded]]) -> list[Placed]:
    """Each section's start in the joined edition."""
    placed: list[Placed] = []
    for article, encoded in sections:
        placed.append(Placed(article, encoded, placed[-1].stop if placed else 0))
    return placed


def placed_chapters(placed: Sequence[Placed], titles: dict[int, str]) -> list[Chapter]:
    """The chapters of an edition file: one per section run, in that file's own times."""
    return chapters([(p.article, p.seconds(p.start), p.seconds(p.stop)) for p in placed], titles)


def edition_loudness(placed: Sequence[Placed]) -> Loudness:
    """The joined edition's loudness from what was measured on its sections."""
    momentary = [m for p in placed for m in p.encoded.loudness.momentary]
    return Loudness(round(joined_loudness(momentary), 1),
                    max(p.encoded.loudness.true_peak for p in placed), ())


def wav_header(data_bytes: int, rate: int, chunks: bytes = b"") -> bytes:
    """The header of a mono 16-bit PCM WAV file; ``chunks`` (e.g. ``bext``) go before ``fmt``."""
    return (b"RIFF" + struct.pack("<I", 36 + len(chunks) + data_bytes) + b"WAVE" + chunks
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
            + b"data" + struct.pack("<I", data_bytes))


def write_joined(path: Path, parts: Sequence[Encoded], container: str,
                 chunks: bytes = b"") -> None:
    """The parts end to end into ``path``'s temp file (published later, with its tags)."""
    target = temp_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        if container == "wav":
            out.write(wav_header(sum(p.path.stat().st_size for p in parts), parts[0].rate,
                                 chunks))
        for part in parts:
            with part.path.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
