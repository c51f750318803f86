"""How the edge engine survives a moody service: backoff with jitter and a circuit breaker.

The breaker is shared by every thread of a run: after a few failed requests in a row it opens,
and for a cool-down the engine fails at once (its segments go to the fallback voice) instead
of paying the same timeout again for each of hundreds of segments.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ... import constants as C
from ...errors import EngineUnavailable


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently one segment is retried."""

    attempts: int = C.EDGE_ATTEMPTS
    timeout: float = C.EDGE_REQUEST_TIMEOUT
    timeout_per_char: float = C.EDGE_TIMEOUT_PER_CHAR
    deadline: float = C.EDGE_SEGMENT_DEADLINE
    backoff: float = C.EDGE_BACKOFF
    backoff_cap: float = C.EDGE_BACKOFF_CAP

    def request_timeout(self, text: str) -> float:
        """Longer texts take longer to stream; the bound grows with them."""
        return self.timeout + self.timeout_per_char * len(text)

    def delay(self, attempt: int, rng: random.Random, at_least: float = 0.0) -> float:
        """Wait before retry ``attempt`` (1-based): doubling, capped, half of it random.

        ``at_least`` honours a server's Retry-After, still within the cap.
        """
        ceiling = min(self.backoff_cap, self.backoff * 2 ** (attempt - 1))
        jittered = ceiling / 2 + rng.uniform(0, ceiling / 2)
        return min(self.backoff_cap, max(jittered, at_least))


class CircuitBreaker:
    """Closed, open for ``cooldown`` seconds after ``threshold`` failures in a row, then one trial."""

    def __init__(self, threshold: int = C.EDGE_BREAKER_FAILURES,
                 cooldown: float = C.EDGE_BREAKER_COOLDOWN,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial = False
        self.last_reason = ""

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._opened_at is not None

    def before_call(self) -> None:
        """Raise ``EngineUnavailable`` while open; after the cool-down let one trial through."""
        with self._lock:
            if self._opened_at is None:
                return
            waited = self._clock() - self._opened_at
            if waited >= self.cooldown and not self._trial:
                self._trial = True
                return
            left = max(0.0, self.cooldown - waited)
        raise EngineUnavailable(f"edge-tts failed {self.threshold} times in a row "
                                f"({self.last_reason}); not calling it for {left:.0f} s more: "
                                f"check the network or the service, the fallback voice speaks "
                                f"meanwhile")

    def success(self) -> None:
        with self._lock:
            self._failures, self._opened_at, self._trial = 0, None, False

    def failure(self, reason: str) -> None:
        with self._lock:
            self._failures += 1
            self.last_reason = reason
            if self._trial or self._failures >= self.threshold:
                self._opened_at, self._trial = self._clock(), False
