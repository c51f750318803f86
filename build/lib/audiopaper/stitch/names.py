"""File names a station's playout, a Windows share and a FAT card all accept.

Headlines are Chinese, so the slug is their pinyin: plain ASCII letters, digits and dashes, short,
never a reserved device name, and the same for the same headline on every run.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pypinyin import Style, lazy_pinyin

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
_LIMIT = 40


def safe_slug(title: str, limit: int = _LIMIT) -> str:
    """'肥城桃花节3月25日启幕' => 'fei-cheng-tao-hua-jie-3-yue-25-ri-qi-mu' (cut at a dash)."""
    ascii_text = unicodedata.normalize("NFKD", " ".join(lazy_pinyin(title, style=Style.NORMAL)))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else slug[:limit]
    slug = slug.strip("-")
    if not slug or slug in _RESERVED:
        return f"article-{slug}".strip("-")
    return slug


def article_stem(date: dt.date, number: int, title: str) -> str:
    """'2024-03-15-02-fei-cheng-tao-hua-jie': sorts by date then number, stable across runs."""
    return f"{date.isoformat()}-{number:02d}-{safe_slug(title)}"
