"""Stitching stage: clips to the edition and article files, levelled, chaptered and transcribed.

One pass reads each clip once and streams it into every output (see ``writer``); the chapters,
transcripts and manifest are then written from the sample spans that pass recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..config import Config
from ..types import ArticleFile, Chapter, Clip, Episode
from .chapters import Tags, chapters_json, write_tags
from .manifest import FileEntry, manifest
from .names import article_stem, safe_slug
from .profiles import Profile, profiles
from .reuse import chapters_from, chapters_record, reusable, source_digest
from .sources import pieces
from .timeline import Span, article_bounds, chapters, seconds
from .transcript import webvtt
from .writer import ProgrammeWriter, Written, part_path, publish

__all__ = ["Settings", "Tags", "assemble", "render", "safe_slug", "settings", "write_tags"]


@dataclass(frozen=True)
class Settings:
    """How to stitch: which profiles, which jingles, which cover."""

    profiles: tuple[Profile, ...] = field(default_factory=lambda: tuple(profiles(Config().audio)))
    intro_jingle: Path | None = None
    outro_jingle: Path | None = None
    cover: Path | None = None


def settings(config: Config) -> Settings:
    """Stitch settings from audiopaper.toml's [audio], [programme] and the [feed] cover."""
    return Settings(profiles=tuple(profiles(config.audio)),
                    intro_jingle=config.resolve(config.programme.intro_jingle),
                    outro_jingle=config.resolve(config.programme.outro_jingle),
                    cover=config.resolve(config.feed.cover))


@dataclass(frozen=True)
class _Layout:
    """Where every file of an edition goes."""

    out_dir: Path
    tags: Tags
    titles: dict[int, str]

    def edition(self, profile: Profile) -> Path:
        return self.out_dir / profile.folder / f"{self.tags.date.isoformat()}.{profile.container}"

    def article(self, profile: Profile, number: int) -> Path:
        stem = article_stem(self.tags.date, number, self.titles[number])
        return self.out_dir / profile.folder / "articles" / f"{stem}.{profile.container}"

    def side_file(self, suffix: str) -> Path:
        return self.out_dir / f"{self.tags.date.isoformat()}{suffix}"

    def article_transcript(self, number: int) -> Path:
        stem = article_stem(self.tags.date, number, self.titles[number])
        return self.out_dir / "articles" / f"{stem}.vtt"


def render(clips: Sequence[Clip], path: Path) -> float:
    """Level and encode clips (with their pauses) into one podcast MP3; return its duration."""
    podcast = Settings().profiles[0]
    writer = ProgrammeWriter([podcast], lambda _p: path, lambda _p, _n: path)
    written = writer.run(pieces(clips))
    publish(path)
    return seconds(written[-1].samples)


def assemble(clips: Sequence[Clip], titles: dict[int, str], out_dir: Path, tags: Tags,
             how: Settings | None = None) -> Episode:
    """Write every output of an edition under ``out_dir`` and return the episode."""
    how = how or Settings()
    layout = _Layout(out_dir, Tags(tags.title, tags.paper, tags.date, cover=how.cover), titles)
    digest = source_digest(clips, titles, layout.tags, how.profiles,
                           [how.intro_jingle, how.outro_jingle])
    previous = reusable(layout.side_file(".manifest.json"), digest)
    if previous is not None:  # nothing changed since the last build: keep its files
        return _episode_from_manifest(previous, layout)
    writer = ProgrammeWriter(how.profiles, layout.edition, layout.article)
    written = writer.run(pieces(clips, how.intro_jingle, how.outro_jingle))
    marks = chapters(writer.spans, titles)
    for item in written:
        _finish_audio(item, layout, marks)
    entries = _audio_entries(written, titles)
    entries += _side_files(writer.spans, layout, marks)
    summary = {**_edition_summary(layout, writer.spans), "source": digest,
               "chapters": chapters_record(marks)}
    write_atomic(layout.side_file(".manifest.json"), manifest(summary, entries, out_dir))
    return _episode(written, layout, marks)


def _finish_audio(item: Written, layout: _Layout, marks: Sequence[Chapter]) -> None:
    """Tags (and, on an edition MP3, chapters) into the temp file, then publish it."""
    part = part_path(item.path)
    if item.path.suffix == ".mp3":
        base = layout.tags
        if item.article is None:
            write_tags(part, base, marks)
        else:
            write_tags(part, Tags(layout.titles[item.article], base.paper, base.date,
                                  item.article, len(layout.titles), base.cover))
    publish(item.path)


def _audio_entries(written: Sequence[Written], titles: dict[int, str]) -> list[FileEntry]:
    kind = {True: "edition", False: "article"}
    return [FileEntry(w.path, kind[w.article is None], w.profile, w.article,
                      titles.get(w.article or 0, ""), seconds(w.samples), w.loudness)
            for w in sorted(written, key=lambda w: (w.profile != "podcast", w.profile,
                                                    w.article or 0))]


def _side_files(spans: Sequence[Span], layout: _Layout, marks: Sequence[Chapter]) -> list[FileEntry]:
    """chapters.json, the edition's transcript and each article's, written from the spans."""
    chapters_path, transcript = layout.side_file(".chapters.json"), layout.side_file(".vtt")
    write_atomic(chapters_path, chapters_json(marks))
    write_atomic(transcript, webvtt(spans))
    entries = [FileEntry(chapters_path, "chapters"), FileEntry(transcript, "transcript")]
    for number, (start, _stop) in sorted(article_bounds(spans).items()):
        path = layout.article_transcript(number)
        write_atomic(path, webvtt([s for s in spans if s.article == number], offset=start))
        entries.append(FileEntry(path, "transcript", article=number))
    return entries


def _edition_summary(layout: _Layout, spans: Sequence[Span]) -> dict[str, object]:
    total = spans[-1].stop if spans else 0
    return {"date": layout.tags.date.isoformat(), "paper": layout.tags.paper,
            "title": layout.tags.title, "articles": len(layout.titles), "duration": seconds(total)}


def _episode_from_manifest(document: dict[str, Any], layout: _Layout) -> Episode:
    """The episode of a kept edition, as its manifest recorded it."""
    rows = [r for r in document["files"] if r.get("profile") == "podcast"]
    edition = next(r for r in rows if r["kind"] == "edition")
    root = layout.out_dir
    articles = tuple(ArticleFile(number=r["article"], title=layout.titles[r["article"]],
                                 path=root / r["path"], duration=r["duration"], size=r["size"],
                                 transcript_file=layout.article_transcript(r["article"]))
                     for r in rows if r["kind"] == "article")
    return Episode(date=layout.tags.date, title=layout.tags.title, path=root / edition["path"],
                   duration=edition["duration"], size=edition["size"],
                   chapters=chapters_from(document["edition"]), articles=articles,
                   chapters_file=layout.side_file(".chapters.json"),
                   transcript_file=layout.side_file(".vtt"))


def _episode(written: Sequence[Written], layout: _Layout, marks: Sequence[Chapter]) -> Episode:
    podcast = [w for w in written if w.profile == "podcast"]
    edition = next(w for w in podcast if w.article is None)
    articles = tuple(ArticleFile(number=w.article, title=layout.titles[w.article], path=w.path,
                                 duration=seconds(w.samples), size=w.path.stat().st_size,
                                 transcript_file=layout.article_transcript(w.article))
                     for w in podcast if w.article is not None)
    return Episode(date=layout.tags.date, title=layout.tags.title, path=edition.path,
                   duration=seconds(edition.samples), size=edition.path.stat().st_size,
                   chapters=tuple(marks), articles=articles,
                   chapters_file=layout.side_file(".chapters.json"),
                   transcript_file=layout.side_file(".vtt"))
