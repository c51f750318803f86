"""The listener page, ``index.html``: one static file that works without a server or a network.

Made for an older or blind listener: one player at the top with a large labelled play/pause
button, skips of 15 and 30 seconds, three speeds, previous/next article and the current
article's title large (a live region tells a screen reader when it changes); the edition's
articles right under it, all within a phone's first screen. Speed and the position in each
edition are remembered in the browser, so tomorrow opens at the new edition and today where
the listener stopped. Without JavaScript the browser's own player and the links still work.
"""

from __future__ import annotations

import re
from html import escape, unescape
from importlib import resources
from pathlib import Path
from typing import Sequence

from .rss import ARTICLES_FEED_FILE, FEED_FILE, clock
from .settings import FeedSettings
from .store import ArticleRecord, ChapterRecord, EditionRecord

PAGE_EDITIONS = 7
SPEEDS = ("0.8", "1", "1.25")
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


def chapter_name(chapter: ChapterRecord) -> str:
    """What the player shows for a chapter: '第2篇 标题', or the opening/closing's own name."""
    return f"第{chapter.article}篇 {chapter.title}" if chapter.article else chapter.title


def _chapter(record: EditionRecord, chapter: ChapterRecord) -> str:
    name = chapter_name(chapter)
    # the name is the visible text (time and title), so speech users can say what they see
    return (f'<li><button type="button" class="jump" data-edition="{record.date}" '
            f'data-start="{chapter.start:.3f}" data-name="{escape(name)}">'
            f'<span class="time">{clock(chapter.start)}</span> '
            f'<span class="title">{escape(name)}</span></button></li>')


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


def _summary(record: EditionRecord) -> str:
    return f"时长 {clock(record.duration)}，共 {len(record.articles)} 篇"


def _edition(record: EditionRecord, out_dir: Path) -> str:
    """One edition's chapters, downloads and transcript; the player shows one edition at a time."""
    heading = f"heading-{record.date}"
    chapters = "".join(_chapter(record, c) for c in record.chapters)
    return (f'<section class="edition" id="edition-{record.date}" aria-labelledby="{heading}" '
            f'data-date="{record.date}" data-src="{escape(record.file)}" '
            f'data-title="{escape(record.title)}" data-summary="{escape(_summary(record))}">'
            f'<h2 id="{heading}">{escape(record.title)} 目录</h2>'
            f'<p class="hint">按一下，就从那篇开始播放。</p>'
            f'<ol class="chapters">{chapters}</ol>'
            f'<p><a class="download" href="{escape(record.file)}">下载整期 MP3'
            f"（{clock(record.duration)}）</a></p>"
            f"{_article_links(record.articles)}{_transcript(record, out_dir)}</section>")


def _player(record: EditionRecord) -> str:
    """The one player: large controls first, then the edition it is playing."""
    first = chapter_name(record.chapters[0]) if record.chapters else record.title
    speeds = "".join(f'<button type="button" class="speed" data-rate="{rate}" '
                     f'aria-pressed="{"true" if rate == "1" else "false"}">{rate}×</button>'
                     for rate in SPEEDS)
    return (
        '<section class="player" id="player" aria-labelledby="player-heading">'
        f'<h2 id="player-heading" class="edition-name">{escape(record.title)}</h2>'
        f'<p class="summary" id="player-summary">{escape(_summary(record))}</p>'
        '<p class="now-label" id="now-label">正在收听：</p>'
        f'<p class="now" id="now" aria-live="polite" aria-atomic="true">{escape(first)}</p>'
        f'<audio id="audio" controls preload="metadata" src="{escape(record.file)}" '
        f'data-edition="{record.date}" aria-label="{escape(record.title)}">'
        f'<a href="{escape(record.file)}">下载 MP3</a></audio>'
        '<div class="controls" hidden>'
        '<div class="transport">'
        '<button type="button" id="back" class="skip">后退<br>15秒</button>'
        '<button type="button" id="play" class="play"><span class="icon" aria-hidden="true">'
        '▶</span><span class="label">播放</span></button>'
        '<button type="button" id="forward" class="skip">前进<br>30秒</button></div>'
        '<div class="position"><input type="range" id="seek" min="0" max="0" step="1" '
        'value="0" aria-label="播放位置"><span id="clock" class="clock" aria-hidden="true">'
        '0:00 / 0:00</span></div>'
        '<div class="articles"><button type="button" id="prev">上一篇</button>'
        '<button type="button" id="next">下一篇</button></div>'
        f'<div class="speeds" role="group" aria-labelledby="speed-label">'
        f'<span id="speed-label" class="speed-label">语速</span>{speeds}</div>'
        '</div></section>')


def _earlier(records: Sequence[EditionRecord]) -> str:
    """Earlier editions: a button each that puts it in the player."""
    if len(records) < 2:
        return ""
    items = "".join(f'<li><button type="button" class="edition-pick" data-edition="{r.date}">'
                    f'{escape(r.title)}（{clock(r.duration)}）</button></li>' for r in records)
    return ('<section class="earlier" aria-labelledby="earlier-heading">'
            '<h2 id="earlier-heading">选择一期</h2>'
            f'<ol class="pick">{items}</ol></section>')


def _subscribe(settings: FeedSettings) -> str:
    feed, articles = settings.url(FEED_FILE), settings.url(ARTICLES_FEED_FILE)
    return ('<section class="subscribe" aria-labelledby="subscribe"><h2 id="subscribe">订阅</h2>'
            f"<p>在播客应用里添加这个地址，每天的新一期会自动出现：</p>"
            f'<p class="address"><a href="{escape(FEED_FILE)}">{escape(feed)}</a></p>'
            f'<p>每篇文章单独一集：</p><p class="address"><a href="{escape(ARTICLES_FEED_FILE)}">'
            f"{escape(articles)}</a></p></section>")


def render_page(records: Sequence[EditionRecord], settings: FeedSettings, out_dir: Path,
                cover: str) -> bytes:
    """The whole page as UTF-8 HTML; links are relative so the folder works anywhere."""
    latest = sorted(records, key=lambda r: r.date, reverse=True)[:PAGE_EDITIONS]
    if latest:
        body = (_player(latest[0]) + "".join(_edition(r, out_dir) for r in latest)
                + _earlier(latest))
    else:
        body = "<p>还没有发布任何一期。</p>"
    html = (f'<!DOCTYPE html>\n<html lang="{escape(_html_lang(settings.language))}">\n<head>'
            '<meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(settings.title)}</title>"
            f'<link rel="alternate" type="application/rss+xml" title="{escape(settings.title)}" '
            f'href="{FEED_FILE}">'
            f"<style>{_asset('page.css')}</style></head>\n<body>"
            f'<header><img src="{escape(cover)}" alt="" width="56" height="56">'
            f"<h1>{escape(settings.title)}</h1></header>"
            f"<main>{body}{_subscribe(settings)}</main>"
            f"<footer><p>{escape(settings.description)}</p>"
            f'<p class="note">{escape(settings.paper)}</p></footer>'
            f"<script>{_asset('page.js')}</script></body></html>\n")
    return html.encode("utf-8")


def _html_lang(language: str) -> str:
    head, _, tail = language.partition("-")
    return f"{head}-{tail.upper()}" if tail else head
