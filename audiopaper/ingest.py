"""Ingestion stage: an edition file's bytes to clean Unicode text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .errors import InputError

_MAX_BYTES = 50 * 1024 * 1024


def decode_text(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM), GB18030/GBK or Big5; refuse binary data."""
    if not data.strip():
        raise InputError(f"{name} is empty: give the edition's text file")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name} looks binary, not text: export the page as plain text (UTF-8)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    if best is None:
        raise InputError(f"{name} is in an unknown encoding: save it as UTF-8 and run again")
    return str(best)


def clean_text(text: str) -> str:
    """Unify line ends and full-width ASCII (０-９, Ａ-Ｚ), drop control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    out = []
    for char in text:
        code = ord(char)
        if 0xFF01 <= code <= 0xFF5E and (char.isalnum() or char in "％．－／"):
            char = chr(code - 0xFEE0)
        elif unicodedata.category(char) == "Cc" and char not in "\n\t":
            continue
        out.append(char)
    return "".join(out)


def read_edition_text(path: Path) -> str:
    """The cleaned text of an edition file, with a clear error for unreadable input."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise InputError(f"{path} is larger than 50 MB: split the edition into pages")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a folder: give the edition's text file") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror}): check the path") from exc
    return clean_text(decode_text(data, str(path)))
