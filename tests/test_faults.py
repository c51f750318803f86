"""Fault injection with the real CLI in child processes: kill -9 anywhere, then resume.

Invariant after every crash: each file a listener or station can fetch is either its old complete
version or its new complete version, never half of one. After the rerun the folder equals a clean
build, no temp file is left, and no finished segment was synthesized twice.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audiopaper.report import read_last
from audiopaper.runlock import read_holder

from faultkit import (TESTS, build_args, fake_env, partial_files, published, run_cli,  # noqa: F401
                      start_cli)
from paths import EXAMPLE_EDITION, SEED_EDITION

_BUILD_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")


def _comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """The feed's lastBuildDate is the time of the build; everything else must match."""
    return {k: _BUILD_DATE.sub(b"", v) if k.endswith(".xml") else v for k, v in files.items()}


def _yesterday(edition: Path, out: Path, env: dict[str, str]) -> dict[str, bytes]:
    """Publish an older edition first: a failed night must leave it alone."""
    args = build_args(edition, out)
    args[args.index("2024-03-15")] = "2024-03-14"
    assert run_cli(args, env).returncode == 0
    return _comparable(published(out))


@pytest.fixture
def scene(tmp_path: Path, fake_env: dict[str, str]):
    """An output folder holding yesterday's edition, and what it must hold after today's build."""
    out, reference = tmp_path / "out", tmp_path / "reference"
    before = _yesterday(EXAMPLE_EDITION, out, fake_env)
    _yesterday(EXAMPLE_EDITION, reference, fake_env)
    assert run_cli(build_args(SEED_EDITION, reference), fake_env).returncode == 0
    env = {**fake_env, "AUDIOPAPER_CACHE_DIR": str(tmp_path / "cold-cache"),
           "FAKE_ENGINE_LOG": str(tmp_path / "engine.log")}
    return out, before, _comparable(published(reference)), env


def _assert_whole(out: Path, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    now = _comparable(published(out))
    assert set(before) <= set(now), "a published file disappeared"
    for name, data in now.items():
        assert data in (before.get(name), after.get(name)), f"{name} is neither old nor new"


def _synthesized(env: dict[str, str]) -> int:
    log = Path(env["FAKE_ENGINE_LOG"])
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def _resume(out: Path, after: dict[str, bytes], env: dict[str, str], killed_after: int) -> None:
    """Rerun to the end: same files as a clean build, nothing left over, nothing redone."""
    result = run_cli(build_args(SEED_EDITION, out), env)
    assert result.returncode == 0, result.stderr
    assert _comparable(published(out)) == after
    assert not partial_files(out)
    counts = read_last(out)["counts"]
    assert counts["cache_hits"] >= killed_after - 1  # at most the clip in flight is redone
    assert _synthesized(env) - killed_after == counts["synthesized"]


def _kill_when(proc: subprocess.Popen[str], ready, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, "the run ended before the fault could be injected"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()


def test_kill_during_synthesis_then_resume(scene):
    out, before, after, env = scene
    env = {**env, "FAKE_ENGINE_DELAY": "0.02"}
    proc = start_cli(build_args(SEED_EDITION, out), env)
    _kill_when(proc, lambda: _synthesized(env) >= 60)
    killed_after = _synthesized(env)
    _assert_whole(out, before, after)
    _resume(out, after, env, killed_after)


def test_kill_during_encoding_then_resume(scene):
    out, before, after, env = scene
    proc = start_cli(build_args(SEED_EDITION, out), env)
    _kill_when(proc, lambda: bool(partial_files(out)))
    assert partial_files(out), "the kill should leave the encoder's temp file behind"
    _assert_whole(out, before, after)
    _resume(out, after, env, _synthesized(env))
    assert read_last(out)["counts"]["stale_files_removed"] >= 1


def test_kill_at_random_points_then_resume(scene):
    out, before, after, env = scene
    rng = random.Random(8)
    for _ in range(2):
        proc = start_cli(build_args(SEED_EDITION, out), env)
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        _assert_whole(out, before, after)
    _resume(out, after, env, _synthesized(env))


def _crash_run(out: Path, env: dict[str, str], at: int, when: str = "before",
               count_file: Path | None = None) -> int:
    crash = {"CRASH_DIR": str(out), "CRASH_AT": str(at), "CRASH_WHEN": when,
             "CRASH_COUNT_FILE": str(count_file or "")}
    args = [sys.executable, str(TESTS / "crashpoint.py"), *build_args(EXAMPLE_EDITION, out)]
    proc = subprocess.run(args, env={**env, **crash}, capture_output=True, timeout=300, check=False)
    return proc.returncode


def test_kill_at_every_publishing_step_then_resume(tmp_path: Path, fake_env: dict[str, str]):
    out, reference = tmp_path / "out", tmp_path / "reference"
    before = _yesterday(SEED_EDITION, out, fake_env)
    _yesterday(SEED_EDITION, reference, fake_env)
    count_file = tmp_path / "count"
    assert _crash_run(reference, fake_env, 0, count_file=count_file) == 0
    after, steps = _comparable(published(reference)), int(count_file.read_text())
    assert steps >= 5  # article files, edition, episode store, feed, report
    points = [(n, "before") for n in range(1, steps + 1)] + [(steps, "after")]
    for at, when in points:
        assert _crash_run(out, fake_env, at, when) == -signal.SIGKILL
        _assert_whole(out, before, after)
        result = run_cli(build_args(EXAMPLE_EDITION, out), fake_env)
        assert result.returncode == 0, (at, when, result.stderr)
        assert _comparable(published(out)) == after and not partial_files(out), (at, when)


def test_second_run_refuses_or_waits_and_a_killed_holder_frees_the_lock(scene):
    out, _before, after, env = scene
    env = {**env, "FAKE_ENGINE_DELAY": "0.02"}
    first = start_cli(build_args(SEED_EDITION, out), env)
    deadline = time.monotonic() + 60
    while (read_holder(out) or None) is None or read_holder(out).pid != first.pid:
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    refused = run_cli(build_args(SEED_EDITION, out, "--wait", "0"), env)
    assert refused.returncode == 5
    assert f"is being built by pid {first.pid}" in refused.stderr and "--wait" in refused.stderr
    waiting = start_cli(build_args(SEED_EDITION, out, "--wait", "300"), env)
    assert first.wait(timeout=300) == 0 and waiting.wait(timeout=300) == 0
    assert _comparable(published(out)) == after
    holder = start_cli(build_args(SEED_EDITION, out), env)
    _kill_when(holder, lambda: (read_holder(out) or None) is not None and
               read_holder(out).pid == holder.pid)
    result = run_cli(build_args(SEED_EDITION, out, "--wait", "0"), env)
    assert result.returncode == 0, result.stderr  # the crashed holder's lock died with it


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_exits_130_cleans_up_and_resumes(scene, sig):
    out, before, after, env = scene
    env = {**env, "FAKE_ENGINE_DELAY": "0.02"}
    proc = start_cli(build_args(SEED_EDITION, out), env)
    deadline = time.monotonic() + 120
    while _synthesized(env) < 20:
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.01)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "resume" in err and "Traceback" not in err
    assert read_last(out)["exit_code"] == 130 and read_last(out)["outcome"] == "interrupted"
    assert not partial_files(out)
    _assert_whole(out, before, after)
    _resume(out, after, {**env, "FAKE_ENGINE_DELAY": "0"}, _synthesized(env))
