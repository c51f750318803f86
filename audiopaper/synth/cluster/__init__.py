"""Synthesis on a Celery cluster: the coordinator's side of ``synth.Backend``.

Each segment not in the local cache becomes one task (the cache key's content) on its engine's
queue; a collector thread watches the results and hands each clip, checked, to the thread
waiting for it. Faults: a dead worker's task comes back to its queue (late acks, visibility
timeout); a lost broker is retried a bounded number of times, then the run stops with every clip
received already in the cache; a rerun re-sends, and a worker answers from a clip already spoken.
"""

from __future__ import annotations

from ...errors import require_extra

require_extra("cluster", "the synthesis cluster (build --broker, worker, cluster status)",
              "celery", "kombu", "redis")

import threading  # noqa: E402  (after the check, so a missing extra is one line)
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from ... import constants as C
from ...errors import ClusterError, ClusterRefused, Interrupted
from ...types import Audio
from ..cache import cache_key
from ..engine import Engine
from .app import make_app, queue_for, redact
from .clips import clip_key, unpack

_BROKER_ERRORS = (RedisError, OperationalError, OSError)


def broker_lost(url: str, exc: BaseException) -> ClusterError:
    return ClusterError(f"lost the broker at {redact(url)} ({type(exc).__name__}: {exc}): every "
                        f"clip received is cached; start Redis again and rerun the same command")


@dataclass
class _Wait:
    """A segment sent to the cluster and the thread waiting for its clip."""

    payload: dict[str, Any]
    priority: int
    tasks: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)
    result: dict[str, Any] | None = None
    error: Exception | None = None


class ClusterBackend:
    """Segments spoken by `audiopaper worker` processes, through the broker at ``url``."""

    def __init__(self, url: str, priority: int = 0, in_flight: int = C.CLUSTER_IN_FLIGHT) -> None:
        self.url = url
        self.priority = max(0, min(9, priority))
        self.in_flight = in_flight
        self.app = make_app(url)
        self._waits: dict[int, _Wait] = {}
        self._lock = threading.Lock()
        self._lost: Exception | None = None  # set once the broker is given up on, or on cancel
        self._collector: threading.Thread | None = None
        self._closed = threading.Event()
        self._progress = time.monotonic()

    # -- connection --------------------------------------------------------------------------
    def connect(self) -> None:
        """Reach the broker now, so a run whose broker is down stops before anything is sent."""
        try:
            self.app.backend.client.ping()
        except _BROKER_ERRORS as exc:
            raise ClusterError(f"cannot reach the broker at {redact(self.url)} ({exc}): start "
                               f"Redis there, or fix --broker ([cluster] broker in audiopaper.toml, "
                               f"${C.ENV_BROKER})") from exc

    def cancel(self) -> None:
        """The run is stopping (Ctrl-C, another segment failed): nobody waits for a clip any more.

        What the workers are speaking still lands in Redis, where a rerun finds it.
        """
        self._lost = self._lost or Interrupted("the run stopped while segments were out: run the "
                                               "same command again to resume")
        self._fail_all(self._lost)

    def close(self) -> None:
        self._closed.set()
        if self._collector is not None:
            self._collector.join(timeout=5)

    # -- synth.Backend -----------------------------------------------------------------------
    def slots(self, engine: Engine) -> int:
        return self.in_flight

    def speak(self, engine: Engine, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        key = cache_key(engine.id, engine.version, voice, dict(options), text)
        payload = {"engine": engine.id, "version": engine.version, "voice": voice,
                   "options": dict(options), "text": text, "key": key}
        wait = _Wait(payload, self.priority)
        with self._lock:
            self._waits[id(wait)] = wait
            self._start_collector()
        try:
            self._send(wait)
            while not wait.done.wait(0.5):
                if self._closed.is_set():
                    raise ClusterError("the cluster backend was closed while a segment was out")
            if wait.error is not None:
                raise wait.error
            return self._fetch(wait)
        finally:
            with self._lock:
                self._waits.pop(id(wait), None)

    # -- internals ---------------------------------------------------------------------------
    def _send(self, wait: _Wait) -> None:
        payload = wait.payload
        result = self._retrying(lambda: self.app.send_task(
            C.CLUSTER_TASK, args=[payload], queue=queue_for(payload["engine"]),
            priority=wait.priority, retry=False))
        wait.tasks.append(result.id)

    def _fetch(self, wait: _Wait) -> Audio:
        """The clip a worker stored; one gone (expired, an empty broker) is asked for again."""
        client = self.app.backend.client
        for _attempt in range(3):
            assert wait.result is not None
            name = wait.result["clip"]
            fields = self._retrying(lambda: client.hgetall(name))
            if fields:
                audio = unpack(fields, wait.payload["text"])
                self._retrying(lambda: client.expire(name, C.CLUSTER_FETCHED_TTL))
                return audio
            wait.done.clear()
            wait.result = None
            wait.tasks.clear()  # the old task's answer points at the missing clip
            self._send(wait)
            wait.done.wait()
            if wait.error is not None:
                raise wait.error
        raise ClusterRefused(f"the clip for '{wait.payload['text'][:30]}' vanished from the "
                             f"broker three times: give Redis more memory (maxmemory) and rerun")

    def _retrying(self, call: Any) -> Any:
        """A broker call, tried again while the broker is away (bounded), else the run stops."""
        delay = 1.0
        for attempt in range(C.CLUSTER_BROKER_RETRIES):
            if self._lost is not None:
                raise self._lost
            try:
                return call()
            except _BROKER_ERRORS as exc:
                if attempt == C.CLUSTER_BROKER_RETRIES - 1 or self._closed.is_set():
                    self._lost = self._lost or broker_lost(self.url, exc)
                    raise self._lost from exc
                time.sleep(delay)
                delay = min(delay * 2, 8.0)
        raise AssertionError("unreachable")

    def _start_collector(self) -> None:
        if self._collector is None or not self._collector.is_alive():
            self._collector = threading.Thread(target=self._collect, name="cluster-results",
                                               daemon=True)
            self._collector.start()

    def _collect(self) -> None:
        """Look at every outstanding task's result; wake its waiter when it is in."""
        failures = 0
        while not self._closed.is_set():
            with self._lock:
                waits = [w for w in self._waits.values() if w.tasks and not w.done.is_set()]
            if not waits:
                self._progress = time.monotonic()
                time.sleep(C.CLUSTER_POLL)
                continue
            try:
                metas = self._results(waits)
                if failures:  # the broker is back: it may have restarted empty, so re-send
                    for wait in waits:
                        self._send(wait)
                failures = 0
            except _BROKER_ERRORS as exc:
                failures += 1
                if failures >= C.CLUSTER_BROKER_RETRIES:
                    self._lost = self._lost or broker_lost(self.url, exc)
                    self._fail_all(self._lost)
                    return
                time.sleep(min(2.0 ** (failures - 1), 8.0))
                continue
            except ClusterError as exc:
                self._fail_all(exc)
                return
            for wait, meta in metas:
                self._settle(wait, meta)
            stalled = self._stalled()
            if stalled is not None:
                self._fail_all(stalled)
                return
            time.sleep(C.CLUSTER_POLL)

    def _results(self, waits: list[_Wait]) -> list[tuple[_Wait, dict[str, Any]]]:
        """The finished result of each wait (the first of its tasks that finished)."""
        backend = self.app.backend
        pairs = [(w, t) for w in waits for t in w.tasks]
        raw = backend.client.mget([backend.get_key_for_task(t) for _w, t in pairs])
        found = []
        for (wait, _task), value in zip(pairs, raw):
            if value is None:
                continue
            meta = backend.decode_result(value)
            if meta.get("status") in ("SUCCESS", "FAILURE"):
                found.append((wait, meta))
        return found

    def _settle(self, wait: _Wait, meta: dict[str, Any]) -> None:
        if wait.done.is_set():
            return
        self._progress = time.monotonic()
        result = meta.get("result")
        if meta.get("status") != "SUCCESS" or not isinstance(result, dict):
            wait.error = ClusterRefused(f"a worker failed on '{wait.payload['text'][:30]}' "
                                        f"({result!r}): see that worker's log")
        elif "refused" in result:
            wait.error = ClusterRefused(result["refused"])
        elif "error" in result:
            wait.error = ClusterRefused(result["error"])
        else:
            wait.result = result
        wait.done.set()

    def _stalled(self) -> ClusterError | None:
        idle = time.monotonic() - self._progress
        if idle <= C.CLUSTER_STALL:
            return None
        with self._lock:
            queues = sorted({w.payload["engine"] for w in self._waits.values()})
        return ClusterError(f"no clip came back for {idle:.0f} s: start a worker for each "
                               f"engine in use ({', '.join(queues)}: audiopaper worker --broker "
                               f"{redact(self.url)} --engine …), see audiopaper cluster status")

    def _fail_all(self, error: Exception) -> None:
        with self._lock:
            waits = list(self._waits.values())
        for wait in waits:
            if not wait.done.is_set():
                wait.error = error
                wait.done.set()
