"""Broadcast Wave (EBU Tech 3285 v2): the ``bext`` chunk a station's playout reads on import.

It names the file (description = title), who made it (originator = the paper), when (origination
date and time: the edition's date at its nominal publication hour, so identical builds give
identical bytes), a stable reference per file, and the loudness measured as it was encoded.
Text is UTF-8, cut at a character boundary to fit its field.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass

from .. import constants as C
from ..util.ffmpeg import Loudness

BEXT_VERSION = 2
#: Tech 3285 v2: a loudness field that was not computed holds 0x7FFF.
NOT_COMPUTED = 0x7FFF
_FIELDS = (("description", 256), ("originator", 32), ("reference", 32))


@dataclass(frozen=True)
class Bext:
    """What a playout system shows of one broadcast file."""

    description: str
    originator: str
    reference: str
    date: dt.date
    rate: int
    loudness: Loudness


def _text(value: str, size: int) -> bytes:
    """UTF-8, cut at a character boundary, padded with NULs to exactly ``size`` bytes."""
    data = value.encode("utf-8")[:size]
    while data:
        try:
            data.decode("utf-8")
            break
        except UnicodeDecodeError:
            data = data[:-1]
    return data.ljust(size, b"\0")


def _centi(value: float) -> int:
    """A loudness figure in hundredths, as the chunk stores it (or 'not computed')."""
    if value != value or value in (float("inf"), float("-inf")):
        return NOT_COMPUTED
    return max(-32768, min(32766, round(value * 100)))


def bext_chunk(info: Bext) -> bytes:
    """The whole chunk, id and size included, padded to an even length."""
    loud = info.loudness
    momentary = max(loud.momentary) if loud.momentary else float("nan")
    body = b"".join(_text(getattr(info, name), size) for name, size in _FIELDS)
    body += info.date.isoformat().encode("ascii")
    body += f"{C.PUBLISH_HOUR:02d}:00:00".encode("ascii")
    body += struct.pack("<IIH", 0, 0, BEXT_VERSION) + b"\0" * 64
    body += struct.pack("<hhhhh", _centi(loud.integrated), NOT_COMPUTED,
                        _centi(loud.true_peak), _centi(momentary), NOT_COMPUTED)
    body += b"\0" * 180
    body += f"A=PCM,F={info.rate},W=16,M=mono,T=audiopaper\r\n".encode("ascii")
    if len(body) % 2:
        body += b"\0"
    return b"bext" + struct.pack("<I", len(body)) + body
