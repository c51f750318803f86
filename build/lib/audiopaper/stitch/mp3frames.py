"""How long an MPEG Layer III stream lasts, counted frame by frame from its headers.

Parts encoded separately are joined end to end; where each part starts in the joined file is
the sum of the earlier parts' frames, so the chapters are exact without decoding anything.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import MediaError

_MPEG1_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2_KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_MPEG1_RATES = (44_100, 48_000, 32_000)
#: version bits => (rate divisor, samples per Layer III frame)
_VERSIONS = {3: (1, 1152), 2: (2, 576), 0: (4, 576)}


def frame_info(header: bytes) -> tuple[int, int]:
    """(bytes, samples) of the Layer III frame that starts with these four bytes."""
    b1, b2 = header[1], header[2]
    version, layer = (b1 >> 3) & 3, (b1 >> 1) & 3
    bitrate, rate_index, padding = b2 >> 4, (b2 >> 2) & 3, (b2 >> 1) & 1
    if header[0] != 0xFF or b1 & 0xE0 != 0xE0 or version not in _VERSIONS or layer != 1 \
            or bitrate in (0, 15) or rate_index == 3:
        raise MediaError("an encoded part is not a plain MPEG Layer III stream: check the "
                         "ffmpeg in use (run `audiopaper doctor`)")
    divisor, samples = _VERSIONS[version]
    rate = _MPEG1_RATES[rate_index] // divisor
    kbps = (_MPEG1_KBPS if version == 3 else _MPEG2_KBPS)[bitrate]
    size = (144_000 if version == 3 else 72_000) * kbps // rate + padding
    return size, samples


def decoded_samples(path: Path) -> int:
    """Samples a decoder gives for a headerless stream of frames (no Xing/LAME trimming)."""
    data = path.read_bytes()
    offset = total = 0
    while offset + 4 <= len(data):
        size, samples = frame_info(data[offset:offset + 4])
        offset += size
        total += samples
    if offset != len(data):
        raise MediaError(f"{path.name} ends inside a frame: the encoding was cut short; "
                         f"check free disk space and build again")
    return total
