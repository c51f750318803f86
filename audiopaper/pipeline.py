"""The one place that chains the stages: ingest → segment → normalize → synth → stitch → feed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import constants as C
from .errors import InputError
from .feed import FeedInfo, episode_record, publish, record_episode
from .ingest import read_edition_text
from .normalize import normalize
from .script import Voices, build_script, split_sentences
from .segment import segment
from .stitch import Tags, assemble, render
from .synth import fallback_summary, synthesize
from .synth.cache import AudioCache
from .synth.engine import engine_available, get_engine
from .synth.select import ENGINE_MODES, choose_voices  # noqa: F401  (cli.py's choices)
from .synth.voices import VoiceProfile, list_profiles
from .types import Clip, Edition, Episode, Fallback, Segment

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """Everything `audiopaper build` can be told."""

    date: dt.date
    out_dir: Path = C.DEFAULT_OUTPUT_DIR
    voice: str = ""  # "" lets the engine mode choose (edge voices, else the offline one)
    headline_voice: str = ""
    engine: str = "auto"  # auto | edge | baker (see synth.select)
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
    fallbacks: list[Fallback] = field(default_factory=list)


def load_edition(path: Path, date: dt.date, paper: str) -> Edition:
    """Read and segment an edition file; refuse one with no article to read."""
    articles = tuple(segment(read_edition_text(path)))
    edition = Edition(date=date, paper=paper, articles=articles, source=str(path))
    if not edition.spoken_articles:
        raise InputError(f"no article was found in {path}: check that it is the page's text, "
                         f"with headlines on lines of their own")
    return edition


def _max_chars(profiles: Iterable[VoiceProfile]) -> int:
    """The longest text every engine in use accepts in one call."""
    return min([C.MAX_SEGMENT_CHARS] + [get_engine(p.engine).max_chars for p in profiles])


def build(edition_path: Path, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build and publish one edition: MP3s, chapters and the feed."""
    say_ = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    edition = load_edition(edition_path, options.date, options.paper)
    choice = choose_voices(options.engine, options.voice, options.headline_voice)
    if choice.notice:
        say_(choice.notice)
    voices = Voices(body=choice.body, headline=choice.headline)
    profiles = choice.profiles
    timings["segment"] = time.perf_counter() - start
    mark = time.perf_counter()
    spoken = [profiles[voices.body], profiles[voices.headline]]
    script = build_script(edition, voices, max_chars=_max_chars(spoken))
    timings["normalize"] = time.perf_counter() - mark
    say_(f"{len(edition.spoken_articles)} articles, {len(script)} segments")
    mark = time.perf_counter()
    done = [0]

    def on_clip(_clip: Clip) -> None:
        done[0] += 1
        if done[0] % 25 == 0 or done[0] == len(script):
            say_(f"synthesized {done[0]}/{len(script)} segments")

    clips = synthesize(script, profiles, AudioCache(options.cache_dir), on_clip)
    timings["synthesis"] = time.perf_counter() - mark
    mark = time.perf_counter()
    titles = {n: a.title for n, a in enumerate(edition.spoken_articles, 1)}
    title = f"{edition.paper} {options.date.isoformat()}"
    episode = assemble(clips, titles, options.out_dir, Tags(title, edition.paper, options.date))
    timings["assembly"] = time.perf_counter() - mark
    mark = time.perf_counter()
    records = record_episode(options.out_dir, episode_record(episode, options.out_dir, options.base_url))
    info = FeedInfo(title=edition.paper, description=f"{edition.paper}有声版", base_url=options.base_url)
    feed = publish(options.out_dir, records, info)
    timings["publish"] = time.perf_counter() - mark
    hits = sum(1 for c in clips if c.cached)
    fallbacks = [c.fallback for c in clips if c.fallback]
    return BuildReport(episode=episode, feed=feed, segments=len(clips), cache_hits=hits,
                       timings=timings, fallbacks=fallbacks)


def say(text: str, out: Path, voice: str = "", cache_dir: Path | None = None,
        engine: str = "auto", progress: Progress | None = None) -> float:
    """Normalize and speak ``text`` into an MP3; return its duration in seconds."""
    if not text.strip():
        raise InputError("there is nothing to say: give some text")
    tell = progress or (lambda _msg: None)
    choice = choose_voices(engine, voice, voice)
    if choice.notice:
        tell(choice.notice)
    profile = choice.profiles[choice.body]
    segments = [Segment(text=s, speech=normalize(s), voice=profile.name,
                        pause_after=C.PAUSE_AFTER_SENTENCE)
                for s in split_sentences(text.strip(), _max_chars([profile]))]
    clips = synthesize(segments, choice.profiles, AudioCache(cache_dir))
    for line in fallback_summary([c.fallback for c in clips if c.fallback], len(clips)):
        tell(line)
    out.parent.mkdir(parents=True, exist_ok=True)
    return render(clips, out)


def voices() -> list[tuple[VoiceProfile, bool, str]]:
    """Every voice profile with whether its engine can run now, and why not."""
    return [(p, *_voice_available(p)) for p in list_profiles()]


def _voice_available(profile: VoiceProfile) -> tuple[bool, str]:
    """The engine runs and offers this profile's voice (an online service may drop voices)."""
    ok, why = engine_available(profile.engine)
    if ok and profile.engine_voice not in {v.id for v in get_engine(profile.engine).voices()}:
        return False, (f"{profile.engine} does not offer {profile.engine_voice} now: choose "
                       f"another voice")
    return ok, why
