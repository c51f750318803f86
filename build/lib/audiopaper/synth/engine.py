"""The one small interface every speech engine implements, and the registry that finds them.

An engine subclasses :class:`Engine` and declares what it can do as class (or instance)
attributes; what it does not declare takes the default written here, so the synthesis stage
never has to guess. Engines are found through the ``audiopaper.engines`` entry point group: the
built-in ones are registered in ``pyproject.toml`` exactly as a third-party package would
register its own (``$AUDIOPAPER_ENGINES`` registers one without packaging).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Any

from ..constants import ENGINE_ENTRY_POINT_GROUP, ENV_ENGINES, MAX_SEGMENT_CHARS
from ..errors import ConfigError, EngineUnavailable
from ..types import Audio


@dataclass(frozen=True)
class EngineVoice:
    """A voice an engine can speak with, as the engine names it."""

    id: str
    language: str
    gender: str = ""
    description: str = ""


@dataclass(frozen=True)
class Option:
    """A number a voice profile may set for an engine (``pace = -10``): its default and range."""

    default: float
    low: float
    high: float
    unit: str = "percent"
    #: rounded to a whole number (a service that takes integers)
    whole: bool = False


class Engine:
    """What the synthesis stage needs from a speech engine, with the defaults of what it declares.

    Declared abilities (override as class or instance attributes):
    ``id`` (registry and cache key), ``version`` (bump when the same text would sound different:
    part of every cache key), ``max_chars`` (the longest text one ``synthesize`` call receives:
    the synthesis stage cuts to it, engines never re-split), ``concurrency`` (calls the stage
    makes at once, from as many threads), ``accepts_pinyin`` (gets the lexicon's ``{行长|hang2
    zhang3}`` markup; other engines get the plain word), ``online`` (needs the network: ``--engine
    auto`` prefers it and stands an offline engine in when it cannot be reached) and ``options``
    (the numbers a voice profile may set). ``cancel``/``resume`` are called on Ctrl-C.
    """

    id: str = ""
    version: str = "1"
    max_chars: int = MAX_SEGMENT_CHARS
    concurrency: int = 1
    accepts_pinyin: bool = False
    online: bool = False
    options: Mapping[str, Option] = MappingProxyType({})

    def voices(self) -> list[EngineVoice]:
        """The voices this engine offers."""
        raise NotImplementedError

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        """Speak ``text`` (normalized, at most ``max_chars``) with validated options: PCM audio."""
        raise NotImplementedError

    def check(self) -> None:
        """Raise ``EngineUnavailable`` (with the fix) when the engine cannot run here now."""

    def validate_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared option with its default filled in; ``ConfigError`` names a bad one."""
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            allowed = ", ".join(sorted(self.options)) or "none"
            raise ConfigError(f"unknown {self.id} option(s) {unknown}: use only {allowed}")
        result: dict[str, Any] = {}
        for name, option in self.options.items():
            value = options.get(name, option.default)
            if not isinstance(value, (int, float)) or isinstance(value, bool) \
                    or not option.low <= value <= option.high:
                raise ConfigError(f"{self.id} option '{name}' must be a number of {option.unit} "
                                  f"from {option.low:g} to {option.high:g}, not {value!r}")
            result[name] = int(round(value)) if option.whole else float(value)
        return result

    def cancel(self) -> None:
        """Make calls waiting on something (a service, a worker) give up now."""

    def resume(self) -> None:
        """Accept calls again after ``cancel``."""


EngineFactory = Callable[[], Engine]
_factories: dict[str, EngineFactory] = {}
_instances: dict[str, Engine] = {}
_entry_points_read = False


def register_engine(engine_id: str, factory: EngineFactory) -> None:
    """Make an engine available by id, replacing any engine of that id."""
    _factories[engine_id] = factory
    _instances.pop(engine_id, None)


def unregister_engine(engine_id: str) -> None:
    """Forget an engine (an engine named in ``$AUDIOPAPER_ENGINES`` comes back on the next use)."""
    _discover()
    _factories.pop(engine_id, None)
    _instances.pop(engine_id, None)


@contextmanager
def registered(engine_id: str, factory: EngineFactory) -> Iterator[None]:
    """An engine registered for the ``with`` block only; what had that id before comes back."""
    _discover()
    before = _factories.get(engine_id), _instances.get(engine_id)
    register_engine(engine_id, factory)
    try:
        yield
    finally:
        unregister_engine(engine_id)
        if before[0] is not None:
            _factories[engine_id] = before[0]
        if before[1] is not None:
            _instances[engine_id] = before[1]


def _discover() -> None:
    global _entry_points_read
    if not _entry_points_read:
        for entry in entry_points(group=ENGINE_ENTRY_POINT_GROUP):
            _factories.setdefault(entry.name, entry.load())
        _entry_points_read = True
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
        engine = _factories[engine_id]()
        if not isinstance(engine, Engine):
            raise ConfigError(f"engine '{engine_id}' is a {type(engine).__name__}, not an "
                              f"audiopaper engine: subclass audiopaper.synth.engine.Engine")
        _instances[engine_id] = engine
    return _instances[engine_id]


def engine_available(engine_id: str) -> tuple[bool, str]:
    """Whether an engine can run now, and if not, why (for `audiopaper voices` and `doctor`)."""
    try:
        get_engine(engine_id).check()
    except (EngineUnavailable, ConfigError) as exc:
        return False, str(exc)
    return True, ""
