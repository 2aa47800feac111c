"""The Alibaba Cloud VOD client: signed RPC calls over one long-lived ``httpx.AsyncClient``, with
retries, clock-skew diagnosis, and a pager that fetches the pages of a snapshot job on demand
(cached, de-duplicated, bounded in concurrency, cancellable). ``ListSnapshots`` has its typed
``fetch()``; other actions (the video library's SearchMedia, GetVideoInfos, GetCategories) go
through ``call()``, which shares every attempt's signing, retrying and error classification.

Requests look like the official ``alibabacloud-vod20170321`` SDK's on the wire: ``POST /`` with the
parameters in the query string and an empty body, signed with V3 (``ACS3-HMAC-SHA256``, the SDK's
default) or V1 (``HMAC-SHA1``, what ``aliyun-python-sdk-core`` sends), both from
:mod:`snapview.core.signing`. Every attempt is signed afresh (new nonce, new timestamp). Nothing
secret is ever logged: log lines carry the video, page, error code and RequestId only.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from snapview import __version__
from snapview.core import signing
from snapview.core.credentials import AliyunCredentials, SignatureVersion
from snapview.core.listsnapshots import (
    ACTION,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MIN_AUTH_TIMEOUT,
    ListSnapshotsRequest,
    build_request,
    decode_body,
    parse_response,
)
from snapview.core.redaction import register_secret
from snapview.core.snapshots import Snapshot, SnapshotPage, SnapshotType
from snapview.core.vod_errors import ErrorClass, VodError, format_duration, parse_error_body
from snapview.services.retry import RetryPolicy, parse_retry_after

log = logging.getLogger(__name__)

T = TypeVar("T")

API_VERSION = signing.DEFAULT_VERSION
USER_AGENT = f"snapview/{__version__} httpx/{httpx.__version__}"
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
DEFAULT_LIMITS = httpx.Limits(
    max_connections=16, max_keepalive_connections=8, keepalive_expiry=30.0
)

# Regions the official SDK routes to the central endpoint, and the one it re-routes (SPEC A.4).
_CENTRAL = frozenset(
    {
        "ap-northeast-2-pop", "ap-southeast-2", "ap-southeast-3", "cn-beijing-finance-1",
        "cn-beijing-finance-pop", "cn-beijing-gov-1", "cn-beijing-nu16-b01", "cn-chengdu",
        "cn-edge-1", "cn-fujian", "cn-haidian-cm12-c01", "cn-hangzhou-bj-b01", "cn-hangzhou-finance",
        "cn-hangzhou-internal-prod-1", "cn-hangzhou-internal-test-1", "cn-hangzhou-internal-test-2",
        "cn-hangzhou-internal-test-3", "cn-hangzhou-test-306", "cn-hongkong-finance-pop",
        "cn-huhehaote", "cn-huhehaote-nebula-1", "cn-qingdao", "cn-qingdao-nebula",
        "cn-shanghai-et15-b01", "cn-shanghai-et2-b01", "cn-shanghai-finance-1", "cn-shanghai-inner",
        "cn-shanghai-internal-test-1", "cn-shenzhen-finance-1", "cn-shenzhen-inner",
        "cn-shenzhen-st4-d01", "cn-shenzhen-su18-b01", "cn-wuhan", "cn-wulanchabu", "cn-yushanfang",
        "cn-zhangbei", "cn-zhangbei-na61-b01", "cn-zhangjiakou-na62-a01", "cn-zhengzhou-nebula-1",
        "eu-west-1-oxs", "me-east-1", "rus-west-1-pop", "us-east-1",
    }
)  # fmt: skip
_RENAMED = {"cn-hangzhou": "cn-shanghai"}
_REGION = re.compile(r"^[a-z]{2,4}(-[a-z0-9]+)+$")


def _invalid_endpoint(message: str) -> VodError:
    return VodError("InvalidEndpoint", message, error_class=ErrorClass.INPUT)


def resolve_endpoint(region: str = "cn-shanghai", endpoint: str | None = None) -> str:
    """The base URL (``scheme://host[:port]``) for a region, or for a custom endpoint URL."""
    if endpoint:
        text = endpoint.strip()
        if "://" not in text:
            text = "https://" + text
        parts = urlsplit(text)
        try:
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            raise _invalid_endpoint(f"the endpoint {endpoint!r} has an invalid port") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _invalid_endpoint(
                f"the endpoint {endpoint!r} is not an http(s) URL such as http://127.0.0.1:8080"
            )
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise _invalid_endpoint(f"the endpoint {endpoint!r} must not have a path or query")
        return f"{parts.scheme}://{parts.netloc}"
    name = region.strip().lower()
    if not _REGION.match(name):
        raise _invalid_endpoint(f"{region!r} is not a region id such as cn-shanghai")
    if name in _CENTRAL:
        return "https://vod.aliyuncs.com"
    return f"https://vod.{_RENAMED.get(name, name)}.aliyuncs.com"


@dataclass
class VodStats:
    """Counters of one client: HTTP requests sent, retries among them, calls that finally failed,
    throttled answers, and requests on the wire right now."""

    requests: int = 0
    retries: int = 0
    failures: int = 0
    throttled: int = 0
    in_flight: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "retries": self.retries,
            "failures": self.failures,
            "throttled": self.throttled,
            "in_flight": self.in_flight,
        }


@dataclass(frozen=True, slots=True)
class CallMeta:
    """What came with an answer of :meth:`VodClient.call` besides its body."""

    action: str
    request_id: str
    received_at: float  # the client's clock when the answer arrived
    http_status: int


def _server_skew(response: httpx.Response, local_now: float) -> float | None:
    """Server clock minus ours, from the response ``Date`` header (1 s resolution)."""
    value = response.headers.get("date")
    if not value:
        return None
    try:
        server = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return server - local_now


def _skew_words(skew: float) -> str:
    return f"local clock {format_duration(skew)} {'behind' if skew > 0 else 'ahead of'} the server"


class VodClient:
    """VOD API calls for one account and endpoint. Create once, share, ``await aclose()`` on quit."""

    def __init__(
        self,
        credentials: AliyunCredentials,
        *,
        region: str = "cn-shanghai",
        endpoint: str | None = None,
        signature: SignatureVersion = SignatureVersion.V3,
        http: httpx.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        if not credentials.access_key_id or not credentials.access_key_secret:
            raise VodError(
                "MissingCredentials",
                "an AccessKey ID and an AccessKey secret are both needed",
                error_class=ErrorClass.CREDENTIALS,
            )
        register_secret(credentials.access_key_secret)
        register_secret(credentials.security_token)
        self.credentials = credentials
        self.region = region
        self.base_url = resolve_endpoint(region, endpoint)
        self.host = urlsplit(self.base_url).netloc
        self.signature = SignatureVersion(signature)
        self.retry = retry or RetryPolicy()
        self.stats = VodStats()
        # The clock requests are signed with; tests move it to play a machine with a wrong clock.
        self.clock: Callable[[], float] = time.time
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=DEFAULT_TIMEOUT, limits=DEFAULT_LIMITS)
        self._closed = False

    def __repr__(self) -> str:
        return f"<VodClient {self.base_url} {self.signature.value} key={self.credentials.access_key_id}>"

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> VodClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- one call -------------------------------------------------------------------------------

    async def list_snapshots(
        self,
        video_id: str,
        snapshot_type: SnapshotType = SnapshotType.COVER,
        page_no: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
        auth_timeout: int = MIN_AUTH_TIMEOUT,
    ) -> SnapshotPage:
        """One page of the video's latest snapshot job. Raises :class:`VodError` (an
        ``InvalidRequest`` for unusable arguments, before anything is sent)."""
        request = build_request(video_id, snapshot_type, page_no, page_size, auth_timeout)
        return await self.fetch(request)

    async def fetch(self, request: ListSnapshotsRequest) -> SnapshotPage:
        """Send a validated request, retrying by the policy; the final error carries ``attempts``."""
        label = f"{request.video_id} page {request.page_no}"
        return await self._retrying(ACTION, label, lambda: self._attempt(request))

    async def call(
        self, action: str, params: Mapping[str, str], *, label: str = ""
    ) -> tuple[Mapping[str, Any], CallMeta]:
        """One signed RPC call of ``action`` with its API ``params`` (no ``Action`` or signing
        parameters), on the same signing, retry, error classification and clock-skew diagnosis as
        ``ListSnapshots``: the decoded JSON object of the answer, and what else came with it. A 200
        answer that carries an API error ``Code`` raises that :class:`VodError`; one that is not a
        JSON object raises ``ResponseFormatError``. ``label`` names the call in log lines."""
        return await self._retrying(
            action, label or "-", lambda: self._attempt_call(action, dict(params), label)
        )

    async def _retrying(
        self, action: str, label: str, attempt_once: Callable[[], Awaitable[T]]
    ) -> T:
        attempt = 0
        nonce_retries = 0
        while True:
            attempt += 1
            try:
                return await attempt_once()
            except VodError as error:
                error.attempts = attempt
                if not self.retry.should_retry(error, attempt, nonce_retries):
                    self.stats.failures += 1
                    log.info(
                        "%s %s failed after %d attempt(s): %s %s (RequestId %s)",
                        action, label, attempt, error.error_class, error.code,
                        error.request_id or "-",
                    )  # fmt: skip
                    raise
                if error.code == "SignatureNonceUsed":
                    nonce_retries += 1
                wait = self.retry.delay(attempt, error)
                self.stats.retries += 1
                log.info(
                    "%s %s: %s (RequestId %s); retry %d/%d in %.2f s",
                    action, label, error.code, error.request_id or "-",
                    attempt, self.retry.max_attempts - 1, wait,
                )  # fmt: skip
                await asyncio.sleep(wait)

    def _signed(self, action: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
        """The URL and headers of one attempt, freshly signed."""
        now = self.clock()
        headers = {
            "accept": "application/json",
            "user-agent": USER_AGENT,
            # The official SDK names its credential source in this header; send what it would.
            "x-acs-credentials-provider": "static_sts"
            if self.credentials.security_token
            else "static_ak",
        }
        if self.signature is SignatureVersion.V3:
            headers = signing.v3_signed_headers(
                "POST",
                self.host,
                action,
                params,
                self.credentials,
                version=API_VERSION,
                date=signing.utc_timestamp(now),
                extra_headers=headers,
            )
        else:
            params = signing.v1_signed_params(
                "POST",
                {"Action": action, **params},
                self.credentials,
                version=API_VERSION,
                timestamp=signing.utc_timestamp(now),
            )
            # Like the SDK's V1 path: the action and version travel as headers too (unsigned).
            headers.update(
                {"host": self.host, "x-acs-action": action, "x-acs-version": API_VERSION}
            )
        query = "&".join(
            f"{signing.percent_encode(k)}={signing.percent_encode(v)}"
            for k, v in sorted(params.items())
        )
        return f"{self.base_url}/?{query}", headers

    async def _send(self, action: str, params: dict[str, str]) -> tuple[httpx.Response, float]:
        """One signed POST; a network failure or an HTTP error answer raises :class:`VodError`."""
        if self._closed:
            raise VodError(
                "ClientClosed", "the VOD client was closed", error_class=ErrorClass.UNKNOWN
            )
        url, headers = self._signed(action, params)
        self.stats.requests += 1
        self.stats.in_flight += 1
        try:
            # Timeout and redirects per request: the HTTP client may be the app's shared one.
            response = await self._http.post(
                url, headers=headers, content=b"", timeout=DEFAULT_TIMEOUT, follow_redirects=False
            )
        except httpx.TimeoutException as exc:
            raise VodError.network(
                f"no answer from {self.host} in time ({exc.__class__.__name__})", timeout=True
            ) from None
        except httpx.HTTPError as exc:
            raise VodError.network(
                f"{exc.__class__.__name__} talking to {self.host}: {exc}"
            ) from None
        finally:
            self.stats.in_flight -= 1
        received = self.clock()
        if response.status_code >= 400:
            raise self._error(response, received)
        return response, received

    async def _attempt(self, request: ListSnapshotsRequest) -> SnapshotPage:
        log.debug(
            "ListSnapshots %s %s page %d size %d (%s)",
            request.video_id, request.snapshot_type, request.page_no, request.page_size,
            self.signature.value,
        )  # fmt: skip
        response, received = await self._send(ACTION, request.params())
        page = parse_response(response.content, request, fetched_at=received)
        if not page.request_id:
            page = _with_request_id(page, response.headers.get("x-acs-request-id", ""))
        return page

    async def _attempt_call(
        self, action: str, params: dict[str, str], label: str
    ) -> tuple[Mapping[str, Any], CallMeta]:
        log.debug("%s %s (%s)", action, label or "-", self.signature.value)
        response, received = await self._send(action, params)
        data = decode_body(response.content)
        request_id = str(data.get("RequestId") or "") or response.headers.get(
            "x-acs-request-id", ""
        )
        code = data.get("Code")
        if isinstance(code, str) and code and ("Message" in data or "HostId" in data):
            fields = parse_error_body(data)
            raise VodError(
                code,
                fields.get("Message", ""),
                request_id=request_id,
                http_status=response.status_code,
                raw=data,
            )
        return data, CallMeta(action, request_id, received, response.status_code)

    def _error(self, response: httpx.Response, received: float) -> VodError:
        error = VodError.from_response(response.status_code, response.content, response.headers)
        error.retry_after = parse_retry_after(response.headers)
        if error.code.startswith("Throttling"):
            self.stats.throttled += 1
        if error.error_class is ErrorClass.CLOCK:
            skew = _server_skew(response, received)
            # The Date header has 1 s resolution and the request took a while: small values say nothing.
            if skew is not None and abs(skew) >= 30:
                error.clock_skew = skew
                error.message = f"{error.message} ({_skew_words(skew)})".strip()
        return error

    # --- many pages -----------------------------------------------------------------------------

    def pager(
        self,
        video_id: str,
        snapshot_type: SnapshotType | str,
        *,
        page_size: int = MAX_PAGE_SIZE,
        auth_timeout: int = MIN_AUTH_TIMEOUT,
        max_in_flight: int = 4,
    ) -> SnapshotPager:
        """A pager over every snapshot of the video's latest job (validated here, nothing sent yet)."""
        request = build_request(video_id, snapshot_type, 1, page_size, auth_timeout)
        return SnapshotPager(self, request, max_in_flight=max_in_flight)


def _with_request_id(page: SnapshotPage, request_id: str) -> SnapshotPage:
    from dataclasses import replace

    return replace(page, request_id=request_id)


class SnapshotPager:
    """The pages of one video's snapshot job, fetched on demand.

    A page is fetched once and cached; concurrent callers of one page share one request; at most
    ``max_in_flight`` page requests run at once. ``total`` and ``job_id`` are known after the first
    page. When a later page reports a different ``JobId`` (a new snapshot job replaced the old
    one), the cache is dropped, ``job_changes`` counts up, and :meth:`all_snapshots` starts over.
    """

    MAX_JOB_RESTARTS = 3

    def __init__(
        self, client: VodClient, request: ListSnapshotsRequest, *, max_in_flight: int = 4
    ) -> None:
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self._client = client
        self._request = request
        self.provider = "aliyun"
        self.video_id = request.video_id
        self.snapshot_type: str = request.snapshot_type
        self.page_size = request.page_size
        self.auth_timeout = request.auth_timeout
        self.max_in_flight = max_in_flight
        self.total: int | None = None
        self.job_id: str | None = None
        self.job_changes = 0
        self._pages: dict[int, SnapshotPage] = {}
        self._pending: dict[tuple[int, bool], asyncio.Task[SnapshotPage]] = {}
        self._slots = asyncio.Semaphore(max_in_flight)
        self._running: set[asyncio.Task[Any]] = set()

    @property
    def request(self) -> ListSnapshotsRequest:
        return self._request

    @property
    def page_count(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.page_size))

    @property
    def in_flight(self) -> int:
        """Page requests being sent now (holding one of the ``max_in_flight`` slots), not counting
        those already told to cancel."""
        return sum(1 for t in self._running if not t.cancelling())

    @property
    def pending(self) -> int:
        """Page requests started and not yet ended, including those waiting for a slot."""
        return sum(1 for t in self._pending.values() if not t.done() and not t.cancelling())

    def cached(self, page_no: int) -> SnapshotPage | None:
        return self._pages.get(page_no)

    def page_of_index(self, index: int) -> int:
        return (index - 1) // self.page_size + 1

    async def page(self, page_no: int) -> SnapshotPage:
        """Page ``page_no`` (1-based), from the cache when it is there."""
        self._check_page(page_no)
        cached = self._pages.get(page_no)
        if cached is not None:
            return cached
        return await asyncio.shield(self._task(page_no, fresh=False))

    async def page_for_index(self, index: int) -> SnapshotPage:
        """The page holding the 1-based snapshot ``index``."""
        self._check_index(index)
        return await self.page(self.page_of_index(index))

    async def refresh_url(self, index: int) -> str:
        """A fresh URL for snapshot ``index``: its page is fetched again, bypassing the cache (the old
        URL's CDN token expired). Raises :class:`VodError` when the current job has no such snapshot."""
        self._check_index(index)
        page = await asyncio.shield(self._task(self.page_of_index(index), fresh=True))
        for snapshot in page.snapshots:
            if snapshot.index == index:
                return snapshot.url
        raise VodError(
            "SnapshotNotFound",
            f"snapshot {index} is not in the current job {page.job_id or '-'} (total {page.total})",
            request_id=page.request_id,
            error_class=ErrorClass.NOT_FOUND,
        )

    async def __aiter__(self) -> AsyncIterator[SnapshotPage]:
        """Every page in order; the next pages are fetched while the current one is consumed."""
        first = await self.page(1)
        yield first
        count = self.page_count or 1
        for page_no in range(2, count + 1):
            for ahead in range(page_no, min(count, page_no + self.max_in_flight - 1) + 1):
                if ahead not in self._pages:
                    self._task(ahead, fresh=False)
            yield await self.page(page_no)

    async def all_snapshots(self) -> list[Snapshot]:
        """Every snapshot of the job in index order, all from one job (restarts if it is replaced)."""
        for _ in range(self.MAX_JOB_RESTARTS + 1):
            changes = self.job_changes
            first = await self.page(1)
            count = self.page_count or 1
            rest = await asyncio.gather(*(self.page(n) for n in range(2, count + 1)))
            if self.job_changes == changes:
                snapshots = [s for page in (first, *rest) for s in page.snapshots]
                snapshots.sort(key=lambda s: s.index)
                return snapshots
            log.info(
                "ListSnapshots %s: snapshot job replaced while paging; starting over", self.video_id
            )
        raise VodError(
            "JobReplaced",
            "the snapshot job kept changing while its pages were listed",
            error_class=ErrorClass.TRANSIENT,
        )

    def cancel(self) -> None:
        """Cancel every page request in flight (their HTTP requests are aborted); ``in_flight`` is 0
        afterwards. Cached pages stay; later calls start new requests."""
        for task in list(self._pending.values()):
            task.cancel()

    async def wait_idle(self) -> None:
        """Wait until every started page request has ended (finished, failed or cancelled)."""
        tasks = list(self._pending.values())
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    # --- internals ------------------------------------------------------------------------------

    def _check_page(self, page_no: int) -> None:
        count = self.page_count
        if page_no < 1 or (count is not None and page_no > count):
            raise VodError(
                "InvalidParameter",
                f"page {page_no} is outside 1..{count if count is not None else '?'}",
                error_class=ErrorClass.INPUT,
            )

    def _check_index(self, index: int) -> None:
        if index < 1 or (self.total is not None and index > self.total):
            raise VodError(
                "InvalidParameter",
                f"snapshot {index} is outside 1..{self.total if self.total is not None else '?'}",
                error_class=ErrorClass.INPUT,
            )

    def _task(self, page_no: int, *, fresh: bool) -> asyncio.Task[SnapshotPage]:
        key = (page_no, fresh)
        task = self._pending.get(key)
        if task is not None and not task.done() and not task.cancelling():
            return task
        task = asyncio.get_running_loop().create_task(
            self._fetch(page_no), name=f"ListSnapshots {self.video_id} page {page_no}"
        )
        self._pending[key] = task
        task.add_done_callback(functools.partial(self._finished, key))
        return task

    def _finished(self, key: tuple[int, bool], task: asyncio.Task[SnapshotPage]) -> None:
        if self._pending.get(key) is task:
            del self._pending[key]
        if not task.cancelled():
            task.exception()  # retrieved here, so an error nobody awaited is not reported as lost

    async def _fetch(self, page_no: int) -> SnapshotPage:
        async with self._slots:
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
            try:
                page = await self._client.fetch(self._request.with_page(page_no))
            finally:
                if task is not None:
                    self._running.discard(task)
        self._accept(page)
        return page

    def _accept(self, page: SnapshotPage) -> None:
        if self.job_id is None:
            self.job_id = page.job_id
        elif page.job_id != self.job_id:
            self.job_changes += 1
            log.info(
                "ListSnapshots %s: job %s replaced by %s", self.video_id, self.job_id, page.job_id
            )
            self.job_id = page.job_id
            self._pages.clear()
        self.total = page.total
        self._pages[page.page_no] = page
