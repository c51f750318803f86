"""One article page of an e-paper to its marked-up fields: 引题, 标题, 副题, byline, date, body.

The visible fields come from the family's selectors; where they are empty the page's
machine-readable ``<!--enpproperty …-->`` comment fills them in. Paragraphs lose their full-width
indents and ``&nbsp;`` runs; a first paragraph that is only a byline (``■ 本报记者 …``) is the
byline, not text to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, html

from ...segment import patterns
from .. import clean_text
from .families import Family, Selector

_ENP = re.compile(r"<!--\s*enpproperty(.*?)/?enpproperty\s*-->", re.S | re.I)
_ENP_FIELD = re.compile(r"<(?:founder-)?([A-Za-z]+)>(.*?)</(?:founder-)?\1>", re.S)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DENSE_CHARS = 60  # paragraph text an element must hold to be taken for the body by weight
_NOT_BYLINE = re.compile(r"《[^》]*》|[（(][^（）()]*(?:第\s*\d+\s*版|\d{4}\s*年)[^（）()]*[）)]|"
                         r"\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_MARKED = re.compile(rf"^[{patterns.MARKS}]\s*[^。！？；，]{{2,30}}$")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\ufeff]+")
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table", "section",
                     "founder-content", "center", "blockquote"})
#: The enpproperty names of each field (the pc template drops the 'founder-' prefix).
_ENP_FIELDS = {"title": "title", "subtitle": "subtitle", "overline": "introtitle",
               "byline": "author", "date": "date", "page": "pagenum", "paper": "papername"}


@dataclass(frozen=True)
class ArticlePage:
    """What one article page says, and which selector (or the comment) gave each field."""

    url: str
    overline: str = ""
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    date: str = ""
    page: str = ""
    paper: str = ""
    paragraphs: tuple[str, ...] = ()
    scripted: bool = False  # no text, and scripts that would fill it in
    found: tuple[tuple[str, str], ...] = ()  # (field, selector or 'enpproperty')

    def rule(self, name: str) -> str:
        return dict(self.found).get(name, "")


def tidy_line(text: str) -> str:
    """A line as read: indents gone, nbsp and full-width space runs one space (a headline's
    space between two phrases is a pause, so it stays)."""
    return _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def parse_html(text: str) -> etree._Element:
    """The page's tree; an empty page is an empty <html>."""
    text = _XML_DECL.sub("", text)
    try:
        return html.document_fromstring(text) if text.strip() else html.Element("html")
    except (etree.ParserError, ValueError):
        return html.Element("html")


def enpproperty(text: str) -> dict[str, str]:
    """The fields of the page's ``<!--enpproperty …-->`` comment (names without 'founder-')."""
    match = _ENP.search(text)
    if not match:
        return {}
    return {k.lower(): tidy_line(html.fromstring(f"<i>{v}</i>").text_content()) if v.strip() else ""
            for k, v in _ENP_FIELD.findall(match.group(1))}


def _text(element: etree._Element) -> str:
    return tidy_line(element.text_content() if hasattr(element, "text_content")
                     else "".join(element.itertext()))


def _first(root: etree._Element, selectors: tuple[Selector, ...]) -> tuple[str, str]:
    """The text of the first selector that finds a non-empty element, and that selector."""
    for selector in selectors:
        for element in selector(root):
            value = _text(element)
            if value:
                return value, selector.text
    return "", ""


def _lines(container: etree._Element) -> list[str]:
    """The container's text cut at paragraphs and line breaks, each line tidied."""
    for bad in container.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree() if hasattr(bad, "drop_tree") else bad.getparent().remove(bad)
    for element in container.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() == "br":
                continue
            element.text = "\n" + (element.text or "")
    raw = container.text_content() if hasattr(container, "text_content") else "".join(container.itertext())
    return [line for line in (tidy_line(x) for x in raw.split("\n")) if line]


def _body(root: etree._Element, selectors: tuple[Selector, ...]) -> tuple[list[str], str]:
    """The body by the family's selectors, else the element holding the most paragraph text
    (a template no selector knows still has its article in <p>s side by side)."""
    for selector in selectors:
        for element in selector(root):
            lines = _lines(element)
            if lines:
                return lines, selector.text
    weight: dict[etree._Element, int] = {}
    for p in root.iter("p", "P"):
        parent = p.getparent()
        if parent is not None:
            weight[parent] = weight.get(parent, 0) + len(tidy_line(p.text_content()))
    best = max(weight, key=lambda e: weight[e], default=None)
    if best is not None and weight[best] >= _DENSE_CHARS:
        return _lines(best), "densest-paragraphs"
    return [], ""


def _byline_first(lines: list[str], byline: str) -> tuple[list[str], str]:
    """A first paragraph that is only a byline becomes the byline (if the page named none)."""
    if lines and len(lines[0]) <= 40:
        found = patterns.byline(lines[0]) or (lines[0] if _MARKED.match(lines[0]) else None)
        if found is not None:
            return lines[1:], byline or found
    return lines, byline


def parse_article(text: str, url: str, family: Family) -> ArticlePage:
    """The fields of one article page; visible markup first, the enpproperty comment after."""
    root = parse_html(text)
    comment = enpproperty(text)
    values: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    for name in ("overline", "title", "subtitle", "byline", "date"):
        value, rule = _first(root, family.fields.get(name, ()))
        if not value and comment.get(_ENP_FIELDS[name]):
            value, rule = comment[_ENP_FIELDS[name]], "enpproperty"
        values[name] = clean_text(value).strip()
        if rule:
            found.append((name, rule))
    if values["overline"] == values["title"]:
        values["overline"] = ""
    if values["subtitle"] in (values["title"], values["overline"]):
        values["subtitle"] = ""
    lines, rule = _body(root, family.fields.get("body", ()))
    lines = [clean_text(line).strip() for line in lines]
    if rule:
        found.append(("body", rule))
    heads = {values["overline"], values["title"], values["subtitle"]} - {""}
    while lines and lines[0] in heads:  # a body that repeats its headline first
        lines = lines[1:]
    lines, byline = _byline_first(lines, _plain_byline(values["byline"]))
    if byline and lines and lines[-1] == byline:
        lines = lines[:-1]
    scripted = not lines and bool(root.xpath("//script")) and not values["title"]
    return ArticlePage(url=url, overline=values["overline"], title=values["title"],
                       subtitle=values["subtitle"], byline=_plain_byline(byline),
                       date=values["date"], page=comment.get("pagenum", ""),
                       paper=comment.get("papername", ""), paragraphs=tuple(lines),
                       scripted=scripted, found=tuple(found))


def _plain_byline(text: str) -> str:
    """A byline without its leading mark (■ □ ●), the paper's name and date the pc template
    puts beside it (《 人民日报 》（ 2024年12月25日 第 01 版）), or a date alone (pad template)."""
    text = _NOT_BYLINE.sub(" ", text).strip().lstrip(patterns.MARKS).strip()
    text = re.sub(r"\s+", " ", text)
    return "" if re.fullmatch(r"[\d年月日\-:：/ .]*", text) else text
