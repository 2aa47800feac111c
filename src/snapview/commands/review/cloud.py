"""Cloud access for ``snapview review``: the listing that checks ``mark``'s indexes against Total
and gives the current job, and the listings that give a PDF export fresh snapshot URLs, for both
providers. The credentials follow ``snapview ls`` exactly (the same functions read them): the SDK
environment variables (``ALIBABA_CLOUD_*``, ``HUAWEICLOUD_SDK_*``) or ``--profile``, never the
command line."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import AsyncIterator
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
    from snapview.core.vod_errors import ErrorClass, VodError

    try:
        async with _client_for(args, video) as client:
            if isinstance(client, str):
                return client
            page = await _pager(client, video, snapshot_type, page_size=1).page(1)
    except VodError as exc:
        if exc.error_class in (ErrorClass.NOT_FOUND, ErrorClass.INPUT):
            raise UsageError(f"{exc.user_message.english()} ({exc})") from None
        return f"{exc.user_message.english()} ({exc.code})"
    return page.job_id, page.total


@contextlib.asynccontextmanager
async def _client_for(args: argparse.Namespace, video: VideoKey) -> AsyncIterator[Any]:
    """The provider's client for ``video`` (two attempts at most: ``mark`` must answer quickly),
    or the sentence saying why there is none."""
    from snapview.services.retry import RetryPolicy

    retry = RetryPolicy(max_attempts=2, base_delay=0.2, max_retry_after=2.0)
    client = await _client(args, video.account.provider, video.account.region, retry)
    if isinstance(client, str):
        yield client
        return
    try:
        yield client
    finally:
        await client.aclose()


async def _client(args: argparse.Namespace, provider: str, region: str, retry: Any = None) -> Any:
    """A VodClient / HuaweiVodClient from ``snapview ls``'s credential rules, or why not."""
    from snapview.commands import UsageError
    from snapview.commands.cloud_access import huawei_credentials

    if provider == "huawei":
        from snapview.core.huawei_requests import DEFAULT_REGION
        from snapview.services.huawei_client import HuaweiVodClient

        try:
            credentials, where = await huawei_credentials(args)
        except UsageError as exc:
            return str(exc)
        # As ``snapview ls``: --region or --endpoint replace the profile's place.
        return HuaweiVodClient(
            credentials,
            region=args.region or region or where.get("region") or DEFAULT_REGION,
            endpoint=args.endpoint or (None if args.region else where.get("endpoint")),
            retry=retry,
        )
    from snapview.commands.cloud_access import aliyun_credentials
    from snapview.core.credentials import SignatureVersion
    from snapview.services.vod_client import VodClient

    try:
        creds, profile = await aliyun_credentials(args)
    except UsageError as exc:
        return str(exc)
    endpoint = args.endpoint or (None if args.region else profile.get("endpoint"))
    signature = SignatureVersion(args.signature or profile.get("signature") or "v3")
    return VodClient(
        creds,
        region=args.region or profile.get("region") or region,
        endpoint=endpoint,
        signature=signature,
        **({"retry": retry} if retry is not None else {}),
    )


def _pager(client: Any, video: VideoKey, snapshot_type: str, *, page_size: int) -> Any:
    if video.account.provider == "huawei":
        return client.pager(video.video_id, snapshot_type, page_size=page_size)
    from snapview.core.snapshots import SnapshotType

    return client.pager(video.video_id, SnapshotType(snapshot_type), page_size=page_size)


class Listings:
    """The cloud access of a PDF export: one client per provider that has credentials (the same
    rules as ``snapview ls``), a listing per video and snapshot type."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.clients: dict[str, Any] = {}
        self.problems: dict[str, str] = {}

    async def prepare(self, providers: set[str], region: dict[str, str]) -> None:
        for provider in sorted(providers):
            client = await _client(self.args, provider, region.get(provider, ""))
            if isinstance(client, str):
                self.problems[provider] = client
            else:
                self.clients[provider] = client

    async def __aenter__(self) -> Listings:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for client in self.clients.values():
            await client.aclose()

    def open(self, video: VideoKey, snapshot_type: str) -> Any:
        client = self.clients.get(video.account.provider)
        if client is None:
            return None
        return _pager(client, video, snapshot_type, page_size=100)
