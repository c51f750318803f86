"""The one place that chains the stages: ingest → segment → normalize → synth → stitch → feed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import constants as C
from .errors import InputError, UsageError
from .config import Config, ReadingConfig, SegmentConfig, SourceConfig, check_text
from .feed import Published, cover_art, feed_settings, publish_episode, regenerate
from .ingest import read_article_folder, read_article_json, read_edition_text
from .ingest.epaper import (EpaperSettings, FetchResult, expand_url, fetch_edition, is_sources,
                            is_url, read_sources)
from .ingest.epaper.http import HttpPolicy
from .ingest.epaper.site import url_date
from .ingest.pdf import is_pdf_input, read_pdfs
from .util.inputs import drop_unsafe
from .normalize import Lexicon, load_lexicon, normalize_lines
from .normalize.lexicon import read_lexicon
from .run.progress import Event, Progress
from .run.lock import RunLock
from .script import Voices, build_script, first_sentence, spoken_pieces
from .segment import (Decision, SegmentRules, describe, explain, paper_rules, place_captions,
                      place_notices, place_tables, segment_traced, skipped_summary, tidy, to_json)
from .stitch import SectionStore, Settings, Tags, assemble, kept, render, settings
from .synth import LOCAL, Backend, cached_clips, fallback_summary, synthesize
from .synth import stream as synthesize_stream
from .synth.cache import SECTIONS_DIR, AudioCache
from .synth.engine import engine_available, get_engine
from .synth.select import choose_voices
from .synth.voices import VoiceProfile, list_profiles, load_profile
from .synth.watch import SpeedWatch
from .types import Article, Clip, Edition, Episode, Fallback, Segment


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build is told, resolved once: the settings file with the flags applied, plus
    what only a run has (date, output folder, engine mode, cache, cluster priority)."""

    date: dt.date
    out_dir: Path = C.DEFAULT_OUTPUT_DIR
    engine: str = "auto"  # auto | a registered engine id (see synth.select)
    cache_dir: Path | None = None
    config: Config = field(default_factory=Config)
    priority: int = 0  # on the cluster, 0 is served first (build-all: the edition due first)
    skip_unreadable: bool = False  # page PDFs: read the others when a page's text cannot be read

    @classmethod
    def from_flags(cls, config: Config, date: dt.date, out_dir: Path | None = None,
                   voice: str | None = None, headline_voice: str | None = None,
                   paper: str | None = None, base_url: str | None = None,
                   engine: str = "auto", broker: str | None = None,
                   skip_unreadable: bool = False) -> BuildOptions:
        """Options from audiopaper.toml, where each flag given on the command line wins."""
        return cls(date=date, out_dir=out_dir or C.DEFAULT_OUTPUT_DIR, engine=engine,
                   config=config.with_flags(paper, base_url, voice, headline_voice, broker),
                   skip_unreadable=skip_unreadable)

    @property
    def paper(self) -> str:
        return self.config.paper.name

    @property
    def voice(self) -> str:
        """"" lets the engine mode choose (edge voices, else the offline one)."""
        return self.config.voices.body

    @property
    def headline_voice(self) -> str:
        return self.config.voices.headline

    @property
    def base_url(self) -> str:
        return self.config.paper.base_url

    @property
    def broker(self) -> str:
        """A Redis URL: segments are spoken by `audiopaper worker`s (synth.cluster); "" here."""
        return self.config.cluster.broker


@dataclass
class BuildReport:
    """What a build did: the episode, counts and where the time went."""

    episode: Episode
    feed: Path
    page: Path | None = None
    segments: int = 0
    cache_hits: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    articles: int = 0
    fallbacks: list[Fallback] = field(default_factory=list)  # segments spoken by a fallback voice
    skipped: tuple[Article, ...] = ()  # what of the page is not read: furniture, tables, captions
    pictures: Path | None = None  # page PDFs: the folder of pictures of how each page was read

    @property
    def skipped_line(self) -> str:
        """'skipped: 3 ads, 1 masthead, 1 table' for the producer's audit ('' when nothing)."""
        summary = skipped_summary(list(self.skipped))
        return f"skipped: {summary}" if summary else ""


def segment_rules(config: SegmentConfig) -> SegmentRules:
    """The furniture rules for this paper: the shipped tables plus its [segment] settings."""
    return paper_rules(config.patterns(), config.masthead_names, config.columns)


#: An edition to read: a path, or several page PDFs (or folders of them).
Source = Path | tuple[Path, ...]


def source_name(source: Source) -> str:
    """The edition as named in reports and messages: its path, or its paths joined."""
    return ", ".join(str(p) for p in source) if isinstance(source, tuple) else str(source)


def _first_path(source: Source) -> Path:
    return source[0] if isinstance(source, tuple) else source


def read_traced(source: Source, rules: SegmentRules | None = None, skip_unreadable: bool = False,
                draw: Path | None = None, require: bool = True) -> tuple[list[Article], list[Decision]]:
    """Every item of an edition in reading order, and what each page line was taken for.

    Page text is segmented; page PDFs (files or folders of them) are laid out first
    (``ingest.pdf``, and drawn into ``draw`` when given); a folder of article files or JSON is
    taken as given (no lines to explain). `segment`, `script` and `build` all read an edition
    through here, so they agree. ``require``: an edition with nothing to read is an error.
    """
    decisions: list[Decision] = []
    paths = source if isinstance(source, tuple) else (source,)
    path = paths[0]
    if is_pdf_input(paths):
        pdfs = read_pdfs(paths, rules, skip_unreadable)
        items, decisions = pdfs.items, pdfs.decisions
        if draw is not None:
            pdfs.draw(draw)
        if require and not any(item.is_spoken for item in items):
            raise InputError(f"no article was found in {source_name(source)}: its pages hold only "
                             f"furniture ({skipped_summary(items) or 'no text'}); "
                             f"`audiopaper segment --explain` shows what each block was taken for")
        return items, decisions
    if len(paths) > 1:
        raise InputError(f"several editions were given ({source_name(source)}): give one text "
                         f"file, folder or JSON, or several page PDFs")
    if is_sources(path):
        items, decisions = read_sources(path, rules)
    elif path.is_dir():
        items = tidy(read_article_folder(path))
    elif path.suffix.lower() == ".json":
        items = tidy(read_article_json(path))
    else:
        items, decisions = segment_traced(read_edition_text(path), rules)
    if require and not any(item.is_spoken for item in items):
        raise InputError(f"no article was found in {path}: check that it is the page's text, "
                         f"with headlines on lines of their own")
    return items, decisions


#: An edition as given: a path (or several page PDFs), an e-paper URL, or None ([source] url
#: for the date).
EditionArg = Path | tuple[Path, ...] | str | None


def epaper_settings(source: SourceConfig) -> EpaperSettings:
    """The fetch policy and the paper's own selectors, from [source]."""
    return EpaperSettings(HttpPolicy(timeout=source.timeout, retries=source.retries,
                                     per_host=source.concurrency),
                          source.overrides(), source.poll)


def sources_root(config: Config) -> Path:
    """The folder whose sources/DATE/ keeps fetched pages: [source] folder, relative to the
    config file (or the working folder)."""
    folder = Path(config.source.folder).expanduser()
    if folder.is_absolute():
        return folder
    return (config.path.parent if config.path else config.folder or Path.cwd()) / folder


def fetch(edition: str | None, config: Config, date: dt.date | None = None,
          out: Path | None = None, wait: float | None = None) -> FetchResult:
    """`audiopaper fetch`: save an e-paper edition (the URL, else [source] url for the date)."""
    url = edition or _configured_url(config, date)
    if not is_url(url):
        raise UsageError(f"{str(url)[:80]!r} is not an e-paper address: give an http:// or "
                         f"https:// URL (a page node_N.htm or paperindex.htm)")
    shown = url_date(url)
    if date and shown and shown != date:
        raise UsageError(f"{url} is the edition of {shown.isoformat()}, not {date.isoformat()}: "
                         f"give --date {shown.isoformat()} or the URL of {date.isoformat()}")
    return fetch_edition(url, out or sources_root(config), date,
                         config.source.wait if wait is None else wait,
                         epaper_settings(config.source))


def _configured_url(config: Config, date: dt.date | None) -> str:
    if not config.source.url:
        raise UsageError("no edition given: name its file, folder or e-paper URL, or set "
                         "[source] url in audiopaper.toml (docs/epaper.md)")
    return expand_url(config.source.url, date or dt.date.today())


def edition_source(edition: EditionArg, config: Config, date: dt.date | None = None,
                   progress: Progress | None = None) -> Source:
    """The edition to read: a path (or page PDFs) as given; an e-paper URL (or [source] url)
    fetched first, then read from the sources folder it was saved to, like any saved edition."""
    if isinstance(edition, (Path, tuple)):
        return edition
    result = fetch(edition, config, date)
    (progress or _silent)(Event("fetch", detail=f"{result.family}: {result.pages} pages, "
                                f"{result.articles} articles, {result.fetched} fetched, "
                                f"{result.unchanged} unchanged -> {result.folder}"))
    return result.folder


def read_articles(path: Source, rules: SegmentRules | None = None,
                  skip_unreadable: bool = False, draw: Path | None = None) -> list[Article]:
    """Every item of an edition (page text or PDFs, article files, or JSON), in reading order."""
    return read_traced(path, rules, skip_unreadable, draw)[0]


def load_edition(path: Source, date: dt.date, paper: str, reading: ReadingConfig = ReadingConfig(),
                 segment: SegmentConfig = SegmentConfig(), skip_unreadable: bool = False,
                 draw: Path | None = None) -> Edition:
    """Read and segment an edition, then apply the reading settings (captions, tables)."""
    articles = tuple(_placed(read_articles(path, segment_rules(segment), skip_unreadable, draw),
                             reading))
    return Edition(date=date, paper=paper, articles=articles, source=source_name(path))


def _placed(items: list[Article], reading: ReadingConfig) -> list[Article]:
    """The items with captions, tables, paid notices and lottery results placed where [reading]
    says they are heard."""
    placed = place_tables(place_captions(items, reading.captions), reading.tables)
    return place_notices(placed, reading.paid_notices, reading.lottery)


def skipped_items(edition: Edition, reading: ReadingConfig) -> tuple[Article, ...]:
    """What of the edition is not heard (captions read at the end of their article are heard)."""
    return tuple(a for a in edition.articles if not a.is_spoken
                 and not (a.kind == "caption" and reading.captions == "end"))


def segment_edition(path: EditionArg, as_json: bool = False, explained: bool = False,
                    config: Config = Config(), skip_unreadable: bool = False,
                    draw: Path | None = None) -> str:
    """The items found in an edition, as a listing for a proofreader, as JSON, or line by line.

    The listing is numbered as `build` announces (the [reading] settings applied); the JSON is
    the edition as found, so it can be corrected by hand and read back as an edition. Page PDFs
    are drawn into ``draw`` (one picture a page) when it is given.
    """
    source = edition_source(path, config)
    paths = source if isinstance(source, tuple) else (source,)
    items, decisions = read_traced(source, segment_rules(config.segment), skip_unreadable, draw,
                                   require=not is_pdf_input(paths))
    if explained:
        return explain(decisions) if decisions else describe(items)
    return to_json(items) if as_json else describe(_placed(items, config.reading))


@dataclass(frozen=True)
class Plan:
    """What a build will speak, worked out before any sound is made; `script` prints it."""

    edition: Edition
    voices: Voices
    #: every profile the run may speak with: the chosen voices and their fallbacks
    profiles: dict[str, VoiceProfile]
    script: tuple[Segment, ...]
    #: seconds spent reading the edition ("segment") and writing the script ("normalize")
    timings: dict[str, float]


def plan(edition_path: EditionArg, options: BuildOptions, progress: Progress | None = None,
         draw: Path | None = None) -> Plan:
    """The edition, the voices and the script of a run: the one function `script` and `build` share.

    Pieces are cut to fit every engine that may speak them (fallbacks included), so each line of
    the script is one engine call.
    """
    tell = progress or _silent
    config = options.config
    start = time.perf_counter()
    edition_path = edition_source(edition_path, config, options.date, tell)
    edition = load_edition(edition_path, options.date, check_text(options.paper, "--paper"),
                           config.reading, config.segment, options.skip_unreadable, draw)
    choice = choose_voices(options.engine, options.voice, options.headline_voice)
    if choice.notice:
        tell(Event("voices", detail=choice.notice, warning=True))
    segmented = time.perf_counter() - start
    tell(Event("segment", seconds=segmented, detail=f"{len(edition.spoken_articles)} articles"))
    mark = time.perf_counter()
    voices = Voices(body=choice.body, headline=choice.headline)
    script = build_script(edition, voices, max_chars=_max_chars(choice.profiles.values()),
                          programme=config.programme,
                          lexicon=load_lexicon(_first_path(edition_path), config.folder))
    written = time.perf_counter() - mark
    tell(Event("normalize", seconds=written, detail=f"{len(script)} segments"))
    return Plan(edition, voices, choice.profiles, tuple(script),
                {"segment": segmented, "normalize": written})


def _silent(_event: Event) -> None:
    """The progress callback of a caller that wants none."""


def script_text(path: EditionArg, options: BuildOptions, progress: Progress | None = None) -> str:
    """Exactly what `build` will speak: one engine call per line, a blank line between articles."""
    segments = plan(path, options, progress).script
    lines: list[str] = []
    for index, seg in enumerate(segments):
        if index and seg.article != segments[index - 1].article:
            lines.append("")
        lines.append(seg.speech)
    return "\n".join(lines) + "\n"


def _max_chars(profiles: Iterable[VoiceProfile]) -> int:
    """The longest text every engine in use accepts in one call."""
    return min([C.MAX_SEGMENT_CHARS] + [get_engine(p.engine).max_chars for p in profiles])


def pages_folder(options: BuildOptions) -> Path:
    """Where a build draws how each page PDF was read: beside its run reports."""
    return options.out_dir / C.REPORTS_DIR / f"{options.date.isoformat()}-pages"


def build(edition_path: EditionArg, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build and publish one edition: MP3s, chapters and the feed (page PDFs drawn as read)."""
    say_ = progress or _silent
    how = settings(options.config)
    publishing = feed_settings(options.config, options.paper, options.base_url)
    # the tags' cover art: a bad cover or a missing font fails before synthesis, not after
    how = replace(how, art=cover_art(publishing.cover, publishing.paper))
    pdfs = isinstance(edition_path, (Path, tuple)) and is_pdf_input(
        edition_path if isinstance(edition_path, tuple) else (edition_path,))
    pictures = pages_folder(options) if pdfs else None
    planned = plan(edition_path, options, say_, pictures)
    timings = dict(planned.timings)
    edition, script = planned.edition, list(planned.script)
    with _backend(options) as backend:
        episode, clips = _speak_and_stitch(edition, script, planned.profiles, options, how,
                                           timings, say_, backend)
    mark = time.perf_counter()
    published = publish_episode(episode, options.out_dir, publishing)
    timings["publish"] = time.perf_counter() - mark
    say_(Event("publish", seconds=timings["publish"], detail=str(published.feed)))
    hits = sum(1 for c in clips if c.cached)
    fallbacks = [c.fallback for c in clips if c.fallback]
    return BuildReport(episode=episode, feed=published.feed, page=published.page,
                       segments=len(clips), cache_hits=hits, timings=timings,
                       articles=len(edition.spoken_articles), fallbacks=fallbacks,
                       skipped=skipped_items(edition, options.config.reading), pictures=pictures)


@contextmanager
def _backend(options: BuildOptions) -> Iterator[Backend]:
    """This process's engines, or the cluster at ``options.broker`` (reached now, or an error)."""
    if not options.broker:
        yield LOCAL
        return
    from .synth.cluster import ClusterBackend  # Celery is imported only for cluster runs

    cluster = ClusterBackend(options.broker, options.priority)
    try:
        cluster.connect()
        yield cluster
    finally:
        cluster.close()


def _speak_and_stitch(edition: Edition, script: list[Segment],
                      profiles: dict[str, VoiceProfile], options: BuildOptions, how: Settings,
                      timings: dict[str, float], say_: Progress,
                      backend: Backend = LOCAL) -> tuple[Episode, list[Clip]]:
    """Synthesis and assembly, overlapped: each section is encoded while the next is spoken.

    ``timings`` gets "synthesis" up to the last clip and "assembly" for what is left after it.
    An edition whose clips are all cached and whose published files match is kept as it is.
    """
    mark = time.perf_counter()
    cache = AudioCache(options.cache_dir)
    titles = {n: a.title for n, a in enumerate(edition.spoken_articles, 1)}
    leads = {n: first_sentence(a) for n, a in enumerate(edition.spoken_articles, 1)}
    tags = Tags(f"{edition.paper} {options.date.isoformat()}", edition.paper, options.date)
    cached = cached_clips(script, profiles, cache)
    episode = (kept(cached, titles, options.out_dir, tags, how, leads) if cached is not None
               else None)
    made: list[Clip] = []
    watch = SpeedWatch(script)
    speakers = ", ".join(sorted({f"voice {p.name} ({p.engine})" for p in profiles.values()
                                 if p.name in {s.voice for s in script}}))

    def on_clip(clip: Clip) -> None:
        made.append(clip)
        slow = watch.note(clip, speakers)
        if slow:
            say_(Event("synthesis", detail=slow, warning=True))
        where = clip.segment.article or 0
        say_(Event("synthesis", len(made), len(script), detail=f"article {where}/"
                   f"{len(edition.spoken_articles)}" if where else clip.segment.role))
        if len(made) == len(script):
            timings["synthesis"] = time.perf_counter() - mark
            say_(_synthesized(timings["synthesis"], made))

    if episode is None:
        source: Generator[Clip, None, None] = (c for c in cached) if cached is not None else \
            synthesize_stream(script, profiles, cache, on_clip, backend)
        with closing(source) as arriving:
            episode = assemble(arriving, titles, options.out_dir, tags,
                               SectionStore(cache.root / SECTIONS_DIR), how, leads)
    clips = cached if cached is not None else made
    if "synthesis" not in timings:
        timings["synthesis"] = time.perf_counter() - mark
        say_(_synthesized(timings["synthesis"], clips))
    timings["assembly"] = time.perf_counter() - mark - timings["synthesis"]
    say_(Event("assembly", seconds=timings["assembly"], detail=f"{episode.duration / 60:.1f} min"))
    return episode, clips


def _synthesized(seconds: float, clips: list[Clip]) -> Event:
    hits = sum(1 for c in clips if c.cached)
    return Event("synthesis", seconds=seconds, detail=f"{len(clips)} segments, {hits} from cache")


def feed(out_dir: Path, config: Config, base_url: str | None = None,
         wait: float = 0.0) -> Published:
    """Regenerate both feeds and the page from the episode store alone.

    Under the folder's lock, like a build: a feed written from the store while a build is
    replacing that store could name files the build is about to delete.
    """
    publishing = feed_settings(config, base_url=base_url)
    if not out_dir.is_dir():
        return regenerate(out_dir, publishing)  # says to build first; no folder is created
    with RunLock(out_dir, wait):
        return regenerate(out_dir, publishing)


def say(text: str, out: Path, voice: str = "", engine: str = "auto", config: Config = Config(),
        cache_dir: Path | None = None, progress: Progress | None = None) -> float:
    """Normalize and speak ``text`` into an MP3; return its duration in seconds.

    The voice defaults to the config's [voices] body; the folder's lexicon applies.
    """
    text = drop_unsafe(text)
    if not text.strip():
        raise InputError("there is nothing to say: give some text")
    tell = progress or _silent
    choice = choose_voices(engine, voice or config.voices.body, voice or config.voices.body)
    if choice.notice:
        tell(Event("voices", detail=choice.notice, warning=True))
    profile = choice.profiles[choice.body]
    lexicon = load_lexicon(folder=config.folder)
    segments = [Segment(text=written, speech=speech, voice=profile.name,
                        pause_after=C.PAUSE_AFTER_SENTENCE)
                for written, speech, _end in spoken_pieces(text.strip(),
                                                           _max_chars(choice.profiles.values()),
                                                           lexicon)]
    clips = synthesize(segments, choice.profiles, AudioCache(cache_dir))
    for line in fallback_summary([c.fallback for c in clips if c.fallback], len(clips)):
        tell(Event("fallback", detail=line, warning=True))
    out.parent.mkdir(parents=True, exist_ok=True)
    return render(clips, out)


def pinyin(lines: Iterable[str], citation: bool = False, explain: bool = False,
           lexicon: Path | None = None) -> list[str]:
    """What the offline voice says for each line (`audiopaper pinyin`): one token per character,
    read as written (no normalization); ``explain`` adds its utterances and polyphone choices."""
    from .synth.baker.explain import explain_line
    from .synth.baker.reading import pinyin as read_pinyin

    entries = Lexicon(read_lexicon(lexicon)) if lexicon else None
    out: list[str] = []
    for line in lines:
        out.append(read_pinyin(line, citation, entries))
        if explain:
            out.extend(explain_line(line, entries))
    return out


def normalize(lines: Iterable[str], explain: bool = False, lexicon: Path | None = None) -> list[str]:
    """Spoken form of each line (`audiopaper normalize`), with the given lexicon file applied."""
    entries = Lexicon(read_lexicon(lexicon)) if lexicon else None
    return normalize_lines((drop_unsafe(line) for line in lines), explain, entries)


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
