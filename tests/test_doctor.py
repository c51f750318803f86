"""`audiopaper doctor`: every check passes on a good machine, and each broken piece says its fix."""

from __future__ import annotations

import subprocess
import uuid
from collections import namedtuple
from contextlib import ExitStack
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiopaper.run import doctor as doc
from audiopaper.cli import cli
from audiopaper.config import load_config
from audiopaper.errors import ConfigError, EngineUnavailable, MediaError
from audiopaper.run.lock import RunLock
from audiopaper.synth import engine as registry

from fake_engine import FakeEngine
from faultkit import fake_env  # noqa: F401


def _by_name(checks: list[doc.Check]) -> dict[str, doc.Check]:
    return {c.name: c for c in checks}


def test_a_good_machine_passes(tmp_path: Path, baker):
    checks = _by_name(doc.doctor(tmp_path / "out"))
    for name in ("config", "voice baker", "ffmpeg", "offline voice", "output folder", "cache folder",
                 "run lock"):
        assert checks[name].status == doc.OK, checks[name]
    assert checks["edge service"].status in (doc.OK, doc.WARN)  # optional unless a voice uses it
    result = CliRunner().invoke(cli, ["doctor", "--out", str(tmp_path / "out")])
    assert "OK    ffmpeg" in result.output and "spoken in" in result.output
    assert result.exit_code == (1 if any(c.failed for c in checks.values()) else 0)


def test_missing_ffmpeg_fails_with_the_install_command(monkeypatch: pytest.MonkeyPatch):
    def missing() -> str:
        raise MediaError("ffmpeg was not found: run the README's install command")

    monkeypatch.setattr(doc, "ffmpeg_exe", missing)
    check = doc.check_ffmpeg()
    assert check.failed and "not found" in check.detail and "scripts/install" in check.fix


def test_missing_offline_voice_fails_with_the_fix(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(doc, "engine_available", lambda _id: (False, "the offline voice is not "
                                                                     "installed: pip install ..."))
    check = doc.check_offline_voice()
    assert check.failed and "not installed" in check.detail and "install" in check.fix


class _Unreachable(FakeEngine):
    id = "edge"

    def check(self) -> None:
        raise EngineUnavailable("the edge service cannot be reached (timed out): check the network")


@pytest.fixture
def edge():
    """Put an edge engine of the test's choosing in the registry, restored afterwards."""
    with ExitStack() as stack:
        yield lambda factory: stack.enter_context(registry.registered("edge", factory))


def test_edge_unreachable_warns_unless_a_voice_needs_it(edge):
    edge(_Unreachable)
    optional, needed = doc.check_edge(needed=False), doc.check_edge(needed=True)
    assert optional.status == doc.WARN and "cannot be reached" in optional.detail
    assert needed.failed and "network" in needed.fix


def test_edge_reachable_is_ok(edge):
    edge(type("Reachable", (FakeEngine,), {"id": "edge"}))
    assert doc.check_edge(needed=True).status == doc.OK


def test_edge_not_installed_is_reported_not_crashed(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(doc, "engine_ids", lambda: ["baker"])
    check = doc.check_edge(needed=False)
    assert check.status == doc.WARN and "not installed" in check.detail


def test_bad_config_fails_and_names_the_key(tmp_path: Path):
    config = tmp_path / "audiopaper.toml"
    config.write_text("[paper]\nname = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(config)
    checks = _by_name(doc.doctor(tmp_path / "out", refused.value, voices=["baker"]))
    assert checks["config"].failed and "paper.name" in checks["config"].detail
    result = CliRunner().invoke(cli, ["doctor", "--out", str(tmp_path / "out"), "--config",
                                      str(config)])
    assert result.exit_code == 2 and "FAIL  config" in result.output and "fix:" in result.output


def test_the_exit_code_follows_the_policy():
    ok, warn = doc.Check("ffmpeg", doc.OK, ""), doc.Check("edge service", doc.WARN, "")
    config, voice = doc.Check("config", doc.FAIL, ""), doc.Check("voice x", doc.FAIL, "")
    disk = doc.Check("output folder", doc.FAIL, "")
    assert doc.exit_code([ok, warn]) == 0
    assert doc.exit_code([ok, config, voice]) == 2
    assert doc.exit_code([config, disk]) == 5


def test_unknown_voice_fails(tmp_path: Path):
    checks, engines = doc.check_voices(["nobody"])
    assert checks[0].failed and "audiopaper voices" in checks[0].fix and not engines


def test_voice_on_a_test_engine_is_checked(fake_env):
    checks, engines = doc.check_voices(["fake", "fake"])
    assert len(checks) == 1 and checks[0].status == doc.OK and engines == {"fake"}


def test_output_folder_that_is_a_file_fails(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    check = doc.check_folder("output folder", blocker / "out")
    assert check.failed and "not a folder" in check.detail


def test_unwritable_output_folder_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(doc.tempfile, "mkstemp", denied)
    check = doc.check_folder("output folder", tmp_path)
    assert check.failed and "Permission denied" in check.detail and "--out" in check.fix


def test_low_free_space_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(doc.shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 10**6, 10**6))
    check = doc.check_folder("output folder", tmp_path)
    assert check.failed and "MiB free" in check.detail and "prune" in check.fix


def test_small_tmpfs_is_reported_as_too_small(tmp_path: Path):
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                      capture_output=True, check=False).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        assert doc.check_folder("output folder", mount / "out").failed
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_running_build_and_leftovers_are_warnings(tmp_path: Path):
    with RunLock(tmp_path):
        check = doc.check_run_state(tmp_path)
        assert check.status == doc.WARN and "pid" in check.detail
    (tmp_path / ".2024-03-15.mp3.part").write_bytes(b"x")
    check = doc.check_run_state(tmp_path)
    assert check.status == doc.WARN and "half-written" in check.detail


@pytest.mark.parametrize("text, warned", [
    ("", {"feed address", "feed owner"}),  # the defaults: http://127.0.0.1:8000, no e-mail
    ('[paper]\nbase_url = "http://example.org/p"\n[feed]\nowner_email = "a@example.org"\n',
     {"feed address"}),
    ('[paper]\nbase_url = "https://example.org/p"\n', {"feed owner"}),
    ('[paper]\nbase_url = "https://example.org/p"\n[feed]\nowner_email = "a@example.org"\n',
     set()),
])
def test_publishing_settings_apps_refuse_are_warnings_with_their_fix(tmp_path: Path, text: str,
                                                                     warned: set):
    from audiopaper.config import load_config

    path = tmp_path / "audiopaper.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    checks = _by_name(doc.check_publishing(config))
    assert {n for n, c in checks.items() if c.status == doc.WARN} == warned
    assert all(c.status == doc.OK for n, c in checks.items() if n not in warned)
    for name in warned:
        assert not checks[name].failed and "audiopaper.toml" in checks[name].fix
    if "feed address" in warned:
        assert "https" in checks["feed address"].detail
