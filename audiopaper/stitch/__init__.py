"""Stitching stage: clips to the edition and article files, levelled, chaptered and transcribed.

Clips arrive in programme order, while later ones are still being synthesized. Each section
(the opening, every article, the closing) is levelled and encoded as soon as its last clip is
in (see ``writer``), and kept by a hash of its sources; the published files are the sections
joined byte for byte (see ``join``). A rebuild encodes only the sections that changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import constants as C
from ..util.atomic import publish_temp, temp_path, write_atomic
from ..config import Config
from ..util.ffmpeg import Loudness
from ..types import ArticleFile, Chapter, Clip, Episode
from .bwf import Bext, bext_chunk
from .chapters import Tags, chapters_json, write_tags
from .manifest import FileEntry, manifest
from .names import article_stem, safe_slug
from .profiles import Profile, profiles
from .join import Placed, edition_loudness, place, placed_chapters, write_joined
from .reuse import chapters_from, chapters_record, reusable, source_digest
from .sections import Section, SectionStore, group
from .sources import pieces
from .transcript import webvtt
from .writer import encode_section

__all__ = ["SectionStore", "Settings", "Tags", "assemble", "kept", "render", "safe_slug",
           "settings", "write_tags"]


@dataclass(frozen=True)
class Settings:
    """How to stitch: which profiles, which jingles, the cover art, the lead-in of silence."""

    profiles: tuple[Profile, ...] = field(default_factory=lambda: tuple(profiles(Config().audio)))
    intro_jingle: Path | None = None
    outro_jingle: Path | None = None
    art: bytes = b""  # the cover as a JPEG for every file's APIC (the pipeline makes it)
    lead_in: float = C.LEAD_IN


def settings(config: Config) -> Settings:
    """Stitch settings from audiopaper.toml's [audio] and [programme]."""
    return Settings(profiles=tuple(profiles(config.audio)),
                    intro_jingle=config.resolve(config.programme.intro_jingle),
                    outro_jingle=config.resolve(config.programme.outro_jingle),
                    lead_in=config.audio.lead_in)


@dataclass(frozen=True)
class _Layout:
    """Where every file of an edition goes."""

    out_dir: Path
    tags: Tags
    titles: dict[int, str]
    leads: dict[int, str]  # each article's first sentence, for its description

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
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".say-") as work:
        encoded = encode_section(Section(None, tuple(pieces(clips)), C.LEAD_IN), [podcast],
                                 SectionStore(Path(work)))[0]
        write_joined(path, [encoded], podcast.container)
        publish_temp(path)
    return round(encoded.samples / encoded.rate, 3)


def kept(clips: Sequence[Clip], titles: dict[int, str], out_dir: Path, tags: Tags,
         how: Settings | None = None, leads: dict[int, str] | None = None) -> Episode | None:
    """The published edition, when it was built from exactly these clips and is intact."""
    how = how or Settings()
    layout = _layout(out_dir, tags, titles, how, leads)
    previous = reusable(layout.side_file(".manifest.json"), _digest(clips, layout, how))
    return _episode_from_manifest(previous, layout) if previous is not None else None


def assemble(clips: Iterable[Clip], titles: dict[int, str], out_dir: Path, tags: Tags,
             store: SectionStore, how: Settings | None = None,
             leads: dict[int, str] | None = None) -> Episode:
    """Write every output of an edition under ``out_dir`` and return the episode.

    ``clips`` may still be arriving: each section is encoded as soon as it is complete.
    ``leads`` are the articles' first sentences (descriptions in the tags and the feed).
    """
    how = how or Settings()
    layout = _layout(out_dir, tags, titles, how, leads)
    seen: list[Clip] = []
    programme = pieces(_tapped(clips, seen), how.intro_jingle, how.outro_jingle)
    sections = [(s.article, encode_section(s, how.profiles, store))
                for s in group(programme, how.lead_in)]
    by_profile = [place([(article, done[i]) for article, done in sections])
                  for i in range(len(how.profiles))]
    marks = placed_chapters(by_profile[0], titles)
    entries = _write_audio(layout, how.profiles, by_profile, titles)
    for entry in entries:
        publish_temp(entry.path)
    entries = sorted(entries, key=lambda e: (e.profile != "podcast", e.profile, e.article or 0))
    entries += _side_files(by_profile[0], layout, marks)
    summary = {**_edition_summary(layout, by_profile[0]),
               "source": _digest(seen, layout, how), "chapters": chapters_record(marks)}
    write_atomic(layout.side_file(".manifest.json"), manifest(summary, entries, out_dir))
    return _episode(entries, layout, marks)


def _tapped(clips: Iterable[Clip], seen: list[Clip]) -> Iterator[Clip]:
    for clip in clips:
        seen.append(clip)
        yield clip


def _layout(out_dir: Path, tags: Tags, titles: dict[int, str], how: Settings,
            leads: dict[int, str] | None) -> _Layout:
    contents = "\n".join(f"{n}. {t}" for n, t in sorted(titles.items()))
    edition = Tags(tags.title, tags.paper, tags.date, art=how.art,
                   description=tags.description or contents)
    return _Layout(out_dir, edition, titles, dict(leads or {}))


def _digest(clips: Sequence[Clip], layout: _Layout, how: Settings) -> str:
    return source_digest(clips, layout.titles, layout.tags, how.profiles,
                         [how.intro_jingle, how.outro_jingle],
                         {"lead_in": how.lead_in, "leads": sorted(layout.leads.items())})


def _write_audio(layout: _Layout, profiles: Sequence[Profile],
                 by_profile: Sequence[Sequence[Placed]], titles: dict[int, str]) -> list[FileEntry]:
    """Every edition and article file into its temp file; on failure none is left behind."""
    entries: list[FileEntry] = []
    try:
        for profile, placed in zip(profiles, by_profile):
            entries.append(_write_edition(layout, profile, placed, titles))
            entries += [_write_article(layout, profile, p) for p in placed
                        if p.article is not None]
    except BaseException:
        for profile, placed in zip(profiles, by_profile):
            temp_path(layout.edition(profile)).unlink(missing_ok=True)
            for p in placed:
                if p.article is not None:
                    temp_path(layout.article(profile, p.article)).unlink(missing_ok=True)
        raise
    return entries


def _write_edition(layout: _Layout, profile: Profile, placed: Sequence[Placed],
                   titles: dict[int, str]) -> FileEntry:
    """The profile's edition: all sections joined, tagged with its own chapter times."""
    path = layout.edition(profile)
    loudness = edition_loudness(placed)
    momentary = tuple(m for p in placed for m in p.encoded.loudness.momentary)
    chunks = _bext(layout, profile, layout.tags.title, 0,
                   Loudness(loudness.integrated, loudness.true_peak, momentary))
    write_joined(path, [p.encoded for p in placed], profile.container, chunks)
    if profile.container == "mp3":
        write_tags(temp_path(path), layout.tags, placed_chapters(placed, titles))
    return FileEntry(path, "edition", profile.name, None, "", placed[-1].seconds(placed[-1].stop),
                     loudness)


def _write_article(layout: _Layout, profile: Profile, placed: Placed) -> FileEntry:
    """One article's file: its section alone, tagged as a track of the edition."""
    assert placed.article is not None
    path = layout.article(profile, placed.article)
    title = layout.titles[placed.article]
    loud = placed.encoded.loudness
    write_joined(path, [placed.encoded], profile.container,
                 _bext(layout, profile, title, placed.article, loud))
    if profile.container == "mp3":
        base = layout.tags
        lead = layout.leads.get(placed.article, "")
        write_tags(temp_path(path), Tags(title, base.paper, base.date, placed.article,
                                         len(layout.titles), base.art,
                                         f"{title}：{lead}" if lead else title))
    return FileEntry(path, "article", profile.name, placed.article, title,
                     placed.seconds(placed.encoded.samples), Loudness(loud.integrated,
                                                                      loud.true_peak))


def _bext(layout: _Layout, profile: Profile, title: str, number: int,
          loudness: Loudness) -> bytes:
    """A WAV's bext chunk (nothing for MP3); the reference is the date and article number."""
    if profile.container != "wav":
        return b""
    date = layout.tags.date
    return bext_chunk(Bext(title, layout.tags.paper, f"{date:%Y%m%d}-{number:02d}", date,
                           profile.sample_rate, loudness))


def _side_files(placed: Sequence[Placed], layout: _Layout,
                marks: Sequence[Chapter]) -> list[FileEntry]:
    """chapters.json, the edition's transcript and each article's, written from the spans."""
    chapters_path, transcript = layout.side_file(".chapters.json"), layout.side_file(".vtt")
    write_atomic(chapters_path, chapters_json(marks))
    write_atomic(transcript, webvtt([s for p in placed for s in p.spans()]))
    entries = [FileEntry(chapters_path, "chapters"), FileEntry(transcript, "transcript")]
    for section in placed:
        if section.article is not None:
            path = layout.article_transcript(section.article)
            write_atomic(path, webvtt(section.own_spans()))
            entries.append(FileEntry(path, "transcript", article=section.article))
    return entries


def _edition_summary(layout: _Layout, placed: Sequence[Placed]) -> dict[str, object]:
    return {"date": layout.tags.date.isoformat(), "paper": layout.tags.paper,
            "title": layout.tags.title, "articles": len(layout.titles),
            "duration": placed[-1].seconds(placed[-1].stop)}


def _episode_from_manifest(document: dict[str, Any], layout: _Layout) -> Episode:
    """The episode of a kept edition, as its manifest recorded it."""
    rows = [r for r in document["files"] if r.get("profile") == "podcast"]
    edition = next(r for r in rows if r["kind"] == "edition")
    root = layout.out_dir
    articles = tuple(ArticleFile(number=r["article"], title=layout.titles[r["article"]],
                                 path=root / r["path"], duration=r["duration"], size=r["size"],
                                 transcript_file=layout.article_transcript(r["article"]),
                                 lead=layout.leads.get(r["article"], ""))
                     for r in rows if r["kind"] == "article")
    return Episode(date=layout.tags.date, title=layout.tags.title, path=root / edition["path"],
                   duration=edition["duration"], size=edition["size"],
                   chapters=chapters_from(document["edition"]), articles=articles,
                   chapters_file=layout.side_file(".chapters.json"),
                   transcript_file=layout.side_file(".vtt"))


def _episode(entries: Sequence[FileEntry], layout: _Layout, marks: Sequence[Chapter]) -> Episode:
    podcast = [e for e in entries if e.profile == "podcast"]
    edition = next(e for e in podcast if e.article is None)
    assert edition.duration is not None
    articles = tuple(ArticleFile(number=e.article, title=e.title, path=e.path,
                                 duration=e.duration or 0.0, size=e.path.stat().st_size,
                                 transcript_file=layout.article_transcript(e.article),
                                 lead=layout.leads.get(e.article, ""))
                     for e in podcast if e.article is not None)
    return Episode(date=layout.tags.date, title=layout.tags.title, path=edition.path,
                   duration=edition.duration, size=edition.path.stat().st_size,
                   chapters=tuple(marks), articles=articles,
                   chapters_file=layout.side_file(".chapters.json"),
                   transcript_file=layout.side_file(".vtt"))
