"""Fault injection with the real CLI in child processes: kill -9 anywhere, then resume.

Invariant after every crash: each file a listener or station can fetch is either its old complete
version or its new complete version, never half of one. After the rerun the folder equals a clean
build, no temp file is left, and no finished segment was synthesized twice.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audiopaper.run.report import read_last
from audiopaper.run.lock import read_holder

from faultkit import TESTS, fake_world_env, build_args, partial_files, published, run_cli, start_cli
from paths import EXAMPLE_EDITION, SEED_EDITION

pytestmark = pytest.mark.slow  # subprocess builds and kills: the full tier

def _date(args: list[str], date: str) -> list[str]:
    args[args.index("2024-03-15")] = date
    return args


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Built once: a folder holding yesterday's edition, and that folder after each edition today."""
    root = tmp_path_factory.mktemp("world")
    env = fake_world_env(root)
    template = root / "yesterday"
    assert run_cli(_date(build_args(EXAMPLE_EDITION, template), "2024-03-14"), env).returncode == 0
    after = {}
    for edition in (EXAMPLE_EDITION, SEED_EDITION):
        shutil.copytree(template, root / edition.stem)
        assert run_cli(build_args(edition, root / edition.stem), env).returncode == 0
        after[edition] = published(root / edition.stem)
    return {"env": env, "template": template, "before": published(template),
            "after": after}


@pytest.fixture
def scene(tmp_path: Path, world: dict[str, object]):
    """A fresh copy of yesterday's folder, today's edition, and a cold cache whose engine logs."""
    out = tmp_path / "out"
    shutil.copytree(world["template"], out)  # type: ignore[arg-type]
    env = {**world["env"], "AUDIOPAPER_CACHE_DIR": str(tmp_path / "cold-cache"),  # type: ignore[dict-item]
           "FAKE_ENGINE_LOG": str(tmp_path / "engine.log")}
    return out, world["before"], world["after"], env


def _assert_whole(out: Path, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    now = published(out)
    assert set(before) <= set(now), "a published file disappeared"
    for name, data in now.items():
        assert data in (before.get(name), after.get(name)), f"{name} is neither old nor new"


def _synthesized(env: dict[str, str]) -> int:
    log = Path(env["FAKE_ENGINE_LOG"])
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def _resume(out: Path, edition: Path, after: dict[str, bytes], env: dict[str, str],
            killed_after: int) -> None:
    """Rerun to the end: same files as a clean build, nothing left over, nothing redone."""
    result = run_cli(build_args(edition, out), {**env, "FAKE_ENGINE_DELAY": "0"})
    assert result.returncode == 0, result.stderr
    assert published(out) == after
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


def _holds_lock(out: Path, proc: subprocess.Popen[str]) -> bool:
    holder = read_holder(out)
    return holder is not None and holder.pid == proc.pid


def test_kill_during_synthesis_then_resume(scene):
    out, before, after, env = scene
    env = {**env, "FAKE_ENGINE_DELAY": "0.1"}
    proc = start_cli(build_args(EXAMPLE_EDITION, out), env)
    _kill_when(proc, lambda: _synthesized(env) >= 5)
    killed_after = _synthesized(env)
    _assert_whole(out, before, after[EXAMPLE_EDITION])
    _resume(out, EXAMPLE_EDITION, after[EXAMPLE_EDITION], env, killed_after)


def test_kill_during_encoding_then_resume(scene):
    out, before, after, env = scene
    proc = start_cli(build_args(SEED_EDITION, out), env)
    _kill_when(proc, lambda: bool(partial_files(out)))
    assert partial_files(out), "the kill should leave the encoder's temp file behind"
    _assert_whole(out, before, after[SEED_EDITION])
    _resume(out, SEED_EDITION, after[SEED_EDITION], env, _synthesized(env))
    assert read_last(out)["counts"]["stale_files_removed"] >= 1


def test_kill_at_random_points_then_resume(scene):
    out, before, after, env = scene
    env = {**env, "FAKE_ENGINE_DELAY": "0.1"}
    rng = random.Random(8)
    for _ in range(2):
        proc = start_cli(build_args(EXAMPLE_EDITION, out), env)
        time.sleep(rng.uniform(0.5, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        _assert_whole(out, before, after[EXAMPLE_EDITION])
    _resume(out, EXAMPLE_EDITION, after[EXAMPLE_EDITION], env, _synthesized(env))


def _crash_run(out: Path, env: dict[str, str], at: int, when: str = "before",
               count_file: Path | None = None) -> int:
    crash = {"CRASH_DIR": str(out), "CRASH_AT": str(at), "CRASH_WHEN": when,
             "CRASH_COUNT_FILE": str(count_file or "")}
    args = [sys.executable, str(TESTS / "crashpoint.py"), *build_args(EXAMPLE_EDITION, out)]
    proc = subprocess.run(args, env={**env, **crash}, capture_output=True, timeout=300, check=False)
    return proc.returncode


def test_kill_at_every_publishing_step_then_resume(scene, tmp_path: Path):
    """Each run resumes the last one and dies one publishing step later; one rerun finishes."""
    out, before, after, env = scene
    count_file = tmp_path / "count"
    shutil.copytree(out, tmp_path / "probe")  # the same state: yesterday's edition, its cover
    assert _crash_run(tmp_path / "probe", env, 0, count_file=count_file) == 0
    steps = int(count_file.read_text())
    assert steps >= 7  # 2 articles, edition, episode store, feed, report, last-run
    manifest = out / "2024-03-15.manifest.json"
    for at, when in [(n, "before") for n in range(1, steps + 1)] + [(steps, "after")]:
        code = _crash_run(out, env, at, when)
        _assert_whole(out, before, after[EXAMPLE_EDITION])
        if code == 0:
            # Once a killed run had published every audio file and the manifest, a rerun keeps
            # them and makes fewer renames: it finished before reaching this crash point.
            assert manifest.is_file() and at > 1, (at, when)
            break
        assert code == -signal.SIGKILL, (at, when)
    _resume(out, EXAMPLE_EDITION, after[EXAMPLE_EDITION], env, _synthesized(env))


def test_second_run_refuses_or_waits_and_a_killed_holder_frees_the_lock(scene):
    out, _before, after, env = scene
    gate = out.parent / "gate-open"
    first = start_cli(build_args(EXAMPLE_EDITION, out), {**env, "FAKE_ENGINE_GATE": str(gate)})
    deadline = time.monotonic() + 60
    while not _holds_lock(out, first):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    # the first build cannot finish before the gate opens, however loaded the machine
    refused = run_cli(build_args(EXAMPLE_EDITION, out, "--wait", "0"), env)
    assert refused.returncode == 5
    assert f"is being built by pid {first.pid}" in refused.stderr and "--wait" in refused.stderr
    waiting = start_cli(build_args(EXAMPLE_EDITION, out, "--wait", "300"), env)
    gate.touch()
    assert first.wait(timeout=300) == 0 and waiting.wait(timeout=300) == 0
    assert published(out) == after[EXAMPLE_EDITION]
    never = out.parent / "never-opened"
    holder = start_cli(build_args(EXAMPLE_EDITION, out), {**env, "FAKE_ENGINE_GATE": str(never)})
    _kill_when(holder, lambda: _holds_lock(out, holder))
    result = run_cli(build_args(EXAMPLE_EDITION, out, "--wait", "0"), env)
    assert result.returncode == 0, result.stderr  # the crashed holder's lock died with it


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_exits_130_cleans_up_and_resumes(scene, sig):
    out, before, after, env = scene
    env = {**env, "FAKE_ENGINE_DELAY": "0.1"}
    proc = start_cli(build_args(EXAMPLE_EDITION, out), env)
    deadline = time.monotonic() + 120
    while _synthesized(env) < 3:
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.01)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "resume" in err and "Traceback" not in err
    assert read_last(out)["exit_code"] == 130 and read_last(out)["outcome"] == "interrupted"
    assert not partial_files(out)
    _assert_whole(out, before, after[EXAMPLE_EDITION])
    _resume(out, EXAMPLE_EDITION, after[EXAMPLE_EDITION], env, _synthesized(env))
