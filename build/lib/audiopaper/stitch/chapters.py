"""Chapters as podcast apps read them: ID3v2.3 CTOC/CHAP inside the MP3 and Podcasting 2.0 JSON.

The ID3 frames are written after the final encode (a remux would shift them) with times taken
from the running PCM length, never from a decoder's estimate.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TDAT, TIT2, TLAN, TPE1, TRCK, TYER,
                         CTOCFlags, PictureType)
from mutagen.id3._tags import save_frame

from ..types import Chapter

JSON_CHAPTERS_VERSION = "1.2.0"


@dataclass(frozen=True)
class Tags:
    """ID3 text of one output file."""

    title: str
    paper: str
    date: dt.date
    track: int | None = None
    tracks: int | None = None
    art: bytes = b""  # the cover as a JPEG, for APIC
    description: str = ""  # what the file holds, for COMM
    language: str = "chi"


def _text_frames(tags: Tags) -> list[object]:
    """Frames every ID3v2.3 reader knows: the date as TYER + TDAT (TDRC exists only in v2.4)."""
    frames: list[object] = [TIT2(encoding=3, text=tags.title),
              TALB(encoding=3, text=f"{tags.paper} {tags.date.isoformat()}"),
              TPE1(encoding=3, text=tags.paper), TYER(encoding=3, text=f"{tags.date.year:04d}"),
              TDAT(encoding=3, text=f"{tags.date.day:02d}{tags.date.month:02d}"),
              TLAN(encoding=3, text=tags.language)]
    if tags.track is not None:
        total = f"/{tags.tracks}" if tags.tracks else ""
        frames.append(TRCK(encoding=3, text=f"{tags.track}{total}"))
    if tags.description:
        frames.append(COMM(encoding=3, lang=tags.language, desc="", text=tags.description))
    if tags.art:
        frames.append(APIC(encoding=3, mime="image/jpeg", type=PictureType.COVER_FRONT,
                           desc="cover", data=tags.art))
    return frames


def _chapter_frames(chapters: Sequence[Chapter]) -> list[object]:
    ids = [f"chp{i}" for i in range(len(chapters))]
    if not chapters:
        return []
    frames: list[object] = [CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                                 child_element_ids=ids,
                                 sub_frames=[TIT2(encoding=3, text="目录")])]
    for element, chapter in zip(ids, chapters):
        frames.append(CHAP(element_id=element, start_time=round(chapter.start * 1000),
                           end_time=round(chapter.end * 1000),
                           sub_frames=[TIT2(encoding=3, text=chapter.title)]))
    return frames


class _InOrderID3(ID3):
    """mutagen sorts frames by size when saving; this keeps the order they were added in.

    Some apps list CHAP frames in file order, so chapters must be stored in time order. This
    uses mutagen's frame serializer (``save_frame``), stable across mutagen 1.4x; the chapter
    tests read the order back with ffprobe, so a change in mutagen would be caught.
    """

    def _write(self, config: Any) -> bytearray:
        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def write_tags(path: Path, tags: Tags, chapters: Sequence[Chapter] = ()) -> None:
    """ID3v2.3 tags and, for an edition, CTOC/CHAP chapters, into an encoded MP3."""
    id3 = _InOrderID3()
    for frame in [*_text_frames(tags), *_chapter_frames(chapters)]:
        id3.add(frame)
    id3.save(path, v2_version=3)


def chapters_json(chapters: Sequence[Chapter], title: str = "", podcast: str = "",
                  url: str = "") -> bytes:
    """Podcasting 2.0 JSON chapters (``application/json+chapters``), byte-stable across runs.

    The one writer of chapters files: the audio stage's, and the feed's for an edition stored
    without one or for an article's single chapter (with the episode's ``title``, the
    ``podcast`` name and a ``url`` each chapter links to, all optional).
    """
    named = {key: value for key, value in (("title", title), ("podcastName", podcast)) if value}
    link = {"url": url} if url else {}
    document = {"version": JSON_CHAPTERS_VERSION, **named,
                "chapters": [{"startTime": c.start, "endTime": c.end, "title": c.title, **link}
                             for c in chapters]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
