"""What of the page is read aloud besides articles: the producer's caption setting."""

from __future__ import annotations

from dataclasses import replace

from ..constants import CAPTION_MODES
from ..types import Article

CAPTION_LEAD = "图片说明："
#: With "end", a photo standing on its own (no article around it) is read as a brief of this title.
PHOTO_TITLE = "图片新闻"


def place_captions(items: list[Article], mode: str = "skip") -> list[Article]:
    """With "end", each caption is appended to the article it follows, never mid-article."""
    if mode not in CAPTION_MODES:  # the config refuses them first, naming the setting
        raise ValueError(f"caption mode {mode!r} is not one of {CAPTION_MODES}")
    if mode == "skip":
        return list(items)
    out: list[Article] = []
    host: int | None = None
    for item in items:
        if item.kind == "caption" and host is not None and item.paragraphs:
            text = CAPTION_LEAD + item.paragraphs[0]
            out[host] = replace(out[host], paragraphs=out[host].paragraphs + (text,))
        elif item.kind == "photo" and item.paragraphs:
            item = replace(item, kind="brief", title=PHOTO_TITLE)
        if item.kind != "caption":
            host = len(out) if item.is_spoken else None
        out.append(item)
    return out
