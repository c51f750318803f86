"""The one small interface every speech engine implements, and the registry that finds them.

Engines are found through the ``audiopaper.engines`` entry point group: the built-in ones are
registered in ``pyproject.toml`` exactly as a third-party package would register its own.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from ..constants import ENGINE_ENTRY_POINT_GROUP, ENV_ENGINES
from ..errors import ConfigError, EngineUnavailable
from ..types import Audio


@dataclass(frozen=True)
class EngineVoice:
    """A voice an engine can speak with, as the engine names it."""

    id: str
    language: str
    gender: str = ""
    description: str = ""


@runtime_checkable
class Engine(Protocol):
    """What the pipeline needs from a speech engine."""

    id: str
    version: str
    max_chars: int

    def voices(self) -> list[EngineVoice]:
        """The voices this engine offers."""

    def check(self) -> None:
        """Raise ``EngineUnavailable`` (with the fix) when the engine cannot run here now."""

    def validate_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """Return the options with defaults filled in; raise ``ConfigError`` on a bad one."""

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        """Speak ``text`` (already normalized, at most ``max_chars``) and return PCM audio."""


EngineFactory = Callable[[], Engine]
_factories: dict[str, EngineFactory] = {}
_instances: dict[str, Engine] = {}


def register_engine(engine_id: str, factory: EngineFactory) -> None:
    """Make an engine available by id (tests register fakes this way)."""
    _factories[engine_id] = factory
    _instances.pop(engine_id, None)


def _discover() -> None:
    for entry in entry_points(group=ENGINE_ENTRY_POINT_GROUP):
        if entry.name not in _factories:
            _factories[entry.name] = entry.load()
    for engine_id, target in _env_engines():
        if engine_id not in _factories:
            _factories[engine_id] = _load_target(engine_id, target)


def _env_engines() -> list[tuple[str, str]]:
    """``$AUDIOPAPER_ENGINES`` as (id, "module:factory") pairs: engines without a package."""
    pairs = []
    for item in filter(None, (i.strip() for i in os.environ.get(ENV_ENGINES, "").split(","))):
        engine_id, sep, target = item.partition("=")
        if not sep or ":" not in target:
            raise ConfigError(f"{ENV_ENGINES} item '{item}' is malformed: write id=module:factory")
        pairs.append((engine_id.strip(), target.strip()))
    return pairs


def _load_target(engine_id: str, target: str) -> EngineFactory:
    module, _, attr = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"engine '{engine_id}' from {ENV_ENGINES} cannot be loaded ({exc}): "
                          f"check the module path and PYTHONPATH") from exc


def engine_ids() -> list[str]:
    """Every registered engine id, sorted."""
    _discover()
    return sorted(_factories)


def get_engine(engine_id: str) -> Engine:
    """The engine instance for an id; one instance per process so models load once."""
    _discover()
    if engine_id not in _factories:
        known = ", ".join(sorted(_factories)) or "none"
        raise ConfigError(f"unknown engine '{engine_id}' (known: {known}): fix the voice profile's "
                          f"'engine' field")
    if engine_id not in _instances:
        _instances[engine_id] = _factories[engine_id]()
    return _instances[engine_id]


def engine_available(engine_id: str) -> tuple[bool, str]:
    """Whether an engine can run now, and if not, why (for `audiopaper voices` and `doctor`)."""
    try:
        get_engine(engine_id).check()
    except (EngineUnavailable, ConfigError) as exc:
        return False, str(exc)
    return True, ""
