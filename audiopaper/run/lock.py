"""One run per output folder: an flock on ``OUT/.audiopaper.lock`` that a crashed holder cannot keep.

The kernel drops an ``flock`` when its holder's process dies (even on ``kill -9``), so a lock is
never stale. The file itself stays and names the last holder (pid, host, start time) for the
message a second run prints.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .. import constants as C
from ..errors import PublishError, RunLocked

_POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a folder's lock."""

    pid: int
    host: str
    started: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started}"


def lock_path(out_dir: Path) -> Path:
    return out_dir / C.LOCK_FILE


def read_holder(out_dir: Path) -> Holder | None:
    """The holder written in the lock file, if it is readable."""
    try:
        data = json.loads(lock_path(out_dir).read_text(encoding="utf-8"))
        return Holder(int(data["pid"]), str(data["host"]), str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_locked(out_dir: Path) -> bool:
    """Whether a run holds the folder now (for `audiopaper doctor`)."""
    try:
        fd = os.open(lock_path(out_dir), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


class RunLock:
    """Hold ``out_dir`` for one run; wait up to ``wait`` seconds for another run to finish."""

    def __init__(self, out_dir: Path, wait: float = 0.0) -> None:
        self.out_dir = out_dir
        self.wait = wait
        self._fd: int | None = None

    def acquire(self) -> None:
        path = lock_path(self.out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise PublishError(f"cannot create the lock file {path} ({exc.strerror}): check that "
                               f"the output folder is writable") from exc
        deadline = time.monotonic() + self.wait
        while not self._try(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise RunLocked(self._busy_message())
            time.sleep(_POLL_SECONDS)
        self._fd = fd
        self._write_holder(fd)

    @staticmethod
    def _try(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _busy_message(self) -> str:
        holder = read_holder(self.out_dir)
        who = holder.describe() if holder else "another run"
        return (f"{self.out_dir} is being built by {who}: wait for it to finish, or pass "
                f"--wait SECONDS to queue behind it")

    @staticmethod
    def _write_holder(fd: int) -> None:
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        data = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": started})
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, data.encode() + b"\n", 0)
        except OSError:
            pass  # a full disk: the lock holds all the same, only the message loses its detail

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Unlock (the file stays: deleting it would race with a run that just opened it)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
