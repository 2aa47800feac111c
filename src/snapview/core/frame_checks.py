"""QA heuristics on decoded snapshot pixels, so the grid can badge frames a reviewer should look at:
black frames (a snapshot taken on a fade or a missing picture) and near-duplicates of the previous
frame (a frozen picture, or snapshots closer together than the scene changes).

Pure Python over a small 8-bit grayscale thumbnail (a "signature", by default 16x9 = 144 bytes, row
by row without padding; ``snapview.services.images.gray_signature`` makes one from a QImage in the
decode worker). Thresholds are on the 0-255 luma scale; decoded JPEG snapshots are full-range, so a
truly black frame sits near 0 and studio black (16) still counts as black.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

SIGNATURE_WIDTH = 16
SIGNATURE_HEIGHT = 9

# Mean luma below this and a flat picture (small spread) make a frame "black"; a dark scene with
# highlights has a larger spread and is not flagged.
BLACK_MAX_MEAN = 24.0
BLACK_MAX_STDDEV = 10.0
# Mean absolute difference (0-255) under which two signatures count as the same picture. JPEG noise
# between two encodes of one frame stays around 1; a cut or visible motion is well above 6.
DUPLICATE_MAX_MAD = 4.0


def luma_stats(pixels: bytes) -> tuple[float, float]:
    """Mean and standard deviation of 8-bit luma values; ``(0.0, 0.0)`` for no pixels."""
    n = len(pixels)
    if n == 0:
        return 0.0, 0.0
    total = sum(pixels)
    mean = total / n
    variance = sum(p * p for p in pixels) / n - mean * mean
    return mean, math.sqrt(max(0.0, variance))


def is_black_frame(
    pixels: bytes, *, max_mean: float = BLACK_MAX_MEAN, max_stddev: float = BLACK_MAX_STDDEV
) -> bool:
    """Whether the grayscale pixels show a (nearly) black, flat picture. Empty input is not black."""
    if not pixels:
        return False
    mean, stddev = luma_stats(pixels)
    return mean < max_mean and stddev < max_stddev


def mean_abs_diff(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two equally sized grayscale signatures (0 = identical, 255 max)."""
    if len(a) != len(b):
        raise ValueError(f"signatures differ in size ({len(a)} and {len(b)} bytes)")
    if not a:
        return 0.0
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def is_near_duplicate(a: bytes, b: bytes, *, max_mad: float = DUPLICATE_MAX_MAD) -> bool:
    """Whether two signatures show practically the same picture. Signatures of different sizes never do."""
    if len(a) != len(b) or not a:
        return False
    return mean_abs_diff(a, b) <= max_mad


def duplicate_flags(
    signatures: Sequence[bytes | None], *, max_mad: float = DUPLICATE_MAX_MAD
) -> list[bool]:
    """For frames in time order: True where a frame nearly repeats the one before it.

    A missing signature (image not loaded or failed) is never a duplicate and breaks the chain, so the
    frame after it is compared with nothing. A black frame is not flagged as a duplicate of the black
    frame before it: it carries the black badge already, and two badges for one fade would be noise.
    """
    flags: list[bool] = []
    previous: bytes | None = None
    for signature in signatures:
        flags.append(
            signature is not None
            and previous is not None
            and not is_black_frame(signature)
            and is_near_duplicate(previous, signature, max_mad=max_mad)
        )
        previous = signature
    return flags


def rgb_to_gray(rgb: bytes) -> bytes:
    """Packed 8-bit RGB triples to luma (ITU-R BT.601 weights, as JPEG uses)."""
    if len(rgb) % 3:
        raise ValueError("RGB data length is not a multiple of 3")
    return bytes(
        min(255, (299 * rgb[i] + 587 * rgb[i + 1] + 114 * rgb[i + 2] + 500) // 1000)
        for i in range(0, len(rgb), 3)
    )
