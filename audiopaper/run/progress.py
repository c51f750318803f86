"""Progress events from a build, and the three ways a console shows them.

``pipeline.build`` (and ``plan``, ``say``) report through one callback taking an :class:`Event`;
a warning is an event with ``warning`` set. An interactive run draws a bar with the time left, a cron run logs one line
per stage, ``--quiet`` shows nothing and ``--verbose`` one line per segment.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

import click

#: The stages in the order a build runs them (the report's timings use these names).
STAGES = ("segment", "normalize", "synthesis", "assembly", "publish")


@dataclass(frozen=True)
class Event:
    """Something a build did: a stage finished (``seconds`` set) or a step of it (``done``/``total``)."""

    stage: str
    done: int = 0
    total: int = 0
    seconds: float | None = None
    detail: str = ""
    warning: bool = False

    @property
    def finished(self) -> bool:
        return self.seconds is not None

    def __str__(self) -> str:
        parts = [self.stage]
        if self.total:
            parts.append(f"{self.done}/{self.total}")
        if self.detail:
            parts.append(self.detail)
        if self.seconds is not None:
            parts.append(f"({self.seconds:.1f} s)")
        return " ".join(parts)


Progress = Callable[[Event], None]


def _stamp() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


class LineLog:
    """Non-interactive output: one timestamped line per finished stage and warning."""

    def __init__(self, stream: TextIO | None = None, verbose: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.verbose = verbose

    def __call__(self, event: Event) -> None:
        if event.finished or event.warning or self.verbose:
            prefix = "warning: " if event.warning else ""
            click.echo(f"[{_stamp()}] {prefix}{event}", file=self.stream)


class Bar:
    """Interactive output: a bar over the segments with the time left; stages as lines."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self._bar: Any = None
        self._done = 0

    def __call__(self, event: Event) -> None:
        if event.stage == "synthesis" and not event.finished and event.total:
            self._step(event)
            return
        self.close()
        if event.finished or event.warning:
            click.echo(f"{'warning: ' if event.warning else ''}{event}", file=self.stream)

    def _step(self, event: Event) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=event.total, label="synthesis", show_eta=True,
                                          show_pos=True, file=self.stream)
            self._bar.__enter__()
        self._bar.label = event.detail or "synthesis"
        self._bar.update(event.done - self._done)
        self._done = event.done

    def close(self) -> None:
        """End the bar's line before other output (and when the run stops)."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
            self._done = 0


def console(quiet: bool = False, verbose: bool = False, stream: TextIO | None = None) -> Progress:
    """The right display for this terminal: nothing, a bar (TTY) or log lines (cron, pipes)."""
    out = stream or sys.stderr
    if quiet:
        return lambda _item: None
    if out.isatty() and not verbose:
        return Bar(out)
    return LineLog(out, verbose)
