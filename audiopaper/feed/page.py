"""The listener page, ``index.html``: one static file that works without a server or a network.

Latest editions, each with a player (never autoplaying), its headlines as big buttons that jump
to the article, the transcript (read from the WebVTT file when there is one), and subscribe links.
"""

from __future__ import annotations

import re
from html import escape, unescape
from importlib import resources
from pathlib import Path
from typing import Sequence

from .rss import ARTICLES_FEED_FILE, FEED_FILE, clock
from .settings import FeedSettings
from .store import ArticleRecord, EditionRecord

PAGE_EDITIONS = 7
_CUE_TIME = re.compile(r"^\s*[\d:.]+\s+-->\s+[\d:.]+")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def transcript_lines(path: Path) -> list[str]:
    """The spoken text of a WebVTT file, one entry per cue (timings, ids and notes dropped)."""
    lines: list[str] = []
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    for block in blocks:
        rows = block.strip().splitlines()
        times = [i for i, row in enumerate(rows) if _CUE_TIME.match(row)]
        if times:
            text = " ".join(r.strip() for r in rows[times[0] + 1:] if r.strip())
            # cue text is escaped (&amp; &lt;): unescaped here, escaped once more for HTML
            lines.append(unescape(re.sub(r"<[^>]+>", "", text)))
    return [line for line in lines if line]


def _headline(record: EditionRecord, title: str, start: float, player: str) -> str:
    label = f"跳到 {clock(start)}：{title}"
    return (f'<li><button type="button" class="jump" data-audio="{player}" '
            f'data-start="{start:.3f}" aria-label="{escape(label)}">'
            f'<span class="time">{clock(start)}</span>{escape(title)}</button></li>')


def _headlines(record: EditionRecord, player: str) -> str:
    items = [_headline(record, c.title, c.start, player) for c in record.chapters]
    return f'<ol class="headlines" aria-label="{escape(record.title)} 目录">{"".join(items)}</ol>'


def _article_links(articles: Sequence[ArticleRecord]) -> str:
    if not articles:
        return ""
    links = "".join(f'<li><a class="download" href="{escape(a.file)}">{a.number}. '
                    f'{escape(a.title)}（{clock(a.duration)}）</a></li>' for a in articles)
    return f"<details><summary>单篇音频下载</summary><ol>{links}</ol></details>"


def _transcript(record: EditionRecord, out_dir: Path) -> str:
    path = out_dir / record.transcript_file if record.transcript_file else None
    if path is None or not path.is_file():
        return '<p class="note">这一期没有文字稿。</p>'
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in transcript_lines(path))
    link = f'<p><a href="{escape(record.transcript_file or "")}">下载文字稿（WebVTT）</a></p>'
    return (f'<details class="transcript"><summary>文字稿</summary>{link}{paragraphs}'
            f"</details>")


def _edition(record: EditionRecord, out_dir: Path) -> str:
    player = f"player-{record.date}"
    heading = f"heading-{record.date}"
    return (f'<section id="edition-{record.date}" aria-labelledby="{heading}">'
            f'<h2 id="{heading}">{escape(record.title)}</h2>'
            f'<p>时长 {clock(record.duration)}，共 {len(record.articles)} 篇</p>'
            f'<audio id="{player}" controls preload="metadata" src="{escape(record.file)}" '
            f'aria-label="{escape(record.title)} 播放器">'
            f'<a href="{escape(record.file)}">下载 MP3</a></audio>'
            f"<h3>目录（按一下跳到这篇文章）</h3>{_headlines(record, player)}"
            f"{_article_links(record.articles)}{_transcript(record, out_dir)}</section>")


def _subscribe(settings: FeedSettings) -> str:
    feed, articles = settings.url(FEED_FILE), settings.url(ARTICLES_FEED_FILE)
    return ('<section class="subscribe" aria-labelledby="subscribe"><h2 id="subscribe">订阅</h2>'
            f"<p>在播客应用里添加这个地址，每天的新一期会自动出现：</p>"
            f'<p><a href="{escape(FEED_FILE)}">{escape(feed)}</a></p>'
            f'<p>每篇文章单独一集：<a href="{escape(ARTICLES_FEED_FILE)}">{escape(articles)}</a>'
            "</p></section>")


def render_page(records: Sequence[EditionRecord], settings: FeedSettings, out_dir: Path,
                cover: str) -> bytes:
    """The whole page as UTF-8 HTML; links are relative so the folder works anywhere."""
    latest = sorted(records, key=lambda r: r.date, reverse=True)[:PAGE_EDITIONS]
    editions = "".join(_edition(r, out_dir) for r in latest) or "<p>还没有发布任何一期。</p>"
    html = (f'<!DOCTYPE html>\n<html lang="{escape(_html_lang(settings.language))}">\n<head>'
            '<meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(settings.title)}</title>"
            f'<link rel="alternate" type="application/rss+xml" title="{escape(settings.title)}" '
            f'href="{FEED_FILE}">'
            f"<style>{_asset('page.css')}</style></head>\n<body>"
            f'<header><img src="{escape(cover)}" alt="" width="160" height="160">'
            f"<h1>{escape(settings.title)}</h1><p>{escape(settings.description)}</p></header>"
            f"<main>{editions}{_subscribe(settings)}</main>"
            f"<footer><p class=\"note\">{escape(settings.paper)}</p></footer>"
            f"<script>{_asset('page.js')}</script></body></html>\n")
    return html.encode("utf-8")


def _html_lang(language: str) -> str:
    head, _, tail = language.partition("-")
    return f"{head}-{tail.upper()}" if tail else head
