"""Helpers for the nightly-run tests: the fake engine's environment, CLI subprocesses, snapshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fake_engine import PROFILE

TESTS = Path(__file__).resolve().parent
#: Files a run writes about itself, not part of the published edition.
RUN_FILES = {"last-run.json", ".audiopaper.lock"}


@pytest.fixture
def fake_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment (for this process and CLI subprocesses) in which voice 'fake' is the fake engine."""
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "fake.toml").write_text(PROFILE, encoding="utf-8")
    monkeypatch.setenv("AUDIOPAPER_VOICES_DIR", str(voices))
    monkeypatch.setenv("AUDIOPAPER_ENGINES", "fake=fake_engine:create")
    paths = [str(TESTS), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    return dict(os.environ)


def fake_world_env(root: Path) -> dict[str, str]:
    """CLI subprocess environment of a module-wide fixture: voice 'fake', its own cache under root."""
    voices = root / "voices"
    voices.mkdir()
    (voices / "fake.toml").write_text(PROFILE, encoding="utf-8")
    return {**os.environ, "AUDIOPAPER_VOICES_DIR": str(voices), "AUDIOPAPER_CACHE_DIR": str(root / "cache"),
            "AUDIOPAPER_ENGINES": "fake=fake_engine:create",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))}


def build_args(edition: Path, out: Path, *extra: str) -> list[str]:
    return ["build", str(edition), "--date", "2024-03-15", "--out", str(out), "--voice", "fake",
            *extra]


def cli_command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "audiopaper", *args]


def run_cli(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process, as cron would run it (no TTY)."""
    return subprocess.run(cli_command(args), env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, check=False)


def start_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(cli_command(args), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)


def published(out: Path) -> dict[str, bytes]:
    """Every file a listener or station could fetch: all but hidden files, reports and run files."""
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        hidden = any(part.startswith(".") for part in rel.parts)  # web servers deny dotfiles
        if path.is_file() and not hidden and rel.parts[0] != "reports" and path.name not in RUN_FILES:
            files[rel.as_posix()] = path.read_bytes()
    return files


def partial_files(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*.part")]
