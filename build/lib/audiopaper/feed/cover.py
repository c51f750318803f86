"""The podcast cover: the producer's own image (checked against Apple's rules) or a generated one.

The generated cover is 3000×3000 RGB PNG with the paper's name in large white type on dark blue
(contrast about 15:1), legible as a thumbnail. Chinese needs a CJK font: one is looked up on the
machine (``scripts/install`` installs Debian's fonts-wqy-zenhei) or named by $AUDIOPAPER_CJK_FONT.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin, UnidentifiedImageError

from ..errors import ConfigError, PublishError
from .atomic import write_atomic

COVER_SIZE = 3000
MIN_COVER, MAX_COVER = 1400, 3000
ENV_CJK_FONT = "AUDIOPAPER_CJK_FONT"
BACKGROUND, INK, ACCENT = (11, 31, 58), (255, 255, 255), (255, 214, 10)
_STAMP_KEY = "audiopaper-cover"
_KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
_NO_FONT = ("no Chinese (CJK) font was found for the default cover: run scripts/install (it "
            "installs fonts-wqy-zenhei), set $AUDIOPAPER_CJK_FONT to a .ttf/.ttc/.otf file, or "
            "set [feed] cover in audiopaper.toml")


def find_cjk_font() -> Path:
    """A font file with Chinese glyphs: $AUDIOPAPER_CJK_FONT, a known path, or fontconfig's pick."""
    named = os.environ.get(ENV_CJK_FONT)
    if named:
        if not Path(named).is_file():
            raise PublishError(f"${ENV_CJK_FONT} names {named}, which does not exist: fix the path")
        return Path(named)
    for known in _KNOWN_FONTS:
        if Path(known).is_file():
            return Path(known)
    return _fontconfig_font()


def _fontconfig_font() -> Path:
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,
                                check=False).stdout
        files = sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip())
        if files:
            return Path(files[0])
    raise PublishError(_NO_FONT)


def _fitted_font(font_path: Path, text: str, width: int, largest: int) -> ImageFont.FreeTypeFont:
    """The biggest size (≤ largest) at which ``text`` fits ``width`` pixels."""
    size = largest
    while size > 40:
        font = ImageFont.truetype(str(font_path), size)
        if font.getlength(text) <= width:
            return font
        size = int(size * 0.9)
    return ImageFont.truetype(str(font_path), size)


def draw_cover(name: str, font_path: Path, size: int = COVER_SIZE) -> Image.Image:
    """The default cover: the paper's name large, 有声版 under it, a bar for a visual anchor."""
    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title = _fitted_font(font_path, name, int(size * 0.84), int(size * 0.26))
    draw.text((size / 2, size * 0.42), name, font=title, fill=INK, anchor="mm")
    draw.rectangle((size * 0.2, size * 0.58, size * 0.8, size * 0.6), fill=ACCENT)
    label = _fitted_font(font_path, "有声版", int(size * 0.6), int(size * 0.13))
    draw.text((size / 2, size * 0.72), "有声版", font=label, fill=ACCENT, anchor="mm")
    return image


def _stamp(name: str, font_path: Path) -> str:
    return f"{name}|{font_path.name}|{COVER_SIZE}"


def _current_stamp(path: Path) -> str | None:
    try:
        with Image.open(path) as image:
            return image.info.get(_STAMP_KEY)
    except (OSError, UnidentifiedImageError):
        return None


def default_cover(name: str, out_dir: Path) -> str:
    """Write ``cover.png`` for ``name`` unless the one there already shows it; return its name."""
    path = out_dir / "cover.png"
    font_path = find_cjk_font()
    stamp = _stamp(name, font_path)
    if path.is_file() and _current_stamp(path) == stamp:
        return path.name
    info = PngImagePlugin.PngInfo()
    info.add_text(_STAMP_KEY, stamp)
    buffer = io.BytesIO()
    draw_cover(name, font_path).save(buffer, "PNG", pnginfo=info, optimize=False)
    write_atomic(path, buffer.getvalue())
    return path.name


def cover_problem(path: Path) -> str | None:
    """Why Apple would refuse this cover, or None."""
    try:
        with Image.open(path) as image:
            fmt, mode, (width, height) = image.format, image.mode, image.size
    except (OSError, UnidentifiedImageError) as exc:
        return f"it cannot be read as an image ({exc})"
    if fmt not in ("JPEG", "PNG"):
        return f"it is {fmt}, not JPEG or PNG"
    if mode != "RGB":
        return f"its colour mode is {mode}, not RGB"
    if width != height or not MIN_COVER <= width <= MAX_COVER:
        return f"it is {width}×{height}, not square between {MIN_COVER} and {MAX_COVER} px"
    return None


def check_cover(source: Path | None) -> None:
    """Fail now, not after a night's synthesis, if the cover cannot be published."""
    if source is None:
        find_cjk_font()
        return
    if not source.is_file():
        raise ConfigError(f"the cover {source} does not exist: fix [feed] cover in "
                          f"audiopaper.toml, or remove it to use a generated cover")
    problem = cover_problem(source)
    if problem:
        raise ConfigError(f"the cover {source} cannot be used because {problem}: Apple needs a "
                          f"square RGB JPEG or PNG of 1400–3000 px")


def cover_name(source: Path | None) -> str:
    """The published cover's file name, known before anything is written (checked first)."""
    check_cover(source)
    if source is None:
        return "cover.png"
    with Image.open(source) as image:
        return "cover.jpg" if image.format == "JPEG" else "cover.png"


def own_cover(source: Path, out_dir: Path) -> str:
    """Copy the producer's cover into the output folder after checking it; return its name."""
    check_cover(source)
    with Image.open(source) as image:
        ext = ".jpg" if image.format == "JPEG" else ".png"
    target = out_dir / f"cover{ext}"
    data = source.read_bytes()
    if not target.is_file() or target.read_bytes() != data:
        write_atomic(target, data)
    return target.name


ART_SIZE = 600  # px: embedded art for players' screens, small enough to repeat in every file


def cover_art(source: Path | None, name: str) -> bytes:
    """The cover as a 600 px JPEG for the files' ID3 tags: the producer's, or the drawn one."""
    if source is None:
        image = draw_cover(name, find_cjk_font(), ART_SIZE)
    else:
        check_cover(source)
        with Image.open(source) as opened:
            image = opened.convert("RGB").resize((ART_SIZE, ART_SIZE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
