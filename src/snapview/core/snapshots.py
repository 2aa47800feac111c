"""The snapshot domain shared by both clouds: snapshot types (from ``snapshot_types``), one snapshot, one page of a job.

Alibaba's ``ListSnapshots`` pages map onto :class:`SnapshotPage` directly; a Huawei asset's
``thumbnail_info`` lists (``sample``, ``dots``, ``quantity``) become pages of the same shape, with
``index`` the 1-based position in offset order and ``offset_s`` the time into the video. Immutable
value objects; parsing from the wire formats lives in ``listsnapshots.py`` (and the Huawei modules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The kinds live in their own module so the app's first frame (the snapshot type box) can name them
# without loading this one and ``dataclasses`` (start-up budget); importing them from here still works.
from snapview.core.snapshot_types import HuaweiSnapshotKind as HuaweiSnapshotKind
from snapview.core.snapshot_types import SnapshotType as SnapshotType


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One snapshot of a job. ``index`` is 1-based, as the API gives it."""

    index: int
    url: str
    offset_s: float | None = None  # seconds into the video, when the provider says (Huawei, WebVTT)


@dataclass(frozen=True, slots=True)
class SnapshotPage:
    """One ListSnapshots response page, with the request that produced it."""

    request_id: str
    video_id: str  # the Alibaba VideoId or the Huawei asset_id
    snapshot_type: SnapshotType | HuaweiSnapshotKind
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
