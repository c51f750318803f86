"""Sections: the programme cut where the article changes, each encoded once and kept.

The opening, every article and the closing are encoded as separate streams that join end to
end; an article file is its section, and the edition is all sections one after another. A
section is stored under a hash of everything that shapes its sound, so a rebuild after a
one-sentence correction encodes only the article that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .. import __version__
from ..util.atomic import write_atomic
from ..util.ffmpeg import Loudness
from .profiles import Profile
from .reuse import file_stamp
from .sources import Piece
from .timeline import Span

#: Samples before the first sound in a decoded LAME stream: the encoder's delay (576) and the
#: MP3 decoder's (529). Checked against ffmpeg in tests/test_stitch.py.
MP3_LEAD = 1105


@dataclass(frozen=True)
class Section:
    """A run of pieces of one article (or of the opening or closing, ``article`` None)."""

    article: int | None
    pieces: tuple[Piece, ...]
    lead_in: float = 0.0  # seconds of silence before the first sound


def group(pieces: Iterable[Piece], lead_in: float = 0.0) -> Iterator[Section]:
    """Sections in programme order, each yielded as soon as its last piece has arrived.

    Every section starts with ``lead_in`` seconds of silence, so a player that wakes up late
    (a car radio, Bluetooth) does not swallow the first syllable of any file. Between sections
    that silence is taken out of the pause before it, so the edition's rhythm stays the same.
    """
    run: list[Piece] = []
    for piece in pieces:
        if run and piece.article != run[0].article:
            last = run[-1]
            run[-1] = replace(last, pause=round(max(0.0, last.pause - lead_in), 6))
            yield Section(run[0].article, tuple(run), lead_in)
            run = []
        run.append(piece)
    if run:
        yield Section(run[0].article, tuple(run), lead_in)


def section_key(section: Section, profile: Profile) -> str:
    """Hash of what shapes a section's file: its clips (content-named), pauses, texts, profile."""
    payload = {
        "version": __version__,
        "profile": asdict(profile),
        "article": section.article,
        "lead_in": section.lead_in,
        "pieces": [[p.path.name if p.role != "jingle" else file_stamp(p.path), p.pause,
                    p.role, p.text] for p in section.pieces],
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Encoded:
    """One section in one profile: its stream and what was measured as it was encoded."""

    path: Path  # MP3 frames without headers, or raw 16-bit PCM for a WAV profile
    samples: int  # what a decoder gives, at ``rate``
    lead: int  # of those, the samples before the section's first sample of sound
    rate: int
    loudness: Loudness
    spans: tuple[Span, ...]  # working-rate samples from the section's first sample of sound


class SectionStore:
    """Encoded sections under ``root/ab/<key>.mp3|pcm`` with a ``.json`` of their measures."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _paths(self, key: str, profile: Profile) -> tuple[Path, Path]:
        stem = self.root / key[:2] / key
        ext = "mp3" if profile.container == "mp3" else "pcm"
        return stem.with_suffix(f".{ext}"), stem.with_suffix(".json")

    def get(self, key: str, profile: Profile) -> Encoded | None:
        """The stored section, if it is whole (its length checked against its record)."""
        audio, meta = self._paths(key, profile)
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
            if audio.stat().st_size != record["bytes"]:
                raise ValueError("size differs")
            os.utime(audio)
            os.utime(meta)
        except (OSError, ValueError, KeyError):
            return None
        loud = record["loudness"]
        return Encoded(audio, record["samples"], record["lead"], record["rate"],
                       Loudness(loud[0], loud[1], tuple(loud[2])),
                       tuple(Span(*s) for s in record["spans"]))

    def temp(self, key: str, profile: Profile) -> Path:
        """A fresh temp file to encode into, beside where the section will be kept."""
        audio, _ = self._paths(key, profile)
        audio.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=audio.parent, prefix=f".{key[:12]}.", suffix=".part")
        os.close(fd)
        return Path(name)

    def put(self, key: str, profile: Profile, temp: Path, encoded: Encoded) -> Encoded:
        """Keep an encoded temp file: the record goes last, so a record means a whole file."""
        audio, meta = self._paths(key, profile)
        os.replace(temp, audio)
        loud = encoded.loudness
        record = {"bytes": audio.stat().st_size, "samples": encoded.samples,
                  "lead": encoded.lead, "rate": encoded.rate,
                  "loudness": [loud.integrated, loud.true_peak, list(loud.momentary)],
                  "spans": [[s.start, s.end, s.stop, s.article, s.role, s.text]
                            for s in encoded.spans]}
        write_atomic(meta, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return Encoded(audio, encoded.samples, encoded.lead, encoded.rate, loud, encoded.spans)
