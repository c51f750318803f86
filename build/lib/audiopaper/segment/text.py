"""The page as blocks: the blank-line-separated pieces of an export, grouped into pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A page marker on a line of its own: 第02版, A02版, 02版 要闻, 第2版：城事.
_PAGE = re.compile(r"^(?:第\s*)?([A-Za-z]?)\s*(\d{1,3})\s*版(?:\s*[：:·|｜—\-]?\s*(\S.{0,11}))?$")
_SENTENCE_END = "。！？!?…；;"
_CLOSERS = "”’」』\"'》"
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Block:
    """One line of text with its 1-based line number and the blank lines above it."""

    text: str
    line: int
    gap: int = 0


@dataclass(frozen=True)
class Page:
    """The blocks between two page markers; ``number`` is '' when the export has no marker."""

    number: str
    name: str
    blocks: tuple[Block, ...]


def page_id(letter: str, digits: str) -> str:
    """01, 1 and 第1版 are one page; A2 and A02 too."""
    return f"{letter.upper()}{int(digits):02d}"


def read_blocks(text: str) -> list[Block]:
    """Every non-empty line as a block, remembering how many blank lines came before it."""
    out: list[Block] = []
    gap = 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            gap += 1
            continue
        out.append(Block(stripped, number, gap))
        gap = 0
    return out


def page_marker(text: str) -> tuple[str, str] | None:
    """(page id, page name) when the line is a page marker."""
    match = _PAGE.match(text) if len(text) <= 20 else None
    if match is None:
        return None
    return page_id(match.group(1), match.group(2)), (match.group(3) or "").strip()


def split_pages(blocks: list[Block]) -> list[Page]:
    """Pages in order; text before the first marker is a page without a number."""
    pages: list[Page] = []
    number, name, current = "", "", []
    for block in blocks:
        marker = page_marker(block.text)
        if marker is None:
            current.append(block)
            continue
        if current:
            pages.append(Page(number, name, tuple(current)))
        (number, name), current = marker, []
    if current:
        pages.append(Page(number, name, tuple(current)))
    return pages


def ends_sentence(text: str) -> bool:
    """A sentence ends here: 。！？…； or a closing quote right after one, or a closing bracket."""
    text = text.rstrip()
    if not text:
        return True
    if text[-1] in _SENTENCE_END or text[-1] in "）)":
        return True
    return text[-1] in _CLOSERS and len(text) > 1 and text[-2] in _SENTENCE_END


def ends_mid_sentence(text: str) -> bool:
    """Text stops where a column break could have cut it (a colon ends a lead-in, not a break)."""
    return not ends_sentence(text) and not text.rstrip().endswith(("：", ":"))


def has_words(text: str) -> bool:
    """False for lines of only symbols (rules, stars, dashes), which are separators."""
    return _WORDLIKE.search(text) is not None
