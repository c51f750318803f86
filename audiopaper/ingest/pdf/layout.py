"""Glyphs to lines to blocks, from the page's own geometry.

A line is the glyphs on one baseline of one size, cut where a gap wider than a column's gutter
opens; single large glyphs stacked at one x are a vertical line (a vertical headline). A block
is the lines of one column set one under the other at the usual leading, in one size; its
paragraphs start at an indent or after a line that stops short of the column's edge.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ...segment.text import ends_sentence
from .. import clean_text
from .chars import Char

#: Type under this size (points) is fine print: 中缝 notices, legal small print, never a story.
FINE_PRINT = 5.6
#: A gap wider than this many ems on a baseline is a gutter: the line ends there; one wider than
#: NARROW_GUTTER_EMS is too where the text after it starts at an x where GUTTER_ROWS rows start
#: (a column's left edge; justified lines spread their glyphs up to about 1 em apart, at places
#: where no other row starts).
GUTTER_EMS, NARROW_GUTTER_EMS, GUTTER_ROWS = 1.2, 0.8, 4
#: Glyphs this many times the body size or more, stacked one under another, are a vertical line.
VERTICAL_RATIO = 1.15
#: Smaller glyphs make a vertical line when at least this many are stacked.
VERTICAL_SMALL = 3
#: Glyphs this many times the body size or more, one or two to a piece, up to SPACED_EMS apart on
#: one baseline, are one letter-spaced line.
SPACED, SPACED_EMS = 1.3, 3.0
#: A single character this many times the body size, beside a paragraph's first line: a drop cap.
DROP_CAP = 1.8
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")
#: Lines a block takes: at most this much space between them (in ems of their size).
LEADING_EMS = 0.95
_SAME_SIZE = 0.12
#: A paragraph's indent is at most this many ems.
INDENT_EMS = 3.5
#: Pieces this short that follow one another on a slant are joined into one line.
SLANT_PIECE = 3
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_ASCII_WORD = re.compile(r"[A-Za-z0-9%.,]")


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, y up."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1),
                   max(self.y1, other.y1))

    def x_overlap(self, other: Box) -> float:
        return min(self.x1, other.x1) - max(self.x0, other.x0)

    def y_overlap(self, other: Box) -> float:
        return min(self.y1, other.y1) - max(self.y0, other.y0)

    def inside(self, other: Box, slack: float = 2.0) -> bool:
        return (self.x0 >= other.x0 - slack and self.x1 <= other.x1 + slack
                and self.y0 >= other.y0 - slack and self.y1 <= other.y1 + slack)


@dataclass(frozen=True)
class Line:
    """Text on one baseline (or down one column of glyphs, ``vertical``) in one size."""

    text: str
    box: Box
    size: float
    vertical: bool = False


@dataclass(frozen=True)
class TextBlock:
    """Lines of one column in one size, as paragraphs; ``box`` holds them all."""

    lines: tuple[Line, ...]
    paragraphs: tuple[str, ...]
    box: Box
    size: float
    vertical: bool = False
    #: The first line is indented: the block starts a paragraph (else it may go on a sentence).
    indented: bool = False

    @property
    def text(self) -> str:
        return "".join(self.paragraphs)


def clean(text: str) -> str:
    """Presentation forms (﹃﹄, vertical ︰) to their usual forms, full-width ASCII to ASCII, and
    no spaces between CJK characters (justified lines are spread with them)."""
    text = "".join(unicodedata.normalize("NFKC", c) if 0xFE10 <= ord(c) <= 0xFE4F else c
                   for c in text)
    return _CJK_GAP.sub("", clean_text(text)).strip()


def body_size(chars: Iterable[Char]) -> float:
    """The size most of the page's text is set in (fine print aside); 0 when there is none."""
    sizes = Counter(round(c.size * 2) / 2 for c in chars if c.size >= FINE_PRINT)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def lines_of(chars: Sequence[Char], body: float) -> list[Line]:
    """Every line of the page: baselines cut at gutters, then stacks of big glyphs joined."""
    rows = [_deduplicated(row) for row in _baselines(chars)]
    gutters = _gutters(rows)
    lines: list[Line] = []
    for row in rows:
        lines.extend(_cut(row, gutters))
    return _drop_caps(_verticals(_spaced(_slanted(lines), body), body), body)


def _baselines(chars: Sequence[Char]) -> list[list[Char]]:
    """Glyphs that share a baseline (origin, not glyph box: a digit font's boxes sit low)."""
    rows: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (-c.origin_y, c.origin_x)):
        row = rows[-1] if rows else None
        if row is not None and abs(row[0].origin_y - c.origin_y) <= 0.2 * min(row[0].size, c.size):
            row.append(c)
        else:
            rows.append([c])
    return rows


def _deduplicated(row: list[Char]) -> list[Char]:
    """The row left to right, without a glyph printed again a hair to the side (fake bold)."""
    out: list[Char] = []
    for c in sorted(row, key=lambda c: c.x0):
        if out and c.text == out[-1].text and abs(c.x0 - out[-1].x0) < 0.3 * c.size:
            continue
        out.append(c)
    return out


def _column_starts(row: list[Char]) -> set[int]:
    """Where text starts on a row (in 4-point bins): its first glyph, and after every gap wider
    than NARROW_GUTTER_EMS."""
    return {round(row[0].x0 / 4)} | {round(b.x0 / 4) for a, b in zip(row, row[1:])
                                     if (b.x0 - a.x1) / max(a.size, b.size) > NARROW_GUTTER_EMS}


def _gutters(rows: list[list[Char]]) -> set[int]:
    """Where text starts on many rows: the left edge of a column. A justified line spreads its
    glyphs at places where no other row starts."""
    bins: Counter[int] = Counter()
    for row in rows:
        bins.update(_column_starts(row))
    return {b for b in bins if bins[b - 1] + bins[b] + bins[b + 1] >= GUTTER_ROWS}


def _cut(glyphs: list[Char], gutters: set[int]) -> list[Line]:
    """One baseline into lines: cut at a gutter or where the type size changes."""
    out: list[Line] = []
    run: list[Char] = []
    for c in glyphs:
        if run:
            last = run[-1]
            size = max(last.size, c.size)
            gap = (c.x0 - last.x1) / size
            gutter = gap > GUTTER_EMS or gap > NARROW_GUTTER_EMS and round(c.x0 / 4) in gutters
            if gutter or abs(last.size - c.size) > 0.25 * size:
                out.append(_line(run))
                run = []
        run.append(c)
    if run:
        out.append(_line(run))
    return out


def _line(run: list[Char]) -> Line:
    size = Counter(round(c.size, 1) for c in run).most_common(1)[0][0]
    base = run[0].origin_y
    parts = [run[0].text]
    for prev, c in zip(run, run[1:]):
        if c.x0 - prev.x1 > 0.3 * size and _ASCII_WORD.match(prev.text[-1:]) and _ASCII_WORD.match(c.text[:1]):
            parts.append(" ")
        parts.append(c.text)
    # the box from the baseline, so a font whose glyph boxes sit low cannot reach the next line
    box = Box(run[0].x0, base - 0.15 * size, max(c.x1 for c in run), base + 0.85 * size)
    return Line(clean("".join(parts)), box, size)


def _slanted(lines: list[Line]) -> list[Line]:
    """Short pieces that climb or fall glyph by glyph (a caption set on a slant): one line."""
    short = sorted((ln for ln in lines if len(ln.text) <= SLANT_PIECE), key=lambda ln: ln.box.x0)
    chains: list[list[Line]] = []
    for piece in short:
        for chain in chains:
            last = chain[-1]
            step = piece.box.x0 - last.box.x1
            if (abs(piece.size - last.size) <= 0.05 * last.size and -0.3 * last.size <= step <= 0.6 * last.size
                    and abs(piece.box.y0 - last.box.y0) <= 0.6 * last.size):
                chain.append(piece)
                break
        else:
            chains.append([piece])
    return _merged(lines, [c for c in chains if len(c) >= 3])


def _spaced(lines: list[Line], body: float) -> list[Line]:
    """Big glyphs spread wide on one baseline (a letter-spaced headline, 春 回 大 地): one line."""
    pieces = sorted((ln for ln in lines if len(ln.text) <= 2 and not ln.vertical
                     and ln.size >= SPACED * body), key=lambda ln: (round(ln.box.y0), ln.box.x0))
    runs: list[list[Line]] = []
    for piece in pieces:
        last = runs[-1][-1] if runs else None
        if (last is not None and abs(last.box.y0 - piece.box.y0) < 0.1 * piece.size
                and abs(last.size - piece.size) <= _SAME_SIZE * piece.size
                and piece.box.x0 - last.box.x1 <= SPACED_EMS * piece.size):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    return _merged(lines, [run for run in runs if len(run) >= 2])


def _merged(lines: list[Line], runs: list[list[Line]]) -> list[Line]:
    """The lines with each run replaced by one line: its texts joined, its boxes united."""
    if not runs:
        return lines
    gone = {id(ln) for run in runs for ln in run}
    out = [ln for ln in lines if id(ln) not in gone]
    for run in runs:
        box = run[0].box
        for ln in run[1:]:
            box = box.union(ln.box)
        out.append(Line(clean("".join(ln.text for ln in run)), box, run[0].size))
    return out


def _verticals(lines: list[Line], body: float) -> list[Line]:
    """Single glyphs one under another at one x, read top to bottom: a vertical headline (two
    big glyphs are enough), or a vertical label or credit in smaller type (three or more)."""
    single = [ln for ln in lines if len(ln.text) == 1]
    taken: set[int] = set()
    out = [ln for ln in lines if len(ln.text) != 1]
    single.sort(key=lambda ln: (-ln.box.y1))
    for i, first in enumerate(single):
        if i in taken:
            continue
        stack, taken_now = [first], {i}
        for j in range(i + 1, len(single)):
            c = single[j]
            last = stack[-1]
            centre = (c.box.x0 + c.box.x1) / 2 - (last.box.x0 + last.box.x1) / 2
            if j in taken or abs(c.size - last.size) > _SAME_SIZE * last.size or abs(centre) > 0.4 * last.size:
                continue
            gap = last.box.y0 - c.box.y1
            if gap > 0.8 * last.size:
                if gap > 3 * last.size:
                    break
                continue
            stack.append(c)
            taken_now.add(j)
        if len(stack) < (2 if first.size >= VERTICAL_RATIO * body else VERTICAL_SMALL):
            out.append(first)
            continue
        taken |= taken_now
        box = stack[0].box
        for ln in stack[1:]:
            box = box.union(ln.box)
        out.append(Line(clean("".join(ln.text for ln in stack)), box, stack[0].size, vertical=True))
    return out


def _drop_caps(lines: list[Line], body: float) -> list[Line]:
    """A paragraph's first character set big beside its first lines (a drop cap) goes back in
    front of the first line's text."""
    caps = [ln for ln in lines if len(ln.text) == 1 and not ln.vertical and _IDEOGRAPH.match(ln.text)
            and ln.size >= DROP_CAP * body]
    gone: set[int] = set()
    texts: dict[int, str] = {}
    for cap in caps:
        beside = [ln for ln in lines if abs(ln.size - body) <= _SAME_SIZE * body and id(ln) not in gone
                  and -0.2 * body <= ln.box.x0 - cap.box.x1 <= 1.5 * body
                  and cap.box.y1 - 0.6 * cap.size <= ln.box.y1 <= cap.box.y1 + 0.5 * body]
        if beside:
            first = max(beside, key=lambda ln: ln.box.y1)
            texts[id(first)] = cap.text + texts.get(id(first), first.text)
            gone.add(id(cap))
    if not gone:
        return lines
    return [replace(ln, text=texts.get(id(ln), ln.text)) for ln in lines if id(ln) not in gone]


def blocks_of(lines: list[Line]) -> list[TextBlock]:
    """Lines of one column and size, each under the last at the usual leading, as one block."""
    runs: list[list[Line]] = []
    active: list[list[Line]] = []  # runs whose last line is near enough to take another
    for line in sorted(lines, key=lambda ln: (-ln.box.y1, ln.box.x0)):
        active = [r for r in active if r[-1].box.y0 - line.box.y1 <= LEADING_EMS * r[-1].size * 1.2]
        best, best_gap = None, 0.0
        for run in active:
            gap = _joins(run[-1], line)
            if gap is not None and (best is None or gap < best_gap):
                best, best_gap = run, gap
        if best is None:
            runs.append([line])
            active.append(runs[-1])
        else:
            best.append(line)
    return [_block(run) for run in runs]


def _joins(last: Line, line: Line) -> float | None:
    """The space between ``last`` and ``line`` when ``line`` continues its block, else None."""
    if last.vertical or line.vertical or abs(last.size - line.size) > _SAME_SIZE * last.size:
        return None
    gap = last.box.y0 - line.box.y1
    if gap < -0.3 * line.size or gap > LEADING_EMS * line.size:
        return None
    narrow = min(last.box.width, line.box.width)
    if last.box.x_overlap(line.box) < 0.5 * narrow:
        return None
    return gap


def _block(run: list[Line]) -> TextBlock:
    box = run[0].box
    for line in run[1:]:
        box = box.union(line.box)
    size = run[0].size
    paragraphs: list[list[str]] = [[run[0].text]]
    for k, (prev, line) in enumerate(zip(run, run[1:]), 1):
        after = run[k + 1] if k + 1 < len(run) else prev
        shift = min(line.box.x0 - prev.box.x0, line.box.x0 - after.box.x0)
        indented = 0.8 * line.size < shift < INDENT_EMS * line.size  # wider: text around a picture
        short = prev.box.x1 < box.x1 - 1.2 * line.size and ends_sentence(prev.text)
        if indented or short:
            paragraphs.append([line.text])
        else:
            paragraphs[-1].append(line.text)
    texts = tuple(_join(p) for p in paragraphs)
    indented = len(run) > 1 and run[0].box.x0 - box.x0 > 0.8 * size
    return TextBlock(tuple(run), texts, box, size, vertical=run[0].vertical, indented=indented)


def _join(parts: list[str]) -> str:
    """A paragraph's lines; a space only between two Latin words."""
    out = parts[0]
    for part in parts[1:]:
        if _ASCII_WORD.match(out[-1:]) and _ASCII_WORD.match(part[:1]) and out[-1:].isalpha() and part[:1].isalpha():
            out += " "
        out += part
    return out
