"""What may come in from outside: text every published format can hold, files of bounded size.

XML (the feeds), ID3 tags, JSON and WebVTT cannot all carry C0/C1 control characters, lone
surrogates (a JSON ``"\\ud800"``, a command-line argument in a foreign encoding) or the
noncharacters U+FFFE/U+FFFF: the feed library raised on them at the very end of a night's run.
Edition text is cleaned of them when it is read; the producer's own settings are refused with
the key named, so a typo is fixed rather than silently changed.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

#: Controls but the line feed and the tab, lone surrogates, and the noncharacters (U+FDD0-FDEF,
#: and U+FFFE/U+FFFF in every plane).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                     + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
                     + "]")


def is_unsafe(char: str) -> bool:
    """A character no published file may hold: controls, lone surrogates, noncharacters."""
    return _UNSAFE.match(char) is not None


def drop_unsafe(text: str) -> str:
    """``text`` without the characters of ``is_unsafe``."""
    return _UNSAFE.sub("", text)


def first_unsafe(text: str) -> tuple[int, str] | None:
    """Where the first unsafe character is, and a name for it (``U+0007``, a control), or None."""
    found = _UNSAFE.search(text)
    if found is None:
        return None
    char = found.group()
    kind = {"Cc": "a control character", "Cs": "a lone surrogate"}.get(
        unicodedata.category(char), "a noncharacter")
    return found.start(), f"U+{ord(char):04X} ({kind})"


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, read with that bound.

    A device (/dev/zero), a FIFO or a socket never ends or blocks forever: refused with
    ``OSError`` (``EINVAL``) before it is opened; a file that grows past ``limit`` while it is
    read raises ``OSError`` (``EFBIG``). Callers turn both into their own one-line error.
    """
    _regular(path.stat().st_mode, path)  # a FIFO is refused before it is opened
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # never blocks on open
    with os.fdopen(fd, "rb") as source:
        _regular(os.fstat(fd).st_mode, path)  # replaced between the two looks
        data = source.read(limit + 1)
    if len(data) > limit:
        raise OSError(27, f"larger than {limit // 2**20} MB", str(path))
    return data


def _regular(mode: int, path: Path) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(22, "not a regular file (a device, pipe or socket)", str(path))
