"""A strict ID3v2.3.0 reader, as old car radios and hardware players read tags.

It accepts only what the v2.3.0 specification (and the chapter addendum) defines: version 3,
plain 32-bit frame sizes, v2.3 frame ids, text in ISO-8859-1 or UTF-16 with a BOM, TYER as four
digits and TDAT as DDMM. Anything else raises, so a test fails where such a player would.
"""

from __future__ import annotations

import struct
from pathlib import Path

V23_FRAMES = set(
    "AENC APIC COMM COMR ENCR EQUA ETCO GEOB GRID IPLS LINK MCDI MLLT OWNE PRIV PCNT POPM POSS "
    "RBUF RVAD RVRB SYLT SYTC TALB TBPM TCOM TCON TCOP TDAT TDLY TENC TEXT TFLT TIME TIT1 TIT2 "
    "TIT3 TKEY TLAN TLEN TMED TOAL TOFN TOLY TOPE TORY TOWN TPE1 TPE2 TPE3 TPE4 TPOS TPUB TRCK "
    "TRDA TRSN TRSO TSIZ TSRC TSSE TYER TXXX UFID USER USLT WCOM WCOP WOAF WOAR WOAS WORS WPAY "
    "WPUB WXXX CHAP CTOC".split())


class NotV23(AssertionError):
    """The tag is not what a strict ID3v2.3 reader accepts."""


def _syncsafe(data: bytes) -> int:
    if any(b & 0x80 for b in data):
        raise NotV23("the tag size is not syncsafe")
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def _text(encoding: int, data: bytes) -> str:
    if encoding == 0:
        return data.decode("latin-1").rstrip("\0")
    if encoding == 1:
        if data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            raise NotV23("UTF-16 text without a byte order mark")
        return data.decode("utf-16").rstrip("\0")
    raise NotV23(f"text encoding {encoding} does not exist in ID3v2.3 (only 0 and 1)")


def _split_text(encoding: int, data: bytes) -> tuple[str, bytes]:
    """A terminated string at the start of ``data`` and what follows it."""
    end = b"\0\0" if encoding == 1 else b"\0"
    step = len(end)
    for i in range(0, len(data) - step + 1, step):
        if data[i:i + step] == end:
            return _text(encoding, data[:i]) if i else "", data[i + step:]
    raise NotV23("an unterminated string")


def _frame(frame_id: str, body: bytes) -> object:
    if frame_id.startswith("T") and frame_id != "TXXX":
        return _text(body[0], body[1:])
    if frame_id == "COMM":
        language = body[1:4].decode("latin-1")
        desc, text = _split_text(body[0], body[4:])
        return {"lang": language, "desc": desc, "text": _text(body[0], text)}
    if frame_id == "APIC":
        mime, rest = _split_text(0, body[1:])
        kind, rest = rest[0], rest[1:]
        desc, data = _split_text(body[0], rest)
        return {"mime": mime, "type": kind, "desc": desc, "data": data}
    return body


def read_v23(path: Path) -> dict[str, list[object]]:
    """Every frame of the file's tag by id, decoded for text, COMM and APIC."""
    data = path.read_bytes()
    if data[:3] != b"ID3":
        raise NotV23("no ID3v2 tag at the start of the file")
    if data[3:5] != b"\x03\x00":
        raise NotV23(f"ID3v2.{data[3]}.{data[4]}, not 2.3.0")
    if data[5] & 0x1F:
        raise NotV23("undefined header flags are set")
    size = _syncsafe(data[6:10])
    tag, frames, at = data[10:10 + size], {}, 0
    while at + 10 <= len(tag) and tag[at] != 0:
        frame_id = tag[at:at + 4].decode("latin-1")
        length, = struct.unpack(">I", tag[at + 4:at + 8])
        if frame_id not in V23_FRAMES:
            raise NotV23(f"{frame_id} is not an ID3v2.3 frame")
        body = tag[at + 10:at + 10 + length]
        if len(body) != length:
            raise NotV23(f"{frame_id} runs past the end of the tag (a v2.4 syncsafe size?)")
        frames.setdefault(frame_id, []).append(_frame(frame_id, body))
        at += 10 + length
    _check_dates(frames)
    return frames


def _check_dates(frames: dict[str, list[object]]) -> None:
    year = frames.get("TYER", [""])[0]
    day_month = frames.get("TDAT", [""])[0]
    if year and not (isinstance(year, str) and len(year) == 4 and year.isdigit()):
        raise NotV23(f"TYER {year!r} is not four digits")
    if day_month and not (isinstance(day_month, str) and len(day_month) == 4
                          and day_month.isdigit()):
        raise NotV23(f"TDAT {day_month!r} is not DDMM")
