"""Both providers' pagers fulfil the one contract the grid, scanner and review marks use."""

from __future__ import annotations

import asyncio

from snapview.core.credentials import AliyunCredentials
from snapview.core.snapshots import SnapshotType
from snapview.services.snapshot_listing import SnapshotListing
from snapview.services.vod_client import VodClient


def test_the_alibaba_pager_is_a_snapshot_listing() -> None:
    async def main() -> tuple[str, str, int | None]:
        async with VodClient(
            AliyunCredentials("id", "secret"), endpoint="http://127.0.0.1:9"
        ) as client:
            listing: SnapshotListing = client.pager(
                "0123456789abcdef0123456789abcdef", SnapshotType.NORMAL
            )
            return listing.provider, listing.snapshot_type, listing.total

    assert asyncio.run(main()) == ("aliyun", "NormalSnapshot", None)
