"""The numpy loudness meter agrees with ffmpeg's ebur128; the limiter keeps true peaks down."""

from __future__ import annotations

import numpy as np
import pytest

from audiopaper.util.ffmpeg import Encoder, measure_loudness, wav_args
from audiopaper.stitch.loudness import (SILENCE, fast_length, gain_to, integrated_loudness,
                                        k_weighting, limit, true_peaks)

from fake_voice import speech_like

RATE = 24_000
T = np.arange(RATE * 6) / RATE


def _ffmpeg_loudness(samples: np.ndarray, tmp_path):
    path = tmp_path / "x.wav"
    with Encoder(path, RATE, wav_args(RATE)) as encoder:
        encoder.write(np.round(samples).astype(np.int16))
    return measure_loudness(path)


@pytest.mark.parametrize("signal", [
    0.3 * np.sin(2 * np.pi * 1000 * T),
    0.3 * np.sin(2 * np.pi * 60 * T),
    0.5 * np.sin(2 * np.pi * 8000 * T),
    0.3 * np.sin(2 * np.pi * 300 * T) * (np.sin(2 * np.pi * 0.7 * T) > 0),
    speech_like(7, 6.0) / 32767,
], ids=["1k", "60Hz", "8k", "gated-bursts", "speech-like"])
def test_meter_matches_ffmpeg_ebur128(signal, tmp_path):
    samples = np.round(signal * 32767)
    reference = _ffmpeg_loudness(samples, tmp_path)
    assert integrated_loudness(samples, RATE) == pytest.approx(reference.integrated, abs=0.3)


def test_k_weighting_is_about_plus_0_7_db_at_1_khz():
    n = 48_000
    response = k_weighting(48_000, n)[1000 * n // 48_000]
    assert 20 * np.log10(abs(response)) == pytest.approx(0.691, abs=0.05)


def test_silence_has_no_loudness_and_is_not_raised():
    assert integrated_loudness(np.zeros(RATE), RATE) == SILENCE
    assert gain_to(SILENCE, -16.0) == 1.0
    assert gain_to(-60.0, -16.0) == pytest.approx(10 ** (24 / 20))  # capped, noise not pumped


def test_short_clip_is_measured_as_one_block():
    short = np.round(0.3 * np.sin(2 * np.pi * 1000 * T[: RATE // 5]) * 32767)
    assert integrated_loudness(short, RATE) == pytest.approx(-13.4, abs=0.3)


def test_limiter_keeps_true_peaks_under_the_ceiling_and_leaves_quiet_audio_alone():
    loud = 0.95 * np.sin(2 * np.pi * 5000 * T + 0.4) * 32767
    ceiling = 32768 * 10 ** (-2 / 20)
    assert true_peaks(limit(loud, RATE, ceiling)).max() <= ceiling * 1.001
    quiet = loud * 0.1
    assert np.array_equal(limit(quiet, RATE, ceiling), quiet)


def test_true_peak_sees_between_samples():
    # A sine at a quarter of the rate, sampled off its crests: samples read 3 dB low.
    x = np.sin(2 * np.pi * (RATE / 4) * T[:4800] + np.pi / 4) * 10_000
    assert np.abs(x).max() < 7100 and true_peaks(x)[100:-100].max() == pytest.approx(10_000, rel=0.02)


@pytest.mark.parametrize("n", [1, 7, 97, 1000, 480_001, 1_234_567])
def test_fast_length_is_5_smooth_and_not_shorter(n):
    size = fast_length(n)
    assert size >= n and size < 2 * n + 2
    for prime in (2, 3, 5):
        while size % prime == 0:
            size //= prime
    assert size == 1
