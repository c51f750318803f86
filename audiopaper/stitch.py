"""Stitching stage: clips and pauses to one MP3 per edition (with chapters) and one per article.

Each clip is read once and streamed into the encoder with its pause, so the edition is decoded
once, joined once and encoded once, and memory stays flat however long it runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from mutagen import MutagenError
from mutagen.id3 import CHAP, CTOC, ID3, TALB, TDRC, TIT2, TLAN, TPE1, TRCK, TXXX, CTOCFlags, ID3NoHeaderError

from . import constants as C
from .media import Encoder, mp3_args
from .synth.cache import read_wav
from .types import ArticleFile, Chapter, Clip, Episode


@dataclass(frozen=True)
class Tags:
    """ID3 text of one output file."""

    title: str
    paper: str
    date: dt.date
    track: int | None = None


def _pcm(clip: Clip) -> np.ndarray:
    audio = read_wav(clip.path)
    if audio.sample_rate != C.SAMPLE_RATE:
        positions = np.linspace(0, len(audio.samples) - 1, round(audio.duration * C.SAMPLE_RATE))
        return np.interp(positions, np.arange(len(audio.samples)), audio.samples).astype(np.int16)
    return audio.samples


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * C.SAMPLE_RATE), dtype=np.int16)


Spans = list[tuple[Clip, int, int]]


def _stream(clips: Iterable[Clip], encoder: Encoder) -> tuple[Spans, int]:
    """Write clips and their pauses; return each clip's (start, end) and the total, in samples."""
    position, spans = 0, []
    for clip in clips:
        pcm = _pcm(clip)
        encoder.write(pcm)
        spans.append((clip, position, position + len(pcm)))
        pause = _silence(clip.segment.pause_after)
        encoder.write(pause)
        position += len(pcm) + len(pause)
    return spans, position


def safe_slug(title: str, limit: int = 24) -> str:
    """A file-name part that is safe on every filesystem: CJK, letters, digits and dashes."""
    slug = re.sub(r"[^\w\u3400-\u9fff]+", "-", title).strip("-_")[:limit]
    return slug or "article"


def _chapters(spans: Spans, total: int, titles: dict[int, str]) -> list[Chapter]:
    """One chapter for the opening, one per article, starting at its headline."""
    starts: dict[int | None, int] = {}
    for clip, start, _ in spans:
        starts.setdefault(clip.segment.article, start)
    marks = sorted((s, a) for a, s in starts.items() if a is not None)
    chapters = []
    if marks and marks[0][0] > 0:
        chapters.append(Chapter("开篇", 0.0, marks[0][0] / C.SAMPLE_RATE, None))
    for index, (start, article) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else total
        chapters.append(Chapter(titles[article], start / C.SAMPLE_RATE, end / C.SAMPLE_RATE, article))
    return chapters


def write_tags(path: Path, tags: Tags, chapters: Sequence[Chapter] = ()) -> None:
    """ID3v2.3 text tags and, for the edition, CTOC/CHAP chapters (written after the encode)."""
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=f"{tags.paper} {tags.date.isoformat()}"))
    id3.add(TPE1(encoding=3, text=tags.paper))
    id3.add(TDRC(encoding=3, text=tags.date.isoformat()))
    id3.add(TLAN(encoding=3, text="chi"))
    if tags.track is not None:
        id3.add(TRCK(encoding=3, text=str(tags.track)))
    ids = [f"chp{i}" for i in range(len(chapters))]
    if chapters:
        id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                     child_element_ids=ids, sub_frames=[TIT2(encoding=3, text="目录")]))
    for element, chapter in zip(ids, chapters):
        id3.add(CHAP(element_id=element, start_time=round(chapter.start * 1000),
                     end_time=round(chapter.end * 1000),
                     sub_frames=[TIT2(encoding=3, text=chapter.title)]))
    id3.save(path, v2_version=3)


def _encode(clips: Sequence[Clip], path: Path) -> tuple[Spans, int]:
    """Encode clips to ``path`` through a temp file, so a crash never leaves half an MP3.

    A published file already encoded from the same clips is copied instead (a rebuild encodes
    only what changed); the spans then come from the clips' lengths, with nothing decoded.
    """
    tmp = path.with_name(f".{path.name}.part")
    if _source_tag(path) == _source_digest(clips):
        shutil.copyfile(path, tmp)
        return _spans(clips)
    with Encoder(tmp, C.SAMPLE_RATE, mp3_args(C.MP3_SAMPLE_RATE, C.MP3_BITRATE)) as encoder:
        return _stream(clips, encoder)


_SOURCE = "audiopaper-source"


def _source_digest(clips: Sequence[Clip]) -> str:
    """What an MP3's audio is made of: the encoder settings, each clip (content-addressed) and pause."""
    digest = hashlib.sha256(repr(mp3_args(C.MP3_SAMPLE_RATE, C.MP3_BITRATE)).encode())
    for clip in clips:
        digest.update(f"{clip.path.name}|{clip.samples}|{clip.sample_rate}|"
                      f"{clip.segment.pause_after}\n".encode())
    return digest.hexdigest()


def _source_tag(path: Path) -> str | None:
    try:
        frames = ID3(path).getall(f"TXXX:{_SOURCE}")
    except (MutagenError, OSError):  # not published yet, or not ours
        return None
    return str(frames[0]) if frames else None


def _spans(clips: Sequence[Clip]) -> tuple[Spans, int]:
    """The same (start, end) spans ``_stream`` reports, computed from clip lengths."""
    position, spans = 0, []
    for clip in clips:
        length = clip.samples if clip.sample_rate == C.SAMPLE_RATE else \
            round(clip.samples / clip.sample_rate * C.SAMPLE_RATE)
        spans.append((clip, position, position + length))
        position += length + len(_silence(clip.segment.pause_after))
    return spans, position


def render(clips: Sequence[Clip], path: Path) -> float:
    """Encode clips (with their pauses) into one MP3 at ``path``; return its duration."""
    _, total = _encode(clips, path)
    _publish(path, clips)
    return total / C.SAMPLE_RATE


def _publish(path: Path, clips: Sequence[Clip]) -> int:
    """Stamp the temp file with what it was made from, then put it in place."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        tags = ID3(tmp)
    except ID3NoHeaderError:
        tags = ID3()
    tags.add(TXXX(encoding=3, desc=_SOURCE, text=_source_digest(clips)))
    tags.save(tmp, v2_version=3)
    os.replace(tmp, path)
    return path.stat().st_size


def assemble(clips: Sequence[Clip], titles: dict[int, str], out_dir: Path, tags: Tags) -> Episode:
    """Write the edition MP3 and one MP3 per article under ``out_dir``; return the episode."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = tags.date.isoformat()
    edition_path = out_dir / f"{stem}.mp3"
    spans, total = _encode(clips, edition_path)
    chapters = _chapters(spans, total, titles)
    write_tags(edition_path.with_name(f".{edition_path.name}.part"), tags, chapters)
    articles = [_article_file(clips, number, title, out_dir, tags) for number, title in titles.items()]
    size = _publish(edition_path, clips)
    return Episode(date=tags.date, title=tags.title, path=edition_path, duration=total / C.SAMPLE_RATE,
                   size=size, chapters=tuple(chapters), articles=tuple(articles))


def _article_file(clips: Sequence[Clip], number: int, title: str, out_dir: Path,
                  tags: Tags) -> ArticleFile:
    own = [c for c in clips if c.segment.article == number]
    path = out_dir / "articles" / f"{tags.date.isoformat()}-{number:02d}-{safe_slug(title)}.mp3"
    path.parent.mkdir(parents=True, exist_ok=True)
    _, total = _encode(own, path)
    write_tags(path.with_name(f".{path.name}.part"),
               Tags(title=title, paper=tags.paper, date=tags.date, track=number))
    size = _publish(path, own)
    return ArticleFile(number=number, title=title, path=path, duration=total / C.SAMPLE_RATE,
                       size=size)
