"""One page's evidence before any article is assembled: body size, folio, furniture by geometry.

What is decided here from the page's shape alone: the folio band at the top or foot (版次, date,
版名, staff), fine print (中缝 notices), boxed ads, captions under photos and tables of short
cells. What the text says (a QR prompt, a staff line, an ad's hotline) is left to the segmenter's
rules (``segment.tag_blocks``), which the reader applies next, so a paper's ``[segment]`` rules
hold for its PDFs too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...segment import patterns
from .chars import RawPage, Shape
from .layout import FINE_PRINT, Box, TextBlock, blocks_of, body_size, lines_of

#: A folio band is at most this share of the page's height, set apart by white space, and lies
#: within FOLIO_EDGE of the page's top or foot.
FOLIO_SHARE, FOLIO_EDGE = 0.08, 0.12
#: On a Chinese page, under this share of CJK characters the text layer is not readable.
MIN_CJK_SHARE = 0.3
#: Fewer glyphs than this and a picture: a scanned page (no text layer).
MIN_GLYPHS = 40
#: Captions are short and sit this close (in ems) under or over their photo.
CAPTION_CHARS, CAPTION_GAP = 120, 1.6
#: A page with more than this share of its glyphs in fine print is a page of notices.
NOTICES_SHARE = 0.6
#: A framed ad says little: a frame with more text than this is a sidebar, whatever it mentions.
AD_CHARS = 300
#: A picture covering more than this share of the page is a background, not a photo.
BACKGROUND = 0.5
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}|星期[一二三四五六日天]")
_PAGE_NO = re.compile(r"^(?:第\s*)?([A-Za-z]?)\s*0*(\d{1,3})\s*(?:版)?$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMERIC = re.compile(r"[0-9.,%+\-:/()０-９．，％＋－：／（）]+")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


@dataclass(frozen=True)
class Placed:
    """A block with what geometry says of it: ``kind`` "" is text; ``rule`` says why."""

    block: TextBlock
    kind: str = ""
    rule: str = ""


@dataclass(frozen=True)
class PageShape:
    """A page's blocks split by what geometry decided, and its 版次 and 版名 when the folio says."""

    body: float
    folio: tuple[Placed, ...]
    blocks: tuple[Placed, ...]
    fine: tuple[Placed, ...]
    number: str
    name: str
    photos: tuple[Box, ...] = ()


def unreadable(raw: RawPage) -> str:
    """Why the page's text layer cannot be read ('' when it can)."""
    glyphs = [c.text for c in raw.chars if not c.text.isspace()]
    pictures = sum(_area(s) for s in raw.shapes if s.kind == "image")
    if len(glyphs) < MIN_GLYPHS:
        if pictures > 0.3 * raw.width * raw.height:
            return ("it is a picture with no text layer (a scanned page, or one picture such as a "
                    "full-page ad)")
        return ""
    wordlike = [g for g in glyphs if not _NUMERIC.fullmatch(g)]  # a page of stock prices is fine
    cjk = sum(1 for g in wordlike if _CJK.search(g))
    share = cjk / len(wordlike) if len(wordlike) >= MIN_GLYPHS else 1.0
    if share < MIN_CJK_SHARE:
        return (f"its text layer reads as junk ({share:.0%} Chinese characters; the fonts have no "
                f"Unicode map)")
    return ""


def _area(s: Shape) -> float:
    return max(0.0, s.x1 - s.x0) * max(0.0, s.y1 - s.y0)


def shape_page(raw: RawPage) -> PageShape:
    """The page's blocks, its folio band and fine print set apart, captions and ads marked."""
    normal = [c for c in raw.chars if c.size >= FINE_PRINT and not c.text.startswith("(cid:")]
    small = [c for c in raw.chars if c.size < FINE_PRINT and not c.text.startswith("(cid:")]
    body = body_size(normal) or body_size(small) or 10.0
    blocks = [b for b in blocks_of(lines_of(normal, body)) if b.text]
    fine = tuple(Placed(b, "ad", "pdf:fine-print") for b in blocks_of(lines_of(small, body)) if b.text)
    if len(small) > NOTICES_SHARE * (len(small) + len(normal)):
        # a page of fine print (a 中缝 strip of notices): its few big lines are the strip's labels
        labels = tuple(Placed(b, "ad", "pdf:notices-page") for b in blocks)
        return PageShape(body, (), (), labels + fine, "", "")
    folio = _folio(blocks, raw.height)
    rest = [b for b in blocks if b not in folio]
    number, name = _page_facts(folio)
    placed = _captions(rest, raw, body)
    placed = _boxed(placed, raw)
    placed = _tables(placed)
    return PageShape(body, tuple(_folio_kind(b) for b in folio), tuple(placed), fine, number, name,
                     tuple(_photos(raw)))


def _folio(blocks: list[TextBlock], height: float) -> list[TextBlock]:
    """The thin band of blocks at the page's top or foot, set apart by white, that dates the page."""
    band: list[TextBlock] = []
    for from_top in (True, False):
        ordered = sorted(blocks, key=lambda b: -b.box.y1 if from_top else b.box.y0)
        if not ordered:
            break
        edge = ordered[0].box.y1 if from_top else ordered[0].box.y0
        taken: list[TextBlock] = []
        reach = edge
        for b in ordered:
            near = b.box.y1 >= reach - 2 if from_top else b.box.y0 <= reach + 2
            if not near:
                break
            taken.append(b)
            reach = min(reach, b.box.y0) if from_top else max(reach, b.box.y1)
        at_edge = reach >= (1 - FOLIO_EDGE) * height if from_top else reach <= FOLIO_EDGE * height
        thin = abs(edge - reach) <= FOLIO_SHARE * height and len(taken) < len(blocks) and at_edge
        if thin and any(_DATE.search(b.text) or _PAGE_NO.match(b.text) or _staff(b.text) for b in taken):
            band.extend(taken)
    return band


def _staff(text: str) -> bool:
    return re.search(r"(责编|责任编辑|编辑|美编|校对|检校|版式|统筹|热线|邮箱)\s*[：:]?", text) is not None


def _folio_kind(b: TextBlock) -> Placed:
    return Placed(b, "staff" if _staff(b.text) else "header", "pdf:folio-band")


def _page_facts(folio: list[TextBlock]) -> tuple[str, str]:
    """版次 (the biggest page number in the band) and 版名 (its biggest short name)."""
    number, name, number_size, name_size = "", "", 0.0, 0.0
    for b in folio:
        text = b.text.replace(" ", "")
        found = _PAGE_NO.match(text)
        if found and b.size > number_size:
            number, number_size = patterns.page_id(found.group(1), found.group(2)), b.size
        elif _NAME.match(text) and not _DATE.search(text) and b.size > name_size:
            name, name_size = text, b.size
    return number, name


def _photos(raw: RawPage) -> list[Box]:
    page = raw.width * raw.height
    return [Box(s.x0, s.y0, s.x1, s.y1) for s in raw.shapes
            if s.kind == "image" and 2000 < _area(s) < BACKGROUND * page
            and s.y1 - s.y0 > 40 and s.x1 - s.x0 > 40]


def _captions(blocks: list[TextBlock], raw: RawPage, body: float) -> list[Placed]:
    """A short block in body type or smaller, right under or over a photo, is its caption."""
    photos = _photos(raw)
    out = []
    for b in blocks:
        near = b.size <= 1.1 * body and len(b.text) <= CAPTION_CHARS and len(b.lines) <= 3 and any(
            _by_photo(b.box, p, b.size) and not _columns_past(b, p, blocks) for p in photos)
        out.append(Placed(b, "caption", "pdf:caption-by-photo") if near else Placed(b))
    return out


def _columns_past(block: TextBlock, photo: Box, blocks: list[TextBlock]) -> bool:
    """Blocks side by side on the same side of a photo are columns running past it, not its caption."""
    side = [b for b in blocks if b is not block and _by_photo(b.box, photo, b.size)
            and b.box.y_overlap(block.box) > 0 and b.box.x_overlap(block.box) <= 0]
    return bool(side)


def _by_photo(box: Box, photo: Box, size: float) -> bool:
    if box.x_overlap(photo) < 0.6 * box.width:
        return False
    under = photo.y0 - box.y1
    over = box.y0 - photo.y1
    return -0.5 * size <= under <= CAPTION_GAP * size or -0.5 * size <= over <= CAPTION_GAP * size


def _boxed(placed: list[Placed], raw: RawPage) -> list[Placed]:
    """Blocks framed by one rectangle, with an ad's signs in the frame (hotline, 广告, 扫码): an ad."""
    frames = [Box(s.x0, s.y0, s.x1, s.y1) for s in raw.shapes if s.kind == "rect"
              and s.x1 - s.x0 > 30 and s.y1 - s.y0 > 20 and _area(s) < BACKGROUND * raw.width * raw.height]
    out = list(placed)
    for frame in frames:
        inside = [i for i, p in enumerate(out) if not p.kind and p.block.box.inside(frame)]
        text = "".join(out[i].block.text for i in inside)
        if inside and (_AD_SIGNS.search(text) and len(text) <= AD_CHARS or "广告" in text):
            for i in inside:
                out[i] = Placed(out[i].block, "ad", "pdf:boxed-ad")
    return out


_AD_SIGNS = re.compile(r"广告|热线|电话|咨询|扫码|二维码|优惠|特价|招商|加盟|订购|\d{3,4}[-－]\d{7,8}|1[3-9]\d{9}")


def _tables(placed: list[Placed]) -> list[Placed]:
    """Side-by-side blocks of short lines on shared baselines: the columns of a table."""
    short = [i for i, p in enumerate(placed) if not p.kind and len(p.block.lines) >= 3
             and sorted(len(ln.text) for ln in p.block.lines)[len(p.block.lines) // 2] <= 10
             and not p.block.vertical]
    out = list(placed)
    for i in short:
        mine = {round(ln.box.y0) for ln in placed[i].block.lines}
        for j in short:
            if j == i:
                continue
            theirs = {round(ln.box.y0) for ln in placed[j].block.lines}
            shared = sum(1 for y in mine if any(abs(y - t) <= 1 for t in theirs))
            if shared >= 3:
                out[i] = Placed(placed[i].block, "table", "pdf:table-columns")
                break
    return out
