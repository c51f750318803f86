"""Unattended runs: ``build`` under the folder lock, with cleanup, a run report and the exit policy.

``run_build`` wraps ``pipeline.build`` without changing it: it takes the output folder's lock,
removes half-written files a killed run left behind, builds, writes the run report and turns
whatever happened into one of the exit codes of ``errors``.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType

from .. import pipeline
from ..errors import AudiopaperError, Interrupted, PublishError
from ..pipeline import BuildOptions, BuildReport
from .progress import Event, Progress
from .report import Counts, RunReport, build_exit_code, failed_exit, now_iso, outcome, write_report
from .lock import RunLock
from ..segment import skipped_record

_INTERNAL_ERROR = 1


@dataclass(frozen=True)
class RunResult:
    """A finished run: its report, where it was written, and the build's own record."""

    report: RunReport
    report_path: Path | None
    build: BuildReport


def is_partial_file(path: Path) -> bool:
    """Temp files of stitch (``.NAME.part``) and of feed/cache writers (``.NAME.XXXX.part``)."""
    return path.name.startswith(".") and path.name.endswith(".part")


def clean_partials(out_dir: Path) -> int:
    """Delete half-written files under ``out_dir`` (call only while holding its lock)."""
    removed = 0
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            path = Path(root, name)
            if is_partial_file(path) and not path.is_symlink():
                path.unlink(missing_ok=True)
                removed += 1
    return removed


@dataclass
class _Run:
    """What the run has seen so far, gathered from the build's progress events."""

    edition: pipeline.EditionArg  # a path (or page PDFs), an e-paper URL, or None ([source] url)
    options: BuildOptions
    progress: Progress
    started: str = field(default_factory=now_iso)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    removed: int = 0

    def track(self, event: Event) -> None:
        if event.warning:
            self.warnings.append(event.detail or str(event))
        if event.seconds is not None:
            self.timings[event.stage] = event.seconds
        self.progress(event)

    def report(self, code: int, build: BuildReport | None = None, error: str = "") -> RunReport:
        warnings = list(self.warnings)
        if self.removed:
            warnings.insert(0, f"removed {self.removed} half-written file(s) left by an "
                               f"interrupted run")
        edition = self.edition if self.edition is not None else self.options.config.source.url
        named = pipeline.source_name(edition) if isinstance(edition, tuple) else str(edition)
        return RunReport(started=self.started, finished=now_iso(), edition=named,
                         date=self.options.date.isoformat(), out_dir=str(self.options.out_dir),
                         exit_code=code, outcome=outcome(code), counts=self._counts(build),
                         timings=dict(build.timings) if build else dict(self.timings),
                         warnings=tuple(warnings), error=error,
                         fallbacks=tuple(asdict(f) for f in build.fallbacks) if build else (),
                         skipped=tuple(skipped_record(a) for a in build.skipped) if build else (),
                         published=_published(build, self.options.out_dir))

    def _counts(self, build: BuildReport | None) -> Counts:
        if build is None:
            return Counts(stale_files_removed=self.removed)
        return Counts(articles=build.articles, segments=build.segments, cache_hits=build.cache_hits,
                      synthesized=build.segments - build.cache_hits,
                      fallbacks=len(build.fallbacks), stale_files_removed=self.removed,
                      skipped=len(build.skipped))


def _published(build: BuildReport | None, out_dir: Path) -> tuple[str, ...]:
    if build is None:
        return ()
    files = [build.episode.path, *(a.path for a in build.episode.articles), build.feed]
    return tuple(_relative(p, out_dir) for p in files)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def as_error(exc: BaseException) -> AudiopaperError | None:
    """The user-facing error for what stopped a run; None for a bug (keep its traceback)."""
    if isinstance(exc, AudiopaperError):
        return exc
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted("the run was interrupted: run the same command again to resume "
                           "(finished segments are reused)")
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return PublishError(f"writing{where} failed ({exc.strerror or exc}): free disk space or fix "
                            f"permissions, then run again; files already published are intact")
    return None


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """Make SIGTERM (cron, systemd, kill) stop a run the way Ctrl-C does, so it cleans up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_build(edition: pipeline.EditionArg, options: BuildOptions, wait: float = 0.0,
              progress: Progress | None = None) -> RunResult:
    """Build under the lock and write the run report; raise the error that stopped it, if any."""
    run = _Run(edition, options, progress or (lambda _event: None))
    lock = RunLock(options.out_dir, wait)
    with _signals_interrupt():
        try:
            lock.acquire()
            run.removed = clean_partials(options.out_dir)
            build = pipeline.build(edition, options, progress=run.track)
            report = run.report(build_exit_code(len(build.fallbacks)), build)
            return RunResult(report, _write(options.out_dir, report, True, run), build)
        except (Exception, KeyboardInterrupt) as exc:
            error = as_error(exc)
            code = failed_exit(error) if error else _INTERNAL_ERROR
            _write(options.out_dir, run.report(code, error=str(error or repr(exc))),
                   lock.held, run)
            if error is None or error is exc:
                raise
            raise error from exc
        finally:
            getattr(run.progress, "close", lambda: None)()  # end a progress bar's line
            if lock.held:
                clean_partials(options.out_dir)
                lock.release()


def _write(out_dir: Path, report: RunReport, last: bool, run: _Run) -> Path | None:
    """Write the report; a full disk must not hide the error that ended the run."""
    try:
        return write_report(out_dir, report, last=last)
    except (AudiopaperError, OSError) as exc:
        run.progress(Event("report", detail=f"the run report was not written: {exc}",
                           warning=True))
        return None
