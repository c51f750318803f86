"""The producer's settings: ``audiopaper.toml``, validated when loaded so a typo fails early.

Each section is a frozen dataclass; unknown keys and wrong types are errors that name the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from . import constants as C
from .errors import ConfigError

CONFIG_FILE = "audiopaper.toml"
T = TypeVar("T")


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
    """What is read besides articles: captions "skip" (default) or "end" (after their article)."""

    captions: str = "skip"

    def __post_init__(self) -> None:
        if self.captions not in ("skip", "end"):
            raise ConfigError(f"reading.captions must be \"skip\" or \"end\", not {self.captions!r}")


@dataclass(frozen=True)
class ProgrammeConfig:
    """What is said around the articles and how long the pauses are (seconds).

    ``intro`` and ``outro`` may use {paper}, {date} (spoken in full, with the weekday) and {count}.
    """

    intro: str = C.INTRO_TEXT
    contents: str = C.CONTENTS_TEXT
    outro: str = C.OUTRO_TEXT
    table_of_contents: bool = True
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
            try:
                getattr(self, name).format(paper="", date="", count=0)
            except (KeyError, IndexError, ValueError) as exc:
                raise ConfigError(f"programme.{name} has a bad placeholder ({exc}): use only "
                                  f"{{paper}}, {{date}} and {{count}}") from exc


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
class Config:
    """All sections of audiopaper.toml."""

    paper: PaperConfig = field(default_factory=PaperConfig)
    feed: FeedConfig = field(default_factory=FeedConfig)
    voices: VoiceConfig = field(default_factory=VoiceConfig)
    reading: ReadingConfig = field(default_factory=ReadingConfig)
    programme: ProgrammeConfig = field(default_factory=ProgrammeConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    path: Path | None = None

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
    return cls(**data)


def load_config(path: Path | None = None) -> Config:
    """Read ``path`` (default ``./audiopaper.toml`` if present); no file means defaults."""
    if path is None:
        path = Path(CONFIG_FILE)
        if not path.exists():
            return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path} ({exc.strerror}): check the --config path") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}): fix that line") from exc
    sections: dict[str, type] = {"paper": PaperConfig, "feed": FeedConfig, "voices": VoiceConfig,
                                 "reading": ReadingConfig, "programme": ProgrammeConfig,
                                 "audio": AudioConfig, "cluster": ClusterConfig}
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise ConfigError(f"{path}: unknown section [{unknown[0]}]: allowed are "
                          f"{', '.join(sections)}")
    parsed: dict[str, Any] = {name: _section(cls, data.get(name, {}), name)
                              for name, cls in sections.items()}
    return _check_feed(Config(path=path, **parsed), path)


def _check_feed(config: Config, path: Path) -> Config:
    """Catch publishing values that would only fail at the end of a night's run."""
    if config.feed.keep < 1:
        raise ConfigError(f"{path}: feed.keep must be at least 1 (editions kept online), "
                          f"not {config.feed.keep}")
    if not config.paper.base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{path}: paper.base_url must start with http:// or https://, "
                          f"not {config.paper.base_url!r}")
    if config.feed.cover and not Path(config.feed.cover).is_absolute():
        # a relative cover path is relative to the config file, not to the working folder
        cover = str((path.parent / config.feed.cover).resolve())
        return replace(config, feed=replace(config.feed, cover=cover))
    return config
