"""The analysis version: a changed threshold invalidates stored verdicts, a private tuning constant
(how a check is computed, not what it answers) does not."""

from __future__ import annotations

import pytest

from snapview.core.detectors import pixel
from snapview.core.detectors.version import thresholds_digest


def test_a_changed_threshold_changes_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    before = thresholds_digest()
    monkeypatch.setattr(pixel, "BLUR_MAX_LAPLACIAN_VARIANCE", pixel.BLUR_MAX_LAPLACIAN_VARIANCE + 1)
    assert thresholds_digest() != before


def test_a_private_tuning_constant_leaves_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    before = thresholds_digest()
    monkeypatch.setattr(pixel, "_BAND_COUNT", pixel._BAND_COUNT + 1)
    monkeypatch.setattr(pixel, "_BAND_ORDER", tuple(reversed(pixel._BAND_ORDER)))
    assert thresholds_digest() == before
