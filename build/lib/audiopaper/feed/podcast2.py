"""A small feedgen extension for what feedgen lacks: Podcasting 2.0 tags and itunes:explicit=false.

feedgen knows neither the ``podcast:`` namespace nor ``itunes:explicit`` = ``false`` (it only
takes yes/no/clean, which Apple no longer documents), so this extension writes them itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CHAPTERS_TYPE = "application/json+chapters"
TRANSCRIPT_TYPE = "text/vtt"


@dataclass(frozen=True)
class Transcript:
    """A transcript file linked from an item."""

    url: str
    language: str
    type: str = TRANSCRIPT_TYPE


def _child(parent: etree._Element, ns: str, tag: str, text: str | None = None,
           **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


class Podcast2Extension(BaseExtension):
    """Channel tags: podcast:guid, podcast:locked, itunes:explicit false and itunes:owner."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool | None = None
        self.owner: tuple[str, str] | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def extend_rss(self, rss_feed: etree._Element) -> etree._Element:
        channel = rss_feed[0]
        _child(channel, ITUNES_NS, "explicit", "false")
        if self.owner:
            owner = _child(channel, ITUNES_NS, "owner")
            _child(owner, ITUNES_NS, "name", self.owner[0])
            if self.owner[1]:
                _child(owner, ITUNES_NS, "email", self.owner[1])
        if self.guid:
            _child(channel, PODCAST_NS, "guid", self.guid)
        if self.locked is not None:
            attrs = {"owner": self.owner[1]} if self.owner and self.owner[1] else {}
            _child(channel, PODCAST_NS, "locked", "yes" if self.locked else "no", **attrs)
        return rss_feed


class Podcast2EntryExtension(BaseEntryExtension):
    """Item tags: podcast:chapters and any number of podcast:transcript."""

    def __init__(self) -> None:
        self.chapters_url: str | None = None
        self.transcripts: list[Transcript] = []

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        if self.chapters_url:
            _child(entry, PODCAST_NS, "chapters", url=self.chapters_url, type=CHAPTERS_TYPE)
        for t in self.transcripts:
            _child(entry, PODCAST_NS, "transcript", url=t.url, type=t.type, language=t.language)
        return entry
