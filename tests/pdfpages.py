"""Page PDFs the tests lay out themselves from the project's own text (reportlab, its built-in CID
font STSong-Light), so the PDF reader is tested in a clone with nothing beside it.

A page is drawn from a few parts placed like a newspaper's: a folio band, headline stacks in
ranked sizes, text flowed down columns with indented paragraphs and subheads, a framed sidebar,
a vertical headline, a framed ad, a table of short cells, a photo with its caption, a QR prompt
and, on a page of its own, a strip of notices in fine print. Coordinates are points from the
page's top-left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FONT = "STSong-Light"
#: A TrueType font embedded as a subset (another way producers put CJK text in a PDF).
TTF = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
BODY = 10.0
LEADING = 15.0
WIDTH, HEIGHT = 740.0, 1080.0


@dataclass
class Page:
    """A reportlab canvas with newspaper-shaped drawing helpers."""

    path: Path
    width: float = WIDTH
    height: float = HEIGHT
    font: str = FONT
    canvas: object = field(init=False)

    def __post_init__(self) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas

        if self.font not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FONT) if self.font == FONT
                                    else TTFont(self.font, TTF, subfontIndex=0))
        self.canvas = canvas.Canvas(str(self.path), pagesize=(self.width, self.height))

    def text(self, x: float, top: float, text: str, size: float = BODY) -> None:
        """One line whose glyph tops are at ``top``."""
        c = self.canvas
        c.setFont(self.font, size)  # type: ignore[attr-defined]
        c.drawString(x, self.height - top - size * 0.88, text)  # type: ignore[attr-defined]

    def vertical(self, x: float, top: float, text: str, size: float) -> None:
        """A vertical headline: one glyph under another."""
        for i, char in enumerate(text):
            self.text(x, top + i * size * 1.05, char, size)

    def columns(self, paragraphs: list[str], columns: list[tuple[float, float]], top: float,
                bottom: float, size: float = BODY, subheads: dict[int, str] | None = None) -> float:
        """Flow paragraphs down columns (x, width) from ``top``; paragraphs open with a two-em
        indent; ``subheads[i]`` is set in bigger type above paragraph i. Returns the last line's
        bottom."""
        per_line = [int(width // size) for _x, width in columns]
        leading = size * LEADING / BODY
        col, y = 0, top
        for index, paragraph in enumerate(paragraphs):
            if subheads and index in subheads:
                if y + 2 * leading > bottom:
                    col, y = col + 1, top
                y += 4
                self.text(columns[col][0], y, subheads[index], size * 1.2)
                y += leading * 1.5
            rest, indent = paragraph, 2
            while rest:
                if y + size > bottom:
                    col, y = col + 1, top
                    if col >= len(columns):
                        raise ValueError("the text does not fit the columns")
                room = per_line[col] - indent
                self.text(columns[col][0] + indent * size, y, rest[:room], size)
                rest, indent, y = rest[room:], 0, y + leading
        return y

    def frame(self, x: float, top: float, width: float, height: float) -> None:
        self.canvas.rect(x, self.height - top - height, width, height)  # type: ignore[attr-defined]

    def photo(self, x: float, top: float, width: float, height: float) -> None:
        """A grey picture (a real raster image, as a photo is)."""
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        image = Image.new("RGB", (64, 48), (120, 140, 160))
        self.canvas.drawImage(ImageReader(image), x, self.height - top - height,  # type: ignore[attr-defined]
                              width, height)

    def save(self) -> Path:
        self.canvas.showPage()  # type: ignore[attr-defined]
        self.canvas.save()  # type: ignore[attr-defined]
        return self.path


LEAD_TITLE = "肥城桃花节3月25日启幕"
LEAD_OVERLINE = "十万亩桃花盛开 四面八方游客可赏花"
LEAD_SUBTITLE = "届时将举办音乐节、书法艺术展等活动"
LEAD = [
    "本报3月14日讯（记者 郑凯）“桃花春色暖先开，明媚谁人不看来。”第二十三届中国肥城桃花节将于3月25日至4月20日"
    "举办，十万亩桃花盛开的美景不容错过。",
    "肥城桃花节始于2002年，举办地所在的刘台桃花景区位于肥城市仪阳街道刘台村，是肥城桃的主产区。肥城桃花节已跻身"
    "中国四大桃花节和十大节庆品牌之列。",
    "本届桃花节将围绕“感知肥城”“畅玩肥城”“结缘肥城”3个主题，举办开幕式暨首届肥城音乐节、青少年书法艺术大展、"
    "全国桃木旅游商品创新设计大赛等活动，游客可以在花海中听音乐、看书法、品肥桃。",
    "为了让游客饱览桃花盛景，同时打好丰收基础，当地积极推动“农业+旅游”产业发展。农技人员开展技术指导，农户精心"
    "打理桃园。近年来，当地通过招商打造了桃花谷、民俗馆等20余处景点。",
    "与刘台村临近的鱼山村也充分挖掘古村落资源，引进精品民宿，通过与刘台桃花风景区一体打造，构建起赏桃花、品肥桃、"
    "游古村的乡村旅游格局。赏花佳期已定，肥城将以花为媒、以节圈粉，恭迎四面八方游客。",
]
LEAD_SUBHEADS = {2: "三个主题 十项活动", 3: "农业加旅游 带动增收"}
SIDEBAR_TITLE = "岱岳区欢送新兵入伍"
SIDEBAR = [
    "本报3月14日讯（记者 崔东旭）14日上午，岱岳区2024年上半年入伍新兵欢送大会在山东第一医科大学举行。",
    "送兵仪式上，新兵们身着戎装、身姿挺拔、精神抖擞，展现出新时代青年听从召唤、矢志军营的高昂士气。",
]
VERTICAL_TITLE = "泰山脚下春耕忙"
VERTICAL = [
    "本报3月14日讯（记者 王静）连日来，泰山区各乡镇抢抓农时，组织农机开展春耕作业，田间地头一派繁忙景象。",
    "在省庄镇的麦田里，几台植保无人机来回穿梭，为返青的小麦喷洒叶面肥。农技人员介绍，今年全区小麦长势良好。",
    "据了解，泰山区今年计划完成春季农机作业面积5万亩，落实各类种植补贴资金300余万元，保障粮食生产稳定。",
]
DECK = ("第二十三届中国肥城桃花节将于3月25日开幕，持续近一个月，十万亩桃花竞相绽放，音乐节、书法展、短视频大赛"
        "等活动同步举行，带动乡村旅游和桃产业发展。")
JUSTIFIED = "近 年 来 ， 泰 山 区 积 极 推 动 农 业 机 械 化"
AD_LINES = ["春季家电以旧换新", "全场八折 送货上门", "订购热线：0538-8888888"]
TABLE = [("品名", "今日", "昨日"), ("芹菜", "1.2元", "1.3元"), ("白菜", "0.8元", "0.8元"),
         ("萝卜", "1.0元", "1.1元"), ("黄瓜", "2.5元", "2.6元")]
CAPTION = "市民在桃花林中赏花拍照。"
CREDIT = "记者 郑凯 摄"
QR = "扫码关注泰安日报微信公众号"
FOLIO = ("A02", "2024年3月15日 星期五", "要闻", "责编：张伟 美编：李娜 校对：王强")
#: Text a listener must never hear from the test page.
FURNITURE = [FOLIO[1], "责编", "订购热线", "芹菜", QR, CAPTION, CREDIT.replace(" ", "")]


def news_page(path: Path, page: str = "A02", font: str = FONT) -> Path:
    """A four-article page: a lead story with overline, subtitle, deck, byline and subheads over
    three columns; a framed sidebar; a vertical-headline story; and the furniture around them."""
    p = Page(path, font=font)
    p.text(30, 20, page, 24)
    p.text(30, 50, FOLIO[1], 7)
    p.text(640, 18, FOLIO[2], 32)
    p.text(200, 50, FOLIO[3], 7)
    # the lead story: overline, title, subtitle; a deck and byline; three columns with subheads
    p.text(40, 90, LEAD_OVERLINE, 16)
    p.text(40, 112, LEAD_TITLE, 40)
    p.text(40, 160, "——" + LEAD_SUBTITLE, 16)
    p.columns([DECK], [(40, 460)], 190, 240, 12)
    p.text(40, 232, "□记者 郑凯", BODY)
    p.columns(LEAD, [(40, 150), (200, 150), (360, 150)], 260, 560, subheads=LEAD_SUBHEADS)
    # the right column: a framed sidebar, a photo with caption and credit, an ad, a QR prompt
    p.frame(525, 90, 185, 230)
    p.text(535, 100, SIDEBAR_TITLE, 20)
    p.columns(SIDEBAR, [(535, 165)], 135, 315)
    p.photo(525, 340, 185, 120)
    p.text(525, 466, CAPTION + " " + CREDIT, 8)
    p.frame(525, 500, 185, 70)
    for i, line in enumerate(AD_LINES):
        p.text(535, 508 + i * 18, line, 12)
    # the foot: a vertical headline story, a table of prices, a QR prompt
    p.vertical(40, 600, VERTICAL_TITLE, 28)
    p.text(90, 600, JUSTIFIED, BODY)
    p.columns(VERTICAL, [(90, 150), (250, 150)], 620, 760)
    p.text(430, 600, "今日菜价", 14)
    for row, cells in enumerate(TABLE):
        for col, cell in enumerate(cells):
            p.text(430 + col * 80, 625 + row * 16, cell, 9)
    p.text(430, 720, QR, 9)
    return p.save()


def notices_page(path: Path) -> Path:
    """A 中缝 strip: legal notices in 4.3-point type, a label in bigger type above them."""
    p = Page(path, 160, 1080)
    p.text(10, 10, "公告专栏", 12)
    notice = ("王海：本院受理原告杨光雄诉你离婚纠纷一案，现依法向你公告送达起诉状副本、应诉通知书，自公告之日起"
              "经过三十日即视为送达。特此公告。")
    p.columns([notice] * 40, [(10, 140)], 40, 1060, 4.3)
    return p.save()


def unreadable_page(path: Path) -> Path:
    """A page whose text layer is junk: Latin letters where the Chinese should be."""
    p = Page(path)
    junk = "Hk3#9 xQv!L pzZ0 8rT&m " * 4
    for row in range(40):
        p.text(40, 40 + row * 15, junk[row % 7:row % 7 + 60], BODY)
    return p.save()


def two_pages(path: Path, first: str, second: str) -> Path:
    """One PDF holding two pages, each a short story under its folio (版次 ``first``, ``second``)."""
    p = Page(path)
    for number, (folio, title) in enumerate(((first, SIDEBAR_TITLE), (second, VERTICAL_TITLE))):
        if number:
            p.canvas.showPage()  # type: ignore[attr-defined]
        p.text(30, 20, folio, 24)
        p.text(30, 50, FOLIO[1], 7)
        p.text(40, 100, title, 30)
        p.columns(SIDEBAR if number == 0 else VERTICAL, [(40, 300)], 150, 400)
    return p.save()


def story_page(path: Path, folio: str, title: str) -> Path:
    """A page with one story under its folio."""
    p = Page(path)
    p.text(30, 20, folio, 24)
    p.text(30, 50, FOLIO[1], 7)
    p.text(40, 100, title, 30)
    p.columns(LEAD[:2], [(40, 300)], 150, 400)
    return p.save()


def encrypted_page(path: Path) -> Path:
    """A page only a password opens."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(100, 700, "locked")
    c.showPage()
    c.save()
    return path


def bare_pdf(path: Path, catalog_extra: str = "", size: tuple[int, int] = (600, 800)) -> Path:
    """A one-page PDF written by hand, with ``catalog_extra`` in its catalog (a script, a form)."""
    objects = [f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>",
               "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}] /Contents 4 0 R >>",
               "<< /Length 0 >>\nstream\n\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def side_by_side_page(path: Path) -> Path:
    """Two stories side by side, headlines level, each over two columns: the gutter between the
    stories is narrower than the white under the headlines."""
    p = Page(path)
    p.text(30, 20, "A03", 24)
    p.text(30, 50, FOLIO[1], 7)
    p.text(40, 100, SIDEBAR_TITLE, 24)
    p.columns(SIDEBAR + VERTICAL[:1], [(40, 150), (200, 150)], 160, 260)
    p.text(362, 100, VERTICAL_TITLE, 24)
    p.columns(VERTICAL, [(362, 150), (522, 150)], 160, 260)
    return p.save()


def photo_across_page(path: Path) -> Path:
    """One story in three columns with a photo across all of them halfway down: each column is
    read down past the photo before the next."""
    p = Page(path)
    p.text(30, 20, "A07", 24)
    p.text(30, 50, FOLIO[1], 7)
    p.text(40, 100, LEAD_TITLE, 30)
    columns = [(40, 200), (260, 200), (480, 200)]
    p.photo(40, 270, 640, 150)
    for n, (x, width) in enumerate(columns):
        # each column holds its share of the text above the photo, then below it
        share = LEAD[n]
        half = len(share) // 2
        p.columns([share[:half]], [(x, width)], 150, 262)
        p.columns([share[half:]], [(x, width)], 430, 700)
    return p.save()
