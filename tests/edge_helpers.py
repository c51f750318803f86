"""Fixtures for tests of the edge engine: the fake service and engines with short timeouts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from audiopaper.synth.edge import EdgeEngine, EdgeSettings
from audiopaper.synth.edge.resilience import RetryPolicy
from audiopaper.synth.engine import register_engine

from edge_fake import FakeEdge

#: Short enough for tests, the same shape as production (attempts, deadline, backoff, breaker).
FAST = RetryPolicy(attempts=3, timeout=1.0, timeout_per_char=0.01, deadline=8.0, backoff=0.02,
                   backoff_cap=0.1)


def fast_engine(concurrency: int = 1, policy: RetryPolicy = FAST, breaker_failures: int = 4,
                breaker_cooldown: float = 60.0) -> EdgeEngine:
    """An engine on the fake's URL (read from the environment) that gives up in seconds."""
    settings = EdgeSettings(concurrency=concurrency, retry=policy, seed=7,
                            breaker_failures=breaker_failures, breaker_cooldown=breaker_cooldown,
                            probe_timeout=2.0)
    return EdgeEngine(settings)


def use_engine(engine: EdgeEngine) -> EdgeEngine:
    """Make ``engine`` the one the registry hands out for "edge" (profiles, pipeline, CLI)."""
    register_engine("edge", lambda: engine)
    return engine


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEdge]:
    """The fake service, with AUDIOPAPER_EDGE_URL pointing at it."""
    with FakeEdge() as service:
        monkeypatch.setenv("AUDIOPAPER_EDGE_URL", service.url)
        yield service


@pytest.fixture
def engine(fake: FakeEdge) -> EdgeEngine:
    return use_engine(fast_engine())
