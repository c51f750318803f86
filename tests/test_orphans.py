"""kill -9 of a build leaves nothing running: voice workers and the resource tracker follow it.

A real build with the real offline voice (two worker processes) runs in a session of its own, so
every process it started, however deep, carries the build's pid as its session id.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audiopaper.util.lifeline import exit_with_parent, parent_is_gone

from paths import EXAMPLE_EDITION

pytestmark = pytest.mark.slow

GONE_WITHIN = 10.0  # seconds after the kill


def session(sid: int) -> dict[int, str]:
    """Live (not zombie) processes of a session: pid => command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state ppid pgrp session
        if int(fields[3]) == sid and fields[0] != "Z":
            found[int(entry.name)] = cmdline
    return found


def _workers(tree: dict[int, str]) -> list[int]:
    return [pid for pid, cmd in tree.items() if "spawn_main" in cmd]


def _start_build(tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "AUDIOPAPER_BAKER_WORKERS": "2", "AUDIOPAPER_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "audiopaper", "build", str(EXAMPLE_EDITION), "--date",
               "2024-03-15", "--out", str(tmp_path / "out"), "--engine", "baker", "--quiet"]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _wait_for(ready, seconds: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, "the build never reached the point to kill it at"
        time.sleep(0.2)


def _clips(tmp_path: Path) -> int:
    return sum(1 for _ in (tmp_path / "cache").rglob("*.wav")) if (tmp_path / "cache").exists() else 0


@pytest.mark.parametrize("moment", ["workers starting", "workers speaking"])
def test_kill_9_of_a_build_leaves_no_process_behind(tmp_path: Path, moment: str):
    build = _start_build(tmp_path)
    try:
        _wait_for(lambda: len(_workers(session(build.pid))) >= 2, 120)
        if moment == "workers speaking":
            _wait_for(lambda: _clips(tmp_path) >= 2, 240)
        before = session(build.pid)
        assert any("resource_tracker" in cmd for cmd in before.values()), before
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    deadline = time.monotonic() + GONE_WITHIN
    while session(build.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = session(build.pid)
    for pid in left:  # do not leave them to fill the machine if the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running {GONE_WITHIN:.0f} s after kill -9: {sorted(left.values())}"


def _orphan_child(ready: Path) -> None:
    """Runs in a grandchild: announce readiness, then block forever unless the lifeline acts."""
    exit_with_parent()
    ready.write_text(str(os.getpid()))
    time.sleep(600)


def test_a_process_without_a_multiprocessing_parent_polls_its_parent_pid(tmp_path: Path):
    """The lifeline also works for a plain fork child (no parent pipe): the pid is polled."""
    ready = tmp_path / "ready"
    middle = os.fork()
    if middle == 0:  # the parent that will die
        if os.fork() == 0:
            try:
                _orphan_child(ready)
            finally:
                os._exit(0)
        time.sleep(600)
        os._exit(0)
    _wait_for(ready.exists, 10)
    time.sleep(0.1)
    child = int(ready.read_text())
    os.kill(middle, signal.SIGKILL)
    os.waitpid(middle, 0)
    deadline = time.monotonic() + GONE_WITHIN
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _alive(child)
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive
    assert not parent_is_gone(os.getppid())


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
