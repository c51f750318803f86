"""Disk full during a run: a clear error, exit 5, and yesterday's edition untouched.

The real thing on a small tmpfs when this process may mount one (root in a container that
allows it), and always with failing writers injected where audiopaper writes.
"""

from __future__ import annotations

import errno
import subprocess
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiopaper import stitch
from audiopaper.util import atomic
from audiopaper.cli import cli

from faultkit import build_args, fake_env, partial_files, published, run_cli  # noqa: F401
from paths import EXAMPLE_EDITION, SEED_EDITION


pytestmark = pytest.mark.slow  # the full tier: a full tmpfs and real builds


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MiB tmpfs, unmounted afterwards; skipped where mounting is not allowed."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the failing-writer tests cover this")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _yesterday(out: Path) -> list[str]:
    args = build_args(EXAMPLE_EDITION, out)
    args[args.index("2024-03-15")] = "2024-03-14"
    return args


def test_disk_full_on_tmpfs_fails_clearly_and_keeps_the_edition(small_disk: Path, fake_env):
    out = small_disk / "out"
    assert run_cli(_yesterday(out), fake_env).returncode == 0
    before = published(out)
    filler = small_disk / "filler"
    with filler.open("wb", buffering=0) as fill:  # leave about 64 KiB (unbuffered: close
        # must not retry a write that failed)
        try:
            while True:
                fill.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    filler.write_bytes(filler.read_bytes()[:-65536])
    result = run_cli(build_args(SEED_EDITION, out), fake_env)
    assert result.returncode == 5, result.stderr
    assert "Error:" in result.stderr and "space" in result.stderr and "Traceback" not in result.stderr
    assert published(out) == before
    assert not partial_files(out)
    filler.unlink()
    again = run_cli(build_args(EXAMPLE_EDITION, out), fake_env)
    assert again.returncode == 0, again.stderr
    assert {k: v for k, v in published(out).items() if "2024-03-14" in k} == \
        {k: v for k, v in before.items() if "2024-03-14" in k}


def _enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("target, name", [
    (stitch, "write_tags"),  # mutagen writing the chapters into the encoded edition
    (atomic.os, "fsync"),  # the episode store or the feed reaching the disk
])
def test_failing_writer_fails_clearly_and_keeps_the_edition(tmp_path: Path, fake_env, target, name,
                                                            monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, _yesterday(out)).exit_code == 0
    before = published(out)
    monkeypatch.setattr(target, name, _enospc)
    result = runner.invoke(cli, build_args(EXAMPLE_EDITION, out))
    assert result.exit_code == 5, result.output
    assert "free" in result.output and "space" in result.output
    assert "Traceback" not in result.output
    now = published(out)
    assert {k: now[k] for k in before} == before and not partial_files(out)
    monkeypatch.undo()
