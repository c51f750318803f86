"""E-paper sites of the project's own making, one per family, served on 127.0.0.1 with faults.

The edition's text is the project's example edition plus articles written here; each family
renders it with its own URL scheme and markup (the markup the real families use, none of their
text). ``SiteServer`` is a threaded http.server that answers from memory, honours conditional
requests (ETag, Last-Modified), logs every request and injects faults by path: 5xx, slow and
truncated answers, redirects (loops, other hosts), oversized bodies, an edition not out yet.

From the shell: ``python tests/epaper_site.py --family founder-classic`` (see scripts/epaper_site).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DATE = dt.date(2024, 3, 15)
FAMILIES = ("founder-classic", "founder-people", "founder-pc", "page-articel", "issue-folder")


@dataclass(frozen=True)
class Item:
    """One article as the paper marked it up; ``box`` is its place on the page image."""

    title: str
    paragraphs: tuple[str, ...]
    overline: str = ""
    subtitle: str = ""
    byline: str = ""
    box: tuple[int, int, int, int] = (0, 0, 100, 100)
    spoken: bool = True  # False: furniture, a photo or an ad the reader must skip


@dataclass(frozen=True)
class SitePage:
    number: int
    name: str
    items: tuple[Item, ...]


def _example_items() -> list[Item]:
    """The example edition's articles (examples/2024-03-15-example.txt), as the segmenter reads them."""
    from audiopaper.pipeline import read_articles

    found = [a for a in read_articles(REPO / "examples" / "2024-03-15-example.txt") if a.is_spoken]
    return [Item(a.title, a.paragraphs, byline=f"本报记者 {a.byline.split()[-1]}" if a.byline else "")
            for a in found]


def edition() -> tuple[SitePage, ...]:
    """Four pages: news with a jump, a photo and a credit line; the jump's end; ads; 中缝."""
    library, planting = _example_items()
    return (
        SitePage(1, "要闻", (
            # listed first, but it stands below the lead on the page: the map decides the order
            Item("全市春季植树活动本周末举行", planting.paragraphs, byline=planting.byline,
                 box=(200, 260, 380, 400)),
            Item("春水行动：小城河道清淤全面开工", (
                "　　本报3月14日讯　15日起，城区三条主要河道开始清淤，工期约40天。",
                "　　清淤期间，沿河步道分段封闭，市民出行请留意现场提示。&nbsp;&nbsp;施工单位负责人吴堃表示，"
                "夜间不安排高噪声作业。",
                "　　河道清淤后，汛期排水能力将明显提升。（下转第2版）"),
                 overline="城区防汛准备提前一个月", subtitle="三条河道40天完工",
                 byline="本报记者 陈明", box=(10, 10, 380, 250)),
            Item("城东新建社区图书馆正式开放", library.paragraphs, byline=library.byline,
                 box=(10, 260, 190, 520)),
            Item("图片新闻", ("南山公园的樱花开了。本报记者 李文 摄",), box=(200, 410, 380, 520),
                 spoken=False),
            Item("本版责编：周红　美编：孙丽", ("本版责编：周红　美编：孙丽",),
                 box=(10, 530, 380, 545), spoken=False),
        )),
        SitePage(2, "综合", (
            Item("春水行动：小城河道清淤全面开工", (
                "　　（上接第1版）清淤产生的淤泥将运往城西处置场，统一晾晒后用于绿化。",
                "　　市水务局提醒，施工区域请勿靠近。"), box=(10, 10, 380, 200)),
            Item("老街早市搬进新市场", (
                "■ 本报通讯员 赵芳",
                "　　17日起，老街早市整体搬入东关农贸市场，摊位免费使用三个月。",
                "　　新市场每天5:30开门，设有停车位120个。"), box=(10, 210, 380, 400)),
        )),
        SitePage(3, "广告", (
            Item("春季家装节 全场八折", ("地址：城东建材城。电话：0538-6200000。",),
                 box=(10, 10, 380, 540), spoken=False),
        )),
        SitePage(4, "中缝", (
            Item("遗失声明", ("某某公司遗失公章一枚，声明作废。",), box=(0, 0, 20, 540), spoken=False),
        )),
    )


def spoken_titles() -> list[str]:
    """What a listener must hear, in order (the jump joined into its first page's article)."""
    order: list[str] = []
    for page in edition():
        for item in sorted(page.items, key=lambda i: (i.box[1], i.box[0])):
            if item.spoken and item.title not in order:
                order.append(item.title)
    return order


# --- rendering ----------------------------------------------------------------------------

def _e(text: str) -> str:
    return html.escape(text, quote=True).replace("&amp;nbsp;", "&nbsp;")


def _coords(box: tuple[int, int, int, int]) -> str:
    x0, y0, x1, y1 = box
    return f"{x1},{y0},{x0},{y0},{x0},{y1},{x1},{y1}"


def _body(item: Item) -> str:
    return "".join(f"<P>{_e(p)}</P>" for p in item.paragraphs)


def _enp(item: Item, page: SitePage, prefix: str = "founder-") -> str:
    fields = {"date": DATE.isoformat(), "author": item.byline, "title": item.title,
              "subtitle": item.subtitle, "introtitle": item.overline,
              "pagenum": f"{page.number:02d}", "papername": "春风里的小城早报"}
    inner = "".join(f"<{prefix}{k}>{_e(v)}</{prefix}{k}>" for k, v in fields.items())
    return f"<!--enpproperty {inner}/enpproperty-->"


@dataclass
class Site:
    """A rendered site: path → (bytes, content type); ``entry`` is what a producer is given."""

    family: str
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    entry: str = ""
    index: str = ""  # the paperindex-like address, when the family has one

    def put(self, path: str, text: str, encoding: str = "utf-8", bom: bool = False,
            content_type: str = "text/html") -> None:
        data = text.encode(encoding)
        self.files[path] = ((b"\xef\xbb\xbf" if bom else b"") + data, content_type)


def render(family: str, pages: tuple[SitePage, ...] | None = None, *, scripted: bool = False,
           images_only: bool = False) -> Site:
    """The edition as ``family`` publishes it; ``scripted``: article pages are JavaScript shells;
    ``images_only``: pages show only their picture (no article links)."""
    pages = pages or edition()
    site = Site(family)
    {"founder-classic": _classic, "founder-people": _people, "founder-pc": _pc,
     "page-articel": _articel, "issue-folder": _issue}[family](site, pages, scripted, images_only)
    return site


def _js_shell(title: str) -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>"
            "<script src='/Scripts/index.js'></script></head><body><div class=title_1>"
            "<span id=Labeltitle></span></div><div class=div_content><span id=Labelcontent></span>"
            "</div><script>$.get('/api/article', function(d){$('#Labeltitle').text(d.t)})</script>"
            "</body></html>")


def _map(links: list[tuple[str, Item]], images_only: bool) -> str:
    if images_only:
        return "<img src=page.jpg usemap=#PagePicMap>"
    areas = "".join(f'<Area coords="{_coords(i.box)}" shape="polygon" href="{u}?div=-1">'
                    f'<Area coords="{_coords((i.box[0], i.box[1], i.box[0] + 5, i.box[1] + 5))}" '
                    f'shape="polygon" href="{u}?div=0">' for u, i in links)
    return f'<img src=page.jpg usemap=#PagePicMap><map name=PagePicMap>{areas}</map>'


def _classic(site: Site, pages: tuple[SitePage, ...], scripted: bool, images_only: bool) -> None:
    """node_N.htm / content_N.htm, gb2312 declared (GBK bytes), #pageLink, td.font01/02."""
    base = f"/paper/html/{DATE:%Y-%m}/{DATE:%d}/"
    node = {p.number: f"node_{p.number + 1}.htm" for p in pages}
    plist = "".join(f"<a id=pageLink href={node[p.number]}>第{p.number:02d}版：{' '.join(p.name)}</a><br>"
                    for p in pages)
    cid = 5000
    for page in pages:
        links = []
        for item in page.items:
            cid += 1
            url = f"content_{cid}.htm"
            links.append((url, item))
            heads = (f"<td class=font02>{_e(item.overline)}</td></tr><tr><td class=font01>"
                     f"{_e(item.title)}</td></tr><tr><td class=font02>{_e(item.subtitle)}</td>")
            art = (f"<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'>"
                   f"<title>春风里的小城早报</title></head><body><table><tr>{heads}</tr></table>"
                   f"<div class=font03>{_e(item.byline)}</div>"
                   f"<DIV id=ozoom><founder-content>{_body(item)}</founder-content></DIV>"
                   f"<a href=node_{page.number + 1}.htm>返回版面</a>{_enp(item, page)}</body></html>")
            if scripted:
                art = _js_shell("春风里的小城早报")
            # the first article is UTF-8 with a BOM that still declares gb2312 (a saved page)
            site.put(base + url, art, "utf-8" if cid == 5001 else "gbk", bom=cid == 5001)
        titles = "".join(f"<li><a href={u}?div=-1><div style='display:inline' id=mp{u[8:12]}>"
                         f"{_e(i.title)}</div></a></li>" for u, i in links)
        html_page = (f"<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'>"
                     f"</head><body>{_map(links, images_only)}"
                     f"<div class=pdf><a href=../../../images/{DATE:%Y-%m}/{DATE:%d}/{page.number:02d}/"
                     f"XCZB{DATE:%Y%m%d}{page.number:02d}.pdf>PDF</a></div>"
                     f"<div class=title><ul>{'' if images_only else titles}</ul></div>{plist}"
                     f"<a href=http://elsewhere.example/html/{DATE:%Y-%m}/{DATE:%d}/content_1.htm>友情链接</a>"
                     f"<a href=/paper/html/2009-05/31/content_64683.htm>历史沿革</a>"
                     f"</body></html>")
        site.put(base + node[page.number], html_page, "gbk")
    site.put("/paper/paperindex.htm", "<html><head><meta http-equiv=refresh content='0; "
             f"url=html/{DATE:%Y-%m}/{DATE:%d}/node_2.htm'></head><body></body></html>")
    site.entry, site.index = base + "node_2.htm", "/paper/paperindex.htm"


def _people(site: Site, pages: tuple[SitePage, ...], scripted: bool, images_only: bool) -> None:
    """nbs.D110000xczb_01.htm pages, nw.D110000xczb_YYYYMMDD_K-01.htm articles, h3/h1/h2."""
    base = f"/xczb/html/{DATE:%Y-%m}/{DATE:%d}/"
    plist = "".join(f"<a id=pageLink href=nbs.D110000xczb_{p.number:02d}.htm>第{p.number:02d}版：{p.name}</a>"
                    for p in pages)
    for page in pages:
        links = []
        for k, item in enumerate(page.items, 1):
            url = f"nw.D110000xczb_{DATE:%Y%m%d}_{k}-{page.number:02d}.htm"
            links.append((url, item))
            art = (f"<html><head><meta charset=utf-8></head><body><div class=text_c>"
                   f"<h3>{_e(item.overline)}</h3><h1>{_e(item.title)}</h1><h2>{_e(item.subtitle)}</h2>"
                   f"<p class=sec>{_e(item.byline)}</p><div id=ozoom>{_body(item)}</div></div></body></html>")
            site.put(base + url, _js_shell("x") if scripted else art)
        lst = "".join(f"<li><a href={u}>{_e(i.title)}</a></li>" for u, i in links)
        site.put(base + f"nbs.D110000xczb_{page.number:02d}.htm",
                 f"<html><head><meta charset=utf-8></head><body>{_map(links, images_only)}"
                 f"<div class=right_title>{plist}</div><ul>{'' if images_only else lst}</ul></body></html>")
    site.entry = base + "nbs.D110000xczb_01.htm"


def _pc(site: Site, pages: tuple[SitePage, ...], scripted: bool, images_only: bool) -> None:
    """pc/layout/YYYYMM/DD/node_NN.html, pc/content/…/content_N.html, ul.news-list; the
    overline only in the comment (no founder- prefix), float coordinates."""
    layout, content = f"/epaper/pc/layout/{DATE:%Y%m}/{DATE:%d}/", f"/epaper/pc/content/{DATE:%Y%m}/{DATE:%d}/"
    slides = "".join(f"<div class=swiper-slide><a id=pageLink href=node_{p.number:02d}.html>"
                     f"{p.number:02d}版：{p.name}</a></div>" for p in pages)
    cid = 30000
    for page in pages:
        links = []
        for item in page.items:
            cid += 1
            url = f"../../../content/{DATE:%Y%m}/{DATE:%d}/content_{cid}.html"
            links.append((url, item))
            art = (f"<html><head><meta charset=utf-8></head><body><div class=article>"
                   f"<h3></h3><h1>{_e(item.title)}</h1><h2>{_e(item.subtitle)}</h2>"
                   f"<p class=sec>{_e(item.byline)}</p><div id=ozoom><founder-content><!--enpcontent-->"
                   f"{_body(item)}<!--/enpcontent--></founder-content></div></div>"
                   f"{_enp(item, page, prefix='')}</body></html>")
            site.put(content + f"content_{cid}.html", _js_shell("x") if scripted else art)
        areas = "".join(f'<Area coords="{",".join(f"{float(c) + 0.25:.2f}" for c in _coords(i.box).split(","))}" '
                        f'shape="polygon" href="{u}">' for u, i in links)
        lst = "".join(f"<li><span>·</span><a href={u}> {_e(i.title)} </a></li>" for u, i in links)
        body = ("<img src=p.jpg>" if images_only else f"<MAP NAME=PagePicMap>{areas}</MAP>")
        site.put(layout + f"node_{page.number:02d}.html",
                 f"<html><head><meta charset=utf-8></head><body>{body}<div class=paper-bot>"
                 f"<a href=../../../attachement/{DATE:%Y%m}/{DATE:%d}/a1b2.pdf>PDF下载</a></div>"
                 f"<div class=swiper-container>{slides}</div>"
                 f"<a href=/epaper/pad/layout/{DATE:%Y%m}/{DATE:%d}/node_01.html>手机版</a>"
                 f"<ul class=news-list>{'' if images_only else lst}</ul></body></html>")
    site.entry = layout + "node_01.html"


def _articel(site: Site, pages: tuple[SitePage, ...], scripted: bool, images_only: bool) -> None:
    """content/YYYYMMDD/PageNNxx.htm with absolutely placed <a class=overlink> hotspots and
    ArticelNNKKKxx.htm articles; GBK bytes with no charset declared at all."""
    base = f"/content/{DATE:%Y%m%d}/"
    plist = "".join(f"<a id=pageLink href=Page{p.number:02d}DK.htm>第{p.number:02d}版 {p.name}</a>"
                    for p in pages)
    for page in pages:
        links = []
        for k, item in enumerate(page.items, 1):
            url = f"Articel{page.number:02d}{k:03d}NU.htm"
            links.append((url, item))
            art = (f"<html><head></head><body><h3>{_e(item.overline)}</h3><h1>{_e(item.title)}</h1>"
                   f"<h2>{_e(item.subtitle)}</h2><div class=author>{_e(item.byline)}</div>"
                   f"<div class=content>{_body(item)}</div></body></html>")
            site.put(base + url, _js_shell("x") if scripted else art, "gbk")
        spots = "".join(
            f'<a class=overlink href={u} style="position:absolute;left:{i.box[0]}px;top:{i.box[1]}px;'
            f'width:{i.box[2] - i.box[0]}px;height:{i.box[3] - i.box[1]}px"></a>' for u, i in links)
        site.put(base + f"Page{page.number:02d}DK.htm",
                 f"<html><body><div class=pagepic>{'' if images_only else spots}</div>{plist}</body></html>",
                 "gbk")
    site.entry = base + "Page01DK.htm"


def _issue(site: Site, pages: tuple[SitePage, ...], scripted: bool, images_only: bool) -> None:
    """YYYYMMDD_001/YYYYMMDD_001.html pages, …_001_K.htm articles, page facts in img[title], the
    page list in an iframe; declares the invalid charset gbk2312 while the bytes are UTF-8."""
    day = f"{DATE:%Y%m%d}"
    root = f"/{DATE:%Y}/{day}/"
    links_html = "".join(f"<a href={day}_{p.number:03d}/{day}_{p.number:03d}.html>第{p.number:03d}版：{p.name}</a><br>"
                         for p in pages)
    site.put(root + f"{day}_plist.htm", f"<html><body>{links_html}</body></html>")
    for page in pages:
        folder = root + f"{day}_{page.number:03d}/"
        links = []
        for k, item in enumerate(page.items, 1):
            url = f"../{day}_{page.number:03d}/{day}_{page.number:03d}_{k}.htm"
            links.append((url, item))
            art = (f"<html><head><META content='text/html; charset=gbk2312' http-equiv=Content-Type></head>"
                   f"<body><table><tr><td class=font02>{_e(item.overline)}</td></tr><tr><td class=font01>"
                   f"{_e(item.title)}</td></tr><tr><td class=font02>{_e(item.subtitle)}</td></tr></table>"
                   f"<div id=ozoom><founder-content>{_body(item)}</founder-content></div>"
                   f"{_enp(item, page)}</body></html>")
            site.put(folder + f"{day}_{page.number:03d}_{k}.htm", _js_shell("x") if scripted else art)
        areas = "".join(f'<AREA title="{_e(i.title)}" class=areablock shape=POLY coords="{_coords(i.box)}" '
                        f'href="{u}">' for u, i in links)
        site.put(folder + f"{day}_{page.number:03d}.html",
                 f"<html><head><META content='text/html; charset=gbk2312' http-equiv=Content-Type></head>"
                 f"<body><img usemap=#map_of_yyb title='报名：春风里的小城早报 版次：第{page.number:03d}版：版名："
                 f"{page.name} 日期：{day}'><map name=map_of_yyb>{'' if images_only else areas}</map>"
                 f"<iframe id=iframe1 src='../{day}_plist.htm'></iframe></body></html>")
    site.entry = root + f"{day}_001/{day}_001.html"


# --- serving -------------------------------------------------------------------------------

@dataclass
class Faults:
    """What the server does wrong, by path: each counter is used up request by request."""

    errors: dict[str, int] = field(default_factory=dict)  # path → 5xx answers before a good one
    slow: dict[str, int] = field(default_factory=dict)  # path → answers held ``slow_seconds``
    slow_seconds: float = 5.0
    truncated: dict[str, int] = field(default_factory=dict)  # path → cut answers before a whole one
    redirects: dict[str, str] = field(default_factory=dict)  # path → Location
    huge: set[str] = field(default_factory=set)  # paths answering an endless body
    hidden: dict[str, int] = field(default_factory=dict)  # path → 404s before it is published


class SiteServer:
    """The site on 127.0.0.1 in a thread; ``url(path)``, ``log`` of (method, path, status)."""

    def __init__(self, site: Site, faults: Faults | None = None, port: int = 0) -> None:
        self.site = site
        self.faults = faults or Faults()
        self.log: list[tuple[str, int, dict[str, str]]] = []
        self.arrivals: list[str] = []  # every request's path, as it arrives
        self.active = 0
        self.most_at_once = 0
        self.modified = email.utils.formatdate(time.time() - 3600, usegmt=True)
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                with server._lock:
                    server.arrivals.append(self.path.split("?", 1)[0])
                    server.active += 1
                    server.most_at_once = max(server.most_at_once, server.active)
                try:
                    server.answer(self)
                finally:
                    with server._lock:
                        server.active -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def _take(self, table: dict[str, int], path: str) -> bool:
        with self._lock:
            if table.get(path, 0) > 0:
                table[path] -= 1
                return True
        return False

    def _record(self, path: str, status: int, headers: dict[str, str]) -> None:
        with self._lock:
            self.log.append((path, status, headers))

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?", 1)[0]
        faults = self.faults
        asked = {k.lower(): v for k, v in request.headers.items()}
        status, body, headers = 200, b"", {"Content-Type": "text/html"}
        if self._take(faults.slow, path):
            time.sleep(faults.slow_seconds)
        if self._take(faults.errors, path):
            status, body = 503, b"busy"
        elif path in faults.redirects:
            status, headers = 302, {"Location": faults.redirects[path]}
        elif self._take(faults.hidden, path) or path not in self.site.files and path not in faults.huge:
            status, body = 404, b"not found"
        elif path in faults.huge:
            self._record(path, 200, asked)
            request.send_response(200)
            request.send_header("Content-Length", str(64 * 2**20))
            request.end_headers()
            try:
                for _ in range(64):
                    request.wfile.write(b"x" * 2**20)
            except OSError:
                pass
            return
        else:
            body, kind = self.site.files[path]
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            headers = {"Content-Type": kind, "ETag": etag, "Last-Modified": self.modified}
            if asked.get("if-none-match") == etag:
                status, body = 304, b""
            elif self._take(faults.truncated, path):
                self._record(path, 200, asked)
                request.send_response(200)
                request.send_header("Content-Length", str(len(body)))
                request.end_headers()
                request.wfile.write(body[: len(body) // 2])
                request.wfile.flush()
                request.close_connection = True
                return
        self._record(path, status, asked)
        request.send_response(status)
        for key, value in headers.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        if body:
            try:
                request.wfile.write(body)
            except OSError:  # the client gave up (a timeout test)
                pass

    def bodies(self, path_part: str = "") -> int:
        """How many full (200) answers were sent for paths containing ``path_part``."""
        return sum(1 for p, s, _h in self.log if s == 200 and path_part in p)


def main(argv: list[str] | None = None) -> None:
    """Serve one family's site until interrupted; print the entry URL to give audiopaper."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=FAMILIES, default="founder-classic")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    with SiteServer(render(args.family), port=args.port) as server:
        print(f"{args.family} edition of {DATE}: {server.url(server.site.entry)}", flush=True)
        if server.site.index:
            print(f"its paperindex: {server.url(server.site.index)}", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
