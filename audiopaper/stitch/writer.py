"""Encoding a section: every piece read once, levelled once, and streamed at the same time into
one encoder per profile.

Nothing but the current piece is held in memory, so a three-hour edition needs no more than a
three-minute one. Each section is encoded exactly once, straight from PCM; the published files
are sections joined end to end (see ``join``), never decoded or encoded again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import constants as C
from ..util.ffmpeg import Encoder
from .loudness import gain_to, integrated_loudness, limit, true_peaks
from .mp3frames import decoded_samples
from .profiles import REFERENCE_LUFS, Profile
from .sections import MP3_LEAD, Encoded, Section, SectionStore, section_key
from .sources import Piece, samples
from .timeline import Span


def levelled(piece: Piece) -> np.ndarray:
    """A piece's samples brought to the reference loudness (every piece alike)."""
    pcm = samples(piece)
    return pcm * gain_to(integrated_loudness(pcm, C.SAMPLE_RATE), REFERENCE_LUFS)


def _for_profile(pcm: np.ndarray, peaks: np.ndarray, profile: Profile) -> np.ndarray:
    scaled = pcm * profile.gain
    limited = limit(scaled, C.SAMPLE_RATE, profile.ceiling, peaks * profile.gain)
    return np.clip(np.round(limited), -32768, 32767).astype(np.int16)


def encode_section(section: Section, profiles: Sequence[Profile],
                   store: SectionStore) -> list[Encoded]:
    """The section in every profile: from the store when it was encoded before, else encoded now."""
    keys = [section_key(section, p) for p in profiles]
    found = [store.get(k, p) for k, p in zip(keys, profiles)]
    todo = [i for i, f in enumerate(found) if f is None]
    if todo:
        made = _encode(section, [profiles[i] for i in todo], [keys[i] for i in todo], store)
        for index, encoded in zip(todo, made):
            found[index] = encoded
    return [f for f in found if f is not None]


def _encode(section: Section, profiles: Sequence[Profile], keys: Sequence[str],
            store: SectionStore) -> list[Encoded]:
    """One pass over the section's pieces into one encoder per profile; all or nothing is kept."""
    temps = [store.temp(k, p) for k, p in zip(keys, profiles)]
    encoders: list[Encoder] = []
    try:
        encoders = [Encoder(t, C.SAMPLE_RATE, p.section_args(), measure_at=p.sample_rate)
                    for t, p in zip(temps, profiles)]
        spans = _stream(section, profiles, encoders)
        for encoder in encoders:
            encoder.close()
        made = []
        for key, profile, temp, encoder in zip(keys, profiles, temps, encoders):
            assert encoder.loudness is not None
            mp3 = profile.container == "mp3"
            length = decoded_samples(temp) if mp3 else temp.stat().st_size // 2
            encoded = Encoded(temp, length, MP3_LEAD if mp3 else 0, profile.sample_rate,
                              encoder.loudness, spans)
            made.append(store.put(key, profile, temp, encoded))
        return made
    except BaseException:
        for encoder in encoders:
            encoder.abort()
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise


def _stream(section: Section, profiles: Sequence[Profile],
            encoders: Sequence[Encoder]) -> tuple[Span, ...]:
    """Write the lead-in, then every piece and its pause, to each encoder; return the spans."""
    spans: list[Span] = []
    lead_in = np.zeros(round(section.lead_in * C.SAMPLE_RATE), dtype=np.int16)
    for encoder in encoders:
        encoder.write(lead_in)
    position = len(lead_in)
    for piece in section.pieces:
        pcm = levelled(piece)
        peaks = true_peaks(pcm)
        pause = np.zeros(round(piece.pause * C.SAMPLE_RATE), dtype=np.int16)
        for encoder, profile in zip(encoders, profiles):
            encoder.write(_for_profile(pcm, peaks, profile))
            encoder.write(pause)
        end = position + len(pcm)
        spans.append(Span(position, end, end + len(pause), piece.article, piece.role, piece.text))
        position = end + len(pause)
    return tuple(spans)
