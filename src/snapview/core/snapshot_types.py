"""The kinds of snapshot list each cloud has: Alibaba's ``SnapshotType`` values and the lists of a
Huawei asset's ``thumbnail_info``. Alone in this module (re-exported by :mod:`snapview.core.snapshots`)
because the app's first frame shows the snapshot type box, and that frame is on the start-up budget.
"""

from __future__ import annotations

from enum import StrEnum


class SnapshotType(StrEnum):
    """Alibaba's ``SnapshotType`` values (what ``ListSnapshots`` accepts)."""

    COVER = "CoverSnapshot"
    NORMAL = "NormalSnapshot"
    SPRITE = "SpriteSnapshot"
    SPRITE_ORIGIN = "SpriteOriginSnapshot"
    WEBVTT = "WebVttSnapshot"


class HuaweiSnapshotKind(StrEnum):
    """The lists of a Huawei asset's ``thumbnail_info`` (also the ``kind`` of ``snapview ls --json``)."""

    SAMPLE = "sample"  # every ``time`` seconds (job type ``time``)
    DOTS = "dots"  # at listed time points (job type ``dots``)
    QUANTITY = "quantity"  # a fixed number spread over the video (job type ``quantity``)
