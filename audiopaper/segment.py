"""Segmentation stage: page text to articles, the way an editor reads the page.

Blocks are the page's blank-line-separated lines. A short block with no sentence-ending
punctuation, followed by body text, is a headline; a body block that stops mid-sentence and is
followed by text continuing it is a column break and is joined back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .types import Article

_END = "。！？!?…”」』）)"
_BYLINE = re.compile(r"^(□|■)?\s*(本报)?(记者|通讯员)[\s\S]{0,30}$")
_CREDIT = re.compile(r"(摄|供图|/文)\s*$")
_MAX_HEADLINE = 40


@dataclass(frozen=True)
class Block:
    """A run of text between blank lines, with its 1-based line number."""

    text: str
    line: int


def blocks(text: str) -> list[Block]:
    """Non-empty lines as blocks (exported pages put a blank line between paragraphs)."""
    return [Block(line.strip(), n) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def is_headline(block: Block) -> bool:
    text = block.text
    return len(text) <= _MAX_HEADLINE and not text.endswith(tuple(_END + "，,：:；;"))


def join_column_breaks(paragraphs: list[Block]) -> list[Block]:
    """Glue a paragraph that stops mid-sentence to the next one."""
    joined: list[Block] = []
    for block in paragraphs:
        if joined and not joined[-1].text.endswith(tuple(_END)):
            joined[-1] = Block(joined[-1].text + block.text, joined[-1].line)
        else:
            joined.append(block)
    return joined


def _starts_article(items: list[Block], i: int) -> bool:
    """A headline-like block right after a sentence stopped mid-way is a column break instead."""
    if not is_headline(items[i]):
        return False
    return i == 0 or items[i - 1].text.endswith(tuple(_END)) or is_headline(items[i - 1])


def segment(text: str) -> list[Article]:
    """Articles in reading order; headlines with no body become page furniture."""
    items = blocks(text)
    articles: list[Article] = []
    i = 0
    while i < len(items):
        heads: list[Block] = []
        while i < len(items) and _starts_article(items, i):
            heads.append(items[i])
            i += 1
        body: list[Block] = []
        while i < len(items) and not (body and _starts_article(items, i)):
            body.append(items[i])
            i += 1
        articles.extend(_make_articles(heads, body))
    return articles


def _make_articles(heads: list[Block], body: list[Block]) -> list[Article]:
    byline = ""
    kept: list[Block] = []
    for block in body:
        if _BYLINE.match(block.text) and not byline:
            byline = block.text.lstrip("□■ ")
        elif _CREDIT.search(block.text) and len(block.text) <= _MAX_HEADLINE:
            continue
        else:
            kept.append(block)
    if not heads and not kept:
        return []
    if not kept:
        return [Article(title=h.text, paragraphs=(), kind="furniture",
                        source_lines=(h.line, h.line)) for h in heads]
    title_block = max(heads, key=lambda b: len(b.text)) if heads else None
    title = title_block.text if title_block else kept[0].text[:20]
    extra = [h.text for h in heads if h is not title_block]
    paragraphs = tuple(b.text for b in join_column_breaks(kept))
    first = (heads or kept)[0].line
    return [Article(title=title, paragraphs=paragraphs, subtitle="，".join(extra), byline=byline,
                    source_lines=(first, kept[-1].line))]
