"""The e-paper (数字报) reader: fetch an edition from the paper's site, read it from what was saved.

``fetch_edition`` walks the site from an entry URL and keeps every page it read under
``DIR/sources/DATE/`` with a manifest (store.py); ``read_sources`` reads such a folder again with
no network, so `segment`, `script` and `build` read the same bytes a night's fetch saved. See
docs/epaper.md for the families, the fields read and the HTTP policy.
"""

from __future__ import annotations

import datetime as dt
import string
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ConfigError, EditionNotOut, InputError, NoTextError
from ...segment import Decision, SegmentRules
from ...types import Article
from .families import Overrides, family_named
from .http import Client, HttpPolicy, check_url
from .reader import read_edition
from .site import resolve_entry, url_date, walk
from .store import Fetcher, Offline, Store, is_sources

__all__ = ["EpaperSettings", "FetchResult", "expand_url", "fetch_edition", "is_sources", "is_url",
           "read_sources"]

SOURCES = "sources"


@dataclass(frozen=True)
class EpaperSettings:
    """How a paper's site is fetched and read (from [source] in audiopaper.toml)."""

    policy: HttpPolicy = field(default_factory=HttpPolicy)
    overrides: Overrides = field(default_factory=Overrides)
    poll: float = 300.0  # seconds between looks while --wait-ing for the edition


@dataclass(frozen=True)
class FetchResult:
    """What a fetch saved: the folder, and what the site sent."""

    folder: Path
    family: str
    date: dt.date | None
    pages: int
    articles: int
    fetched: int
    unchanged: int


def is_url(value: object) -> bool:
    """An edition given as an http(s) address rather than a path."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def expand_url(template: str, date: dt.date) -> str:
    """``https://paper.example.cn/html/{date:%Y-%m}/{date:%d}/node_2.htm`` for one date."""
    check_template(template)
    return template.format(date=date)


def check_template(template: str) -> None:
    """Only ``{date}`` placeholders with a strftime format: nothing else is formatted."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ConfigError(f"source.url has a bad placeholder ({exc}): write dates as "
                          f"{{date:%Y-%m}}/{{date:%d}}") from exc
    for _text, name, _spec, conversion in parsed:
        if name is not None and (name != "date" or conversion):
            raise ConfigError(f"source.url has the placeholder {{{name}}}: only {{date:%Y-%m-%d}} "
                              f"style placeholders are allowed")
    check_url(template.format(date=dt.date(2024, 1, 1)))


def _folder(out: Path, date: dt.date | None) -> Path:
    return out / SOURCES / (date.isoformat() if date else "undated")


def fetch_edition(url: str, out: Path, date: dt.date | None = None, wait: float = 0.0,
                  settings: EpaperSettings = EpaperSettings(),
                  sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """Fetch the edition at ``url`` into ``out/sources/DATE``; poll up to ``wait`` seconds
    (every ``settings.poll``) while the site says it is not out yet."""
    check_url(url)
    deadline = time.monotonic() + wait
    while True:
        try:
            return _fetch_once(url, out, date or url_date(url), settings)
        except EditionNotOut:
            left = deadline - time.monotonic()
            if left <= 0:
                raise
            sleep(min(settings.poll, left))


def _fetch_once(url: str, out: Path, date: dt.date | None,
                settings: EpaperSettings) -> FetchResult:
    with Client(settings.policy) as client:
        # the entry (paperindex.htm) is only followed; the page it leads to is saved below
        entry, family, found = resolve_entry(url, client.get, date, settings.overrides)
        store = Store(_folder(out, found))
        store.meta = {"format": 1, "entry": entry, "asked": url, "family": family.name,
                      "date": found.isoformat() if found else "",
                      "overrides": {k: v for k, v in settings.overrides.values if v},
                      "family_forced": settings.overrides.family}
        get = Fetcher(store, client)
        edition = walk(entry, family, found, get)
        store.meta["pages"] = [{"url": p.url, "number": p.number, "name": p.name,
                                "articles": [{"url": a.url, "id": a.id, "title": a.title,
                                              "box": list(a.box) if a.box else None}
                                             for a in p.articles], "pdf": p.pdf}
                               for p in edition.pages]
        store.write()
        refs = [ref.url for page in edition.pages for ref in page.articles]
        with ThreadPoolExecutor(max_workers=settings.policy.per_host) as pool:
            futures = [pool.submit(get, ref) for ref in refs]
        for future in futures:  # every other article is saved first: a rerun fetches the rest
            if (error := future.exception()) is not None:
                raise error
        try:
            read_edition(edition, Offline(store))  # a site with no text says so now, not at build
        except NoTextError:
            raise
        except InputError:
            pass  # article pages that would not load: saved as answered, refused when read
        return FetchResult(store.folder, family.name, found, len(edition.pages), len(refs),
                           get.fetched, get.unchanged)


def read_sources(folder: Path, rules: SegmentRules | None = None
                 ) -> tuple[list[Article], list[Decision]]:
    """The articles of a saved edition, read again from its files alone (no network)."""
    store = Store(folder)
    if not store.meta.get("entry"):
        raise InputError(f"{folder}/manifest.json names no entry page: run audiopaper fetch again")
    overrides = Overrides(store.meta.get("family_forced", ""),
                          tuple(dict(store.meta.get("overrides") or {}).items()))
    family = overrides.apply(family_named(store.meta["family"]))
    date = dt.date.fromisoformat(store.meta["date"]) if store.meta.get("date") else None
    get = Offline(store)
    edition = walk(store.meta["entry"], family, date, get)
    return read_edition(edition, get, rules)
