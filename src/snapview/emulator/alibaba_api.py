"""The Alibaba Cloud VOD side of the emulator: the RPC gateway at ``/`` and its ``ListSnapshots`` action.

It authenticates like the real gateway (SPEC A.3): V1 HMAC-SHA1 query signatures (form-decoded query,
empty values signed, ``SignatureMethod`` case-insensitive, ``RegionId``/``Format`` optional) and V3
``ACS3-HMAC-SHA256`` headers (signed header list taken from ``Authorization``, ``x-acs-content-sha256``
checked against the body), a 15-minute timestamp window, nonce replay protection and STS tokens. The
signatures are computed with :mod:`snapview.core.signing`, which is proven against the official SDKs, so a
signing bug cannot hide by being wrong the same way on both sides. Errors use the vendor body
(``RequestId, HostId, Code, Message, Recommend``) in JSON or XML.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from aiohttp import web

from snapview.core import signing
from snapview.emulator import cdn
from snapview.emulator.catalog import LISTABLE_STATUSES, SNAPSHOT_TYPES, AccessKey
from snapview.emulator.faults import ERROR, RESET, THROTTLE, TRUNCATE
from snapview.emulator.state import STATE_KEY, EmulatorState

log = logging.getLogger(__name__)

API_VERSION = "2017-03-21"
TIMESTAMP_WINDOW_S = 15 * 60
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MIN_AUTH_TIMEOUT = 3600
MAX_AUTH_TIMEOUT = 2_592_000


class ApiError(Exception):
    """An error answer of the gateway: HTTP status, vendor code and message."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
        self.headers: dict[str, str] = {}


def _missing(name: str) -> ApiError:
    return ApiError(
        400,
        "MissingParameter",
        f'The input parameter "{name}" that is mandatory for processing this request is not supplied.',
    )


def _invalid(name: str, detail: str = "") -> ApiError:
    suffix = f" {detail}" if detail else ""
    return ApiError(
        400, "InvalidParameter", f'The specified parameter "{name}" is not valid.{suffix}'
    )


def _request_id() -> str:
    return str(uuid.uuid4()).upper()


def _xml(name: str, value: Any) -> str:
    if isinstance(value, dict):
        return f"<{name}>{''.join(_xml(k, v) for k, v in value.items())}</{name}>"
    if isinstance(value, list):
        return "".join(_xml(name, item) for item in value)
    return f"<{name}>{escape(str(value))}</{name}>"


def _render(
    status: int, root: str, data: dict[str, Any], as_xml: bool, headers: dict[str, str]
) -> web.Response:
    if as_xml:
        body = "<?xml version='1.0' encoding='UTF-8'?>" + _xml(root, data)
        return web.Response(status=status, text=body, content_type="text/xml", headers=headers)
    return web.json_response(data, status=status, headers=headers)


def error_response(request: web.Request, error: ApiError, as_xml: bool) -> web.Response:
    request_id = _request_id()
    body: dict[str, Any] = {
        "RequestId": request_id,
        "HostId": request.host,
        "Code": error.code,
        "Message": error.message,
        "Recommend": f"https://api.aliyun.com/troubleshoot?q={error.code}&product=vod&requestId={request_id}",
    }
    body.update(error.extra)
    headers = {"x-acs-request-id": request_id, **error.headers}
    return _render(error.status, "Error", body, as_xml, headers)


def _parse_timestamp(value: str, name: str) -> float:
    try:
        when = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise ApiError(
            400,
            "IllegalTimestamp",
            f'The input parameter "{name}" is not in the format YYYY-MM-DDThh:mm:ssZ.',
        ) from None
    return when.timestamp()


def _check_clock(state: EmulatorState, value: str, name: str) -> None:
    when = _parse_timestamp(value, name)
    if abs(state.now() - when) > TIMESTAMP_WINDOW_S:
        raise ApiError(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired. "
            f"(server time {signing.utc_timestamp(state.now())}, request {value})",
        )


def _lookup_key(state: EmulatorState, access_key_id: str) -> AccessKey:
    key = state.catalog.access_keys.get(access_key_id.strip())
    if key is None:
        raise ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    if not key.active:
        raise ApiError(400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")
    return key


def _check_token(key: AccessKey, token: str | None, name: str) -> None:
    if key.security_token is None:
        return
    if not token:
        raise _missing(name)
    if not hmac.compare_digest(token.encode(), key.security_token.encode()):
        raise ApiError(
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "The security token you provided does not match the access key.",
        )


def _check_nonce(state: EmulatorState, nonce: str) -> None:
    if not state.use_nonce(nonce):
        raise ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")


def _authenticate_v1(
    state: EmulatorState, method: str, params: dict[str, str]
) -> tuple[AccessKey, dict[str, str]]:
    for name in (
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "Timestamp",
        "Action",
        "Version",
    ):
        if name not in params:
            raise _missing(name)
    if params["SignatureMethod"].upper() != "HMAC-SHA1":
        raise _invalid("SignatureMethod", "Use HMAC-SHA1.")
    if params["SignatureVersion"] != "1.0":
        raise _invalid("SignatureVersion", "Use 1.0.")
    key = _lookup_key(state, params["AccessKeyId"])
    _check_clock(state, params["Timestamp"], "Timestamp")
    unsigned = {k: v for k, v in params.items() if k != "Signature"}
    expected = signing.v1_signature(method, unsigned, key.secret)
    if not hmac.compare_digest(expected.encode(), params["Signature"].encode()):
        raise ApiError(
            400,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation. server string to sign is:"
            + signing.v1_string_to_sign(method, unsigned),
        )
    _check_token(key, params.get("SecurityToken"), "SecurityToken")
    _check_nonce(state, params["SignatureNonce"])
    return key, params


# Headers the gateway insists are covered by a V3 signature (else a request could be replayed or altered).
_MUST_SIGN = (
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
)


def _authenticate_v3(
    state: EmulatorState,
    request: web.Request,
    authorization: str,
    query: dict[str, str],
    body: bytes,
) -> tuple[AccessKey, dict[str, str]]:
    try:
        auth = signing.parse_v3_authorization(authorization)
    except ValueError as exc:
        raise ApiError(
            400, "IncompleteSignature", f"The Authorization header is malformed: {exc}."
        ) from None
    headers = request.headers
    for name in (
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
    ):
        if not headers.get(name):
            raise _missing(name)
    for name in _MUST_SIGN:
        if name not in auth.signed_headers:
            raise ApiError(
                400,
                "IncompleteSignature",
                f"The request signature does not cover the {name} header.",
            )
    for name in auth.signed_headers:
        if name not in headers:
            raise ApiError(
                400, "IncompleteSignature", f"The signed header {name} is not in the request."
            )
    if headers["x-acs-content-sha256"].lower() != hashlib.sha256(body).hexdigest():
        raise ApiError(
            400,
            "IncompleteSignature",
            "The x-acs-content-sha256 header does not match the request body.",
        )
    key = _lookup_key(state, auth.access_key_id)
    _check_clock(state, headers["x-acs-date"], "x-acs-date")
    expected = signing.v3_signature(
        request.method,
        request.rel_url.raw_path or "/",
        query,
        headers,
        auth.signed_headers,
        key.secret,
        body,
    )
    if not hmac.compare_digest(expected, auth.signature):
        raise ApiError(
            400,
            "SignatureDoesNotMatch",
            "The request signature does not conform to Aliyun standards.",
        )
    _check_token(key, headers.get("x-acs-security-token"), "x-acs-security-token")
    _check_nonce(state, headers["x-acs-signature-nonce"])
    params = dict(query)
    params["Action"] = headers["x-acs-action"]
    params["Version"] = headers["x-acs-version"]
    return key, params


def _int_param(params: dict[str, str], name: str, default: int, low: int, high: int | None) -> int:
    raw = params.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _invalid(name, "It must be an integer.") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise _invalid(name, f"It must be {bound}.")
    return value


def require_permission(key: AccessKey, action: str) -> None:
    """Forbidden.RAM, with the gateway's AccessDeniedDetail, unless ``key`` may call ``action``."""
    if action not in key.permissions and "vod:*" not in key.permissions:
        raise ApiError(
            403,
            "Forbidden.RAM",
            "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
            AccessDeniedDetail={
                "PolicyType": "AccountLevelIdentityBasedPolicy",
                "AuthPrincipalOwnerId": "1234567890123456",
                "EncodedDiagnosticMessage": "AQIBIAAAAOPdwKY2QLOvgMEc7SkkoJfj1kvZwsaRqNYMh10Tv0wTe0fCzaCdrvgazfNb0EnJKETgXyhR+3BIQjx9WAqZryejBsp1Bl4qI5En/D9dEhcXAtKCxCmE2kZCiEzpy8BoEUt+bs0DmlaGWO5xkEpttypLIB4rUhDvZd+zwPg4EXk4KSSWSWsurxtqDkKEMshKlQFBTKvJcKwyhk62IeYly4hQ+5IpXjkh1GQXuDRCQ==",  # noqa: E501 - a real sample, verbatim
                "AuthPrincipalType": "SubUser",
                "AuthPrincipalDisplayName": key.access_key_id,
                "NoPermissionType": "ImplicitDeny",
                "AuthAction": action,
            },
        )


def list_snapshots(
    state: EmulatorState, request: web.Request, key: AccessKey, params: dict[str, str]
) -> dict[str, Any]:
    require_permission(key, "vod:ListSnapshots")
    video_id = params.get("VideoId", "").strip()
    if not video_id:
        raise _missing("VideoId")
    snapshot_type = params.get("SnapshotType", "").strip() or "CoverSnapshot"
    if snapshot_type not in SNAPSHOT_TYPES:
        raise _invalid("SnapshotType", f"Use one of {', '.join(SNAPSHOT_TYPES)}.")
    page_size = _int_param(params, "PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    page_no = _int_param(params, "PageNo", 1, 1, None)
    auth_timeout = _int_param(params, "AuthTimeout", MIN_AUTH_TIMEOUT, 1, None)
    video = state.catalog.videos.get(video_id)
    if video is None:
        raise ApiError(404, "InvalidVideo.NotFound", "The video does not exist.")
    if video.status not in LISTABLE_STATUSES:
        raise ApiError(400, "Forbidden.IllegalStatus", "Status of the video is illegal.")
    job = state.current_job(video)
    state.list_calls[video_id] += 1

    if state.config.url_validity_s is not None:
        validity = state.config.url_validity_s
    elif video.url_validity_s is not None:
        validity = video.url_validity_s
    else:
        validity = min(max(auth_timeout, MIN_AUTH_TIMEOUT), MAX_AUTH_TIMEOUT)
    ts = cdn.token_start(state.now(), validity)
    base = f"http://{request.host}"
    private_key = state.catalog.cdn_private_key

    total = job.total(snapshot_type)
    start = (page_no - 1) * page_size
    # Planted listing defects: covers left out while Total still counts them (a count mismatch
    # and an index gap), NormalSnapshot links whose token is already expired, and links to a
    # private object without any token.
    defects = video.defects if snapshot_type == "NormalSnapshot" else None
    unlisted = video.defects.unlisted_covers if snapshot_type == "CoverSnapshot" else ()
    listed = [i for i in range(1, total + 1) if i not in unlisted]

    def url(index: int) -> str:
        path = cdn.snapshot_path(video_id, job, snapshot_type, index)
        if defects is not None and index in defects.forbidden:
            return base + path
        start_ts = ts
        if defects is not None and index in defects.expired:
            start_ts = int(state.now()) - 2 * cdn.CDN_VALIDITY_S
        return base + cdn.sign_path(path, start_ts, private_key)

    snapshots = [{"Index": i, "Url": url(i)} for i in listed[start : start + page_size]]
    if snapshot_type == "WebVttSnapshot":
        regular = base + cdn.snapshot_path(video_id, job, snapshot_type, 1)
    else:
        regular = f"{base}/cdn/{video_id}/{job.job_id}/{cdn.FILE_PREFIX[snapshot_type]}{{SnapshotCount}}.jpg"
    return {
        "MediaSnapshot": {
            "Total": total if state.config.claimed_total is None else state.config.claimed_total,
            "Regular": regular,
            "CreationTime": job.creation_time,
            "JobId": job.job_id,
            "Snapshots": {"Snapshot": snapshots},
        }
    }


Action = Callable[[EmulatorState, web.Request, AccessKey, dict[str, str]], dict[str, Any]]
# The actions this module answers; the server adds the media library's (library_api.ACTIONS).
ACTIONS: dict[str, Action] = {"ListSnapshots": list_snapshots}
ACTIONS_KEY = web.AppKey("snapview_alibaba_actions", dict[str, Action])


def _counter(action: str) -> str:
    """``ListSnapshots`` -> ``list_snapshots``: the stats key of an action."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


async def _read_params(request: web.Request) -> tuple[dict[str, str], bytes]:
    # Form-decode the raw query ("+" is a space): the new SDK encodes spaces that way.
    query = dict(parse_qsl(request.rel_url.raw_query_string, keep_blank_values=True))
    body = await request.read()
    return query, body


async def handle_gateway(request: web.Request) -> web.StreamResponse:
    state: EmulatorState = request.app[STATE_KEY]
    state.count("requests")
    state.count("api_requests")
    query, body = await _read_params(request)
    authorization = request.headers.get("Authorization", "")
    is_v3 = authorization.startswith("ACS3-")
    as_xml = not is_v3 and query.get("Format", "XML").strip().upper() != "JSON"

    fate = state.api_faults.fate("api", state.next_number("api"))
    if fate.delay_ms > 0:
        await asyncio.sleep(fate.delay_ms / 1000)
    if fate.fault == RESET:
        state.count("resets")
        state.count("faults")
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)
    named = query.get("Action") or request.headers.get("x-acs-action", "")
    failing_page = named == "ListSnapshots" and state.api_faults.fails_page(query.get("PageNo"))
    if fate.fault == ERROR or failing_page:
        state.count("faults")
        if fate.variant < 0.5 and not failing_page:
            error = ApiError(
                500,
                "InternalError",
                "The request processing has failed due to some unknown error, exception or failure.",
            )
        else:
            error = ApiError(
                503,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            )
        return error_response(request, error, as_xml)
    if fate.fault == THROTTLE:
        state.count("throttled")
        status = 400 if fate.variant < 0.4 else 429 if fate.variant < 0.7 else 503
        error = ApiError(status, "Throttling.User", "Request was denied due to user flow control.")
        if int(fate.variant * 1000) % 2 == 0:
            error.headers["x-acs-retry-after"] = str(200 + int(fate.variant * 1800))
        return error_response(request, error, as_xml)

    action = ""
    try:
        if is_v3:
            key, params = _authenticate_v3(state, request, authorization, query, body)
        else:
            form: dict[str, str] = {}
            if body and request.content_type == "application/x-www-form-urlencoded":
                form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            if "Signature" not in query and "Signature" not in form and not authorization:
                raise _missing("Signature" if "AccessKeyId" in query else "AccessKeyId")
            key, params = _authenticate_v1(state, request.method, {**query, **form})
        if params.get("Version") != API_VERSION:
            raise ApiError(
                400,
                "InvalidVersion",
                f"Specified parameter Version is not valid. This emulator serves {API_VERSION}.",
            )
        action = params.get("Action", "")
        handler = request.app.get(ACTIONS_KEY, ACTIONS).get(action)
        if handler is None:
            raise ApiError(
                404,
                "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.",
            )
        state.count(_counter(action))
        data = {"RequestId": _request_id(), **handler(state, request, key, params)}
    except ApiError as error:
        state.count("api_errors")
        state.count(f"{error.status}s")
        log.debug("%s error %s", action or "-", error.code)
        return error_response(request, error, as_xml)

    headers = {"x-acs-request-id": str(data["RequestId"])}
    response = _render(200, f"{action}Response", data, as_xml, headers)
    if fate.fault == TRUNCATE:
        state.count("truncated")
        state.count("faults")
        assert response.body is not None and isinstance(response.body, bytes)
        headers["Content-Type"] = response.headers["Content-Type"]
        return await cdn.send_truncated(request, 200, response.body, headers)
    return response
