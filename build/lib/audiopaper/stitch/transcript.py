"""WebVTT transcripts: one cue per spoken piece, timed from the samples actually written.

A cue shows the written text (what the paper printed), not the normalized speech text.
"""

from __future__ import annotations

from collections.abc import Sequence

from .timeline import Span, seconds


def timestamp(value: float) -> str:
    """Seconds to WebVTT's hh:mm:ss.ttt."""
    millis = round(value * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _cue_text(text: str) -> str:
    """Text that cannot end a cue or open a tag early."""
    cleaned = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;")
    return cleaned.replace(">", "&gt;")


def webvtt(spans: Sequence[Span], offset: int = 0) -> bytes:
    """A WebVTT file of ``spans`` (jingles have no text and no cue), shifted by ``offset``."""
    lines = ["WEBVTT", ""]
    number = 0
    for span in spans:
        if not span.text.strip() or span.end <= span.start:
            continue
        number += 1
        lines += [str(number), f"{timestamp(seconds(span.start - offset))} --> "
                               f"{timestamp(seconds(span.end - offset))}",
                  _cue_text(span.text), ""]
    return "\n".join(lines).encode("utf-8")
