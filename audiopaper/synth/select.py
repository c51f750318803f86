"""Which voices a run speaks with: ``--engine auto|edge|baker`` between online and offline voices.

``auto`` uses the edge voices when the service answers a quick check (made once per run) and
otherwise the offline voice, saying so once; ``edge`` insists and fails clearly; ``baker``
never touches the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import constants as C
from ..errors import UsageError
from .engine import engine_available, get_engine
from .voices import VoiceProfile, load_profile

ENGINE_MODES = ("auto", "edge", "baker")
OFFLINE_ENGINE = "baker"


@dataclass(frozen=True)
class VoiceChoice:
    """The body and headline voices of a run, every profile it may need, and what to tell."""

    body: str
    headline: str
    profiles: dict[str, VoiceProfile] = field(default_factory=dict)
    notice: str = ""


def _defaults(mode: str, body: str, headline: str) -> tuple[str, str]:
    """Unnamed voices: the edge pair (Xiaoxiao reads, Yunyang announces), or the offline voice."""
    if body:
        return body, headline or body
    if mode == OFFLINE_ENGINE:
        return C.DEFAULT_VOICE, headline or C.DEFAULT_VOICE
    return C.DEFAULT_EDGE_VOICE, headline or C.DEFAULT_EDGE_HEADLINE_VOICE


def _offline(profile: VoiceProfile) -> VoiceProfile:
    """The profile's offline stand-in: its fallback when that one is offline, else the default."""
    if profile.engine == OFFLINE_ENGINE:
        return profile
    backup = load_profile(profile.fallback) if profile.fallback else None
    return backup if backup and backup.engine == OFFLINE_ENGINE else load_profile(C.DEFAULT_VOICE)


def _require_edge(profiles: list[VoiceProfile]) -> None:
    for profile in profiles:
        if profile.engine != "edge":
            raise UsageError(f"voice '{profile.name}' uses the {profile.engine} engine, not edge: "
                             f"choose an edge voice (see `audiopaper voices`) or use --engine auto")
    get_engine("edge").check()  # raises EngineUnavailable with the fix


def _substitute(profiles: list[VoiceProfile], mode: str) -> tuple[list[VoiceProfile], str]:
    """Offline stand-ins for voices whose engine cannot run now (auto) or is not wanted (baker)."""
    notice, chosen = "", []
    for profile in profiles:
        offline = profile.engine == OFFLINE_ENGINE or mode == OFFLINE_ENGINE
        ok, why = (True, "") if offline else engine_available(profile.engine)
        if mode == OFFLINE_ENGINE or not ok:
            stand_in = _offline(profile)
            if not ok and not notice:
                notice = (f"online voices unavailable, the offline voice '{stand_in.name}' "
                          f"speaks instead: {why}")
            profile = stand_in
        chosen.append(profile)
    return chosen, notice


def choose_voices(mode: str = "auto", body: str = "", headline: str = "") -> VoiceChoice:
    """Resolve the run's voices for an engine mode; load their fallbacks too, so typos fail now."""
    if mode not in ENGINE_MODES:
        raise UsageError(f"unknown engine mode '{mode}': use one of {', '.join(ENGINE_MODES)}")
    names = _defaults(mode, body, headline)
    profiles = [load_profile(name) for name in names]
    notice = ""
    if mode == "edge":
        _require_edge(profiles)
    else:
        profiles, notice = _substitute(profiles, mode)
    everything = {p.name: p for p in profiles}
    for profile in profiles:
        if profile.fallback and profile.fallback not in everything:
            everything[profile.fallback] = load_profile(profile.fallback)
    return VoiceChoice(profiles[0].name, profiles[1].name, everything, notice)
