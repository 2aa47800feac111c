"""The Alibaba Cloud VOD snapshot domain: snapshot types, one snapshot, one ListSnapshots page.

Immutable value objects; parsing from the wire format lives in ``listsnapshots.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class SnapshotType(StrEnum):
    COVER = "CoverSnapshot"
    NORMAL = "NormalSnapshot"
    SPRITE = "SpriteSnapshot"
    SPRITE_ORIGIN = "SpriteOriginSnapshot"
    WEBVTT = "WebVttSnapshot"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One snapshot of a job. ``index`` is 1-based, as the API gives it."""

    index: int
    url: str


@dataclass(frozen=True, slots=True)
class SnapshotPage:
    """One ListSnapshots response page, with the request that produced it."""

    request_id: str
    video_id: str
    snapshot_type: SnapshotType
    page_no: int
    page_size: int
    total: int
    job_id: str
    creation_time: str
    regular: str
    snapshots: tuple[Snapshot, ...]
    fetched_at: float = 0.0  # time.time() when the response arrived (URL expiry estimate)
    auth_timeout: int = 3600
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size)) if self.page_size else 1

    def page_of_index(self, index: int) -> int:
        """The 1-based page number that holds the 1-based snapshot ``index`` at this page size."""
        return (index - 1) // self.page_size + 1
