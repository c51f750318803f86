"""Segmentation stage: page text to articles, in reading order, the way an editor reads a page.

``segment`` reads page exports (one or several pages): every block is tagged first (furniture by
kind, from the rules in ``data/*.tsv`` and the paper's ``[segment]`` settings), then articles are
assembled from the text blocks. ``tidy`` repairs articles that came from article files or JSON;
``place_captions`` and ``place_tables`` apply the producer's choice of what is read of captions and
tables. See docs/reading.md for the rules and their limits.
"""

from __future__ import annotations

from .builder import Decision, PageReader
from .jumps import join_jumps
from .reading import CAPTION_MODES, TABLE_MODES, place_captions, place_notices, place_tables
from .render import describe, explain, skipped_record, skipped_summary, to_json, to_records
from .rules import SegmentRules, default_rules, paper_rules
from .text import read_blocks, split_pages
from .tidy import tidy
from ..types import Article

__all__ = ["CAPTION_MODES", "TABLE_MODES", "Decision", "SegmentRules", "default_rules",
           "describe", "explain", "paper_rules", "place_captions", "place_notices", "place_tables", "segment",
           "segment_traced", "skipped_record", "skipped_summary", "tidy", "to_json", "to_records"]


def segment_traced(text: str, rules: SegmentRules | None = None) -> tuple[list[Article], list[Decision]]:
    """Every item of the edition in reading order, and what each block was taken for."""
    items: list[Article] = []
    decisions: list[Decision] = []
    for page in split_pages(read_blocks(text)):
        reader = PageReader(page, rules)
        items.extend(reader.read())
        decisions.extend(reader.decisions)
    return join_jumps(items), decisions


def segment(text: str, rules: SegmentRules | None = None) -> list[Article]:
    """Every item of the edition (articles, captions, furniture) in reading order."""
    return segment_traced(text, rules)[0]
