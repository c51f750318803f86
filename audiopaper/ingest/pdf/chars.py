"""A page PDF's characters, with their size and position, read page by page with pdfminer.six.

pdfminer.six (MIT, pure Python) gives every glyph's Unicode text, font size, box and origin; the
layout is worked out from those here, not from pdfminer's own boxes (a paper's digits come in
another font whose glyph boxes sit half a line low, which splits its lines). Only small records
leave this module, one page at a time, so a 20-page edition never holds more than one page's
objects. A file that is not a PDF, is cut short, encrypted, enormous, or carries JavaScript or a
form is refused with one line before any page is read.
"""

from __future__ import annotations

import logging
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError

#: A page PDF is a few MB; a file this large is not one page of a newspaper.
MAX_BYTES = 200 * 2**20
#: A dense page has about 25,000 glyphs; more than this is not a newspaper page.
MAX_CHARS = 150_000
#: Glyphs smaller than this (points) are invisible text, not print.
MIN_SIZE = 1.0
#: An edition has at most this many pages in one PDF.
MAX_PAGES = 200
_TAIL = 4096
#: What pdfminer raises on malformed files besides its own errors (it parses what it is given).
_PARSER_FAULTS = (ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
                  ZeroDivisionError, OverflowError, RecursionError, EOFError, struct.error, zlib.error)
_ACTIVE = re.compile(rb"/(JavaScript|JS|AcroForm|Launch|XFA)\b")


@dataclass(frozen=True)
class Char:
    """One glyph: its text, box (PDF points, y up), font size and the origin of its baseline."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    origin_x: float
    origin_y: float


@dataclass(frozen=True)
class Shape:
    """A drawn rectangle, a rule or a picture on the page: ``kind`` is rect, line or image."""

    kind: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class RawPage:
    """One page as read: its size, glyphs and shapes; ``index`` counts from 0 in its file."""

    path: Path
    index: int
    width: float
    height: float
    chars: tuple[Char, ...]
    shapes: tuple[Shape, ...]


def check_file(path: Path) -> None:
    """Refuse what cannot be a newspaper page's PDF, with the fix, before parsing it."""
    try:
        size = path.stat().st_size
        with path.open("rb") as source:
            head = source.read(1024)
            source.seek(max(0, size - _TAIL))
            tail = source.read(_TAIL)
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror}): check the path") from exc
    if b"%PDF-" not in head:
        raise InputError(f"{path} is not a PDF (it does not start with %PDF-): give the page PDF "
                         f"as the e-paper site offers it")
    if size > MAX_BYTES:
        raise InputError(f"{path} is {size // 2**20} MB, too large for a newspaper page "
                         f"(at most {MAX_BYTES // 2**20} MB): give one page PDF per file")
    if b"%%EOF" not in tail:
        raise InputError(f"{path} is cut short (no end-of-file mark): download the PDF again")


def _document(path: Path, source: object) -> object:
    """The parsed document, or an InputError for an encrypted, broken or active PDF."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException

    try:
        document = PDFDocument(PDFParser(source))  # type: ignore[arg-type]
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise InputError(f"{path} is encrypted: save an unprotected copy of the page "
                         f"(print it to PDF) and give that") from exc
    except (PDFException, PSException, *_PARSER_FAULTS) as exc:
        raise InputError(f"{path} is a damaged PDF ({type(exc).__name__}): download it again") from exc
    _refuse_active(path, document)
    return document


def _refuse_active(path: Path, document: object) -> None:
    """A page PDF has no scripts and no form fields: such a file is refused, not opened further."""
    from pdfminer.pdftypes import resolve1

    catalog = resolve1(getattr(document, "catalog", {})) or {}
    names = resolve1(catalog.get("Names")) or {}
    if "JavaScript" in names or _is_script(resolve1(catalog.get("OpenAction"))) or "AA" in catalog:
        raise InputError(f"{path} carries JavaScript, which a newspaper page never does: "
                         f"export the page again as a plain PDF")
    if "AcroForm" in catalog:
        raise InputError(f"{path} is a PDF form, not a printed page: export the page again as a "
                         f"plain PDF (print it to PDF)")


def _is_script(action: object) -> bool:
    from pdfminer.pdftypes import resolve1

    return isinstance(action, dict) and str(resolve1(action.get("S"))).strip("/'") in (
        "JavaScript", "Launch")


def read_pages(path: Path) -> Iterator[RawPage]:
    """Every page of the PDF at ``path``, one at a time."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException

    check_file(path)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    faults = (PDFException, PSException, *_PARSER_FAULTS)
    with path.open("rb") as source:
        document = _document(path, source)
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=None)
        interpreter = PDFPageInterpreter(manager, device)
        pages = PDFPage.create_pages(document)  # type: ignore[arg-type]
        for index in range(MAX_PAGES + 1):
            try:
                page = next(pages, None)
                if page is None:
                    return
                interpreter.process_page(page)
                layout = device.get_result()
            except faults as exc:
                raise InputError(f"{path} is a damaged PDF ({type(exc).__name__} on page "
                                 f"{index + 1}): download it again") from exc
            if index == MAX_PAGES:
                raise InputError(f"{path} has more than {MAX_PAGES} pages: give the edition's "
                                 f"pages as separate files")
            chars: list[Char] = []
            shapes: list[Shape] = []
            _collect(layout, chars, shapes, (LTChar, LTRect, LTLine, LTCurve, LTImage, LTFigure), path)
            x0, y0, x1, y1 = layout.bbox
            yield RawPage(path, index, x1 - x0, y1 - y0, tuple(_shift(c, x0, y0) for c in chars),
                          tuple(Shape(s.kind, s.x0 - x0, s.y0 - y0, s.x1 - x0, s.y1 - y0)
                                for s in shapes))


def _shift(c: Char, dx: float, dy: float) -> Char:
    if not dx and not dy:
        return c
    return Char(c.text, c.x0 - dx, c.y0 - dy, c.x1 - dx, c.y1 - dy, c.size, c.origin_x - dx,
                c.origin_y - dy)


def _collect(item: Any, chars: list[Char], shapes: list[Shape], kinds: Any,
             path: Path) -> None:
    """Glyphs and shapes out of pdfminer's tree; a picture (figure) is one shape, its text kept."""
    char_t, rect_t, line_t, curve_t, image_t, figure_t = kinds
    child: Any
    for child in item:
        if isinstance(child, char_t):
            text = child.get_text()
            # rotated text (a 中缝 label, a credit up a photo) and invisible zero-size text are left out
            if text.strip() and child.upright and child.size >= MIN_SIZE:
                m = child.matrix
                chars.append(Char(text, child.x0, child.y0, child.x1, child.y1, child.size, m[4], m[5]))
                if len(chars) > MAX_CHARS:
                    raise InputError(f"{path} has more than {MAX_CHARS:,} characters on a page, "
                                     f"which is not a newspaper page: check the file")
        elif isinstance(child, rect_t):
            shapes.append(Shape("rect", *child.bbox))
        elif isinstance(child, line_t):
            shapes.append(Shape("line", *child.bbox))
        elif isinstance(child, image_t):
            shapes.append(Shape("image", *child.bbox))
        elif isinstance(child, figure_t):  # a form: its pictures and glyphs are the page's
            _collect(child, chars, shapes, kinds, path)
        elif isinstance(child, curve_t):
            continue
