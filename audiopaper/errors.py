"""The one exception tree of audiopaper: every message says what went wrong and how to fix it."""

from __future__ import annotations


class AudiopaperError(Exception):
    """Raised for any failure a user can act on; the CLI prints its message without a traceback."""

    exit_code = 1


class UsageError(AudiopaperError):
    """Raised when a command is called with options that cannot work together."""

    exit_code = 2


class InputError(AudiopaperError):
    """Raised when an edition file cannot be read or holds no articles."""

    exit_code = 3


class ConfigError(AudiopaperError):
    """Raised when a voice profile or audiopaper.toml is missing, malformed or inconsistent."""

    exit_code = 2


class EngineError(AudiopaperError):
    """Raised when a speech engine cannot synthesize (missing model, unreachable service, bad voice)."""

    exit_code = 5


class EngineUnavailable(EngineError):
    """Raised when an engine cannot run on this machine at all (not installed, no network)."""


class MediaError(AudiopaperError):
    """Raised when ffmpeg is missing or fails to decode or encode audio."""

    exit_code = 5


class PublishError(AudiopaperError):
    """Raised when the feed or the published files cannot be written safely."""

    exit_code = 5
