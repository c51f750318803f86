"""Real parts for the cluster tests: Debian's redis-server and `audiopaper worker` processes.

Redis binds 127.0.0.1 only, on a free port, with no persistence and its files in the test's
temp folder; every process started here is stopped by the fixture, also when a test fails.
Each worker runs in its own session, so a kill of its process group kills its pool children too
(a machine lost, not only its main process).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REDIS = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(REDIS is None, reason="redis-server is missing: run "
                                 "scripts/install --test (Debian's redis-server)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """One redis-server process that a test can stop and start again on the same port."""

    def __init__(self, folder: Path, password: str = "") -> None:
        self.folder = folder
        self.port = free_port()
        self.password = password
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def _ask(self, command: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
            if self.password:
                conn.sendall(f"AUTH {self.password}\r\n".encode())
                conn.recv(16)
            conn.sendall(command)
            return conn.recv(16)

    def start(self) -> None:
        assert REDIS is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        log = (self.folder / "redis.log").open("ab")
        self.proc = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder), "--daemonize", "no",
             "--protected-mode", "yes",
             *(["--requirepass", self.password] if self.password else [])],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self._ask(b"PING\r\n").startswith(b"+PONG"):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start: {(self.folder / 'redis.log').read_text()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def flush(self) -> None:
        assert self._ask(b"FLUSHALL\r\n").startswith(b"+OK")


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real Redis for the module's tests (started once; each test gets it flushed)."""
    if REDIS is None:
        pytest.skip("redis-server is missing: run scripts/install --test")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def broker(redis_server: RedisServer) -> Iterator[RedisServer]:
    """The module's Redis, running and empty for this test (a test may stop and start it)."""
    if redis_server.proc is None:
        redis_server.start()
    redis_server.flush()
    yield redis_server
    if redis_server.proc is None:
        redis_server.start()


class Worker:
    """An `audiopaper worker` process group, its log, and how to end it."""

    def __init__(self, url: str, env: dict[str, str], log: Path, engine: str = "fake",
                 concurrency: int = 1) -> None:
        self.log = log
        out = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "audiopaper", "worker", "--broker", url, "--engine", engine,
             "--concurrency", str(concurrency), "--loglevel", "INFO"],
            env=env, stdout=out, stderr=out, stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.text():
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited ({self.proc.returncode}):\n{self.text()}")
            time.sleep(0.1)
        raise RuntimeError(f"worker not ready after {timeout} s:\n{self.text()}")

    def kill(self) -> None:
        """kill -9 of the whole worker (main process and pool children)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[Worker]]:
    """Started workers are appended here by the test; all are stopped at its end."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def start_workers(started: list[Worker], url: str, env: dict[str, str], folder: Path,
                  count: int = 1, engine: str = "fake", concurrency: int = 1,
                  **extra_env: str) -> list[Worker]:
    """Start ``count`` workers (each with its own engine log) and wait until all are ready."""
    new = []
    for _ in range(count):
        n = len(started)
        worker_env = {**env, "FAKE_ENGINE_LOG": str(folder / f"engine-{n}.log"), **extra_env}
        worker = Worker(url, worker_env, folder / f"worker-{n}.log", engine, concurrency)
        started.append(worker)
        new.append(worker)
    for worker in new:
        worker.wait_ready()
    return new


def spoken(folder: Path, pattern: str = "engine-*.log") -> list[str]:
    """Every segment the workers' fake engines synthesized (not their warm-up), over all logs."""
    from audiopaper.synth.cluster.worker import WARM_TEXT

    lines: list[str] = []
    for log in sorted(folder.glob(pattern)):
        lines += [t for t in log.read_text(encoding="utf-8").splitlines() if t != WARM_TEXT]
    return lines
