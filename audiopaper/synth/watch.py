"""Whether this machine can speak the edition in time with the voices chosen, said early.

A voice that is fine on a workstation (Kokoro costs about seven times the baker voice's CPU) can
need all night on a small or busy machine. After the first minute of synthesis the build knows
its pace; when the projected synthesis time is over the limit it says so once, as a warning the
run report keeps, with the real-time factor and what to do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..types import Clip, Segment

#: Project only after this much synthesis, in seconds (model loading and warm-up dominate before).
SETTLE_SECONDS = 60.0
#: Warn when the whole synthesis is projected to take longer than this, in seconds.
SLOW_SECONDS = 2 * 3600.0


@dataclass
class SpeedWatch:
    """Fed every clip as it arrives; ``note`` returns the warning once, when it is due."""

    segments: list[Segment]
    limit: float = SLOW_SECONDS
    settle: float = SETTLE_SECONDS
    start: float = field(default_factory=time.perf_counter)
    _total: int = 0
    _seen: int = 0
    _made: int = 0
    _audio: float = 0.0
    _warned: bool = False

    def __post_init__(self) -> None:
        self._total = sum(len(s.speech) for s in self.segments) or 1

    def note(self, clip: Clip, voices: str, now: float | None = None) -> str:
        """The warning to give now ('' when none): after ``settle`` seconds, once."""
        size = len(clip.segment.speech)
        self._seen += size
        if not clip.cached:
            self._made += size
            self._audio += clip.duration
        elapsed = (time.perf_counter() if now is None else now) - self.start
        if self._warned or elapsed < self.settle or not self._made:
            return ""
        projected = elapsed + elapsed * (self._total - self._seen) / self._made
        if projected <= self.limit:
            return ""
        self._warned = True
        rtf = elapsed / self._audio if self._audio else 0.0
        return (f"synthesis is too slow on this machine for {voices}: real-time factor {rtf:.2f}, "
                f"about {projected / 3600:.1f} h for this edition; use a faster voice (--voice "
                f"baker), fewer other jobs, or a cluster of workers (docs/voices.md)")
