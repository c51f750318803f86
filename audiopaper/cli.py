"""The command line: parse, call one library function, report. Errors name their fix."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import constants as C
from . import pipeline
from .errors import AudiopaperError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn an AudiopaperError into a one-line message and its exit code, with no traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AudiopaperError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"'{value}' is not a date: write it as YYYY-MM-DD") from exc


_ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(pipeline.ENGINE_MODES), default="auto", show_default=True,
    help="auto: online edge voices when the service answers, else offline; edge: online only "
         "(fails if unreachable); baker: offline only.")


@click.group()
@click.version_option(package_name="audiopaper")
def cli() -> None:
    """Turn a Chinese daily newspaper into a spoken podcast edition.

    Example: audiopaper build examples/2024-03-15-example.txt --date 2024-03-15
    """


@cli.command()
@click.argument("edition", type=click.Path(path_type=Path))
@click.option("--date", "date", callback=_date, help="Edition date, YYYY-MM-DD (default: today).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=C.DEFAULT_OUTPUT_DIR,
              show_default=True, help="Folder the MP3s and feed are published to.")
@click.option("--voice", default="", help=f"Voice for article bodies (default: "
              f"{C.DEFAULT_EDGE_VOICE}, or {C.DEFAULT_VOICE} offline).")
@click.option("--headline-voice", default="", help=f"Voice for headlines (default: --voice, or "
              f"{C.DEFAULT_EDGE_HEADLINE_VOICE} when neither is given).")
@click.option("--paper", default=C.DEFAULT_PAPER, show_default=True, help="The newspaper's name.")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True,
              help="Public URL the output folder is served at (used in the feed).")
@_ENGINE_OPTION
@reports_errors
def build(edition: Path, date: dt.date | None, out_dir: Path, voice: str, headline_voice: str,
          paper: str, base_url: str, engine: str) -> None:
    """Build an edition's MP3s, chapters and feed.

    Example: audiopaper build page.txt --date 2024-03-15 --out output/
    """
    options = pipeline.BuildOptions(date=date or dt.date.today(), out_dir=out_dir, voice=voice,
                                    headline_voice=headline_voice, paper=paper, base_url=base_url,
                                    engine=engine)
    report = pipeline.build(edition, options, progress=lambda m: click.echo(m, err=True))
    ep = report.episode
    click.echo(f"{ep.path} ({ep.duration / 60:.1f} min, {len(ep.articles)} articles, "
               f"{report.cache_hits}/{report.segments} segments from cache)")
    click.echo(f"feed: {report.feed}")
    for line in pipeline.fallback_summary(report.fallbacks, report.segments):
        click.echo(line)


@cli.command()
@click.argument("text")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True,
              help="MP3 file to write.")
@click.option("--voice", default="", help=f"Voice profile name (default: {C.DEFAULT_EDGE_VOICE}, "
              f"or {C.DEFAULT_VOICE} offline).")
@_ENGINE_OPTION
@reports_errors
def say(text: str, out: Path, voice: str, engine: str) -> None:
    """Speak TEXT (numbers and symbols read aloud) into an MP3.

    Example: audiopaper say "桃花节于3月25日启幕。" -o hello.mp3
    """
    seconds = pipeline.say(text, out, voice, engine=engine,
                           progress=lambda m: click.echo(m, err=True))
    click.echo(f"{out} ({seconds:.1f} s)")


@cli.command()
@reports_errors
def voices() -> None:
    """List the voices: name, engine, and whether it can speak now.

    Example: audiopaper voices
    """
    for profile, ok, why in pipeline.voices():
        state = "available" if ok else f"unavailable: {why}"
        click.echo(f"{profile.name}\t{profile.engine}\t{state}\t{profile.description}")


def main() -> None:
    cli()
