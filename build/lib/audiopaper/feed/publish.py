"""Publishing: record an edition in the store, then regenerate both feeds and the page from it.

Order matters for a crash at any point: new files are in place before the store names them,
feeds link content-addressed copies made before the feeds are replaced (``media``), feeds are
checked before they replace the old ones, and files are deleted only after nothing published
refers to them any more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import PublishError
from ..stitch.chapters import chapters_json
from ..types import Chapter, Episode
from .atomic import remove_files, write_atomic
from .cover import cover_name, default_cover, own_cover
from .media import as_linked, link_media, sweep_media
from .page import render_page
from .rss import (ARTICLES_FEED_FILE, FEED_FILE, PAGE_FILE, article_feed, checked, edition_feed,
                  podcast_guid)
from .settings import FeedSettings
from .store import (STORE_FILE, ArticleRecord, EditionRecord, edition_record, load_guids, load_store, merge,
                    save_store)

@dataclass(frozen=True)
class Published:
    """What a publish run wrote and removed."""

    feed: Path
    articles_feed: Path
    page: Path
    store: Path
    editions: int
    removed: tuple[Path, ...] = ()


def _edition_chapters(record: EditionRecord, settings: FeedSettings) -> bytes:
    """An edition's chapters, for one stored without a chapters file of its own."""
    return chapters_json(record.chapters, record.title, settings.title)


def _article_chapters(record: EditionRecord, article: ArticleRecord,
                      settings: FeedSettings) -> bytes:
    """An article's one chapter: its headline, linked to its edition on the listener page."""
    return chapters_json([Chapter(article.title, 0, article.duration)], article.title,
                         settings.title, url=f"{settings.url(PAGE_FILE)}#edition-{record.date}")


def _with_chapters(record: EditionRecord, out_dir: Path, settings: FeedSettings) -> EditionRecord:
    """Write the chapters files the audio stage did not write: the edition's, each article's."""
    articles = tuple(_article_with_chapters(record, a, out_dir, settings) for a in record.articles)
    record = replace(record, articles=articles)
    if record.chapters_file or not record.chapters:
        return record
    name = f"{Path(record.file).stem}.chapters.json"
    write_atomic(out_dir / Path(record.file).parent / name, _edition_chapters(record, settings))
    return replace(record, chapters_file=(Path(record.file).parent / name).as_posix())


def _article_with_chapters(record: EditionRecord, article: ArticleRecord, out_dir: Path,
                           settings: FeedSettings) -> ArticleRecord:
    if article.chapters_file:
        return article
    name = (Path(article.file).parent / f"{Path(article.file).stem}.chapters.json").as_posix()
    write_atomic(out_dir / name, _article_chapters(record, article, settings))
    return replace(article, chapters_file=name)


def _cover(settings: FeedSettings, out_dir: Path) -> str:
    return own_cover(settings.cover, out_dir) if settings.cover else default_cover(settings.paper,
                                                                                   out_dir)


def feed_guids(out_dir: Path, settings: FeedSettings) -> dict[str, str]:
    """The stored podcast:guid of each feed; a feed published for the first time gets one from
    its URL, and keeps it even when the base URL changes later."""
    guids = load_guids(out_dir)
    for name in (FEED_FILE, ARTICLES_FEED_FILE):
        guids.setdefault(name, podcast_guid(settings.url(name)))
    return guids


def write_outputs(records: Sequence[EditionRecord], settings: FeedSettings,
                  out_dir: Path, guids: dict[str, str]) -> tuple[Path, Path, Path]:
    """Both feeds and the page, each checked before it replaces the previous one.

    Everything is rendered and checked first; only then is anything (the cover first) replaced.
    """
    cover = cover_name(settings.cover)
    records = [as_linked(r) for r in records]  # the feeds link content-addressed copies
    feed = checked(FEED_FILE, edition_feed(records, settings, cover, guids[FEED_FILE]), out_dir,
                   settings.base_url)
    articles = checked(ARTICLES_FEED_FILE, article_feed(records, settings, cover,
                                                        guids[ARTICLES_FEED_FILE]),
                       out_dir, settings.base_url)
    page = render_page(records, settings, out_dir, cover)
    if _cover(settings, out_dir) != cover:
        raise PublishError(f"the cover changed while publishing: run audiopaper feed again")
    paths = (out_dir / FEED_FILE, out_dir / ARTICLES_FEED_FILE, out_dir / PAGE_FILE)
    for path, data in zip(paths, (feed, articles, page)):
        write_atomic(path, data)
    return paths


def publish_episode(episode: Episode, out_dir: Path, settings: FeedSettings) -> Published:
    """Record a built edition (keeping its guids on a rebuild), apply retention, regenerate all."""
    new = _with_chapters(edition_record(episode, out_dir, settings.paper), out_dir, settings)
    new = link_media(new, out_dir)  # new names first: the old feed's files stay as they are
    records = load_store(out_dir)
    previous = next((r for r in records if r.date == new.date), None)
    kept, dropped = merge(records, new, settings.keep)
    guids = feed_guids(out_dir, settings)
    feed, articles, page = write_outputs(kept, settings, out_dir, guids)
    store = save_store(out_dir, kept, guids)
    live = set().union(*(r.files() for r in kept))
    stale = set().union(*(r.files() for r in dropped), previous.files() if previous else set())
    removed = remove_files(out_dir, stale - live) + sweep_media(out_dir, kept)
    return Published(feed, articles, page, store, len(kept), tuple(removed))


def regenerate(out_dir: Path, settings: FeedSettings) -> Published:
    """Rewrite both feeds and the page from the episode store alone (no audio is touched)."""
    records = load_store(out_dir)
    if not records:
        raise PublishError(f"no published edition is recorded in {out_dir}: run audiopaper "
                           f"build first, or point --out at the folder that holds episodes.json")
    guids = feed_guids(out_dir, settings)
    feed, articles, page = write_outputs(records, settings, out_dir, guids)
    if guids != load_guids(out_dir):  # a store from before podcast:guids were kept
        save_store(out_dir, records, guids)
    removed = sweep_media(out_dir, records)  # copies a crashed build made but never recorded
    return Published(feed, articles, page, out_dir / STORE_FILE, len(records), tuple(removed))
