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

import email.utils
import logging
import re
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
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
from snapview.core.snapshots import SnapshotPage, SnapshotType
from snapview.core.vod_errors import ErrorClass, VodError, format_duration, parse_error_body
from snapview.services.retry import RetryBudget, RetryPolicy, VodStats, parse_retry_after

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from snapview.services.alibaba_pager import SnapshotPager as SnapshotPager


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

    async def fetch(
        self,
        request: ListSnapshotsRequest,
        *,
        max_attempts: int | None = None,
        budget: RetryBudget | None = None,
        gate: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    ) -> SnapshotPage:
        """Send a validated request, retrying by the policy (``max_attempts`` and ``budget``: a
        listing's per-page limit and shared retry budget); the final error carries ``attempts``."""
        label = f"{ACTION} {request.video_id} page {request.page_no}"
        return await self.retry.run(
            lambda: self._attempt(request),
            label=label,
            stats=self.stats,
            max_attempts=max_attempts,
            budget=budget,
            logger=log,
            gate=gate,
        )

    async def call(
        self, action: str, params: Mapping[str, str], *, label: str = ""
    ) -> tuple[Mapping[str, Any], CallMeta]:
        """One signed RPC call of ``action`` with its API ``params`` (no ``Action`` or signing
        parameters), on the same signing, retry, error classification and clock-skew diagnosis as
        ``ListSnapshots``: the decoded JSON object of the answer, and what else came with it. A 200
        answer that carries an API error ``Code`` raises that :class:`VodError`; one that is not a
        JSON object raises ``ResponseFormatError``. ``label`` names the call in log lines."""
        return await self.retry.run(
            lambda: self._attempt_call(action, dict(params), label),
            label=f"{action} {label or '-'}",
            stats=self.stats,
            logger=log,
        )

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
                f"{exc.__class__.__name__} talking to {self.host}: {exc}",
                unreachable=isinstance(exc, httpx.ConnectError),
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
        from snapview.services.alibaba_pager import SnapshotPager

        request = build_request(video_id, snapshot_type, 1, page_size, auth_timeout)
        return SnapshotPager(self, request, max_in_flight=max_in_flight)


def _with_request_id(page: SnapshotPage, request_id: str) -> SnapshotPage:
    from dataclasses import replace

    return replace(page, request_id=request_id)


def __getattr__(name: str) -> Any:
    # SnapshotPager moved to its own module; old imports keep working without an import cycle.
    if name == "SnapshotPager":
        from snapview.services.alibaba_pager import SnapshotPager

        return SnapshotPager
    raise AttributeError(name)
