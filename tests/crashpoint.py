"""Run the audiopaper CLI and kill -9 itself at the Nth file published into a folder.

Every publish step of audiopaper is an ``os.replace`` of a finished temp file, so crashing just
before the Nth replace into ``$CRASH_DIR`` (``$CRASH_AT``; ``$CRASH_WHEN=after`` for just after)
hits each publishing point exactly. ``$CRASH_COUNT_FILE`` receives how many replaces a run made.
Usage: CRASH_DIR=out CRASH_AT=3 python tests/crashpoint.py build page.txt --out out
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
from pathlib import Path


def _arm() -> None:
    target = str(Path(os.environ["CRASH_DIR"]).resolve()) + os.sep
    crash_at = int(os.environ.get("CRASH_AT", "0"))
    after = os.environ.get("CRASH_WHEN") == "after"
    real, count = os.replace, [0]

    def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not str(Path(os.fspath(dst)).resolve()).startswith(target):
            return real(src, dst, *args, **kwargs)
        count[0] += 1
        if count[0] == crash_at and not after:
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst, *args, **kwargs)
        if count[0] == crash_at and after:
            os.kill(os.getpid(), signal.SIGKILL)

    os.replace = replace
    if os.environ.get("CRASH_COUNT_FILE"):
        atexit.register(lambda: Path(os.environ["CRASH_COUNT_FILE"]).write_text(str(count[0])))


if __name__ == "__main__":
    _arm()
    from audiopaper.cli import cli

    sys.exit(cli(prog_name="audiopaper"))
