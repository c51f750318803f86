"""The documentation keeps up with the CLI: every command and subcommand has help with an example
and a row in the README's commands table, and every row names a command that exists.

A failure says exactly what to add, so a new command is documented before it lands.
"""

from __future__ import annotations

import re
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
