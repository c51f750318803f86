"""The documentation keeps up with the CLI: every command and subcommand has help with an example
and a row in the README's commands table, and every row names a command that exists.

A failure says exactly what to add, so a new command is documented before it lands.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from audiopaper.cli import cli

from paths import REPO


def _commands(group: click.Group = cli, prefix: tuple[str, ...] = ()
              ) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands())


def _table_rows() -> list[str]:
    """The first cell of each row of the README's "## Commands" table."""
    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    return [line.split(" | ")[0] for line in section.splitlines() if line.startswith("| `")]


def _names(path: tuple[str, ...]) -> str:
    return "audiopaper " + " ".join(path)


def test_the_cli_has_commands():
    assert {("build",), ("script",), ("cache", "prune")} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"^\s*Example: {re.escape(_names(path))}\b", result.output, re.M), (
        f"`{_names(path)} --help` shows no example: end the command's docstring with a line "
        f"'Example: {_names(path)} ...' (a real call a producer can copy)")


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_a_row_in_the_readme(path: tuple[str, ...]):
    cells = _table_rows()
    assert any(re.search(rf"`{re.escape(_names(path))}[ `]", cell) for cell in cells), (
        f"README.md's '## Commands' table has no row for `{_names(path)}`: add "
        f"'| `{_names(path)} ARGS [--OPTIONS]` | what it does |' to it")


def test_every_row_of_the_readme_table_is_a_command():
    known = {_names(path) for path in COMMANDS}
    for cell in _table_rows():
        for written in re.findall(r"`(audiopaper(?: [a-z][a-z-]*)+)", cell):
            words = written.split()
            assert any(" ".join(words[:n]) in known for n in range(len(words), 1, -1)), (
                f"README.md's commands table names `{written}`, which the CLI does not have: "
                f"fix or remove the row")


DOCS = sorted(REPO.joinpath("docs").glob("*.md"))
PAGES = [REPO / "README.md", *DOCS]


def test_the_readme_stays_short():
    lines = REPO.joinpath("README.md").read_text(encoding="utf-8").count("\n")
    assert lines < 200, f"README.md has {lines} lines: move the detail to a page in docs/"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_resolves(page):
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        assert (page.parent / target).exists(), f"{page.name} links to {target}, which does not exist"


def test_the_command_reference_matches_the_cli(monkeypatch):
    """docs/cli.md is the CLI's own --help (cog); a changed command changes the page."""
    import subprocess
    import sys

    env = {k: v for k, v in __import__("os").environ.items() if k != "AUDIOPAPER_ENGINES"}
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", "--diff", "docs/cli.md"],
                            cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (
        f"docs/cli.md is out of date: run `.venv/bin/cog -r docs/cli.md`\n{result.stdout[-3000:]}")


_FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.M | re.S)
#: `audiopaper segment tests/data/…` written inline; syntax (EDITION, [--out DIR], …) is not a call.
_INLINE = re.compile(r"`(?:\.venv/bin/)?audiopaper ([^`|<>]+)`")
_PLACEHOLDER = re.compile(r"[A-Z]{2,}|\[|…|\.\.\.")
_CALL = re.compile(r"(?:^|[\s;&(])(?:\S*/bin/)?audiopaper(?=\s|$)((?: +[^\s|&>;]+)*)", re.M)


def _documented_calls() -> list[tuple[str, str]]:
    calls = []
    for page in PAGES:
        if page.name == "cli.md":  # --help output, made from the CLI itself
            continue
        for block in _FENCE.findall(page.read_text(encoding="utf-8")):
            for line in block.splitlines():
                if line.lstrip().startswith(("#", "Usage:", "[")):
                    continue
                line = line.replace("%i", "baker")  # a systemd template's instance name
                calls += [(page.name, m.group(1).strip()) for m in _CALL.finditer(line)]
        if page.name != "README.md":  # the README's table shows syntax, the pages show calls
            calls += [(page.name, span) for span in _INLINE.findall(page.read_text(encoding="utf-8"))
                      if not _PLACEHOLDER.search(span) and (" -" in f" {span}" or "/" in span)]
    return calls


CALLS = _documented_calls()


def test_the_docs_show_commands():
    assert len(CALLS) >= 10


@pytest.mark.parametrize("page,call", CALLS, ids=[f"{p}:{c[:40]}" for p, c in CALLS])
def test_every_documented_command_parses(page: str, call: str, monkeypatch):
    """Every `audiopaper …` line in a code block of the README or docs/ names real options."""
    import shlex

    monkeypatch.chdir(REPO)
    monkeypatch.setenv("AUDIOPAPER_BROKER", "redis://127.0.0.1:6379/0")  # systemd's EnvironmentFile
    args = shlex.split(call)
    command: click.Command = cli
    ctx = None
    name = "audiopaper"
    try:
        while True:
            ctx = command.make_context(name, list(args), parent=ctx, resilient_parsing=False)
            if not isinstance(command, click.Group):
                break
            with warnings.catch_warnings():  # Click 9 folds protected_args into args
                warnings.simplefilter("ignore", DeprecationWarning)
                rest = [*ctx.protected_args, *ctx.args]
            if not rest:
                break
            name, sub, args = command.resolve_command(ctx, rest)
            command = sub
    except click.exceptions.Exit:
        pass
    except click.BadParameter as exc:
        assert "does not exist" in str(exc), f"{page}: `audiopaper {call}`: {exc.format_message()}"
    except click.UsageError as exc:
        raise AssertionError(f"{page}: `audiopaper {call}` does not parse: {exc.format_message()}")


_CHEAP = ("normalize", "pinyin", "segment")


@pytest.mark.slow
@pytest.mark.parametrize("page,call", [(p, c) for p, c in CALLS if c.split()[0] in _CHEAP
                                       and "<" not in c and "|" not in c],
                         ids=lambda v: str(v)[:40])
def test_documented_reading_commands_run(page: str, call: str, monkeypatch):
    """The docs' normalize, pinyin and segment examples run as written, from the repository root."""
    import shlex

    monkeypatch.chdir(REPO)
    args = shlex.split(call)
    missing = [a for a in args if "/" in a and "://" not in a and not (REPO / a).exists()]
    if missing:  # made by an earlier step of the page (a fetch), not shipped: parsed above only
        pytest.skip(f"{missing[0]} is made by an earlier step of {page}")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, f"{page}: `audiopaper {call}` failed: {result.output[-500:]}"
    assert result.output.strip()
