"""Shared fixtures: every test gets its own cache and voices search path; nothing touches ~/."""

from __future__ import annotations

from pathlib import Path

import pytest



@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh audio cache per test, so no test sees another's clips."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("AUDIOPAPER_CACHE_DIR", str(cache))
    monkeypatch.delenv("AUDIOPAPER_VOICES_DIR", raising=False)
    return cache


@pytest.fixture(scope="session")
def baker():
    """The real offline engine, loaded once for the whole session (model load is the slow part)."""
    from audiopaper.synth.engine import get_engine

    engine = get_engine("baker")
    engine.check()
    return engine
