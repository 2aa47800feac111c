"""Cloud access for ``snapview review``: the listing that checks ``mark``'s indexes against Total
and gives the current job, and the listings that give a PDF export fresh snapshot URLs. The
credentials follow ``snapview ls`` exactly (the same function reads them): the SDK environment
variables or ``--profile``, never the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from snapview.commands.review.store_access import UsageError

if TYPE_CHECKING:
    from snapview.core.review.keys import VideoKey


async def listing_answer(
    args: argparse.Namespace, video: VideoKey, snapshot_type: str
) -> tuple[str, int] | str:
    """(job, Total) from the listing, or why it could not answer (a sentence for a note)."""
    if args.offline:
        return "--offline"
    if video.account.provider != "aliyun":
        return "this version lists Huawei snapshots from event files only"
    from snapview.commands import ls as ls_command
    from snapview.core.credentials import SignatureVersion
    from snapview.core.snapshots import SnapshotType
    from snapview.core.vod_errors import ErrorClass, VodError
    from snapview.services.retry import RetryPolicy
    from snapview.services.vod_client import VodClient

    try:
        creds, profile_settings = await ls_command._credentials(args)
    except ls_command._UsageError as exc:
        return str(exc)
    endpoint = args.endpoint or (None if args.region else profile_settings.get("endpoint"))
    region = args.region or profile_settings.get("region") or video.account.region
    signature = SignatureVersion(args.signature or profile_settings.get("signature") or "v3")
    try:
        async with VodClient(
            creds, region=region, endpoint=endpoint, signature=signature,
            retry=RetryPolicy(max_attempts=2, base_delay=0.2, max_retry_after=2.0),
        ) as client:  # fmt: skip
            pager = client.pager(video.video_id, SnapshotType(snapshot_type), page_size=1)
            page = await pager.page(1)
    except VodError as exc:
        if exc.error_class in (ErrorClass.NOT_FOUND, ErrorClass.INPUT):
            raise UsageError(f"{exc.user_message.english()} ({exc})") from None
        return f"{exc.user_message.english()} ({exc.code})"
    return page.job_id, page.total


class Listings:
    """The cloud access of a PDF export: one VodClient for the Alibaba videos, made from the same
    credentials as ``snapview ls``; a listing per video and snapshot type."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.client: Any = None
        self.problem = ""

    async def __aenter__(self) -> Listings:
        from snapview.commands import ls as ls_command
        from snapview.core.credentials import SignatureVersion
        from snapview.services.vod_client import VodClient

        args = self.args
        try:
            creds, settings = await ls_command._credentials(args)
        except ls_command._UsageError as exc:
            self.problem = str(exc)
            return self
        endpoint = args.endpoint or (None if args.region else settings.get("endpoint"))
        region = args.region or settings.get("region") or "cn-shanghai"
        signature = SignatureVersion(args.signature or settings.get("signature") or "v3")
        self.client = VodClient(creds, region=region, endpoint=endpoint, signature=signature)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self.client is not None:
            await self.client.aclose()

    def open(self, video: VideoKey, snapshot_type: str) -> Any:
        if video.account.provider != "aliyun" or self.client is None:
            return None
        from snapview.core.snapshots import SnapshotType

        return self.client.pager(video.video_id, SnapshotType(snapshot_type), page_size=100)
