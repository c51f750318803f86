"""`audiopaper build-all GROUP.toml`: a media group's editions in one run, one report.

Each paper has its own config, voices, output folder and feed, and is built by
``nightly.run_build`` exactly as `audiopaper build` would; papers run side by side through
one cluster (or one after another on this machine), the one due first at the highest priority,
and one paper's failure never stops the others.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from ..util.atomic import write_atomic
from ..config import Config, read_toml
from ..ingest.epaper import is_url
from ..errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, ConfigError
from .nightly import as_error, run_build
from ..pipeline import BuildOptions
from .progress import Event, Progress
from .report import failed_exit, now_iso, outcome
from ..synth.select import engine_modes

_PAPER_KEYS = {"name", "edition", "config", "out", "due", "engine", "voice", "headline_voice",
               "date"}
_DUE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
#: Editions built at once: through a cluster the workers set the pace (assembly is local).
GROUP_PARALLEL = 4


@dataclass(frozen=True)
class Paper:
    """One edition of the group, as GROUP.toml describes it (paths already resolved)."""

    name: str
    #: a file or folder, an e-paper URL, or None: the paper's [source] url for the date
    edition: Path | str | None
    config: Path | None
    out: Path
    due: str = "23:59"
    engine: str = "auto"
    voice: str = ""
    headline_voice: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Group:
    papers: tuple[Paper, ...]
    broker: str = ""
    parallel: int = GROUP_PARALLEL
    path: Path | None = None


@dataclass(frozen=True)
class PaperOutcome:
    """What happened to one paper: its exit code (the `build` policy) and what was published."""

    name: str
    due: str
    exit_code: int
    outcome: str
    episode: str = ""
    minutes: float = 0.0
    segments: int = 0
    cache_hits: int = 0
    error: str = ""


def _resolve(base: Path, value: str, date: dt.date) -> Path:
    path = Path(value.replace("{date}", date.isoformat())).expanduser()
    return path if path.is_absolute() else base / path


def _paper(item: Any, base: Path, date: dt.date, where: str) -> Paper:
    if not isinstance(item, dict):
        raise ConfigError(f"{where} must be a table: write each paper as [[paper]]")
    unknown = sorted(set(item) - _PAPER_KEYS)
    # a paper with no edition reads its config's [source] url (the e-paper), so it needs a config
    missing = sorted({"name", "out"} - set(item)) or (["edition"] if not item.get("edition")
                                                      and not item.get("config") else [])
    if unknown or missing:
        bad = f"unknown key {unknown[0]}" if unknown else f"missing key {missing[0]}"
        raise ConfigError(f"{where}: {bad}: keys are {', '.join(sorted(_PAPER_KEYS))}")
    due = str(item.get("due", "23:59"))
    if not _DUE.match(due):
        raise ConfigError(f"{where}: due = {due!r} is not a time: write it as HH:MM")
    engine = str(item.get("engine", "auto"))
    if engine not in engine_modes():
        raise ConfigError(f"{where}: engine must be one of {', '.join(engine_modes())}")
    when = dt.date.fromisoformat(str(item["date"])) if "date" in item else date
    edition = str(item.get("edition", ""))
    return Paper(name=str(item["name"]), edition=edition if is_url(edition) else
                 _resolve(base, edition, when) if edition else None,
                 config=_resolve(base, str(item["config"]), when) if item.get("config") else None,
                 out=_resolve(base, str(item["out"]), when), due=due, engine=engine,
                 voice=str(item.get("voice", "")),
                 headline_voice=str(item.get("headline_voice", "")), date=when)


def load_group(path: Path, date: dt.date) -> Group:
    """Read GROUP.toml: an optional [cluster] table and one [[paper]] table per edition."""
    data = read_toml(path, "the group file's path")
    unknown = sorted(set(data) - {"cluster", "paper"})
    if unknown:
        raise ConfigError(f"{path}: unknown section [{unknown[0]}]: use [cluster] and [[paper]]")
    cluster = data.get("cluster", {})
    if not isinstance(cluster, dict) or set(cluster) - {"broker", "parallel"}:
        raise ConfigError(f"{path}: [cluster] takes broker and parallel only")
    items = data.get("paper", [])
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{path} lists no paper: add one [[paper]] table per edition")
    papers = [_paper(item, path.parent, date, f"{path} paper {n}") for n, item in enumerate(items, 1)]
    names = [p.name for p in papers]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: two papers are named alike: give each a unique name")
    parallel = cluster.get("parallel", GROUP_PARALLEL)
    if not isinstance(parallel, int) or isinstance(parallel, bool) or parallel < 1:
        raise ConfigError(f"{path}: cluster.parallel must be a whole number of at least 1")
    return Group(tuple(papers), str(cluster.get("broker", "")), parallel, path)


def due_order(papers: tuple[Paper, ...]) -> list[Paper]:
    """The papers by due time (the one due first first); ties keep the file's order."""
    return sorted(papers, key=lambda p: p.due)


def _build_one(paper: Paper, rank: int, broker: str, date: dt.date, progress: Progress,
               configs: Callable[[Path | None], Config]) -> PaperOutcome:
    """One paper built as `audiopaper build` builds it; whatever stops it becomes its outcome."""
    def tell(event: Event) -> None:
        progress(replace(event, stage=f"[{paper.name}] {event.stage}"))

    try:
        config = configs(paper.config)
        options = replace(BuildOptions.from_flags(
            config, date=paper.date or date, out_dir=paper.out, voice=paper.voice or None,
            headline_voice=paper.headline_voice or None, engine=paper.engine,
            broker=broker or None), priority=min(rank, 9))
        result = run_build(paper.edition, options, progress=tell)
    except Exception as exc:  # one paper's failure never stops the others
        error = as_error(exc)
        code = failed_exit(error) if error else 1
        return PaperOutcome(paper.name, paper.due, code, outcome(code),
                            error=str(error or repr(exc)))
    report, ep = result.report, result.build.episode
    return PaperOutcome(paper.name, paper.due, report.exit_code, report.outcome,
                        episode=str(ep.path), minutes=round(ep.duration / 60, 2),
                        segments=result.build.segments, cache_hits=result.build.cache_hits)


def group_exit_code(outcomes: list[PaperOutcome]) -> int:
    """0 when every paper published whole, 4 when all published but some partly, else 5."""
    codes = [o.exit_code for o in outcomes]
    if all(c == EXIT_OK for c in codes):
        return EXIT_OK
    if all(c in (EXIT_OK, EXIT_PARTIAL) for c in codes):
        return EXIT_PARTIAL
    return EXIT_FAILED


def build_all(path: Path, date: dt.date, configs: Callable[[Path | None], Config],
              broker: str = "", parallel: int | None = None,
              progress: Progress | None = None) -> tuple[list[PaperOutcome], Path, int]:
    """Build every paper of the group; return the outcomes (in due order), the report, the code.

    ``configs`` gives a paper's settings from its config file (None: it names none); the CLI
    passes its loader, so this module reads no settings of its own.
    """
    say = progress or (lambda _item: None)
    group = load_group(path, date)
    url = broker or group.broker
    papers = due_order(group.papers)
    at_once = (parallel or group.parallel) if url else 1  # locally the voice uses every core
    started = now_iso()
    with ThreadPoolExecutor(at_once, "paper") as pool:
        futures = [pool.submit(_build_one, p, rank, url, date, say, configs)
                   for rank, p in enumerate(papers)]
        outcomes = [f.result() for f in futures]
    code = group_exit_code(outcomes)
    report = _write_group_report(path, date, started, outcomes, code)
    return outcomes, report, code


def _write_group_report(path: Path, date: dt.date, started: str,
                        outcomes: list[PaperOutcome], code: int) -> Path:
    stamp = dt.datetime.fromisoformat(started).strftime("%H%M%S")
    target = path.parent / "reports" / f"{path.stem}-{date.isoformat()}-{stamp}.json"
    data = {"group": str(path), "date": date.isoformat(), "started": started,
            "finished": now_iso(), "exit_code": code, "outcome": outcome(code),
            "papers": [asdict(o) for o in outcomes]}
    write_atomic(target, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())
    return target
