"""The producer's settings: ``audiopaper.toml``, validated when loaded so a typo fails early.

Each section is a frozen dataclass; unknown keys and wrong types are errors that name the key.
Only the CLI calls :func:`load_config`, once per command; the pipeline hands each stage the
section (or the small settings object made from it) that the stage needs, so no stage reads
a file behind its caller's back. A new section is a dataclass, a field of :class:`Config` and
a row of :data:`SECTIONS`.
"""

from __future__ import annotations

import re
import string
import tomllib
import urllib.parse
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import constants as C
from .errors import AudiopaperError, ConfigError
from .util.inputs import first_unsafe, read_bounded

if TYPE_CHECKING:
    from .ingest.epaper.families import Overrides

CONFIG_FILE = "audiopaper.toml"
T = TypeVar("T")
#: The only placeholders intro, contents and outro may use.
TEMPLATE_FIELDS = ("paper", "date", "count")
_MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class PaperConfig:
    """The newspaper and its feed."""

    name: str = C.DEFAULT_PAPER
    title: str = ""
    description: str = ""
    author: str = "audiopaper"
    base_url: str = "http://127.0.0.1:8000"
    language: str = "zh-cn"


@dataclass(frozen=True)
class FeedConfig:
    """How editions are published: owner, cover, category and how many editions stay online."""

    owner_name: str = ""
    owner_email: str = ""
    cover: str = ""
    category: str = "News"
    subcategory: str = "Daily News"
    keep: int = 30
    locked: bool = True
    copyright: str = C.COPYRIGHT_TEXT

    def __post_init__(self) -> None:
        try:
            self.copyright.format(year="", paper="")
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(f"feed.copyright has a bad placeholder ({exc}): use only {{year}} "
                              f"and {{paper}}") from exc


@dataclass(frozen=True)
class VoiceConfig:
    """Which voice profile reads which part; empty lets --engine choose (edge, else offline)."""

    body: str = ""
    headline: str = ""


@dataclass(frozen=True)
class ReadingConfig:
    """What is read besides articles: captions "skip" (default) or "end" (after their article);
    tables "skip" (default) or "list" (read whole, as a spoken list); paid notices and lottery
    results "skip" (default) or "read"."""

    captions: str = "skip"
    tables: str = "skip"
    #: Paid notices of persons and businesses (寻物启事, 讣告, 遗失声明): "skip" or "read".
    paid_notices: str = "skip"
    #: Lottery results (双色球第…期开奖结果): "skip" or "read".
    lottery: str = "skip"

    def __post_init__(self) -> None:
        for name, modes in (("captions", C.CAPTION_MODES), ("tables", C.TABLE_MODES),
                            ("paid_notices", C.NOTICE_MODES), ("lottery", C.NOTICE_MODES)):
            if getattr(self, name) not in modes:
                allowed = " or ".join(f'"{m}"' for m in modes)
                raise ConfigError(f"reading.{name} must be {allowed}, not {getattr(self, name)!r}")


@dataclass(frozen=True)
class SegmentConfig:
    """A paper's own house style: its masthead names, column names, and patterns (regular
    expressions) for lines that are never read, by kind."""

    masthead_names: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    masthead: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    ads: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("masthead", "header", "staff", "ads", "furniture"):
            for pattern in getattr(self, name):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(f"segment.{name}: {pattern!r} is not a regular expression "
                                      f"({exc}): fix it in audiopaper.toml (write \\( for a "
                                      f"literal bracket)") from exc
        for name in ("masthead_names", "columns"):
            if any(not value.strip() for value in getattr(self, name)):
                raise ConfigError(f"segment.{name} has an empty name: remove it from audiopaper.toml")

    def patterns(self) -> dict[str, tuple[str, ...]]:
        """Extra line patterns by furniture kind."""
        return {"masthead": self.masthead, "header": self.header, "staff": self.staff,
                "ad": self.ads, "furniture": self.furniture}


@dataclass(frozen=True)
class ProgrammeConfig:
    """What is said around the articles and how long the pauses are (seconds).

    ``intro`` and ``outro`` may use {paper}, {date} (spoken in full, with the weekday) and {count}.
    """

    intro: str = C.INTRO_TEXT
    contents: str = C.CONTENTS_TEXT
    outro: str = C.OUTRO_TEXT
    table_of_contents: bool = True
    #: The headline block: the 主题 is always announced; the 副题 is read after it by default,
    #: the 引题 (printed above the 主题) only when asked for, then between the 主题 and the 副题.
    read_overline: bool = False
    read_subtitle: bool = True
    pause_clause: float = C.PAUSE_AFTER_CLAUSE
    pause_sentence: float = C.PAUSE_AFTER_SENTENCE
    pause_paragraph: float = C.PAUSE_AFTER_PARAGRAPH
    pause_headline: float = C.PAUSE_AFTER_HEADLINE
    pause_between_articles: float = C.PAUSE_BETWEEN_ARTICLES
    intro_jingle: str = ""
    outro_jingle: str = ""

    def __post_init__(self) -> None:
        for name in ("pause_clause", "pause_sentence", "pause_paragraph", "pause_headline",
                     "pause_between_articles"):
            if not 0 <= getattr(self, name) <= C.MAX_PAUSE:
                raise ConfigError(f"programme.{name} must be between 0 and {C.MAX_PAUSE} seconds")
        for name in ("intro", "contents", "outro"):
            check_template(getattr(self, name), f"programme.{name}")


def check_template(template: str, where: str) -> None:
    """Refuse placeholders other than {paper}, {date} and {count}, each bare.

    ``str.format`` would otherwise read attributes and items (``{paper.__class__.__mro__}``
    was spoken and published) or fail at the end of a run (``{paper.x}``).
    """
    allowed = ", ".join(f"{{{f}}}" for f in TEMPLATE_FIELDS)
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:  # a lone { or }
        raise ConfigError(f"{where} has a bad placeholder ({exc}): use only {allowed}, and "
                          f"{{{{ or }}}} for a brace") from exc
    for _text, name, spec, conversion in parsed:
        if name is not None and (name not in TEMPLATE_FIELDS or spec or conversion):
            shown = "{" + name + (f"!{conversion}" if conversion else "") + \
                (f":{spec}" if spec else "") + "}"
            raise ConfigError(f"{where} has the placeholder {shown[:40]}: use only {allowed}")


def check_text(value: str, where: str) -> str:
    """``value`` if every character can be published (feeds, tags, page), else a ConfigError."""
    found = first_unsafe(value)
    if found is not None:
        index, what = found
        raise ConfigError(f"{where} holds {what} at character {index + 1}: remove it (feeds and "
                          f"tags cannot carry it)")
    return value


def check_base_url(url: str, where: str) -> str:
    """An http(s) URL with a host, checked by parsing it (not by its first letters)."""
    check_text(url, where)
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a port that is not a number in range)
    except ValueError as exc:
        raise ConfigError(f"{where} {url[:80]!r} is not a URL ({exc}): write it like "
                          f"https://example.org/paper") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or \
            parts.fragment or any(c.isspace() for c in url):
        raise ConfigError(f"{where} must be an http:// or https:// URL with a host and no query, "
                          f"like https://example.org/paper, not {url[:80]!r}")
    return url


@dataclass(frozen=True)
class AudioConfig:
    """Which loudness profiles are produced, and how the files are tagged."""

    profiles: tuple[str, ...] = ("podcast",)
    broadcast_format: str = "mp3"
    podcast_bitrate: str = C.MP3_BITRATE
    broadcast_bitrate: str = C.BROADCAST_BITRATE
    lead_in: float = C.LEAD_IN

    def __post_init__(self) -> None:
        if not 0 <= self.lead_in <= C.MAX_LEAD_IN:
            raise ConfigError(f"audio.lead_in must be between 0 and {C.MAX_LEAD_IN} seconds, not "
                              f"{self.lead_in}")
        unknown = sorted(set(self.profiles) - set(C.LOUDNESS_PROFILES))
        if unknown or "podcast" not in self.profiles:
            raise ConfigError(f"audio.profiles {list(self.profiles)} is not allowed: list "
                              f"'podcast' (the feed needs it) and optionally 'broadcast'")
        if self.broadcast_format not in ("mp3", "wav"):
            raise ConfigError(f"audio.broadcast_format must be 'mp3' or 'wav', not "
                              f"{self.broadcast_format!r}")
        for name in ("podcast_bitrate", "broadcast_bitrate"):
            if not re.fullmatch(r"(32|40|48|56|64|80|96|112|128|160|192|224|256|320)k",
                                getattr(self, name)):
                raise ConfigError(f"audio.{name} must be an MP3 bitrate such as '96k'")


@dataclass(frozen=True)
class ClusterConfig:
    """Where synthesis runs: "" here, or a Redis broker URL with `audiopaper worker`s behind it."""

    broker: str = ""

    def __post_init__(self) -> None:
        if self.broker and not self.broker.startswith(("redis://", "rediss://")):
            raise ConfigError("cluster.broker must be a redis:// or rediss:// URL (or \"\" to "
                              "synthesize on this machine)")


@dataclass(frozen=True)
class SourceConfig:
    """Where the paper's e-paper is (``url``, may use {date:%Y-%m}) and, when its template
    differs from the known families, the selectors and link patterns that read it
    (docs/epaper.md). Fetched pages are kept under ``folder``/sources/DATE."""

    url: str = ""
    folder: str = "."
    family: str = ""
    page_link: str = ""
    article_link: str = ""
    page_list: str = ""
    overline: str = ""
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    body: str = ""
    timeout: float = 20.0
    retries: int = 3
    concurrency: int = 3
    poll: float = 300.0
    wait: float = 0.0

    def __post_init__(self) -> None:
        from .ingest.epaper.families import check_overrides

        if self.url:
            from .ingest.epaper import check_template

            try:
                check_template(self.url)
            except ConfigError:
                raise
            except AudiopaperError as exc:
                raise ConfigError(f"source.url: {exc}") from exc
        if not (0 < self.timeout <= 600 and 0 <= self.retries <= 10 and 1 <= self.concurrency <= 8
                and 1 <= self.poll and 0 <= self.wait <= 86400):
            raise ConfigError("source: timeout must be in (0, 600] s, retries 0-10, concurrency "
                              "1-8, poll at least 1 s and wait 0-86400 s: fix audiopaper.toml")
        check_overrides(self.overrides())

    def overrides(self) -> Overrides:
        from .ingest.epaper.families import Overrides

        keys = ("page_link", "article_link", "page_list", "overline", "title", "subtitle",
                "byline", "body")
        return Overrides(self.family, tuple((k, getattr(self, k)) for k in keys))


@dataclass(frozen=True)
class Config:
    """All sections of audiopaper.toml."""

    paper: PaperConfig = field(default_factory=PaperConfig)
    feed: FeedConfig = field(default_factory=FeedConfig)
    voices: VoiceConfig = field(default_factory=VoiceConfig)
    reading: ReadingConfig = field(default_factory=ReadingConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    programme: ProgrammeConfig = field(default_factory=ProgrammeConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    source: SourceConfig = field(default_factory=SourceConfig)
    #: The file the settings came from (None: defaults).
    path: Path | None = None
    #: The folder the command runs in, whose ``lexicon.tsv`` applies (None: no folder lexicon).
    folder: Path | None = None

    def with_flags(self, paper: str | None = None, base_url: str | None = None,
                   voice: str | None = None, headline_voice: str | None = None,
                   broker: str | None = None) -> Config:
        """This config with the command line's flags applied (a flag given wins over the file)."""
        return replace(
            self,
            paper=replace(self.paper, name=paper or self.paper.name,
                          base_url=base_url or self.paper.base_url),
            voices=replace(self.voices, body=voice or self.voices.body,
                           headline=headline_voice or self.voices.headline),
            cluster=replace(self.cluster, broker=broker or self.cluster.broker))

    def resolve(self, name: str) -> Path | None:
        """A file named in the config, relative to the config file's folder; '' is none."""
        if not name:
            return None
        path = Path(name).expanduser()
        if not path.is_absolute() and self.path is not None:
            path = self.path.parent / path
        if not path.is_file():
            raise ConfigError(f"{name} (named in the config) is not a file: fix the path")
        return path


def _section(cls: type[T], data: Any, where: str) -> T:
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must be a table ([{where}]), not {type(data).__name__}: "
                          f"write it as a [{where}] section in audiopaper.toml")
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting {where}.{unknown[0]}: allowed are {', '.join(known)} "
                          f"(fix the name in audiopaper.toml; audiopaper.example.toml lists them)")
    defaults = cls()
    data = dict(data)
    for key, value in data.items():
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            data[key] = value = float(value)
        if expected is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
            data[key] = value = tuple(value)
        if not isinstance(value, expected) or isinstance(value, bool) and expected is not bool:
            raise ConfigError(f"{where}.{key} must be a {expected.__name__}, not {value!r}: fix it "
                              f"in audiopaper.toml (audiopaper.example.toml shows each value)")
        for text in (value if isinstance(value, tuple) else (value,)):
            if isinstance(text, str):
                check_text(text, f"{where}.{key}")
    return cls(**data)


#: Every section of audiopaper.toml and the dataclass that validates it.
SECTIONS: dict[str, type] = {"paper": PaperConfig, "feed": FeedConfig, "voices": VoiceConfig,
                             "reading": ReadingConfig, "segment": SegmentConfig,
                             "programme": ProgrammeConfig, "audio": AudioConfig,
                             "cluster": ClusterConfig, "source": SourceConfig}


def read_toml(path: Path, which: str) -> dict[str, Any]:
    """A settings file's tables (audiopaper.toml, a group file); errors say to check ``which``."""
    try:
        return tomllib.loads(read_bounded(path, _MAX_CONFIG_BYTES).decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path} ({exc.strerror}): check {which} (a regular file "
                          f"of at most 1 MB)") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}): fix that line") from exc
    except RecursionError as exc:  # tables or arrays nested thousands deep
        raise ConfigError(f"{path} nests tables or arrays too deeply to read: write one level "
                          f"of [sections] (see audiopaper.example.toml)") from exc


def load_config(path: Path | None = None) -> Config:
    """Read ``path`` (default ``./audiopaper.toml`` if present); no file means defaults.

    Called by the CLI only, once per command; the working folder is recorded here, so its
    ``lexicon.tsv`` applies without any later stage looking at the working folder.
    """
    folder = Path.cwd()
    if path is None:
        path = Path(CONFIG_FILE)
        if not path.exists():
            return Config(folder=folder)
    data = read_toml(path, "the --config path")
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{path}: unknown section [{unknown[0]}]: allowed are "
                          f"{', '.join(SECTIONS)}")
    parsed: dict[str, Any] = {name: _section(cls, data.get(name, {}), name)
                              for name, cls in SECTIONS.items()}
    return _check_feed(Config(path=path, folder=folder, **parsed), path)


def _check_feed(config: Config, path: Path) -> Config:
    """Catch publishing values that would only fail at the end of a night's run."""
    if config.feed.keep < 1:
        raise ConfigError(f"{path}: feed.keep must be at least 1 (editions kept online), "
                          f"not {config.feed.keep}")
    check_base_url(config.paper.base_url, f"{path}: paper.base_url")
    if config.feed.cover and not Path(config.feed.cover).is_absolute():
        # a relative cover path is relative to the config file, not to the working folder
        cover = str((path.parent / config.feed.cover).resolve())
        return replace(config, feed=replace(config.feed, cover=cover))
    return config
