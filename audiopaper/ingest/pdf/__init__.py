"""Page PDFs as an edition: one or more files, or a folder of them, read page by page.

``read_pdfs`` gives the segmenter's items and decisions, pages in 版次 order (from the folio,
else the file names), and keeps what is needed to draw how each page was read (``draw.py``).
A page whose text layer cannot be read is refused by name, unless the producer allows the other
pages to be read without it (``skip_unreadable``). See docs/pdf.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ...segment import Decision, SegmentRules, join_jumps
from ...types import Article
from .chars import read_pages
from .draw import draw_pages
from .read import PageReading, read_page

__all__ = ["PdfEdition", "draw_pages", "is_pdf_input", "pdf_files", "read_pdfs"]

_FILE_PAGE = re.compile(r"(?<![0-9A-Za-z])([A-Za-z]?)0*(\d{1,3})(?![0-9])")
_PAGE_KEY = re.compile(r"^([A-Z]?)(\d+)$")


@dataclass(frozen=True)
class PdfEdition:
    """The items of the edition's pages in order, what each block was taken for, and the pages."""

    items: list[Article]
    decisions: list[Decision]
    pages: list[PageReading]
    #: ``id`` of each page's spoken item -> its number in the listing (a jumped piece: its host's)
    numbers: dict[int, int] = field(default_factory=dict)

    def draw(self, folder: Path) -> list[Path]:
        """One picture a page, articles numbered as `segment` lists them (``draw.py``)."""
        return draw_pages(self.pages, folder, self.numbers)


def is_pdf_input(paths: Sequence[Path]) -> bool:
    """True when the edition is page PDFs: .pdf files, or a folder of PDFs (and no article files)."""
    return bool(paths) and all(p.suffix.lower() == ".pdf" or p.is_dir() and _pdf_folder(p)
                               for p in paths)


def _pdf_folder(folder: Path) -> bool:
    try:
        suffixes = {p.suffix.lower() for p in folder.iterdir() if p.is_file()}
    except OSError:
        return False  # the folder readers say why it cannot be read
    return ".pdf" in suffixes and not suffixes & {".txt", ".md"}


def pdf_files(paths: Sequence[Path]) -> list[Path]:
    """The PDFs named, a folder standing for the PDFs in it (by name)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
            if not found:
                raise InputError(f"{path} holds no .pdf files: give the page PDFs or their folder")
            files.extend(found)
        elif not path.exists():
            raise InputError(f"{path} does not exist: check the path")
        else:
            files.append(path)
    return files


def read_pdfs(paths: Sequence[Path], rules: SegmentRules | None = None,
              skip_unreadable: bool = False) -> PdfEdition:
    """Every page of the PDFs, in 版次 order, read into items; unreadable pages refused by name."""
    pages: list[PageReading] = []
    for order, path in enumerate(pdf_files(paths)):
        for raw in read_pages(path):
            fallback = _file_page(path, raw.index)
            pages.append(read_page(raw, rules, 0, fallback))
            del raw
    pages.sort(key=_page_key)
    refused = [p for p in pages if p.refused]
    if refused and not skip_unreadable:
        first = refused[0]
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        raise InputError(f"page {first.number} ({Path(first.raw_path).name}, page {first.index + 1}) "
                         f"cannot be read: {first.refused}{more}: get a PDF with a text layer "
                         f"from the paper, or give --skip-unreadable to read the other pages")
    return _numbered(pages)


def _numbered(pages: list[PageReading]) -> PdfEdition:
    """Block numbers run on across the edition, so ``segment --explain`` lists them in order."""
    items: list[Article] = []
    decisions: list[Decision] = []
    offset = 0
    for page in pages:
        if page.refused:
            offset += 1
            decisions.append(Decision(offset, "unreadable", "pdf:no-text-layer", page.refused,
                                      f"p{page.number} {Path(page.raw_path).name}"))
            continue
        shift = offset + 1
        page.decisions = [_shift_decision(d, shift) for d in page.decisions]
        moved = {id(a): _shift_item(a, shift) for a in page.items}
        page.items = list(moved.values())
        for mark in page.marks:
            if mark.article is not None:
                mark.article = moved.get(id(mark.article), mark.article)
        decisions.extend(page.decisions)
        items.extend(page.items)
        offset = max([offset] + [d.line for d in page.decisions])
    joined = join_jumps(items)
    return PdfEdition(joined, decisions, pages, _listing_numbers(items, joined))


def _listing_numbers(items: list[Article], joined: list[Article]) -> dict[int, int]:
    """Each spoken page item's number as listed after jumps are joined (lines are unique)."""
    at: dict[tuple[int, int], int] = {}
    for number, article in enumerate((a for a in joined if a.is_spoken), 1):
        for span in (article.source_lines, *article.more_lines):
            at[span] = number
    return {id(a): at.get(a.source_lines, 0) for a in items if a.is_spoken}


def _shift_decision(d: Decision, by: int) -> Decision:
    return Decision(d.line + by, d.kind, d.rule, d.text, d.where)


def _shift_item(a: Article, by: int) -> Article:
    from dataclasses import replace

    first, last = a.source_lines
    return replace(a, source_lines=(first + by, last + by))


def _file_page(path: Path, index: int) -> str:
    """A page id from the file name (…-A06.pdf, p08.pdf), else its place in the file."""
    found = _FILE_PAGE.findall(path.stem)
    if found and index == 0:
        letter, digits = found[-1]
        return f"{letter.upper()}{int(digits):02d}"
    return f"{index + 1:02d}"


def _page_key(page: PageReading) -> tuple[str, int, str, int]:
    found = _PAGE_KEY.match(page.number)
    letter, number = (found.group(1), int(found.group(2))) if found else ("~", 0)
    return letter, number, page.raw_path, page.index
