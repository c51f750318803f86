"""The one exception tree of audiopaper: every message says what went wrong and how to fix it.

Exit codes (docs/nightly.md): 0 success; 2 usage or config error; 3 bad input; 4 partial
edition published (fallbacks or omissions); 5 nothing published (engine, media, publish failure or
another run holding the output folder); 6 the e-paper edition is not published yet (run again later
or with --wait); 7 the e-paper site gives no text (filled in by JavaScript, or page images only:
read its PDFs); 130 interrupted.
"""

from __future__ import annotations


#: Exit codes of the policy above, by name.
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_PARTIAL = 4
EXIT_FAILED = 5
EXIT_NOT_YET = 6
EXIT_NO_TEXT = 7
EXIT_INTERRUPTED = 130


class AudiopaperError(Exception):
    """Raised for any failure a user can act on; the CLI prints its message without a traceback."""

    exit_code = EXIT_FAILED


class UsageError(AudiopaperError):
    """Raised when a command is called with options that cannot work together."""

    exit_code = EXIT_USAGE


class InputError(AudiopaperError):
    """Raised when an edition file cannot be read or holds no articles."""

    exit_code = EXIT_INPUT


class ConfigError(AudiopaperError):
    """Raised when a voice profile or audiopaper.toml is missing, malformed or inconsistent."""

    exit_code = EXIT_USAGE


class EngineError(AudiopaperError):
    """Raised when a speech engine cannot synthesize (missing model, unreachable service, bad voice)."""

    exit_code = EXIT_FAILED


class EngineUnavailable(EngineError):
    """Raised when an engine cannot run on this machine at all (not installed, no network)."""


class MediaError(AudiopaperError):
    """Raised when ffmpeg is missing or fails to decode or encode audio."""

    exit_code = EXIT_FAILED


class PublishError(AudiopaperError):
    """Raised when the feed or the published files cannot be written safely."""

    exit_code = EXIT_FAILED


class RunLocked(AudiopaperError):
    """Raised when another run holds the output folder's lock past the --wait time."""

    exit_code = EXIT_FAILED


class Interrupted(AudiopaperError):
    """Raised when a run is stopped by SIGINT or SIGTERM; finished segments stay in the cache."""

    exit_code = EXIT_INTERRUPTED


class ClusterError(AudiopaperError):
    """Raised when the cluster's broker cannot be reached or its workers do not answer."""

    exit_code = EXIT_FAILED


class ClusterRefused(EngineError):
    """Raised when a worker refuses a segment (another engine version) or its engine failed."""


class MissingExtra(AudiopaperError):
    """Raised when a command needs an optional part (an extra) that is not installed."""

    exit_code = EXIT_USAGE

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(f"{what} needs the '{extra}' extra, which is not installed: "
                         f"pip install 'audiopaper[{extra}]' (scripts/install installs it)")
        self.extra = extra


def require_extra(extra: str, what: str, *modules: str) -> None:
    """Import-check an extra's modules, so a missing one is a line naming the extra, not a traceback."""
    import importlib.util

    for name in modules:
        if importlib.util.find_spec(name) is None:
            raise MissingExtra(what, extra)


class FetchError(AudiopaperError):
    """Raised when an e-paper site cannot be fetched (refused, failing, too large, off-site)."""

    exit_code = EXIT_FAILED


class EditionNotOut(FetchError):
    """Raised when the e-paper edition of the date is not on the site yet."""

    exit_code = EXIT_NOT_YET


class NoTextError(InputError):
    """Raised when an e-paper page holds no text to read (JavaScript-filled, or images only)."""

    exit_code = EXIT_NO_TEXT
