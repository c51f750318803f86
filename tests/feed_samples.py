"""Small real published editions for the feed, page and serve tests: tone MP3s made with ffmpeg,
chapters, and (optionally) a chapters file and WebVTT transcripts like the audio stage writes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from audiopaper.feed import FeedSettings
from audiopaper.util.ffmpeg import mp3_args, run_ffmpeg
from audiopaper.types import ArticleFile, Chapter, Episode

OPENING = 1.0
TITLES = ("城东新建社区图书馆正式开放", "全市春季植树活动本周末举行", "泰山景区门票优惠延长")


def settings(**changes: object) -> FeedSettings:
    """Feed settings as a producer with a full audiopaper.toml would have them."""
    values: dict[str, object] = dict(
        paper="泰安日报", title="泰安日报有声版", description="每天早上朗读当天的报纸",
        base_url="https://example.org/paper", author="泰安日报社", owner_name="泰安日报社",
        owner_email="podcast@example.org", keep=30)
    values.update(changes)
    return FeedSettings(**values)  # type: ignore[arg-type]


def tone_mp3(path: Path, seconds: float, frequency: int = 440) -> Path:
    """A real MP3 of a sine tone (what a browser and a podcast client can decode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}",
                *mp3_args(44_100, "64k"), "-y", str(path)])
    return path


def _vtt(path: Path, lines: list[str], step: float = 1.0) -> Path:
    cues = ["WEBVTT", ""]
    for index, line in enumerate(lines):
        start, end = index * step, (index + 1) * step
        cues += [f"{index + 1}", f"00:00:{start:06.3f} --> 00:00:{end:06.3f}", line, ""]
    path.write_text("\n".join(cues), encoding="utf-8")
    return path


def _chapters_file(path: Path, chapters: list[Chapter]) -> Path:
    data = {"version": "1.2.0", "chapters": [{"startTime": c.start, "title": c.title}
                                             for c in chapters]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def lead(title: str) -> str:
    """The first sentence the sample articles open with."""
    return f"本文讲述{title}的经过。"


def make_episode(out_dir: Path, date: dt.date, titles: tuple[str, ...] = TITLES,
                 seconds: float = 2.0, extras: bool = False, paper: str = "泰安日报") -> Episode:
    """Write an edition MP3 (an opening plus ``seconds`` per article) and its article MP3s."""
    stem = date.isoformat()
    total = OPENING + seconds * len(titles)
    edition = tone_mp3(out_dir / f"{stem}.mp3", total)
    chapters = [Chapter("开篇", 0.0, OPENING)]
    articles = []
    for number, title in enumerate(titles, 1):
        start = OPENING + seconds * (number - 1)
        chapters.append(Chapter(title, start, start + seconds, number))
        path = tone_mp3(out_dir / "articles" / f"{stem}-{number:02d}.mp3", seconds, 300 + number)
        transcript = (_vtt(path.with_suffix(".vtt"), [title, f"{title}的正文。"])
                      if extras else None)
        articles.append(ArticleFile(number, title, path, seconds, path.stat().st_size,
                                    transcript_file=transcript, lead=lead(title)))
    chapters_file = _chapters_file(out_dir / f"{stem}.json", chapters) if extras else None
    transcript = (_vtt(out_dir / f"{stem}.vtt", ["各位听众早上好。", *titles]) if extras else None)
    return Episode(date=date, title=f"{paper} {stem}", path=edition, duration=total,
                   size=edition.stat().st_size, chapters=tuple(chapters),
                   articles=tuple(articles), chapters_file=chapters_file,
                   transcript_file=transcript)



def linked(url: str, stable: str, base: str = "https://example.org/paper") -> bool:
    """``url`` is the content-addressed copy of ``stable`` (``BASE/media/STEM.DIGEST.EXT``)."""
    stem, _, suffixes = stable.rsplit("/", 1)[-1].partition(".")
    pattern = rf"{re.escape(base)}/media/{re.escape(stem)}\.[0-9a-f]{{16}}\.{re.escape(suffixes)}"
    return re.fullmatch(pattern, url) is not None
