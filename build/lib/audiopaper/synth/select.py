"""Which voices a run speaks with: ``--engine auto`` or the id of any registered engine.

The choices come from what the registered engines declare (``Engine.online``), so a
third-party engine can be the online or the offline choice. ``auto`` keeps the voices asked for
(by default the edge pair) when their online engine answers a quick check (made once per run)
and otherwise stands an offline voice in, saying so once. An online engine's id insists on it
and fails clearly when it cannot be reached; an offline engine's id never touches the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import constants as C
from ..errors import UsageError
from .engine import engine_available, engine_ids, get_engine
from .voices import VoiceProfile, list_profiles, load_profile

AUTO = "auto"


@dataclass(frozen=True)
class VoiceChoice:
    """The body and headline voices of a run, every profile it may need, and what to tell."""

    body: str
    headline: str
    profiles: dict[str, VoiceProfile] = field(default_factory=dict)
    notice: str = ""


def engine_modes() -> tuple[str, ...]:
    """What ``--engine`` accepts: ``auto``, then every registered engine."""
    return (AUTO, *engine_ids())


def _is_online(engine_id: str) -> bool:
    return get_engine(engine_id).online


def default_voices(mode: str) -> tuple[str, str]:
    """Body and headline voices when none is named: the edge pair for ``auto`` and edge (Xiaoxiao
    reads, Yunyang announces), the default offline voice for its engine, else the engine's first."""
    if mode in (AUTO, C.EDGE_ENGINE):
        return C.DEFAULT_EDGE_VOICE, C.DEFAULT_EDGE_HEADLINE_VOICE
    if mode == C.OFFLINE_ENGINE:
        return C.DEFAULT_VOICE, C.DEFAULT_VOICE
    for profile in list_profiles():
        if profile.engine == mode:
            return profile.name, profile.name
    raise UsageError(f"no voice profile uses the {mode} engine: add one to the voices folder "
                     f"(see `audiopaper voices`) or choose another --engine")


def _stand_in(profile: VoiceProfile, engine_id: str | None = None) -> VoiceProfile:
    """The profile's offline stand-in (of ``engine_id``, or of any offline engine): the profile
    itself, else its fallback, else the default voice of that engine."""
    def fits(candidate: VoiceProfile) -> bool:
        return candidate.engine == engine_id if engine_id else not _is_online(candidate.engine)

    if fits(profile):
        return profile
    backup = load_profile(profile.fallback) if profile.fallback else None
    if backup is not None and fits(backup):
        return backup
    return load_profile(default_voices(engine_id or C.OFFLINE_ENGINE)[0])


def _require_online(profiles: list[VoiceProfile], engine_id: str) -> None:
    for profile in profiles:
        if profile.engine != engine_id:
            raise UsageError(f"voice '{profile.name}' uses the {profile.engine} engine, not "
                             f"{engine_id}: choose a {engine_id} voice (see `audiopaper voices`) "
                             f"or use --engine auto")
    get_engine(engine_id).check()  # raises EngineUnavailable with the fix


def _substitute(profiles: list[VoiceProfile]) -> tuple[list[VoiceProfile], str]:
    """``auto``: offline stand-ins for voices whose online engine cannot run now."""
    notice, chosen = "", []
    for profile in profiles:
        ok, why = engine_available(profile.engine) if _is_online(profile.engine) else (True, "")
        if not ok:
            profile = _stand_in(profile)
            notice = notice or (f"online voices unavailable, the offline voice '{profile.name}' "
                                f"speaks instead: {why}")
        chosen.append(profile)
    return chosen, notice


def choose_voices(mode: str = AUTO, body: str = "", headline: str = "") -> VoiceChoice:
    """Resolve the run's voices for an engine mode; load their fallbacks too, so typos fail now."""
    if mode not in engine_modes():
        raise UsageError(f"unknown engine mode '{mode}': use one of {', '.join(engine_modes())}")
    defaults = default_voices(mode)
    names = (body or defaults[0], headline or body or defaults[1])
    profiles = [load_profile(name) for name in names]
    notice = ""
    if mode == AUTO:
        profiles, notice = _substitute(profiles)
    elif _is_online(mode):
        _require_online(profiles, mode)
    else:
        profiles = [_stand_in(p, mode) for p in profiles]
    everything = {p.name: p for p in profiles}
    for profile in profiles:
        if profile.fallback and profile.fallback not in everything:
            everything[profile.fallback] = load_profile(profile.fallback)
    return VoiceChoice(profiles[0].name, profiles[1].name, everything, notice)
