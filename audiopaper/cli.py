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
from .run import doctor as doctor_
from .run import group as group_
from .run import nightly
from . import pipeline
from .config import Config, load_config
from .errors import EXIT_INTERRUPTED, AudiopaperError, ConfigError
from .run.progress import Event, console
from .run.serve import serve_folder
from .synth import cache as cache_
from .synth.select import engine_modes

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn an AudiopaperError into a one-line message and its exit code, with no traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AudiopaperError as exc:
            # a path from the command line may hold undecodable bytes (lone surrogates)
            message = str(exc).encode("utf-8", "backslashreplace").decode("utf-8")
            click.secho(f"Error: {message}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.secho("Error: interrupted: run the same command again to resume", fg="red", err=True)
            sys.exit(EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


class TextCommand(click.Command):
    """A command whose TEXT may start with '-' ("-5℃的早晨"): a token that is not one of its
    options is text, so nobody has to know to type '--' first."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _text_last(self, ctx, args))


def _text_last(command: click.Command, ctx: click.Context, args: list[str]) -> list[str]:
    """The options as given, then '--' and every token that is not an option (the text)."""
    takes_value: dict[str, bool] = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                takes_value[name] = not (param.is_flag or param.count)
    options: list[str] = []
    texts: list[str] = []
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token == "--":
            texts.extend(args[index:])
            break
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if name not in takes_value:
            texts.append(token)
            continue
        options.append(token)
        if takes_value[name] and "=" not in token and index < len(args):
            options.append(args[index])  # the option's value, even when it starts with '-'
            index += 1
    return [*options, "--", *texts] if texts else options


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"'{value}' is not a date: write it as YYYY-MM-DD") from exc


class _EngineChoice(click.Choice):
    """``auto`` or a registered engine: read from the registry when used, so an engine a
    package (or ``$AUDIOPAPER_ENGINES``) registers is a choice too."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return engine_modes()

    @choices.setter
    def choices(self, _value: Any) -> None:
        """click.Choice sets its choices when made; these are the registry's."""


_ENGINE_OPTION = click.option(
    "--engine", type=_EngineChoice(), default="auto", show_default=True,
    help="auto: online voices when their service answers, else the offline voice; an online "
         "engine (edge): that engine only, failing if unreachable; an offline engine (baker): "
         "offline only, never the network.")


@click.group()
@click.version_option(package_name="audiopaper")
def cli() -> None:
    """Turn a Chinese daily newspaper into a spoken podcast edition.

    Example: audiopaper build examples/2024-03-15-example.txt --date 2024-03-15
    """


_CONFIG_HELP = "Settings file (default: ./audiopaper.toml if present); flags override it."
_CONFIG_OPTION = click.option("--config", "config_path", type=click.Path(path_type=Path),
                              help=_CONFIG_HELP)


def _edition_options(func: F) -> F:
    """The options `build` and `script` share, so both plan an edition from the same input."""
    for option in reversed([
        click.option("--date", "date", callback=_date,
                     help="Edition date, YYYY-MM-DD (default: today)."),
        click.option("--voice", default=None, help=f"Voice for article bodies (default: the "
                     f"config's, else {C.DEFAULT_EDGE_VOICE}, or {C.DEFAULT_VOICE} offline)."),
        click.option("--headline-voice", default=None, help=f"Voice for headlines (default: "
                     f"--voice, or {C.DEFAULT_EDGE_HEADLINE_VOICE} when neither is given)."),
        click.option("--paper", default=None,
                     help=f"The newspaper's name (default: the config's, else {C.DEFAULT_PAPER})."),
        _CONFIG_OPTION, _ENGINE_OPTION]):
        func = option(func)
    return func


def _options(config_path: Path | None, date: dt.date | None, voice: str | None,
             headline_voice: str | None, paper: str | None, engine: str, **more: Any,
             ) -> pipeline.BuildOptions:
    """The config, loaded once, with the flags given on the command line winning over it."""
    return pipeline.BuildOptions.from_flags(
        load_config(config_path), date=date or dt.date.today(), voice=voice,
        headline_voice=headline_voice, paper=paper, engine=engine, **more)


_BROKER_OPTION = click.option(
    "--broker", envvar=C.ENV_BROKER, default=None, show_envvar=True,
    help="Redis URL of a cluster of `audiopaper worker`s (redis://[:PASSWORD@]HOST:6379/0, "
         "rediss:// for TLS); default: [cluster] broker in audiopaper.toml, else this machine.")


def _edition(_ctx: click.Context, _param: click.Parameter,
             value: tuple[str, ...]) -> pipeline.EditionArg:
    """A path as a Path; an e-paper URL kept as written (a Path would fold its '//'); several
    paths (page PDFs or their folders) as a tuple; none as None."""
    if not value:
        return None
    if len(value) == 1:
        return value[0] if pipeline.is_url(value[0]) else Path(value[0])
    if any(pipeline.is_url(v) for v in value):
        raise click.BadParameter("give one e-paper URL, or several page PDFs, not both")
    return tuple(Path(v) for v in value)


def _edition_argument(func: F) -> F:
    """EDITION...: the page text, articles, JSON, an e-paper URL or fetched folder, or page PDFs
    (files or folders of them); with --skip-unreadable for PDFs whose text cannot be read."""
    func = click.option(
        "--skip-unreadable", is_flag=True,
        help="Page PDFs: read the other pages when a page's text layer cannot be read "
             "(it is named and left out).")(func)
    return click.argument("edition", nargs=-1, metavar="[EDITION]...", callback=_edition)(func)


@cli.command()
@_edition_argument
@_edition_options
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=C.DEFAULT_OUTPUT_DIR,
              show_default=True, help="Folder the MP3s and feed are published to.")
@click.option("--base-url", default=None,
              help="Public URL the output folder is served at (default: http://127.0.0.1:8000).")
@click.option("--wait", type=click.FloatRange(min=0), default=0, show_default=True,
              help="Seconds to wait for another run on the same --out to finish.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors, warnings and the result.")
@click.option("--verbose", "-v", is_flag=True, help="Log every segment, not only every stage.")
@_BROKER_OPTION
@reports_errors
def build(edition: pipeline.EditionArg, date: dt.date | None, out_dir: Path, voice: str | None,
          headline_voice: str | None, paper: str | None, base_url: str | None,
          config_path: Path | None, wait: float, quiet: bool, verbose: bool, engine: str,
          broker: str | None, skip_unreadable: bool) -> None:
    """Build an edition's MP3s, chapters and feed.

    EDITION is the page text, a folder of articles, a JSON file, an e-paper URL or a folder
    `audiopaper fetch` saved, or page PDFs (files or a folder; docs/pdf.md); left out, the
    config's [source] url for --date.

    Example: audiopaper build page.txt --date 2024-03-15 --out output/
    """
    options = _options(config_path, date, voice, headline_voice, paper, engine,
                       out_dir=out_dir, base_url=base_url, broker=broker,
                       skip_unreadable=skip_unreadable)
    result = nightly.run_build(edition, options, wait=wait, progress=console(quiet, verbose))
    report, ep = result.build, result.build.episode
    click.echo(f"{ep.path} ({ep.duration / 60:.1f} min, {len(ep.articles)} articles, "
               f"{report.cache_hits}/{report.segments} segments from cache)")
    click.echo(f"feed: {report.feed}")
    click.echo(f"page: {report.page}")
    if report.skipped_line:
        click.echo(report.skipped_line)
    if report.pictures:
        click.echo(f"pages as read: {report.pictures}")
    for line in pipeline.fallback_summary(report.fallbacks, report.segments):
        click.echo(line, err=True)
    for warning in result.report.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    if result.report.exit_code:
        click.echo(f"{result.report.outcome} (exit {result.report.exit_code})", err=True)
        sys.exit(result.report.exit_code)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=C.DEFAULT_OUTPUT_DIR,
              show_default=True, help="Folder that holds episodes.json.")
@click.option("--base-url", default=None, help="Public URL of the output folder (default: config).")
@_CONFIG_OPTION
@click.option("--wait", type=click.FloatRange(min=0), default=0, show_default=True,
              help="Seconds to wait for a build on the same --out to finish.")
@reports_errors
def feed(out_dir: Path, base_url: str | None, config_path: Path | None, wait: float) -> None:
    """Regenerate feed.xml, articles.xml and index.html from the episode store alone.

    Example: audiopaper feed --out output/
    """
    published = pipeline.feed(out_dir, load_config(config_path), base_url, wait)
    click.echo(f"{published.editions} editions: {published.feed}, {published.articles_feed}, "
               f"{published.page}")


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=C.DEFAULT_OUTPUT_DIR,
              show_default=True, help="Folder to serve.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (0 picks a free one).")
@reports_errors
def serve(out_dir: Path, port: int) -> None:
    """Serve the output folder on 127.0.0.1 to check the page and feeds locally.

    Example: audiopaper serve --port 8000 --out output/
    """
    serve_folder(out_dir, port, ready=lambda url: click.echo(f"serving {out_dir} at {url} "
                                                              f"(Ctrl-C stops)"))


@cli.command(cls=TextCommand)
@click.argument("text")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True,
              help="MP3 file to write.")
@click.option("--voice", default="", help=f"Voice profile name (default: the config's, else "
              f"{C.DEFAULT_EDGE_VOICE}, or {C.DEFAULT_VOICE} offline).")
@_ENGINE_OPTION
@_CONFIG_OPTION
@reports_errors
def say(text: str, out: Path, voice: str, engine: str, config_path: Path | None) -> None:
    """Speak TEXT (numbers and symbols read aloud) into an MP3.

    Example: audiopaper say "桃花节于3月25日启幕。" -o hello.mp3
    """
    seconds = pipeline.say(text, out, voice, engine=engine, config=load_config(config_path),
                           progress=_warnings)
    click.echo(f"{out} ({seconds:.1f} s)")


@cli.command("normalize", cls=TextCommand)
@click.argument("text", nargs=-1)
@click.option("--explain", is_flag=True, help="Also show each rewritten span: raw, rule, spoken.")
@click.option("--lexicon", type=click.Path(path_type=Path, dir_okay=False),
              help="Apply this pronunciation lexicon (TSV) first.")
@reports_errors
def normalize_command(text: tuple[str, ...], explain: bool, lexicon: Path | None) -> None:
    """Print how TEXT (or each line of standard input) is read aloud.

    Example: audiopaper normalize "2024年3月14日，气温-5℃" --explain
    """
    lines = [" ".join(text)] if text else _stdin_lines()
    for line in pipeline.normalize(lines, explain, lexicon):
        click.echo(line)


def _stdin_lines() -> list[str]:
    """Standard input's lines; bytes that are not UTF-8 become U+FFFD, never a traceback."""
    return sys.stdin.buffer.read().decode("utf-8", "replace").splitlines()


@cli.command("pinyin", cls=TextCommand)
@click.argument("text", nargs=-1)
@click.option("--citation", is_flag=True, help="Dictionary tones, before tone sandhi.")
@click.option("--explain", is_flag=True,
              help="Also show the utterances, their joints and how each polyphone was read.")
@click.option("--lexicon", type=click.Path(path_type=Path, dir_okay=False),
              help="Apply this pronunciation lexicon's readings first.")
@reports_errors
def pinyin_command(text: tuple[str, ...], citation: bool, explain: bool,
                   lexicon: Path | None) -> None:
    """Print what the offline voice says for TEXT (or each line of standard input).

    One token per character: toned pinyin (tones 1-5, ü as v), _ for a space, others as written.

    Example: audiopaper pinyin "银行行长重新调查了长江的水情"
    """
    lines = [" ".join(text)] if text else sys.stdin.read().splitlines()
    for line in pipeline.pinyin(lines, citation, explain, lexicon):
        click.echo(line)


@cli.command()
@reports_errors
def voices() -> None:
    """List the voices: name, engine, and whether it can speak now.

    Example: audiopaper voices
    """
    for profile, ok, why in pipeline.voices():
        state = "available" if ok else f"unavailable: {why}"
        click.echo(f"{profile.name}\t{profile.engine}\t{state}\t{profile.description}")


@cli.command(name="segment")
@_edition_argument
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list, one object per item, as found (before [reading]).")
@click.option("--explain", "explained", is_flag=True,
              help="Print each line (a PDF's block) of the page: its number, what it was taken "
                   "for, the rule, and for PDFs its page, position and size.")
@click.option("--draw", "draw", type=click.Path(path_type=Path, file_okay=False),
              help="Page PDFs: draw each page into this folder, articles outlined and numbered, "
                   "skipped blocks shaded with their kind.")
@_CONFIG_OPTION
@reports_errors
def segment_cmd(edition: pipeline.EditionArg, as_json: bool, explained: bool, draw: Path | None,
                config_path: Path | None, skip_unreadable: bool) -> None:
    """Show the articles found in an edition, in reading order, and what is skipped and why.

    Example: audiopaper segment page.txt --json > page.json
    """
    click.echo(pipeline.segment_edition(edition, as_json, explained, load_config(config_path),
                                        skip_unreadable, draw), nl=False)


@cli.command(name="script")
@_edition_argument
@_edition_options
@reports_errors
def script_cmd(edition: pipeline.EditionArg, date: dt.date | None, voice: str | None,
               headline_voice: str | None, paper: str | None, config_path: Path | None,
               engine: str, skip_unreadable: bool) -> None:
    """Print exactly what build will speak with the same options: one engine call per line.

    Example: audiopaper script page.txt --date 2024-03-15 --engine baker
    """
    options = _options(config_path, date, voice, headline_voice, paper, engine,
                       skip_unreadable=skip_unreadable)
    click.echo(pipeline.script_text(edition, options, _warnings), nl=False)


@cli.command()
@click.argument("url", required=False)
@click.option("--date", "date", callback=_date,
              help="Edition date, YYYY-MM-DD (default: the URL's, else today).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder whose sources/DATE/ gets the pages (default: [source] folder, else .).")
@click.option("--wait", "wait", default=None,
              help="Poll politely this long until the edition is out: 30m, 2h (default: no).")
@_CONFIG_OPTION
@reports_errors
def fetch(url: str | None, date: dt.date | None, out_dir: Path | None, wait: str | None,
          config_path: Path | None) -> None:
    """Save an e-paper edition's pages and articles (with a manifest) to read and build from.

    URL is the edition's paperindex.htm or any page of it; left out, the config's [source] url.

    Example: audiopaper fetch https://paper.example.cn/html/2024-03/15/node_2.htm --out night/
    """
    seconds = cache_.parse_age(wait) if wait else None
    result = pipeline.fetch(url, load_config(config_path), date, out_dir, seconds)
    click.echo(f"{result.folder} ({result.family}: {result.pages} pages, {result.articles} "
               f"articles; {result.fetched} fetched, {result.unchanged} unchanged)")


def _warnings(event: Event) -> None:
    """Show only what went wrong or was changed (a command whose output is its result)."""
    if event.warning:
        click.secho(f"warning: {event.detail or event}", fg="yellow", err=True)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=C.DEFAULT_OUTPUT_DIR,
              show_default=True, help="Output folder a build would publish to.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="audiopaper.toml to check (default: ./audiopaper.toml if present).")
@click.option("--voice", "voices", multiple=True, help="Voice a build would use (repeatable).")
@_BROKER_OPTION
@reports_errors
def doctor(out_dir: Path, config_path: Path | None, voices: tuple[str, ...],
           broker: str | None) -> None:
    """Check ffmpeg, voices, the edge service, config and the output folder; say how to fix each.

    Example: audiopaper doctor --out /srv/podcast
    """
    try:
        config: Config | ConfigError = load_config(config_path)
    except ConfigError as exc:  # reported as the doctor's first check, not raised
        config = exc
    checks = doctor_.doctor(out_dir, config, list(voices) or None, broker or "")
    for check in checks:
        fix = f" -> fix: {check.fix}" if check.fix and check.status != "ok" else ""
        click.echo(f"{check.status.upper():<5} {check.name}: {check.detail}{fix}")
    failed = sum(c.failed for c in checks)
    if failed:
        click.secho(f"{failed} check(s) failed", fg="red", err=True)
        sys.exit(doctor_.exit_code(checks))


@cli.group()
def cache() -> None:
    """Inspect and prune the audio cache (finished segments a rerun reuses).

    Example: audiopaper cache prune --older-than 30d
    """


def _when(timestamp: float | None) -> str:
    return dt.datetime.fromtimestamp(timestamp).isoformat(timespec="seconds") if timestamp else "-"


@cache.command("stats")
@reports_errors
def cache_stats() -> None:
    """Show how many clips and encoded sections the cache holds, their size and ages.

    Example: audiopaper cache stats
    """
    stats = cache_.cache_stats()
    click.echo(f"cache: {stats.root}\nclips: {stats.clips}\nencoded sections: {stats.sections}\n"
               f"size: {stats.bytes / 2**20:.1f} MiB\n"
               f"oldest use: {_when(stats.oldest)}\nnewest use: {_when(stats.newest)}\n"
               f"temp files: {stats.partial_files}")


@cache.command("prune")
@click.option("--older-than", "older_than", required=True,
              help="Remove clips not used for this long: 30d, 12h, 2w.")
@reports_errors
def cache_prune(older_than: str) -> None:
    """Remove clips and sections not used for a while (a rerun remakes them if needed).

    Example: audiopaper cache prune --older-than 30d
    """
    result = cache_.prune(cache_.parse_age(older_than))
    click.echo(f"removed {result.clips} clips, {result.sections} encoded sections "
               f"({result.bytes / 2**20:.1f} MiB) and {result.partial_files} temp files")


def _paper_config(path: Path | None) -> Config:
    """A group paper's settings: the config file it names, else the defaults."""
    return load_config(path) if path else Config(folder=Path.cwd())


@cli.command("build-all")
@click.argument("group_file", metavar="GROUP.toml", type=click.Path(path_type=Path))
@click.option("--date", "date", callback=_date, help="Edition date, YYYY-MM-DD (default: today).")
@click.option("--parallel", type=click.IntRange(min=1), default=None,
              help="Editions built at once on a cluster (default: [cluster] parallel, else 4; "
                   "without a broker: 1).")
@_BROKER_OPTION
@reports_errors
def build_all(group_file: Path, date: dt.date | None, parallel: int | None,
              broker: str | None) -> None:
    """Build every paper of a group (each its own config, voices, folder and feed); one report.

    Example: audiopaper build-all group.toml --broker redis://queue.example:6379/0
    """
    outcomes, report, code = group_.build_all(group_file, date or dt.date.today(), _paper_config,
                                              broker or "", parallel, progress=console(quiet=True))
    for o in outcomes:
        what = f"{o.episode} ({o.minutes:.1f} min, {o.cache_hits}/{o.segments} from cache)" \
            if o.episode else o.error
        click.echo(f"{o.name}\tdue {o.due}\texit {o.exit_code}\t{o.outcome}\t{what}")
    click.echo(f"report: {report}")
    sys.exit(code)


@cli.command()
@click.option("--broker", envvar=C.ENV_BROKER, required=True, show_envvar=True,
              help="Redis URL of the cluster: redis://[:PASSWORD@]HOST:6379/0 (rediss:// for TLS).")
@click.option("--engine", default="baker", show_default=True,
              help="Engine whose queue this worker serves (baker, edge, or a registered one).")
@click.option("--concurrency", type=click.IntRange(min=1), default=None,
              help="Segments at once (default: one process per core offline; 8 requests "
                   "in flight for edge).")
@click.option("--loglevel", default="INFO", show_default=True, help="Celery's log level.")
@reports_errors
def worker(broker: str, engine: str, concurrency: int | None, loglevel: str) -> None:
    """Speak segments for builds on other machines: a Celery worker on ENGINE's queue.

    Example: audiopaper worker --broker redis://queue.example:6379/0 --engine baker
    """
    from .synth.cluster.worker import run_worker

    run_worker(broker, engine, concurrency, loglevel)


@cli.group()
def cluster() -> None:
    """Look at the synthesis cluster (workers and queues behind a Redis broker).

    Example: audiopaper cluster status --broker redis://queue.example:6379/0
    """


@cluster.command("status")
@click.option("--broker", envvar=C.ENV_BROKER, required=True, show_envvar=True,
              help="Redis URL of the cluster.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=2.0, show_default=True,
              help="Seconds to wait for the workers to answer.")
@reports_errors
def cluster_status(broker: str, timeout: float) -> None:
    """Show the workers that answer (engine, version, slots, busy) and each queue's length.

    Example: audiopaper cluster status --broker redis://127.0.0.1:6379/0
    """
    from .synth.cluster.app import redact
    from .synth.cluster.status import cluster_status as status

    state = status(broker, timeout)
    click.echo(f"broker: {redact(broker)}")
    click.echo(f"workers: {len(state.workers)}")
    for w in state.workers:
        click.echo(f"  {w.name}\t{w.engine} {w.version}\t{w.concurrency} slots\t{w.active} busy")
    for queue, length in state.queues.items():
        click.echo(f"queue {queue}: {length} waiting")
    click.echo(f"taken, not yet done: {state.unacked}")


def main() -> None:
    cli()
