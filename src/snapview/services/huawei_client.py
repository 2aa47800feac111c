"""The Huawei Cloud VOD client: ``SDK-HMAC-SHA256``-signed calls over one long-lived
``httpx.AsyncClient``, on the same retry policy, statistics and error classes as the Alibaba client.

Requests look like the official ``huaweicloudsdkvod`` SDK's on the wire: the path and the canonical
query string (repeated keys for lists), ``Content-Type: application/json``, ``X-Project-Id``,
``X-Sdk-Date``, ``X-Security-Token`` for temporary credentials, every header signed with
:mod:`snapview.core.huawei_signing`. Each attempt is signed afresh. Throttling (``APIGW.0308``), 5xx,
VOD's internal errors, resets and cut-short bodies are retried with backoff; nothing that cannot
succeed is (a wrong SK, an unknown asset, a bad parameter). A signature rejected while the server's
``Date`` is more than ten minutes away from ours is reported as the clock problem it is.

The pager over an asset's snapshots lives in :mod:`snapview.services.huawei_pager`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

import httpx

from snapview import __version__
from snapview.core import huawei_requests as requests
from snapview.core import huawei_signing
from snapview.core.credentials import HuaweiCredentials
from snapview.core.huawei_errors import HuaweiVodError
from snapview.core.huawei_models import (
    AssetDetail,
    AssetListPage,
    AssetMetaPage,
    Category,
    ThumbnailDetails,
    ThumbnailTaskList,
    parse_asset_detail,
    parse_asset_list,
    parse_asset_meta,
    parse_categories,
    parse_thumbnail_details,
    parse_thumbnail_tasks,
)
from snapview.core.huawei_requests import AssetListQuery, HuaweiRequest
from snapview.core.redaction import register_secret
from snapview.core.snapshots import HuaweiSnapshotKind
from snapview.core.vod_errors import ErrorClass
from snapview.services.retry import RetryBudget, RetryPolicy, VodStats, parse_retry_after
from snapview.services.vod_client import (
    DEFAULT_LIMITS,
    DEFAULT_TIMEOUT,
    _server_skew,
    _skew_words,
    resolve_endpoint,
)

if TYPE_CHECKING:
    from snapview.services.huawei_pager import HuaweiAssetPager, HuaweiAssetSnapshots

log = logging.getLogger("snapview.vod")
T = TypeVar("T")

USER_AGENT = f"snapview/{__version__} httpx/{httpx.__version__}"
# The gateway allows 15 minutes; a rejected signature with the clocks this far apart is the clock.
CLOCK_SKEW_DIAGNOSIS_S = 10 * 60


def resolve_huawei_endpoint(
    region: str = requests.DEFAULT_REGION, endpoint: str | None = None
) -> str:
    """The base URL for a VOD region, or for a custom endpoint URL (the emulator)."""
    if endpoint:
        return resolve_endpoint(endpoint=endpoint)
    return requests.region_endpoint(region)


class HuaweiVodClient:
    """Huawei Cloud VOD for one project and endpoint. Create once, share, ``await aclose()`` on quit."""

    provider = "huawei"

    def __init__(
        self,
        credentials: HuaweiCredentials,
        *,
        region: str = requests.DEFAULT_REGION,
        endpoint: str | None = None,
        http: httpx.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        if not credentials.access_key or not credentials.secret_key:
            raise HuaweiVodError(
                "MissingCredentials",
                "an access key (AK) and a secret key (SK) are both needed",
                error_class=ErrorClass.CREDENTIALS,
            )
        self.project_id = requests.validate_project_id(credentials.project_id)
        register_secret(credentials.secret_key)
        register_secret(credentials.security_token)
        self.credentials = credentials
        self.region = region
        self.base_url = resolve_huawei_endpoint(region, endpoint)
        self.host = urlsplit(self.base_url).netloc
        self.retry = retry or RetryPolicy()
        self.stats = VodStats()
        # The clock requests are signed with; tests move it to play a machine with a wrong clock.
        self.clock: Callable[[], float] = time.time
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=DEFAULT_TIMEOUT, limits=DEFAULT_LIMITS)
        self._closed = False

    def __repr__(self) -> str:
        return f"<HuaweiVodClient {self.base_url} project={self.project_id} ak={self.credentials.access_key}>"

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> HuaweiVodClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- the API --------------------------------------------------------------------------------

    async def show_asset_detail(
        self, asset_id: str, categories: Sequence[str] = ("thumbnail_info",)
    ) -> AssetDetail:
        """ShowAssetDetail: ``thumbnail_info`` (status and snapshot lists) and/or ``base_info``."""
        request = requests.show_asset_detail(self.project_id, asset_id, categories)
        asset = request.query[0][1]
        return await self.call(request, lambda body, rid: parse_asset_detail(body, asset, rid))

    async def list_thumbnail_tasks(
        self, asset_id: str, *, offset: int = 0, limit: int = 10
    ) -> ThumbnailTaskList:
        """ListThumbnailInfo: the asset's snapshot tasks, their job parameters and counts."""
        request = requests.list_thumbnail_info(
            self.project_id, asset_id, offset=offset, limit=limit
        )
        return await self.call(request, parse_thumbnail_tasks)

    async def list_thumbnail_details(
        self,
        task_id: str,
        *,
        offset: int = 0,
        limit: int = requests.MAX_PAGE_SIZE,
        max_attempts: int | None = None,
        budget: RetryBudget | None = None,
        gate: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    ) -> ThumbnailDetails:
        """ListThumbnailDetails: ``limit`` snapshots of a task from position ``offset`` (0-based)."""
        request = requests.list_thumbnail_details(
            self.project_id, task_id, offset=offset, limit=limit
        )
        return await self.call(
            request, parse_thumbnail_details, max_attempts=max_attempts, budget=budget, gate=gate
        )

    async def list_assets(self, query: AssetListQuery | None = None) -> AssetListPage:
        """ListAssetList: one page of the media library (``total`` counts at most 20,000)."""
        request = requests.list_asset_list(self.project_id, query or AssetListQuery())
        return await self.call(request, parse_asset_list)

    async def show_asset_meta(
        self,
        asset_ids: Sequence[str] = (),
        *,
        statuses: Sequence[str] = (),
        transcode_statuses: Sequence[str] = (),
        asset_statuses: Sequence[str] = (),
        page: int = 0,
        size: int = 10,
    ) -> AssetMetaPage:
        """ShowAssetMeta: details (title, duration, covers, play URLs) for up to 10 assets."""
        request = requests.show_asset_meta(
            self.project_id,
            asset_ids,
            statuses=statuses,
            transcode_statuses=transcode_statuses,
            asset_statuses=asset_statuses,
            page=page,
            size=size,
        )
        return await self.call(request, parse_asset_meta)

    async def list_asset_categories(self, category_id: int = 0) -> tuple[Category, ...]:
        """ListAssetCategory: the category tree under ``category_id`` (0: every top-level one)."""
        return await self.call(
            requests.list_asset_category(self.project_id, category_id), parse_categories
        )

    async def test_connection(self) -> None:
        """One real signed call (the first library row); raises the VodError a user should read."""
        await self.list_assets(AssetListQuery(size=1))

    def asset(self, asset_id: str) -> HuaweiAssetSnapshots:
        """The snapshot lists of one asset, shared by the pagers of its kinds (validated here)."""
        from snapview.services.huawei_pager import HuaweiAssetSnapshots

        return HuaweiAssetSnapshots(self, requests.validate_asset_id(asset_id))

    def pager(
        self,
        asset_id: str,
        kind: HuaweiSnapshotKind | str = HuaweiSnapshotKind.SAMPLE,
        *,
        page_size: int = requests.MAX_PAGE_SIZE,
        max_in_flight: int = 4,
    ) -> HuaweiAssetPager:
        """A :class:`~snapview.services.snapshot_listing.SnapshotListing` over one list of an asset."""
        return self.asset(asset_id).pager(kind, page_size=page_size, max_in_flight=max_in_flight)

    # --- one call, retried ----------------------------------------------------------------------

    async def call(
        self,
        request: HuaweiRequest,
        parse: Callable[[bytes, str], T],
        *,
        max_attempts: int | None = None,
        budget: RetryBudget | None = None,
        gate: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    ) -> T:
        """Send a validated request by the retry policy shared with the Alibaba client
        (``max_attempts`` and ``budget``: a listing's per-page limit and shared retry budget); the
        final error carries ``attempts``."""
        return await self.retry.run(
            lambda: self._attempt(request, parse),
            label=request.operation,
            stats=self.stats,
            max_attempts=max_attempts,
            budget=budget,
            logger=log,
            gate=gate,
        )

    def _signed(self, request: HuaweiRequest) -> tuple[str, dict[str, str]]:
        headers = huawei_signing.signed_headers(
            request.method,
            self.host,
            request.path,
            request.query,
            self.credentials,
            date=huawei_signing.sdk_date(self.clock()),
            body=request.body,
            extra_headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
        )
        return self.base_url + huawei_signing.request_target(request.path, request.query), headers

    async def _attempt(self, request: HuaweiRequest, parse: Callable[[bytes, str], T]) -> T:
        if self._closed:
            raise HuaweiVodError(
                "ClientClosed", "the VOD client was closed", error_class=ErrorClass.UNKNOWN
            )
        url, headers = self._signed(request)
        self.stats.requests += 1
        self.stats.in_flight += 1
        log.debug("%s %s", request.operation, request.query)
        try:
            response = await self._http.request(
                request.method, url, headers=headers, content=request.body or None
            )
        except httpx.TimeoutException as exc:
            raise HuaweiVodError(
                "RequestTimeout",
                f"no answer from {self.host} in time ({exc.__class__.__name__})",
                error_class=ErrorClass.NETWORK,
            ) from None
        except httpx.HTTPError as exc:
            error = HuaweiVodError(
                "NetworkError",
                f"{exc.__class__.__name__} talking to {self.host}: {exc}",
                error_class=ErrorClass.NETWORK,
            )
            error.unreachable = isinstance(exc, httpx.ConnectError)
            raise error from None
        finally:
            self.stats.in_flight -= 1
        received = self.clock()
        request_id = response.headers.get("x-request-id", "")
        if response.status_code >= 400:
            raise self._error(response, received)
        return parse(response.content, request_id)

    def _error(self, response: httpx.Response, received: float) -> HuaweiVodError:
        error = HuaweiVodError.from_response(
            response.status_code, response.content, response.headers
        )
        error.retry_after = parse_retry_after(response.headers)
        if error.code.endswith(".0308"):
            self.stats.throttled += 1
        if error.error_class is ErrorClass.CREDENTIALS and error.code.endswith(".0301"):
            skew = _server_skew(response, received)
            if skew is not None and abs(skew) >= CLOCK_SKEW_DIAGNOSIS_S:
                error.error_class = ErrorClass.CLOCK
                error.clock_skew = skew
                error.message = f"{error.message} ({_skew_words(skew)})".strip()
        return error
