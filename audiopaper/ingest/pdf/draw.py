"""A picture of how each page was read: articles outlined and numbered, furniture shaded by kind.

pypdfium2 (Apache-2.0/BSD) renders the page; Pillow draws on it. A producer checks the night's
reading at a glance: every article's blocks share one colour and its number (the order it is
heard in), every skipped block is greyed over with its kind written on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageFont import FreeTypeFont, ImageFont

from ...errors import InputError
from .layout import Box
from .read import PageReading

#: Pixels per PDF point: a broadsheet page comes out about 1500 pixels wide.
SCALE = 1.6
#: The longest side of a picture, in pixels: a page of absurd size is drawn smaller, not in
#: gigabytes.
MAX_PIXELS = 4000
_COLOURS = ((214, 39, 40), (31, 119, 180), (44, 160, 44), (148, 103, 189), (255, 127, 14),
            (23, 190, 207), (227, 119, 194), (140, 86, 75), (188, 189, 34))
_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
          "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def draw_pages(pages: Sequence[PageReading], folder: Path,
               numbers: dict[int, int] | None = None) -> list[Path]:
    """One PNG per page read (``p<版次>.png``); the articles numbered as ``segment`` lists them
    (``numbers``: ``id`` of an article -> its number; else counted page by page)."""
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    numbers = numbers if numbers is not None else _numbers(pages)
    written: list[Path] = []
    for page in pages:
        scale = min(SCALE, MAX_PIXELS / max(page.width, page.height, 1.0))
        image = _render(pdfium, page, scale)
        _mark(image, page, numbers, scale)
        path = folder / f"p{page.number or page.index + 1}.png"
        n = 1
        while path in written:
            n += 1
            path = folder / f"p{page.number}-{n}.png"
        image.save(path)
        written.append(path)
    return written


def _render(pdfium: Any, page: PageReading, scale: float) -> Image:
    """The page as pdfium prints it; a page it cannot render is drawn on white (the marks still
    show how it was read)."""
    from PIL import Image as PILImage

    try:
        document = pdfium.PdfDocument(page.raw_path)
        try:
            return document[page.index].render(scale=scale).to_pil().convert("RGB")  # type: ignore[no-any-return]
        finally:
            document.close()
    except (pdfium.PdfiumError, OSError, IndexError):
        size = (max(1, round(page.width * scale)), max(1, round(page.height * scale)))
        return PILImage.new("RGB", size, (255, 255, 255))


def _numbers(pages: Sequence[PageReading]) -> dict[int, int]:
    """Each spoken article's number, counted over the pages in order (``id`` of the Article)."""
    numbers: dict[int, int] = {}
    for page in pages:
        for item in page.items:
            if item.is_spoken:
                numbers[id(item)] = len(numbers) + 1
    return numbers


def _mark(base: Image, page: PageReading, numbers: dict[int, int], scale: float) -> None:
    from PIL import Image as PILImage
    from PIL import ImageDraw

    overlay = PILImage.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    font = _font(max(8, int(14 * scale)))
    big = _font(max(10, int(22 * scale)))
    if page.refused:
        draw.rectangle((0, 0, *base.size), fill=(200, 0, 0, 60))
        draw.text((20, 20), f"not read: {page.refused}", fill=(160, 0, 0, 255), font=font)
    labelled: set[int] = set()
    for mark in page.marks:
        box = _pixels(mark.box, page.height, scale)
        if mark.article is None:
            draw.rectangle(box, fill=(90, 90, 90, 110), outline=(60, 60, 60, 200))
            draw.text((box[0] + 2, box[1] + 1), mark.kind, fill=(255, 255, 255, 255), font=font,
                      stroke_width=2, stroke_fill=(60, 60, 60, 255))
            continue
        number = numbers.get(id(mark.article), 0)
        colour = _COLOURS[(number - 1) % len(_COLOURS)] if number else (120, 120, 120)
        draw.rectangle(box, outline=(*colour, 255), width=3, fill=(*colour, 28))
        if number and number not in labelled:
            labelled.add(number)
            draw.text((box[0] + 4, box[1] + 2), str(number), fill=(*colour, 255), font=big,
                      stroke_width=3, stroke_fill=(255, 255, 255, 255))
    base.paste(PILImage.alpha_composite(base.convert("RGBA"), overlay).convert("RGB"))


def _pixels(b: Box, height: float, scale: float) -> tuple[int, int, int, int]:
    return (int(b.x0 * scale), int((height - b.y1) * scale),
            int(b.x1 * scale), int((height - b.y0) * scale))


def _font(size: int) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    for name in _FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size)
    except TypeError as exc:  # Pillow < 10.1
        raise InputError("no font to label the page pictures: install fonts-wqy-zenhei") from exc
