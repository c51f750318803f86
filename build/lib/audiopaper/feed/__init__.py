"""Feed stage: the episode store, the podcast feeds, the cover and the listener page.

``store`` keeps the record of what was published; ``rss`` and ``page`` are regenerated from it
on every run; ``publish`` orders the writes so that a failed night never leaves a broken feed.
"""

from __future__ import annotations

from .atomic import write_atomic
from .cover import check_cover, cover_art
from .page import render_page
from .publish import Published, chapters_json, publish_episode, regenerate
from .rss import ARTICLES_FEED_FILE, FEED_FILE, PAGE_FILE
from .settings import FeedSettings, feed_settings
from .store import STORE_FILE, EditionRecord, load_store

__all__ = ["check_cover", "cover_art", "ARTICLES_FEED_FILE", "FEED_FILE", "PAGE_FILE", "STORE_FILE", "EditionRecord",
           "FeedSettings", "Published", "chapters_json", "feed_settings", "load_store",
           "publish_episode", "regenerate", "render_page", "write_atomic"]
