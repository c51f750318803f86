"""The machine-readable record of a run: what a producer reads at 07:00, and what a monitor parses.

Each run writes ``OUT/reports/<date>-<time>.json`` and a copy as ``OUT/last-run.json``, both
atomically. The format is versioned (``"format": 1``); docs/nightly.md lists the fields.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import constants as C
from ..errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, PublishError
from ..util.atomic import write_atomic

#: 2: ``counts.omitted`` is gone (nothing is ever left out: a segment no voice can speak fails
#: the run); otherwise as 1.
FORMAT = 2


@dataclass(frozen=True)
class Counts:
    """How much the run handled."""

    articles: int = 0
    segments: int = 0
    cache_hits: int = 0
    synthesized: int = 0
    fallbacks: int = 0
    stale_files_removed: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class RunReport:
    """One run: when, on what, with what result, and why it exited as it did."""

    started: str
    finished: str
    edition: str
    date: str
    out_dir: str
    exit_code: int
    outcome: str
    counts: Counts = field(default_factory=Counts)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    error: str = ""
    published: tuple[str, ...] = ()
    #: every segment a fallback voice spoke: index, article, voice, fallback, reason, text
    fallbacks: tuple[dict[str, Any], ...] = ()
    #: every item of the edition that is not read: kind, reason, page, lines, text
    skipped: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = {"format": FORMAT, **asdict(self)}
        data["timings"] = {k: round(v, 3) for k, v in self.timings.items()}
        return data


#: What each exit code means, as written in the report's ``outcome``.
OUTCOMES = {
    0: "published",
    2: "usage or config error",
    3: "bad input",
    4: "partial edition published",
    5: "nothing published",
    130: "interrupted",
}


def outcome(exit_code: int) -> str:
    return OUTCOMES.get(exit_code, "failed")


def build_exit_code(fallbacks: int) -> int:
    """0 for a whole edition; 4 when anything was spoken by a fallback voice."""
    return EXIT_PARTIAL if fallbacks else EXIT_OK


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def report_name(started: str) -> str:
    """``2024-03-15-020001.json`` from the start time (sorted names = time order)."""
    stamp = dt.datetime.fromisoformat(started)
    return stamp.strftime("%Y-%m-%d-%H%M%S") + ".json"


def write_report(out_dir: Path, report: RunReport, last: bool = True) -> Path:
    """Write the run's report, and ``last-run.json`` unless told not to; return the report's path."""
    data = (json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    path = _unique(out_dir / C.REPORTS_DIR / report_name(report.started))
    write_atomic(path, data)
    if last:
        write_atomic(out_dir / C.LAST_RUN_FILE, data)
    return path


def _unique(path: Path) -> Path:
    """Two runs started in the same second (one refused) must not overwrite each other's report.

    The later one is ``…-020001_1.json``: '_' sorts after '.', so sorted names stay in time order.
    """
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}_{n}{path.suffix}")
        n += 1
    return candidate


def read_last(out_dir: Path) -> dict[str, Any]:
    """The last run's report, for monitors and tests."""
    path = out_dir / C.LAST_RUN_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (OSError, ValueError) as exc:
        raise PublishError(f"cannot read {path} ({exc}): run `audiopaper build` first") from exc


def failed_exit(exc: BaseException) -> int:
    """The exit code for an exception that ended a run."""
    return int(getattr(exc, "exit_code", EXIT_FAILED))
