"""Shared fixtures: every test gets its own cache, voices search path and working folder; nothing
touches ~/ and nothing in the folder pytest was started from (an audiopaper.toml, a lexicon.tsv) leaks in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import os
import socket

import pytest


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh audio cache per test, so no test sees another's clips."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("AUDIOPAPER_CACHE_DIR", str(cache))
    monkeypatch.delenv("AUDIOPAPER_VOICES_DIR", raising=False)
    return cache


@pytest.fixture(autouse=True)
def empty_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs in an empty folder of its own, apart from the files it makes in tmp_path."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture(scope="session")
def baker():
    """The real offline engine, loaded once for the whole session (model load is the slow part)."""
    from audiopaper.synth.engine import get_engine

    engine = get_engine("baker")
    engine.check()
    return engine


@pytest.fixture(autouse=True)
def no_edge_service(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """No test reaches Microsoft: edge-tts points at a closed local port unless a test says else.

    The edge engine is re-created per test (its availability check is made once per instance),
    and the client's clock-skew correction, a class attribute, starts at zero.
    """
    import edge_tts.drm

    from audiopaper.synth.edge import create
    from audiopaper.synth.engine import registered

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"ws://127.0.0.1:{port}/consumer/speech/synthesize/readaloud/edge/v1?closed=1"
    monkeypatch.setenv("AUDIOPAPER_EDGE_URL", url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setattr(edge_tts.drm.DRM, "clock_skew_seconds", 0.0)
    with registered("edge", create):
        yield url


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--full", action="store_true",
                     help="run every test: the slow tier too (real voices, Redis, Chromium, kill -9); CI does")


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis runs with a fixed seed unless HYPOTHESIS_PROFILE=explore: a green run means the
    same thing twice, and exploring is a separate, deliberate run."""
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    settings.register_profile("explore", derandomize=False, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The fast tier by default: tests marked slow run with --full (or when -m names them)."""
    if config.getoption("--full") or config.getoption("-m"):
        return
    fast = [item for item in items if item.get_closest_marker("slow") is None]
    if len(fast) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i.get_closest_marker("slow")])
        items[:] = fast
