"""The producer's settings: ``audiopaper.toml``, validated when loaded so a typo fails early.

Each section is a frozen dataclass; unknown keys and wrong types are errors that name the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
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
class VoiceConfig:
    """Which voice profile reads which part."""

    body: str = C.DEFAULT_VOICE
    headline: str = ""


@dataclass(frozen=True)
class ReadingConfig:
    """What is read besides articles: captions "skip" (default) or "end" (after their article)."""

    captions: str = "skip"

    def __post_init__(self) -> None:
        if self.captions not in ("skip", "end"):
            raise ConfigError(f"reading.captions must be \"skip\" or \"end\", not {self.captions!r}")


@dataclass(frozen=True)
class Config:
    """All sections of audiopaper.toml."""

    paper: PaperConfig = field(default_factory=PaperConfig)
    voices: VoiceConfig = field(default_factory=VoiceConfig)
    reading: ReadingConfig = field(default_factory=ReadingConfig)
    path: Path | None = None


def _section(cls: type[T], data: Any, where: str) -> T:
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must be a table ([{where}]), not {type(data).__name__}")
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting {where}.{unknown[0]}: allowed are {', '.join(known)}")
    defaults = cls()
    for key, value in data.items():
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected) or isinstance(value, bool) and expected is not bool:
            raise ConfigError(f"{where}.{key} must be a {expected.__name__}, not {value!r}")
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
    sections: dict[str, type] = {"paper": PaperConfig, "voices": VoiceConfig, "reading": ReadingConfig}
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise ConfigError(f"{path}: unknown section [{unknown[0]}]: allowed are "
                          f"{', '.join(sections)}")
    parsed: dict[str, Any] = {name: _section(cls, data.get(name, {}), name)
                              for name, cls in sections.items()}
    return Config(path=path, **parsed)
