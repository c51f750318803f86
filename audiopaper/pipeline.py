"""The one place that chains the stages: ingest → segment → normalize → synth → stitch → feed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import constants as C
from .errors import InputError
from .feed import FeedInfo, episode_record, publish, record_episode
from .ingest import read_edition_text
from .normalize import normalize
from .progress import Event, Progress
from .script import Voices, build_script, split_sentences
from .segment import segment
from .stitch import Tags, assemble, render
from .synth import synthesize
from .synth.cache import AudioCache
from .synth.engine import engine_available, get_engine
from .synth.voices import VoiceProfile, list_profiles, load_profile
from .types import Clip, Edition, Episode, Segment


@dataclass(frozen=True)
class BuildOptions:
    """Everything `audiopaper build` can be told."""

    date: dt.date
    out_dir: Path = C.DEFAULT_OUTPUT_DIR
    voice: str = C.DEFAULT_VOICE
    headline_voice: str = ""
    paper: str = C.DEFAULT_PAPER
    base_url: str = "http://127.0.0.1:8000"
    cache_dir: Path | None = None


@dataclass
class BuildReport:
    """What a build did: the episode, counts and where the time went."""

    episode: Episode
    feed: Path
    segments: int = 0
    cache_hits: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    articles: int = 0
    fallbacks: int = 0  # segments spoken by a fallback voice
    omitted: int = 0  # segments or articles left out of the published edition
    warnings: list[str] = field(default_factory=list)


def load_edition(path: Path, date: dt.date, paper: str) -> Edition:
    """Read and segment an edition file; refuse one with no article to read."""
    articles = tuple(segment(read_edition_text(path)))
    edition = Edition(date=date, paper=paper, articles=articles, source=str(path))
    if not edition.spoken_articles:
        raise InputError(f"no article was found in {path}: check that it is the page's text, "
                         f"with headlines on lines of their own")
    return edition


def _profiles(*names: str) -> dict[str, VoiceProfile]:
    return {name: load_profile(name) for name in names if name}


def _max_chars(profiles: Iterable[VoiceProfile]) -> int:
    """The longest text every engine in use accepts in one call."""
    return min([C.MAX_SEGMENT_CHARS] + [get_engine(p.engine).max_chars for p in profiles])


def build(edition_path: Path, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build and publish one edition: MP3s, chapters and the feed."""
    say_ = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    edition = load_edition(edition_path, options.date, options.paper)
    voices = Voices(body=options.voice, headline=options.headline_voice or options.voice)
    profiles = _profiles(voices.body, voices.headline)
    timings["segment"] = time.perf_counter() - start
    say_(Event("segment", seconds=timings["segment"],
               detail=f"{len(edition.spoken_articles)} articles"))
    mark = time.perf_counter()
    script = build_script(edition, voices, max_chars=_max_chars(profiles.values()))
    timings["normalize"] = time.perf_counter() - mark
    say_(Event("normalize", seconds=timings["normalize"], detail=f"{len(script)} segments"))
    mark = time.perf_counter()
    done = [0]

    def on_clip(clip: Clip) -> None:
        done[0] += 1
        where = clip.segment.article or 0
        say_(Event("synthesis", done[0], len(script), detail=f"article {where}/"
                   f"{len(edition.spoken_articles)}" if where else clip.segment.role))

    clips = synthesize(script, profiles, AudioCache(options.cache_dir), on_clip)
    timings["synthesis"] = time.perf_counter() - mark
    hits = sum(1 for c in clips if c.cached)
    say_(Event("synthesis", seconds=timings["synthesis"], detail=f"{len(clips)} segments, "
               f"{hits} from cache"))
    mark = time.perf_counter()
    titles = {n: a.title for n, a in enumerate(edition.spoken_articles, 1)}
    title = f"{edition.paper} {options.date.isoformat()}"
    episode = assemble(clips, titles, options.out_dir, Tags(title, edition.paper, options.date))
    timings["assembly"] = time.perf_counter() - mark
    say_(Event("assembly", seconds=timings["assembly"], detail=f"{episode.duration / 60:.1f} min"))
    mark = time.perf_counter()
    records = record_episode(options.out_dir, episode_record(episode, options.out_dir, options.base_url))
    info = FeedInfo(title=edition.paper, description=f"{edition.paper}有声版", base_url=options.base_url)
    feed = publish(options.out_dir, records, info)
    timings["publish"] = time.perf_counter() - mark
    say_(Event("publish", seconds=timings["publish"], detail=str(feed)))
    return BuildReport(episode=episode, feed=feed, segments=len(clips), cache_hits=hits,
                       timings=timings, articles=len(edition.spoken_articles))


def say(text: str, out: Path, voice: str = C.DEFAULT_VOICE, cache_dir: Path | None = None) -> float:
    """Normalize and speak ``text`` into an MP3; return its duration in seconds."""
    if not text.strip():
        raise InputError("there is nothing to say: give some text")
    profile = load_profile(voice)
    segments = [Segment(text=s, speech=normalize(s), voice=voice, pause_after=C.PAUSE_AFTER_SENTENCE)
                for s in split_sentences(text.strip(), _max_chars([profile]))]
    clips = synthesize(segments, {voice: profile}, AudioCache(cache_dir))
    out.parent.mkdir(parents=True, exist_ok=True)
    return render(clips, out)


def voices() -> list[tuple[VoiceProfile, bool, str]]:
    """Every voice profile with whether its engine can run now, and why not."""
    return [(p, *engine_available(p.engine)) for p in list_profiles()]
