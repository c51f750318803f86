"""The two RSS feeds, regenerated whole from the store: ``feed.xml`` (editions), ``articles.xml``.

Every tag Apple requires plus the Podcasting 2.0 tags. A feed is parsed back and checked
(``check_feed``) before it replaces the previous one.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from ..errors import PublishError
from .podcast2 import ITUNES_NS, PODCAST_NS, Podcast2EntryExtension, Podcast2Extension, Transcript
from .settings import FeedSettings
from .store import ArticleRecord, ChapterRecord, EditionRecord

FEED_FILE = "feed.xml"
ARTICLES_FEED_FILE = "articles.xml"
PAGE_FILE = "index.html"
#: Podcasting 2.0's namespace for podcast:guid (a UUIDv5 of the feed URL without its scheme).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
_ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Channel:
    """One feed's own title and file, and the cover it shows."""

    file: str
    title: str
    description: str
    cover: str


def podcast_guid(feed_url: str) -> str:
    """Podcasting 2.0's podcast:guid: UUIDv5 of the feed URL with scheme and trailing slash cut."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def clock(seconds: float) -> str:
    """Seconds as HH:MM:SS, the form podcast apps turn into chapter links."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


#: Apple shows at most this many characters of a description; longer notes drop the leads.
DESCRIPTION_LIMIT = 4000


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _article_line(record: EditionRecord, chapter: ChapterRecord, leads: bool) -> str:
    article = next((a for a in record.articles if a.number == chapter.article), None)
    lead = article.lead if article is not None and leads else ""
    text = f"{chapter.title}：{lead}" if lead else chapter.title
    return f"<li>{clock(chapter.start)} {_esc(text)}</li>"


def show_notes(record: EditionRecord, leads: bool = True) -> str:
    """The edition's description in the HTML Apple allows (``<p>``, ``<ol>``, ``<li>``).

    A paragraph with the title, then the chapters as ``00:00:00 …`` lines from zero (apps
    without JSON chapters turn them into links): the opening and closing as paragraphs, the
    articles as one numbered line each with headline and first sentence. Text is escaped.
    """
    parts = [f"<p>{_esc(record.title)}</p>"]
    if not record.chapters or record.chapters[0].start > 0:
        parts.append(f"<p>00:00:00 {_esc(record.title)}</p>")
    run: list[str] = []
    for chapter in record.chapters:
        if chapter.article is not None:
            run.append(_article_line(record, chapter, leads))
            continue
        if run:
            parts.append(f"<ol>{''.join(run)}</ol>")
            run = []
        parts.append(f"<p>{clock(chapter.start)} {_esc(chapter.title)}</p>")
    if run:
        parts.append(f"<ol>{''.join(run)}</ol>")
    notes = "".join(parts)
    if leads and len(notes) > DESCRIPTION_LIMIT:
        return show_notes(record, leads=False)
    return notes


def article_notes(record: EditionRecord, article: ArticleRecord, paper: str) -> str:
    """An article item's description: headline, first sentence, where it comes from."""
    parts = [article.title, article.lead, f"{paper} {record.date} 第{article.number}篇"]
    return "".join(f"<p>{_esc(p)}</p>" for p in parts if p)


def _content(notes: str, record: EditionRecord, settings: FeedSettings,
             files: Sequence[tuple[str, str]]) -> str:
    """content:encoded: the description plus links to the page and the files."""
    links = [(f"{settings.url(PAGE_FILE)}#edition-{record.date}", "在网页上收听")]
    links += [(settings.url(file), label) for file, label in files]
    items = "".join(f'<li><a href="{html.escape(url)}">{_esc(label)}</a></li>'
                    for url, label in links)
    return f"{notes}<ul>{items}</ul>"


def copyright_notice(settings: FeedSettings, records: Sequence[EditionRecord]) -> str:
    """``copyright`` from the config's template: {year} is the newest edition's, not the clock's."""
    year = max((r.date[:4] for r in records), default="2000")
    return settings.copyright.format(year=year, paper=settings.paper)


def _channel(settings: FeedSettings, channel: Channel, records: Sequence[EditionRecord],
             guid: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("podcast", atom=False)
    fg.register_extension("podcast2", Podcast2Extension, Podcast2EntryExtension, atom=False)
    self_url = settings.url(channel.file)
    fg.link(href=self_url, rel="self")  # first: feedgen's <link> is whichever link is set last
    fg.link(href=settings.url(PAGE_FILE), rel="alternate")
    fg.title(channel.title)
    fg.description(channel.description)
    fg.language(settings.language)
    fg.author({"name": settings.author, "email": settings.owner_email or None})
    fg.image(url=settings.url(channel.cover), title=channel.title, link=settings.url(PAGE_FILE))
    fg.generator("audiopaper")
    fg.copyright(copyright_notice(settings, records))
    fg.podcast.itunes_author(settings.author)
    fg.podcast.itunes_image(settings.url(channel.cover))
    fg.podcast.itunes_category(settings.category, settings.subcategory or None)
    fg.podcast.itunes_type("episodic")
    fg.podcast.itunes_summary(channel.description)
    fg.podcast2.guid = guid
    fg.podcast2.locked = settings.locked
    fg.podcast2.owner = (settings.owner_name, settings.owner_email)
    return fg


def _item(entry: FeedEntry, settings: FeedSettings, guid: str, title: str, file: str,
          size: int, cover: str) -> None:
    entry.guid(guid, permalink=False)
    entry.title(title)
    entry.enclosure(settings.url(file), str(size), "audio/mpeg")
    entry.podcast.itunes_image(settings.url(cover))
    entry.podcast.itunes_episode_type("full")


def _edition_item(fg: FeedGenerator, record: EditionRecord, settings: FeedSettings,
                  cover: str) -> None:
    entry = fg.add_entry()
    _item(entry, settings, record.guid, record.title, record.file, record.size, cover)
    notes = show_notes(record)
    entry.description(notes)
    files = [(record.file, "下载整期 MP3")]
    if record.transcript_file:
        files.append((record.transcript_file, "文字稿（WebVTT）"))
    entry.content(_content(notes, record, settings, files), type="CDATA")
    entry.link(href=f"{settings.url(PAGE_FILE)}#edition-{record.date}")
    entry.pubDate(record.published_at)
    entry.podcast.itunes_duration(round(record.duration))
    if record.chapters_file:
        entry.podcast2.chapters_url = settings.url(record.chapters_file)
    if record.transcript_file:
        entry.podcast2.transcripts = [Transcript(settings.url(record.transcript_file),
                                                 settings.language)]


def _article_item(fg: FeedGenerator, record: EditionRecord, article: ArticleRecord,
                  settings: FeedSettings, cover: str) -> None:
    entry = fg.add_entry()
    _item(entry, settings, article.guid, article.title, article.file, article.size, cover)
    notes = article_notes(record, article, settings.paper)
    entry.description(notes)
    files = [(article.file, "下载这篇 MP3")]
    if article.transcript_file:
        files.append((article.transcript_file, "文字稿（WebVTT）"))
    entry.content(_content(notes, record, settings, files), type="CDATA")
    entry.link(href=f"{settings.url(PAGE_FILE)}#edition-{record.date}")
    # one second apart, article 1 newest, so apps list the articles in the paper's order
    entry.pubDate(record.published_at - dt.timedelta(seconds=article.number))
    entry.podcast.itunes_duration(round(article.duration))
    if article.chapters_file:
        entry.podcast2.chapters_url = settings.url(article.chapters_file)
    if article.transcript_file:
        entry.podcast2.transcripts = [Transcript(settings.url(article.transcript_file),
                                                 settings.language)]


def _render(fg: FeedGenerator, records: Sequence[EditionRecord]) -> bytes:
    newest = max((r.published_at for r in records),
                 default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    fg.lastBuildDate(newest)  # from the data, not the clock: the same store gives the same bytes
    return fg.rss_str(pretty=True)


def edition_feed(records: Sequence[EditionRecord], settings: FeedSettings, cover: str,
                 guid: str | None = None) -> bytes:
    """``feed.xml``: one item per edition, newest first (``guid``: the stored podcast:guid)."""
    channel = Channel(FEED_FILE, settings.title, settings.description, cover)
    fg = _channel(settings, channel, records, guid or podcast_guid(settings.url(FEED_FILE)))
    for record in sorted(records, key=lambda r: r.date):  # feedgen prepends: oldest goes in first
        _edition_item(fg, record, settings, cover)
    return _render(fg, records)


def article_feed(records: Sequence[EditionRecord], settings: FeedSettings, cover: str,
                 guid: str | None = None) -> bytes:
    """``articles.xml``: one item per article, for stations and single-story listeners."""
    channel = Channel(ARTICLES_FEED_FILE, f"{settings.title}（单篇）",
                      f"{settings.description}（每篇文章一个音频文件）", cover)
    fg = _channel(settings, channel, records,
                  guid or podcast_guid(settings.url(ARTICLES_FEED_FILE)))
    for record in sorted(records, key=lambda r: r.date):
        for article in sorted(record.articles, key=lambda a: -a.number):
            _article_item(fg, record, article, settings, cover)
    return _render(fg, records)


_CHANNEL_TAGS = ["title", "description", "language", f"{{{ITUNES_NS}}}image",
                 f"{{{ITUNES_NS}}}category", f"{{{ITUNES_NS}}}explicit",
                 f"{{{ITUNES_NS}}}author", f"{{{ITUNES_NS}}}owner", f"{{{ITUNES_NS}}}type",
                 "copyright"]
_ITEM_TAGS = ["title", "guid", "enclosure", "pubDate", f"{{{ITUNES_NS}}}duration"]


def _missing(parent: etree._Element, tags: list[str]) -> str | None:
    absent = [t.split("}")[-1] for t in tags if parent.find(t) is None]
    return f"<{absent[0]}> is missing" if absent else None


def _item_problem(item: etree._Element, out_dir: Path, base_url: str) -> str | None:
    problem = _missing(item, _ITEM_TAGS)
    if problem:
        return problem
    enclosure = item.find("enclosure")
    url = enclosure.get("url", "")
    path = out_dir / url.removeprefix(base_url.rstrip("/") + "/")
    if not path.is_file() or path.stat().st_size != int(enclosure.get("length", "-1")):
        return f"the enclosure {url} does not match a file of that length in {out_dir}"
    for link in [*item.iter(f"{{{PODCAST_NS}}}chapters"), *item.iter(f"{{{PODCAST_NS}}}transcript")]:
        url = link.get("url", "")
        if not (out_dir / url.removeprefix(base_url.rstrip("/") + "/")).is_file():
            return f"{url} is linked but is not a file in {out_dir}"
    when = email.utils.parsedate_to_datetime(item.findtext("pubDate") or "")
    return None if when.tzinfo else "a pubDate has no time zone"


def feed_problem(xml: bytes, out_dir: Path, base_url: str) -> str | None:
    """What is wrong with a generated feed, or None: it is parsed back, not trusted."""
    try:
        channel = etree.fromstring(xml).find("channel")
    except etree.XMLSyntaxError as exc:
        return f"it is not well-formed XML ({exc})"
    if channel is None:
        return "it has no <channel>"
    selfs = [l for l in channel.iter(f"{{{_ATOM_NS}}}link") if l.get("rel") == "self"]
    problem = _missing(channel, _CHANNEL_TAGS) or (None if selfs else "atom:link self is missing")
    items = channel.findall("item")
    if len({i.findtext("guid") for i in items}) != len(items):
        problem = problem or "two items share a guid"
    for item in items:
        problem = problem or _item_problem(item, out_dir, base_url)
    return problem


def checked(name: str, xml: bytes, out_dir: Path, base_url: str) -> bytes:
    """``xml`` if it passes ``feed_problem``; otherwise an error (the old feed stays in place)."""
    problem = feed_problem(xml, out_dir, base_url)
    if problem:
        raise PublishError(f"{name} was not replaced because {problem}: rebuild the edition "
                           f"(audiopaper build) then run audiopaper feed; the previous feed is "
                           f"unchanged")
    return xml
