"""Which detectors made a stored analysis: :data:`ANALYSIS_VERSION` names the code and the thresholds
behind a snapshot's pixel flags and :class:`~snapview.core.detectors.sequence.FrameSummary`, so a
cache of analyses (``services/scan_cache.py``) never hands a rescan the verdict of other rules.

Two parts, because they change for different reasons: :data:`DETECTOR_REVISION`, bumped by hand
when the *code* of a pixel check or of the summary changes; and a digest of every threshold
constant (the UPPER_CASE numbers, strings and tuples) of the detector modules, so that changing a
threshold invalidates stored analyses without anyone having to remember to. The sequence checks'
thresholds are in the digest too: they run again on every scan, but one rule for all constants is
easier to trust than a list of which ones matter.
"""

from __future__ import annotations

import hashlib
from types import ModuleType

from snapview.core.detectors import dhash, frame, pixel, sequence

# Bump when what a pixel check or summarise() computes changes in code, not only in a constant.
# 2: the scan reads JPEG luma straight from libjpeg (services/scan_decode.py), not Qt's RGB
# decode converted: the same flags, dHashes a few bits apart, which the sequence checks compare.
DETECTOR_REVISION = 2

_THRESHOLD_MODULES: tuple[ModuleType, ...] = (frame, pixel, sequence, dhash)


def _constants(module: ModuleType) -> list[tuple[str, str]]:
    """The module's threshold constants as (name, repr): public UPPER_CASE plain values. Private
    ones (``_BAND_COUNT``) tune how a check is computed, not what it answers, and do not count."""
    found = []
    for name, value in vars(module).items():
        public = not name.startswith("_")
        if public and name.isupper() and isinstance(value, int | float | str | tuple | bool):
            found.append((f"{module.__name__}.{name}", repr(value)))
    return sorted(found)


def thresholds_digest() -> str:
    """A short digest of every threshold constant of the detector modules."""
    text = "\n".join(f"{n}={v}" for m in _THRESHOLD_MODULES for n, v in _constants(m))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


ANALYSIS_VERSION = f"{DETECTOR_REVISION}-{thresholds_digest()}"
