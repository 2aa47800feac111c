"""The rules on plain luma samples that need no Pillow: ffmpeg's black-frame thresholds and the mean
absolute difference of two grey signatures.

The scan's detectors (:mod:`.pixel`, :mod:`.sequence`) use them on their working pictures, and the
grid's badges (:mod:`snapview.core.frame_checks`) on the 16x9 signature every tile gets. The grid
runs them on the GUI thread and in the image pipeline's decode threads, where importing Pillow
(~70 ms, for the scan's own pictures) stalled the first decode of each thread and the first
duplicate check while the first viewport loaded (issue #14); so they live here, beside nothing
that imports it.
"""

from __future__ import annotations

import operator

# --- black: ffmpeg's blackframe (libavfilter/vf_blackframe.c) defaults -------------------------
# A picture is black when at least 98 % of its luma samples are black (``amount`` / blackdetect's
# ``pic_th``). A sample is black at or below 0.10·255 ≈ 25: blackdetect's ``pix_th`` for
# full-range video, which decoded JPEG snapshots are (blackframe's 32 assumes limited range,
# where black sits at 16). A dark scene with a lit window, a moon or burned-in text has more than
# 2 % brighter samples and is not black, however dark its average.
BLACK_PIXEL_MAX = 25
BLACK_MIN_FRACTION = 0.98


def mean_abs_diff(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two equally sized signatures (0 = identical, 255 at most)."""
    if len(a) != len(b):
        raise ValueError(f"signatures differ in size ({len(a)} and {len(b)} bytes)")
    if not a:
        return 0.0
    total: int = sum(map(abs, map(operator.sub, a, b)))
    return total / len(a)
