"""An e-paper page's text from its bytes: the meta tag is a hint, never the answer.

Saved pages declare gbk while they are UTF-8 with a BOM; live pages declare gb2312 and hold
GBK-only characters; one template declares the invalid ``gbk2312``. So: a BOM, then strict
UTF-8, then the declared charset (the GB family read as GB18030, their superset), then detection.
"""

from __future__ import annotations

import codecs
import re

from .. import detect

_META = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: Declared names of the GB family (and their misspellings) are all read as GB18030.
_GB = re.compile(r"^(gb[_-]?2312|gbk|gbk2312|gb2312[_-]?80|x-gbk|cp936|ms936|euc-cn|gb18030)$", re.I)


def declared_charset(data: bytes, content_type: str = "") -> str:
    """The charset the HTTP header or the page's first 4 KB declares ('' when none)."""
    for source in (content_type.encode("ascii", "ignore"), data[:4096]):
        match = _META.search(source)
        if match:
            return match.group(1).decode("ascii").strip().lower()
    return ""


def codec_for(name: str) -> str:
    """The Python codec to read a declared charset with ('' if unknown)."""
    if _GB.match(name):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def decode_html(data: bytes, content_type: str = "") -> tuple[str, str]:
    """The page's text and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = codec_for(declared_charset(data, content_type))
    if codec and codec not in ("utf-8", "ascii"):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    return detect(data) or (data.decode("gb18030", "replace"), "gb18030")
