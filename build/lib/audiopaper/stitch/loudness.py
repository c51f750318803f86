"""Loudness per clip, measured in numpy the way ITU-R BS.1770 says, and a true-peak-safe limiter.

Each clip is measured and brought to the programme's level before it is joined, so no article is
quieter than another; the K-weighting filter is applied in the frequency domain (one FFT per clip)
because numpy has no IIR filter and a Python sample loop would be far too slow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

_BLOCK = 0.4  # gating block, seconds
_HOP = 0.1  # blocks overlap by 75 %
_ABSOLUTE_GATE = -70.0
_RELATIVE_GATE = -10.0
_TAIL = 0.25  # seconds of zeros so the filter's ringing does not wrap around
_OVERSAMPLE = 4
_LIMIT_BLOCK = 0.005  # limiter gain is decided per 5 ms block
#: A silent or empty clip has this loudness.
SILENCE = -math.inf


def fast_length(n: int) -> int:
    """The smallest 2^a·3^b·5^c ≥ n: pocketfft is many times slower on sizes with large primes."""
    best = 1 << max(0, (n - 1).bit_length())
    power5 = 1
    while power5 < best:
        power35 = power5
        while power35 < best:
            size = power35 << max(0, (-(-n // power35) - 1).bit_length())
            best = min(best, size)
            power35 *= 3
        power5 *= 5
    return best


def _biquad_response(b: tuple[float, float, float], a: tuple[float, float, float],
                     z: np.ndarray) -> np.ndarray:
    """H(z) of a biquad at the given points z^-1 = e^{-jω}."""
    z2 = z * z
    return (b[0] + b[1] * z + b[2] * z2) / (a[0] + a[1] * z + a[2] * z2)


def k_weighting(sample_rate: int, n_fft: int) -> np.ndarray:
    """The K-weighting filter's response at the bins of an ``n_fft`` real FFT.

    The two stages (a high shelf for the head, a high pass) are the BS.1770 analogue designs
    taken to ``sample_rate`` by the bilinear transform, so any working rate is exact.
    """
    z = np.exp(-2j * np.pi * np.fft.rfftfreq(n_fft))
    k = math.tan(math.pi * 1681.974450955533 / sample_rate)
    q, vh = 0.7071752369554196, 10 ** (3.999843853973347 / 20)
    vb = vh ** 0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = _biquad_response(((vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0,
                              (vh - vb * k / q + k * k) / a0),
                             (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0), z)
    k = math.tan(math.pi * 38.13547087602444 / sample_rate)
    q = 0.5003270373238773
    a0 = 1 + k / q + k * k
    highpass = _biquad_response((1.0, -2.0, 1.0),
                                (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0), z)
    return shelf * highpass


def weighted_power(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Mean square of the K-weighted signal in each 100 ms step (the last, partial one dropped).

    Steps are the unit both clip and programme gating are built from: four make one block.
    """
    x = np.asarray(samples, dtype=np.float64) / 32768.0
    n_fft = fast_length(len(x) + int(_TAIL * sample_rate))
    filtered = np.fft.irfft(np.fft.rfft(x, n_fft) * k_weighting(sample_rate, n_fft), n_fft)[:len(x)]
    step = int(_HOP * sample_rate)
    count = len(x) // step
    return np.mean(filtered[:count * step].reshape(count, step) ** 2, axis=1)


def gated_loudness(steps: np.ndarray) -> float:
    """Integrated loudness (LUFS) from 100 ms step powers, with BS.1770's two gates."""
    per_block = int(round(_BLOCK / _HOP))
    if len(steps) < per_block:
        blocks = np.array([steps.mean()]) if len(steps) else np.array([])
    else:
        blocks = np.convolve(steps, np.ones(per_block) / per_block, mode="valid")
    return _gate(blocks)


def _gate(blocks: np.ndarray) -> float:
    """BS.1770's absolute and relative gates over 400 ms block powers, as LUFS."""
    loud = blocks[_lufs(blocks) > _ABSOLUTE_GATE]
    if not len(loud):
        return SILENCE
    kept = loud[_lufs(loud) > _lufs(np.array([loud.mean()]))[0] + _RELATIVE_GATE]
    return float(_lufs(np.array([kept.mean()]))[0])


def joined_loudness(momentary: Sequence[float]) -> float:
    """Integrated loudness of parts played one after another, from their momentary loudness.

    Momentary values are the 400 ms blocks BS.1770 gates, so gating all parts' blocks together
    gives what a meter reads on the joined file (the few blocks across a join fall in pauses).
    """
    values = np.asarray(momentary, dtype=np.float64)
    return _gate(10 ** ((values + 0.691) / 10)) if len(values) else SILENCE


def _lufs(power: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return -0.691 + 10 * np.log10(power)


def integrated_loudness(samples: np.ndarray, sample_rate: int) -> float:
    """A clip's integrated loudness in LUFS; a clip shorter than a block is one block."""
    steps = weighted_power(samples, sample_rate)
    if not len(steps) and len(samples):
        x = np.asarray(samples, dtype=np.float64) / 32768.0
        steps = np.array([np.mean(x ** 2)])
    return gated_loudness(steps)


def gain_to(loudness: float, target: float, max_gain_db: float = 24.0) -> float:
    """Linear gain that takes ``loudness`` to ``target``; silence and near-silence are not raised."""
    if loudness == SILENCE:
        return 1.0
    return float(10 ** (min(target - loudness, max_gain_db) / 20))


def true_peaks(samples: np.ndarray) -> np.ndarray:
    """Each sample's peak magnitude including the inter-sample peaks around it (4x oversampled)."""
    x = np.asarray(samples, dtype=np.float64)
    if len(x) < 2:
        return np.abs(x)
    n = fast_length(len(x) + 64)
    spectrum = np.fft.rfft(x, n)
    up = np.fft.irfft(spectrum, n * _OVERSAMPLE) * _OVERSAMPLE
    return np.abs(up[:len(x) * _OVERSAMPLE]).reshape(len(x), _OVERSAMPLE).max(axis=1)


def limit(samples: np.ndarray, sample_rate: int, ceiling: float,
          peaks: np.ndarray | None = None) -> np.ndarray:
    """Float samples with no true peak above ``ceiling`` (linear, full scale 32768).

    The gain is the lowest needed anywhere in a 5 ms block and its neighbours, interpolated
    between block centres: never above what a sample needs, and never a click. ``peaks`` (from
    ``true_peaks``) may be passed in when several profiles limit the same samples.
    """
    peaks = true_peaks(samples) if peaks is None else peaks
    if not len(peaks) or peaks.max() <= ceiling:
        return np.asarray(samples, dtype=np.float64)
    size = max(1, int(_LIMIT_BLOCK * sample_rate))
    count = -(-len(peaks) // size)
    padded = np.full(count * size, 0.0)
    padded[:len(peaks)] = peaks
    need = np.minimum(1.0, ceiling / np.maximum(padded.reshape(count, size).max(axis=1), 1e-9))
    edged = np.concatenate(([1.0, 1.0], need, [1.0, 1.0]))
    smooth = np.min([edged[i:i + count] for i in range(5)], axis=0)
    centres = np.arange(count) * size + size / 2
    gain = np.interp(np.arange(len(peaks)), centres, smooth)
    return np.asarray(samples, dtype=np.float64) * gain
