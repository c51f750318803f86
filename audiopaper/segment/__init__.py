"""Segmentation stage: page text to articles, in reading order, the way an editor reads a page.

``segment`` reads page exports (one or several pages); ``tidy`` repairs articles that came from
article files or JSON; ``place_captions`` applies the producer's choice of what is read of captions.
See the README section "Reading the edition" for the rules and their limits.
"""

from __future__ import annotations

from .builder import PageReader
from .jumps import join_jumps
from .reading import place_captions
from .render import describe, to_json, to_records
from .text import read_blocks, split_pages
from .tidy import tidy
from ..types import Article

__all__ = ["describe", "place_captions", "segment", "tidy", "to_json",
           "to_records"]


def segment(text: str) -> list[Article]:
    """Every item of the edition (articles, captions, furniture) in reading order."""
    items: list[Article] = []
    for page in split_pages(read_blocks(text)):
        items.extend(PageReader(page).read())
    return join_jumps(items)
