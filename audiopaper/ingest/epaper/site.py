"""Walking an e-paper edition: its pages (版次 + 版名) and each page's articles, in reading order.

The entry (``paperindex.htm``, any page of the edition) is followed to a page; the page's list of
pages names the edition's pages; each page's image map and title list name its articles, one per
content id (an article has several areas: ``?div=-1``, ``?div=0``). The map's geometry is the
page's layout, so the articles are ordered by it: blocks top to bottom, then left to right.
Links to other sites or other dates are never followed.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ...errors import EditionNotOut, FetchError, InputError, NoTextError
from .article import parse_html, tidy_line
from .charset import decode_html
from .families import Family, Overrides, family_named, recognize
from .http import Response, site_of

Get = Callable[[str], Response]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1

_DATES = (re.compile(r"(?<!\d)(20\d{2})-?(\d{2})/(\d{2})(?!\d)"),
          re.compile(r"(?<!\d)(20\d{2})-(\d{2})-(\d{2})(?!\d)"),
          re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)"))
_PAGE_TEXT = re.compile(r"^\W*(?:第\s*)?([A-Za-z]?\s*\d{1,3})\s*(?:版\s*[：:]?|[：:]|\s)\s*"
                        r"(?:版名\s*[：:])?\s*(.*)")
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";\s>]+)", re.I)
_JS_GO = re.compile(r"""(?:window\.|document\.)?location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*['"]([^'"]+)['"]""")
_STYLE_BOX = {k: re.compile(rf"(?<![-\w]){k}\s*:\s*(-?[\d.]+)px", re.I)
              for k in ("left", "top", "width", "height")}
_HOPS = 3


@dataclass(frozen=True)
class ArticleRef:
    """An article as its page names it: URL, content id, list title, and where it sits."""

    url: str
    id: str
    title: str = ""
    box: Box | None = None


@dataclass(frozen=True)
class Page:
    """One page (版面) of the edition and its articles in reading order."""

    url: str
    number: str  # 01, A02
    name: str  # 版名
    articles: tuple[ArticleRef, ...] = ()
    pdf: str = ""
    status: int = 200


@dataclass(frozen=True)
class SiteEdition:
    entry: str
    family: Family
    date: dt.date | None
    pages: tuple[Page, ...] = field(default_factory=tuple)


def url_date(url: str) -> dt.date | None:
    """The date a URL's path names (2024-03/15, 202403/15, 20240315, 2024-03-15), if any."""
    path = urllib.parse.urlsplit(url).path
    for pattern in _DATES:
        for match in pattern.finditer(path):
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                continue
    return None


def _path(url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path)


def _document(answer: Response) -> tuple[etree._Element, str]:
    text, _codec = decode_html(answer.body, answer.headers.get("content-type", ""))
    return parse_html(text), text


def _links(root: etree._Element, base: str) -> list[tuple[etree._Element, str]]:
    """Every a/area href on the page, resolved, within the site, http(s) only, no fragment."""
    out = []
    for element in root.iter("a", "area", "option"):
        href = (element.get("value" if element.tag == "option" else "href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urllib.parse.urljoin(base, href).split("#", 1)[0]
        if urllib.parse.urlsplit(url).scheme in ("http", "https") and site_of(url) == site_of(base):
            out.append((element, url))
    return out


def _next_hop(root: etree._Element, text: str, base: str) -> str:
    """Where a refresh or script sends a visitor (paperindex.htm → the first page), or ''."""
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            match = _REFRESH.search(meta.get("content") or "")
            if match:
                return urllib.parse.urljoin(base, match.group(1))
    match = _JS_GO.search(text)
    if match:
        return urllib.parse.urljoin(base, match.group(1))
    for frame in root.iter("frame", "iframe"):  # a frameset whose main frame is the page
        if frame.get("src"):
            return urllib.parse.urljoin(base, frame.get("src"))
    return ""


def _check(answer: Response, url: str, date: dt.date | None) -> None:
    if answer.status in (404, 410):
        when = f"of {date.isoformat()} " if date else ""
        raise EditionNotOut(f"the edition {when}is not on the site yet ({url} answers HTTP "
                            f"{answer.status}): run again later, or with --wait 2h")
    if answer.status != 200:
        raise FetchError(f"{url} answers HTTP {answer.status}: check the address (the e-paper's "
                         f"paperindex.htm or a page's node_N.htm)")


def _family(root: etree._Element, url: str, overrides: Overrides) -> Family | None:
    if overrides.family:
        return overrides.apply(family_named(overrides.family))
    found = recognize([_path(url)] + [_path(u) for _e, u in _links(root, url)])
    return overrides.apply(found) if found else None


def resolve_entry(url: str, get: Get, date: dt.date | None,
                  overrides: Overrides = Overrides()) -> tuple[str, Family, dt.date | None]:
    """The first page the entry leads to, its family and the edition's date.

    A site that still shows another date's edition (its paperindex points to yesterday's) has
    not published the one asked for yet.
    """
    current = url
    for _hop in range(_HOPS + 1):
        answer = get(current)
        _check(answer, current, date)
        root, text = _document(answer)
        base = answer.final_url
        family = _family(root, base, overrides)
        hop = _next_hop(root, text, base)
        if family is not None and not family.is_page(_path(base)) and not hop:
            # an article's address: its page (返回版面) leads to the edition
            pages = _page_list(root, base, family, date or url_date(base), None)
            hop = pages[0][0] if pages and pages[0][0] != base else ""
        if family is not None and (family.is_page(_path(base)) or not hop):
            shown = url_date(base)
            if date and shown and shown != date:
                raise EditionNotOut(f"the site shows the edition of {shown.isoformat()}, not "
                                    f"{date.isoformat()}: it is not out yet; run again later, "
                                    f"or with --wait 2h")
            return base, family, date or shown
        if not hop or site_of(hop) != site_of(base):
            break
        current = hop
    if root.xpath("//script") and not _links(root, current):
        raise NoTextError(f"{url} is built by JavaScript (no links in its HTML): read the "
                          f"edition from its page PDFs instead")
    raise InputError(f"{url} is not a page of a known e-paper family: give a page's address "
                     f"(node_N.htm, pc/layout/…/node_01.html), or set [source] page_link and "
                     f"article_link in audiopaper.toml (docs/epaper.md)")


def _on_date(url: str, date: dt.date | None) -> bool:
    """A link of the edition's date (a link naming no date is taken)."""
    shown = url_date(url)
    return date is None or shown is None or shown == date


def _page_number(text: str) -> tuple[str, str]:
    """'第02版：综 合' → ('02', '综合'); '01版：要闻' → ('01', '要闻'); else ('', text)."""
    text = tidy_line(text)
    match = _PAGE_TEXT.search(text)
    if not match:
        return "", re.sub(r"\s+", "", text)
    raw = re.sub(r"\s+", "", match.group(1)).upper()
    letter, digits = raw.rstrip("0123456789"), raw.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    name = re.sub(r"\s+", "", re.split(r"\s*(?:日期|报名)\s*[：:]", match.group(2))[0])
    return f"{letter}{int(digits):02d}", name.strip("：:")


def _page_facts(root: etree._Element) -> tuple[str, str]:
    """The page's own 版次 and 版名 where it states them (an image's title, the issue-folder way)."""
    for img in root.iter("img"):
        title = img.get("title") or img.get("alt") or ""
        if "版次" in title:
            number, name = _page_number(title.split("版次", 1)[1].lstrip("：:"))
            return number, name
    return "", ""


def _page_list(root: etree._Element, base: str, family: Family, date: dt.date | None,
               page: str | None = "") -> list[tuple[str, str, str]]:
    """(url, number, name) of every page the page (or its frame at ``base``) lists, in order;
    only pages beside ``page`` (default: ``base``), any of the date's when ``page`` is None."""
    listed: dict[str, tuple[str, str]] = {}
    named = {id(e) for s in family.pagelist for e in s(root)}
    for element, url in _links(root, base):
        url = url.split("?", 1)[0]
        if not family.is_page(_path(url)) or not _on_date(url, date) or page is not None and not _beside(url, page or base):
            continue
        number, name = _page_number(element.text_content()) if id(element) in named or \
            _PAGE_TEXT.search(element.text_content() or "") else ("", "")
        if url not in listed or (number and not listed[url][0]):
            listed[url] = (number, name)
    return [(u, n, m) for u, (n, m) in listed.items()]


def _beside(url: str, base: str) -> bool:
    """A page of the same edition sits in the page's folder, or (issue folders) in a sibling
    folder named by the date; not in another template's folder (pad/ beside pc/)."""
    here, there = _path(base).rsplit("/", 1)[0], _path(url).rsplit("/", 1)[0]
    if here == there:
        return True
    return here.rsplit("/", 1)[0] == there.rsplit("/", 1)[0] and url_date(there + "/") is not None \
        and url_date(here + "/") is not None


def _in_order(pages: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Pages by 版次 (A01 … B08) when every page has one, else as listed."""
    if not pages or not all(n for _u, n, _m in pages):
        return pages
    return sorted(pages, key=lambda p: (p[1].rstrip("0123456789"), int(p[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or 0)))


def _box(element: etree._Element) -> Box | None:
    """The bounding box of an area's coords, or of an absolutely placed hotspot's style."""
    coords = element.get("coords")
    if coords:
        try:
            values = [float(v) for v in re.split(r"[\s,]+", coords.strip()) if v]
        except ValueError:
            return None
        if (element.get("shape") or "").lower().startswith("circ") and len(values) == 3:
            x, y, r = values
            return (x - r, y - r, x + r, y + r)
        if len(values) >= 4:
            xs, ys = values[0::2], values[1::2]
            return (min(xs), min(ys), max(xs), max(ys))
        return None
    parent = element.getparent()
    placing = parent if parent is not None and len(parent.xpath(".//a")) == 1 else None
    for holder in (element, placing):  # the hotspot, or the <div> placing it alone
        style = (holder.get("style") or "") if holder is not None else ""
        found = {k: p.search(style) for k, p in _STYLE_BOX.items()}
        if all(found.values()):
            x, y, w, h = (float(m.group(1)) for m in found.values() if m)
            return (x, y, x + w, y + h)
    return None


def _union(a: Box | None, b: Box | None) -> Box | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def page_articles(root: etree._Element, base: str, family: Family,
                  date: dt.date | None) -> list[ArticleRef]:
    """The page's articles, one per content id, in reading order (unplaced ones last)."""
    urls: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    boxes: dict[str, Box | None] = {}
    for element, url in _links(root, base):
        content = family.article_id(_path(url))
        if content is None or not _on_date(url, date):
            continue
        urls.setdefault(content, []).append(url)
        boxes[content] = _union(boxes.get(content), _box(element))
        label = tidy_line(element.text_content() or "") or tidy_line(
            element.get("title") or element.get("alt") or "")
        if label and not titles.get(content):
            titles[content] = label
    refs = {c: ArticleRef(_canonical(u), c, titles.get(c, ""), boxes[c]) for c, u in urls.items()}
    placed = reading_order({c: b for c, b in boxes.items() if b is not None})
    return [refs[c] for c in placed] + [refs[c] for c in refs if boxes[c] is None]


def _canonical(urls: list[str]) -> str:
    """One address per article: Founder's display switch (?div=-1, ?div=0) is dropped."""
    return re.sub(r"\?div=-?\d+$", "", urls[0])


def reading_order(boxes: dict[str, Box]) -> list[str]:
    """Top to bottom, then left to right: the lead story at the top first, then each block by
    where its top stands; tops within 2% of the page's height count as level."""
    if not boxes:
        return []
    top = min(b[1] for b in boxes.values())
    height = max(b[3] for b in boxes.values()) - top or 1.0
    band = 0.02 * height
    return sorted(boxes, key=lambda i: (round((boxes[i][1] - top) / band), boxes[i][0]))


def _pdf(root: etree._Element, base: str) -> str:
    for element in root.iter("a"):
        href = element.get("href") or ""
        if href.lower().split("?", 1)[0].endswith(".pdf"):
            return urllib.parse.urljoin(base, href)
    return ""


def _frames(root: etree._Element, base: str, get: Get) -> list[tuple[etree._Element, str]]:
    """Same-site frames (a page list in an iframe), as (document, its URL)."""
    out = []
    for frame in root.iter("iframe", "frame"):
        src = (frame.get("src") or "").strip()
        url = urllib.parse.urljoin(base, src) if src else ""
        if url and site_of(url) == site_of(base) and url.split("?")[0].lower().endswith(("htm", "html")):
            answer = get(url)
            if answer.status == 200:
                out.append((_document(answer)[0], answer.final_url))
    return out


def walk(entry: str, family: Family, date: dt.date | None, get: Get) -> SiteEdition:
    """Every page of the edition (from the entry page's list) and every page's articles."""
    answer = get(entry)
    _check(answer, entry, date)
    root, _text = _document(answer)
    listed: list[tuple[str, str, str]] = []
    for doc, base in [(root, answer.final_url), *_frames(root, answer.final_url, get)]:
        known = {u for u, _n, _m in listed}
        listed.extend(p for p in _page_list(doc, base, family, date, answer.final_url)
                      if p[0] not in known)
    here = answer.final_url.split("?", 1)[0]
    if here not in {u for u, _n, _m in listed} and (family.is_page(_path(here)) or not listed):
        number, name = _page_facts(root)
        listed.insert(0, (here, number, name))
    pages = []
    seen: set[str] = set()  # an article listed on two pages is read once, on the first
    for position, (url, number, name) in enumerate(_in_order(listed), 1):
        page_answer = answer if url == here else get(url)
        if page_answer.status != 200:
            pages.append(Page(url, number or f"{position:02d}", name, status=page_answer.status))
            continue
        doc = root if url == here else _document(page_answer)[0]
        own_number, own_name = _page_facts(doc)
        if not (number and name):  # the page's own list may name it where the first did not
            named = {u: (n, m) for u, n, m in _page_list(doc, page_answer.final_url, family, date)}
            own_number, own_name = named.get(url, ("", "")) if not own_name else (own_number, own_name)
        refs = [r for r in page_articles(doc, page_answer.final_url, family, date)
                if r.url not in seen]
        seen.update(r.url for r in refs)
        pages.append(Page(url, number or own_number or f"{position:02d}", name or own_name,
                          tuple(refs), _pdf(doc, page_answer.final_url)))
    return SiteEdition(entry, family, date, tuple(pages))
