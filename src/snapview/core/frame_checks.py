"""The grid's per-tile badges — black frames and near-duplicates of the previous tile — on the small
grayscale "signature" the image pipeline makes for every tile (16x9 = 144 bytes, row by row without
padding; ``snapview.services.images.gray_signature``).

The rules themselves live in :mod:`snapview.core.detectors` (the whole-video scan's detectors), so a
tile's black badge and a scan's ``black`` flag say the same thing: this module only applies them to
the grid's signature. Thresholds are on the 0-255 luma scale of full-range JPEG snapshots.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# The detectors' Pillow-free part: the rest of them imports Pillow (~70 ms) for the scan's own
# pictures, which the grid's GUI and decode threads must never wait for.
from snapview.core.detectors.luma import BLACK_MIN_FRACTION, BLACK_PIXEL_MAX, mean_abs_diff

__all__ = [
    "DUPLICATE_MAX_MAD",
    "SIGNATURE_HEIGHT",
    "SIGNATURE_WIDTH",
    "duplicate_flags",
    "is_black_frame",
    "is_near_duplicate",
    "luma_stats",
    "mean_abs_diff",
    "rgb_to_gray",
]

SIGNATURE_WIDTH = 16
SIGNATURE_HEIGHT = 9

# Mean absolute difference (0-255) under which two 16x9 signatures count as the same picture. This
# coarse signature averages small motion away, so its threshold is looser than the scan's 32x18
# rule (core.detectors.sequence): JPEG noise between two encodes of one frame stays under 1, a cut
# or visible motion is above 4.9 on every neighbouring pair of the emulator's long demo video.
DUPLICATE_MAX_MAD = 4.0


def luma_stats(pixels: bytes) -> tuple[float, float]:
    """Mean and standard deviation of 8-bit luma values; ``(0.0, 0.0)`` for no pixels."""
    n = len(pixels)
    if n == 0:
        return 0.0, 0.0
    mean = sum(pixels) / n
    variance = sum(p * p for p in pixels) / n - mean * mean
    return mean, math.sqrt(max(0.0, variance))


def is_black_frame(pixels: bytes) -> bool:
    """Whether the grayscale pixels show a black picture: the scan's ``black`` rule (ffmpeg's
    blackdetect: at least 98 % of samples at or below 0.10·255). Empty input is not black."""
    if not pixels:
        return False
    dark = sum(1 for p in pixels if p <= BLACK_PIXEL_MAX)
    return dark / len(pixels) >= BLACK_MIN_FRACTION


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
