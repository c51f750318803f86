"""Loudness profiles: how loud, how high the peaks, and in which format each output is written."""

from __future__ import annotations

from dataclasses import dataclass

from .. import constants as C
from ..config import AudioConfig
from ..util.ffmpeg import mp3_args, pcm_args

#: Every clip is levelled to this before a profile's gain; the podcast target, so it needs none.
REFERENCE_LUFS = C.LOUDNESS_PROFILES["podcast"][0]
#: Room left below a profile's true-peak ceiling for what MP3 encoding adds to peaks.
CODEC_MARGIN_DB = 1.0
#: Make-up gains (dB), measured here with ffmpeg's ebur128 on the published files: the pauses
#: and the limiter leave a programme ~0.3 LU below its levelled clips, and a decoded MP3 reads
#: another ~0.4 LU lower than the PCM that went into the encoder.
PROGRAMME_MAKEUP_DB = 0.3
MP3_MAKEUP_DB = 0.4


@dataclass(frozen=True)
class Profile:
    """One set of outputs: target loudness, true-peak ceiling, rate and container."""

    name: str
    loudness: float
    true_peak: float
    sample_rate: int
    container: str
    bitrate: str
    folder: str

    @property
    def gain(self) -> float:
        """Linear gain from the reference level to this profile's target, with make-up gain."""
        makeup = PROGRAMME_MAKEUP_DB + (MP3_MAKEUP_DB if self.container == "mp3" else 0.0)
        return float(10 ** ((self.loudness - REFERENCE_LUFS + makeup) / 20))

    @property
    def ceiling(self) -> float:
        """The limiter's ceiling in int16 full scale, with the codec's margin below the limit."""
        margin = CODEC_MARGIN_DB if self.container == "mp3" else 0.3
        return float(32768 * 10 ** ((self.true_peak - margin) / 20))

    def section_args(self) -> list[str]:
        """ffmpeg output options for a section: a stream that joins end to end with the next."""
        if self.container == "wav":
            return pcm_args(self.sample_rate)
        return mp3_args(self.sample_rate, self.bitrate, frames_only=True)


def profiles(audio: AudioConfig) -> list[Profile]:
    """The profiles a config asks for; the podcast one first (its files feed the podcast)."""
    made = []
    for name in sorted(audio.profiles, key=lambda n: n != "podcast"):
        loudness, peak, rate = C.LOUDNESS_PROFILES[name]
        broadcast = name == "broadcast"
        made.append(Profile(name=name, loudness=loudness, true_peak=peak, sample_rate=rate,
                            container=audio.broadcast_format if broadcast else "mp3",
                            bitrate=audio.broadcast_bitrate if broadcast else audio.podcast_bitrate,
                            folder="broadcast" if broadcast else ""))
    return made
