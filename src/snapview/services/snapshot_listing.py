"""What the grid, the preview, the scanner and the review marks need from "the snapshots of one
video": the contract both providers' pagers fulfil.

Alibaba's :class:`snapview.services.vod_client.SnapshotPager` pages ``ListSnapshots``; the Huawei
pager presents one ``thumbnail_info`` list of an asset (``ShowAssetDetail``, or the paged
thumbnail-details API for long lists) as pages of the same :class:`SnapshotPage` shape. Code above
services depends on this protocol only, never on a provider's class, so a third provider is one
more class here and nothing changes upstairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from snapview.core.snapshots import Snapshot, SnapshotPage


class SnapshotListing(Protocol):
    """The pages of one video's (or asset's) latest snapshot job, fetched on demand and cached.

    ``total`` and ``job_id`` are ``None`` until the first page arrived. Indexes are 1-based.
    Errors are :class:`snapview.core.vod_errors.VodError` with the shared ``ErrorClass`` whatever the
    provider, so the UI's messages (still processing, not found, credentials…) work for both.
    """

    provider: str  # snapview.core.credentials.Provider value
    video_id: str
    snapshot_type: str  # SnapshotType or HuaweiSnapshotKind value
    page_size: int
    total: int | None
    job_id: (
        str | None
    )  # Alibaba JobId; Huawei: the thumbnail task id, or "" when the API gives none

    @property
    def page_count(self) -> int | None: ...

    def cached(self, page_no: int) -> SnapshotPage | None: ...

    def page_of_index(self, index: int) -> int: ...

    async def page(self, page_no: int) -> SnapshotPage: ...

    async def refresh_url(self, index: int) -> str:
        """A fresh URL for snapshot ``index`` (its CDN token expired): asks the API again."""
        ...

    async def all_snapshots(self) -> Sequence[Snapshot]: ...

    def cancel(self) -> None: ...

    async def wait_idle(self) -> None: ...
