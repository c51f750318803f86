"""Voice profiles: TOML files naming an engine, its voice, and how it should speak.

A profile is validated by its engine when it is loaded, so a typo fails before a night's run.
Profiles come from the project's ``voices/`` folder and, first, from ``$AUDIOPAPER_VOICES_DIR``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..constants import BUILTIN_VOICES_DIR, ENV_VOICES_DIR
from ..errors import ConfigError
from .engine import get_engine

_REQUIRED = ("name", "engine", "engine_voice")
_GENERIC = ("pace", "pitch", "volume")


@dataclass(frozen=True)
class VoiceProfile:
    """A named way of speaking: engine, engine voice and validated options."""

    name: str
    engine: str
    engine_voice: str
    options: dict[str, Any] = field(default_factory=dict, hash=False)
    description: str = ""
    language: str = "zh-CN"
    fallback: str = ""
    path: Path | None = None


def voice_dirs() -> list[Path]:
    """Folders searched for profiles, the producer's own first."""
    dirs = []
    if os.environ.get(ENV_VOICES_DIR):
        dirs.append(Path(os.environ[ENV_VOICES_DIR]))
    dirs.append(BUILTIN_VOICES_DIR)
    return dirs


def parse_profile(path: Path) -> VoiceProfile:
    """Read and validate one profile file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"voice profile {path} cannot be read ({exc}): fix the TOML syntax") from exc
    missing = [k for k in _REQUIRED if not isinstance(data.get(k), str) or not data.get(k)]
    if missing:
        raise ConfigError(f"voice profile {path} lacks {', '.join(missing)}: add them as strings")
    options = dict(data.get("options", {}))
    options.update({k: data[k] for k in _GENERIC if k in data})
    engine = get_engine(data["engine"])
    try:
        validated = engine.validate_options(options)
    except ConfigError as exc:
        raise ConfigError(f"voice profile {path}: {exc}") from exc
    return VoiceProfile(name=data["name"], engine=data["engine"], engine_voice=data["engine_voice"],
                        options=validated, description=str(data.get("description", "")),
                        language=str(data.get("language", "zh-CN")),
                        fallback=str(data.get("fallback", "")), path=path)


def list_profiles() -> list[VoiceProfile]:
    """Every profile, the first found for each name winning."""
    found: dict[str, VoiceProfile] = {}
    for folder in voice_dirs():
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            profile = parse_profile(path)
            found.setdefault(profile.name, profile)
    return list(found.values())


def load_profile(name: str) -> VoiceProfile:
    """The profile called ``name``; the error lists the names that exist."""
    for folder in voice_dirs():
        path = folder / f"{name}.toml"
        if path.is_file():
            return parse_profile(path)
    for profile in list_profiles():
        if profile.name == name:
            return profile
    known = ", ".join(p.name for p in list_profiles())
    raise ConfigError(f"no voice called '{name}': choose one of {known} (see `audiopaper voices`)")
