"""A child process that exits when its parent dies, however the parent died.

A build killed with ``kill -9`` (the OOM killer, ``timeout -s KILL``, a crashed cron host) runs no
cleanup, so its worker processes would wait forever for work that never comes, each holding its
models in memory. Every worker therefore watches its parent and leaves within a second or two.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import wait

#: How often the parent's pid is checked, in seconds (the pipe below usually answers first).
POLL_SECONDS = 0.5
#: The exit code of a worker whose parent is gone (the parent cannot read it; for `ps` only).
ORPHAN_EXIT = 70


def parent_is_gone(parent_pid: int) -> bool:
    """The parent died: this process was handed to init (or to a subreaper)."""
    return os.getppid() != parent_pid


def _watch(parent_pid: int, sentinel: int | None) -> None:
    while True:
        if sentinel is not None:
            # a multiprocessing child holds the read end of a pipe whose write end only its
            # parent has: end of file on it means the parent is gone, whatever killed it
            if wait([sentinel], timeout=POLL_SECONDS):
                os._exit(ORPHAN_EXIT)
        else:
            threading.Event().wait(POLL_SECONDS)
        if parent_is_gone(parent_pid):
            os._exit(ORPHAN_EXIT)


def exit_with_parent(parent_pid: int | None = None) -> threading.Thread:
    """Start a daemon thread that ends this process (``os._exit``) once its parent is gone.

    Call it first in a worker's initializer: a worker blocked waiting for a task, or busy in a
    model, is stopped all the same. ``parent_pid`` defaults to the current parent.
    """
    pid = os.getppid() if parent_pid is None else parent_pid
    parent = multiprocessing.parent_process()
    sentinel = parent.sentinel if parent is not None and parent.pid == pid else None
    watcher = threading.Thread(target=_watch, args=(pid, sentinel), name="lifeline", daemon=True)
    watcher.start()
    return watcher
