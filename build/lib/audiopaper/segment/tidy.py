"""Articles that arrive already split (article files, JSON) get the same repairs as page text."""

from __future__ import annotations

from dataclasses import replace

from ..types import Article
from .draft import guess_kind
from .patterns import dateline
from .text import ends_mid_sentence


def join_breaks(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """Glue a paragraph that stops mid-sentence to the next (hard-wrapped or column-broken)."""
    out: list[str] = []
    for text in (p.strip() for p in paragraphs):
        if not text:
            continue
        if out and ends_mid_sentence(out[-1]):
            out[-1] += text
        else:
            out.append(text)
    return tuple(out)


def _split_dateline(article: Article) -> Article:
    if article.dateline or not article.paragraphs:
        return article
    found = dateline(article.paragraphs[0])
    if found is None:
        return article
    line, by, rest = found
    paragraphs = ((rest,) if rest else ()) + article.paragraphs[1:]
    return replace(article, dateline=line, byline=article.byline or by, paragraphs=paragraphs)


def tidy(articles: list[Article]) -> list[Article]:
    """Join broken paragraphs, split the dateline off, and name the kind when it was not given."""
    out = []
    for article in articles:
        article = _split_dateline(replace(article, paragraphs=join_breaks(article.paragraphs)))
        kind = article.kind if article.kind != "article" else \
            guess_kind(article.title, article.paragraphs, article.continued_from)
        out.append(replace(article, kind=kind))
    return out
