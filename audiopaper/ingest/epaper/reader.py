"""An e-paper edition's article pages to the segmenter's records: Articles and Decisions.

Tag, then act: every article is first tagged (an ad page, 中缝, a credit line such as 本版责编
that the paper listed as an article, a photo with only a caption, a page that would not load),
by the same furniture rules (``SegmentRules``) the page-text reader uses, then turned into an
``Article`` with every field the paper marked up. Jumps (（下转第5版）, or the same title on a
later page) are joined by the segmenter's ``join_jumps``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from ...errors import InputError, NoTextError
from ...segment import Decision, SegmentRules, default_rules, join_jumps
from ...segment import patterns
from ...segment.draft import guess_kind
from ...types import Article
from .article import ArticlePage, parse_article
from .charset import decode_html
from .site import ArticleRef, Page, SiteEdition
from .http import Response

_AD_PAGE = re.compile(r"广告|廣告|分类信息|分類信息|^公告$|启事$|AD$", re.I)
_GUTTER = re.compile(r"中缝|中縫")
_PHOTO_TITLE = re.compile(r"^(图片|圖片|摄影|攝影)(报道|報道|新闻|新聞|故事)?$|^图说|^圖說|^组图|^图片新闻")
_PHOTO_CHARS = 200  # a photo's caption; more text is an article


@dataclass(frozen=True)
class Tag:
    kind: str
    rule: str


def _tag(page: Page, ref: ArticleRef, art: ArticlePage | None, status: int,
         rules: SegmentRules) -> Tag:
    """What an item is, and the rule that decided (first match wins)."""
    if status != 200 or art is None:
        return Tag("furniture", f"epaper:http-{status}")
    if _GUTTER.search(page.name) or _GUTTER.search(art.title):
        return Tag("ad", "epaper:zhongfeng")
    if _AD_PAGE.search(page.name):
        return Tag("ad", "epaper:ad-page")
    title = art.title or ref.title
    for text in (title, ref.title):
        rule = rules.first(text, ("line", "opens")) if text else None
        if rule is not None:
            return Tag(rule.kind, f"{rule.kind}:{rule.name}")
    if len(art.paragraphs) == 1:  # a one-line item that is only a credit (本版责编：…)
        rule = rules.first(art.paragraphs[0], ("line",), ("staff",))
        if rule is not None:
            return Tag("staff", f"staff:{rule.name}")
    chars = sum(len(p) for p in art.paragraphs)
    if not art.paragraphs:
        return Tag("photo", "epaper:no-text" if not art.scripted else "epaper:scripted")
    if _PHOTO_TITLE.search(title) and chars <= _PHOTO_CHARS:
        return Tag("photo", "epaper:photo-caption")
    if patterns.is_notice(title):
        return Tag("notice", f"{art.rule('title') or 'list'}")
    return Tag("article", art.rule("title") or "list-title")


def _jumps(paragraphs: tuple[str, ...]) -> tuple[tuple[str, ...], str, str]:
    """The paragraphs without （上接第1版）/（下转第5版）, and the pages they name."""
    lines = list(paragraphs)
    came, goes = "", ""
    if lines and (found := patterns.continued_from(lines[0])) is not None:
        came, rest = found
        lines[0] = rest.strip()
    if lines and (found := patterns.continued_to(lines[-1])) is not None:
        goes, rest = found
        lines[-1] = rest.strip()
    return tuple(p for p in lines if p), came, goes


def _article(page: Page, ref: ArticleRef, art: ArticlePage | None, tag: Tag, n: int) -> Article:
    if art is None:
        return Article(title=ref.title, paragraphs=(), kind=tag.kind, reason=tag.rule,
                       page=page.number, section=page.name, source=ref.url, source_lines=(n, n))
    paragraphs, came, goes = _jumps(art.paragraphs)
    paragraphs = paragraphs or art.paragraphs
    title, byline, dateline = art.title or ref.title, art.byline, ""
    read = tag.kind in ("article", "notice")
    if read and paragraphs and (found := patterns.dateline(paragraphs[0])) is not None:
        dateline, by, rest = found  # 本报3月14日讯（记者 王晓林）: the dateline, as page text gives it
        byline = byline or by
        paragraphs = ((rest,) if rest else ()) + paragraphs[1:]
    kind = guess_kind(title, paragraphs, came) if read else tag.kind
    return Article(title=title, paragraphs=paragraphs, kind=kind, overline=art.overline,
                   subtitle=art.subtitle, byline=byline, dateline=dateline, page=page.number,
                   section=page.name, continued_from=came, continued_to=goes, source=ref.url,
                   reason="" if read else tag.rule, source_lines=(n, n))


def _same_title_jumps(items: list[Article]) -> list[Article]:
    """An article whose title comes again on a later page continues there (转版 without marks)."""
    first: dict[str, int] = {}
    out = list(items)
    for i, item in enumerate(out):
        if not item.is_spoken or item.kind == "continuation" or not item.title:
            continue
        j = first.get(item.title)
        if j is None:
            first[item.title] = i
            continue
        head = out[j]
        if head.page and item.page and head.page != item.page and not head.continued_to:
            out[j] = replace(head, continued_to=item.page)
            out[i] = replace(item, kind="continuation", continued_from=head.page)
    return out


def read_edition(edition: SiteEdition, get: Callable[[str], Response],
                 rules: SegmentRules | None = None,
                 workers: int = 1) -> tuple[list[Article], list[Decision]]:
    """Every article of the edition, page by page in reading order, and why each was kept."""
    rules = rules or default_rules()
    refs = [(page, ref) for page in edition.pages for ref in page.articles]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        answers = list(pool.map(lambda pr: get(pr[1].url), refs))
    pages: list[ArticlePage | None] = []
    for (page, ref), answer in zip(refs, answers):
        art = None
        if answer.status == 200:
            text, _codec = decode_html(answer.body, answer.headers.get("content-type", ""))
            art = parse_article(text, ref.url, edition.family)
        pages.append(art)
    pages = _without_mastheads(pages, [ref for _page, ref in refs])
    items: list[Article] = []
    decisions: list[Decision] = []
    for n, ((page, ref), art, answer) in enumerate(zip(refs, pages, answers), 1):
        tag = _tag(page, ref, art, answer.status, rules)
        item = _article(page, ref, art, tag, n)
        items.append(item)
        decisions.append(Decision(n, item.kind, f"{edition.family.name} {tag.rule}",
                                  item.title or ref.title, where=ref.url))
    for number, page in enumerate(edition.pages, 1):
        if page.status != 200:
            decisions.append(Decision(len(refs) + number, "furniture",
                                      f"{edition.family.name} epaper:http-{page.status}",
                                      f"{page.number} {page.name}", where=page.url))
    _refuse_textless(edition, items, pages)
    return join_jumps(_same_title_jumps(items)), decisions


def _without_mastheads(pages: list[ArticlePage | None],
                       refs: list[ArticleRef]) -> list[ArticlePage | None]:
    """A 'title' every article page shares is the site's masthead (an <h1> of the paper's
    name), not a headline: the page's list title is taken instead."""
    counts: dict[str, int] = {}
    for art in pages:
        if art is not None and art.title:
            counts[art.title] = counts.get(art.title, 0) + 1
    shared = {t for t, c in counts.items() if c >= 3 and c * 2 > len(pages)}
    return [replace(art, title=ref.title, found=art.found + (("title", "list-title"),))
            if art is not None and art.title in shared and ref.title and ref.title not in shared
            else art
            for art, ref in zip(pages, refs)]


def _refuse_textless(edition: SiteEdition, items: list[Article],
                     pages: Iterable[ArticlePage | None]) -> None:
    """An edition with no text at all gets one line naming its PDFs, not an empty episode."""
    if any(item.is_spoken for item in items):
        return
    pdf = next((p.pdf for p in edition.pages if p.pdf), "")
    where = f" (the first: {pdf})" if pdf else ""
    if any(p is not None and p.scripted for p in pages):
        raise NoTextError(f"{edition.entry}: the articles' text is filled in by JavaScript, so "
                          f"it is not in the HTML: build from the page PDFs instead{where}")
    if not any(page.articles for page in edition.pages):
        raise NoTextError(f"{edition.entry}: the edition links no article pages (page images "
                          f"only): build from the page PDFs instead{where}")
    pages = list(pages)
    if pages and all(p is None for p in pages):
        raise InputError(f"{edition.entry}: none of its {len(pages)} article pages could be read "
                         f"(see the manifest's statuses): check the address, or fetch again later")
    raise NoTextError(f"{edition.entry}: no article page holds any text: build from the page "
                      f"PDFs instead{where}")
