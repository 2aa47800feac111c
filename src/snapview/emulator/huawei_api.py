"""The Huawei Cloud VOD API side of the emulator: ``ShowAssetDetail``, ``ListThumbnailInfo``,
``ListThumbnailDetails``, ``ListAssetList``, ``ShowAssetMeta`` and ``ListAssetCategory`` behind an
API-gateway front that authenticates like the real one.

Authentication is ``SDK-HMAC-SHA256`` verified with :mod:`snapview.core.huawei_signing` — the
signer the conformance tests prove against ``huaweicloudsdkcore`` — so a signing bug cannot hide by
being wrong the same way on both sides. A bad signature gets what the gateway sends: HTTP 401,
``{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: verify aksk
signature fail, canonicalRequest:…", "request_id": …}`` (the canonical request with its lines joined by
``|``); an unknown AK ``…Get secretKey failed,ak:******,err:ak not exist``; an ``X-Sdk-Date`` more than
15 minutes from the server's clock is refused with APIGW.0301 too (its exact wording is the
emulator's, the real one is not documented). Throttling is HTTP 429 ``APIGW.0308``; VOD's own errors
are ``VOD.100xx`` with the statuses of the API reference. The emulator's fault flags apply here as
for Alibaba (their own request numbering, kind ``huawei_api``).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import uuid
from collections.abc import Callable
from typing import Any

from aiohttp import web

from snapview.core import huawei_signing as hs
from snapview.emulator import cdn
from snapview.emulator.faults import ERROR, RESET, THROTTLE, TRUNCATE
from snapview.emulator.huawei_catalog import (
    CATEGORIES,
    CATEGORY_NAMES,
    DEMO_KEYS,
    DETAIL_LIST_CAP,
    LIBRARY_KEY,
    ApiAsset,
    HuaweiKey,
    HuaweiLibrary,
)
from snapview.emulator.state import STATE_KEY, EmulatorState

log = logging.getLogger("snapview.emulator")

DATE_WINDOW_S = 15 * 60
MAX_ROWS = 20_000
KINDS = ("sample", "dots", "quantity")
DETAIL_CATEGORIES = ("base_info", "transcode_info", "thumbnail_info", "review_info")

Params = list[tuple[str, str]]


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, gateway: bool = False) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.gateway = gateway  # APIGW errors carry request_id in the body as well


def _iam(message: str) -> ApiError:
    return ApiError(
        401, "APIGW.0301", f"Incorrect IAM authentication information: {message}", gateway=True
    )


def _illegal(field: str) -> ApiError:
    return ApiError(
        400, "VOD.10053", f"The request parameter is illegal, illegal field: {{{field}}}."
    )


def _no_asset(status: int = 400) -> ApiError:
    return ApiError(status, "VOD.10062", "Media asset or resource does not exist, please check.")


def _request_id() -> str:
    return uuid.uuid4().hex


def _error_response(error: ApiError, request_id: str) -> web.Response:
    body: dict[str, Any] = {"error_code": error.code, "error_msg": error.message}
    if error.gateway:
        body["request_id"] = request_id
    return web.json_response(body, status=error.status, headers={"X-Request-Id": request_id})


def _first(params: Params, name: str) -> str | None:
    for key, value in params:
        if key == name:
            return value
    return None


def _all(params: Params, name: str) -> list[str]:
    return [value for key, value in params if key == name]


def _int(params: Params, name: str, default: int, low: int, high: int) -> int:
    raw = _first(params, name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _illegal(name) from None
    if not low <= value <= high:
        raise _illegal(name)
    return value


# --- the gateway: authentication -----------------------------------------------------------------


def authenticate(
    state: EmulatorState, request: web.Request, params: Params, body: bytes
) -> HuaweiKey:
    header = request.headers.get("Authorization", "")
    if not header:
        if request.headers.get("X-Auth-Token"):
            raise _iam("decrypt token fail")
        raise _iam("Authorization not found")
    try:
        auth = hs.parse_authorization(header)
    except ValueError as exc:
        raise _iam(f"{exc}") from None
    for name in ("host", "x-sdk-date"):
        if name not in auth.signed_headers:
            raise _iam(f"the signature must cover the {name} header")
    headers: dict[str, str] = {}
    for name in auth.signed_headers:
        value = request.headers.get(name)
        if value is None:
            raise _iam(f"signed header {name} not found in the request")
        headers[name] = value
    key = DEMO_KEYS.get(auth.access_key)
    if key is None:
        raise _iam("Get secretKey failed,ak:******,err:ak not exist")
    try:
        when = hs.parse_sdk_date(headers["x-sdk-date"])
    except ValueError:
        raise _iam("x-sdk-date is not in the format yyyyMMddTHHmmssZ") from None
    if abs(state.now() - when) > DATE_WINDOW_S:
        server = hs.sdk_date(state.now())
        raise _iam(
            f"x-sdk-date {headers['x-sdk-date']} is more than 15 minutes from the server time {server}"
        )
    canonical = hs.canonical_request(
        request.method, request.rel_url.raw_path, params, headers, auth.signed_headers, body
    )
    expected = hs.signature(
        request.method,
        request.rel_url.raw_path,
        params,
        headers,
        auth.signed_headers,
        key.secret_key,
        body,
    )
    if not hmac.compare_digest(expected, auth.signature):
        raise _iam("verify aksk signature fail, canonicalRequest:" + canonical.replace("\n", "|"))
    if key.security_token is not None:
        token = request.headers.get("X-Security-Token", "")
        if not hmac.compare_digest(token.encode(), key.security_token.encode()):
            raise _iam("verify security token fail")
    return key


def _authorize(key: HuaweiKey, request: web.Request) -> None:
    project = request.match_info["project_id"]
    declared = request.headers.get("X-Project-Id")
    if project != key.project_id or (declared is not None and declared != project):
        raise ApiError(403, "VOD.10054", "Identity authentication failed.")
    if not key.allowed:
        raise ApiError(
            403, "APIGW.0302", "The IAM user is not authorized to access the API.", gateway=True
        )


# --- the VOD answers ------------------------------------------------------------------------------


def _validity(state: EmulatorState, asset: ApiAsset) -> int:
    if state.config.url_validity_s is not None:
        return state.config.url_validity_s
    return asset.url_validity_s or cdn.HUAWEI_URL_VALIDITY_S


def _signer(
    state: EmulatorState, request: web.Request, asset: ApiAsset
) -> Callable[[str, int], str]:
    ts = cdn.token_start(state.now(), _validity(state, asset))
    base = f"http://{request.host}"
    key = state.catalog.cdn_private_key
    return lambda kind, offset: (
        base + cdn.sign_path(cdn.huawei_path(asset.asset_id, kind, offset), ts, key)
    )


def _base_info(asset: ApiAsset, url: Callable[[str, int], str]) -> dict[str, Any]:
    covers = [{"cover_url": url("sample", 0)}] if asset.offsets("sample") else []
    return {
        "title": asset.title,
        "video_name": f"{asset.asset_id}.mp4",
        "description": asset.description,
        "category_id": asset.category_id,
        "category_name": CATEGORY_NAMES.get(asset.category_id, ""),
        "create_time": asset.create_stamp,
        "last_modified": asset.create_stamp,
        "video_type": "MP4",
        "tags": "",
        "meta_data": {
            "pack_type": "MP4",
            "codec": "H.264",
            "duration": asset.duration_s,
            "duration_ms": asset.duration_s * 1000,
            "video_size": asset.duration_s * 125_000,
            "width": asset.width,
            "height": asset.height,
            "bit_rate": 1000,
            "frame_rate": 25,
        },
        "video_url": "",
        "cover_info_array": covers,
        "subtitle_info": [],
    }


def _thumbnail_info(asset: ApiAsset, url: Callable[[str, int], str]) -> dict[str, Any]:
    info: dict[str, Any] = {
        kind: [{"offset": t, "url": url(kind, t)} for t in asset.offsets(kind)[:DETAIL_LIST_CAP]]
        for kind in KINDS
    }
    info["exec_desc"] = asset.exec_desc
    info["thumbnail_status"] = asset.thumbnail_status
    return info


def show_asset_detail(
    state: EmulatorState, library: HuaweiLibrary, request: web.Request, params: Params
) -> Any:
    asset_id = (_first(params, "asset_id") or "").strip()
    if not asset_id:
        raise _illegal("asset_id")
    categories = _all(params, "categories") or list(DETAIL_CATEGORIES)
    if any(c not in DETAIL_CATEGORIES for c in categories):
        raise _illegal("categories")
    asset = library.asset(asset_id)
    if asset is None:
        raise _no_asset(403)
    url = _signer(state, request, asset)
    data: dict[str, Any] = {"asset_id": asset.asset_id}
    if "base_info" in categories:
        data["base_info"] = _base_info(asset, url)
    if "transcode_info" in categories:
        data["transcode_info"] = {
            "template_group_name": "system_template_group",
            "output": [],
            "exec_desc": "",
            "transcode_status": asset.transcode_status,
        }
    if "thumbnail_info" in categories:
        data["thumbnail_info"] = _thumbnail_info(asset, url)
    if "review_info" in categories:
        data["review_info"] = {"review_status": asset.review_status, "exec_desc": ""}
    return data


def list_thumbnail_info(
    state: EmulatorState, library: HuaweiLibrary, request: web.Request, params: Params
) -> Any:
    asset_id = (_first(params, "asset_id") or "").strip()
    if not asset_id:
        raise _illegal("asset_id")
    offset = _int(params, "offset", 0, 0, 20_000)
    limit = _int(params, "limit", 10, 1, 100)
    asset = library.asset(asset_id)
    if asset is None:
        raise _no_asset()
    tasks = asset.tasks()
    task_id = _first(params, "task_id")
    if task_id:
        tasks = [t for t in tasks if t["task_id"] == task_id]
    return {"total": len(tasks), "thumbnails": tasks[offset : offset + limit]}


def list_thumbnail_details(
    state: EmulatorState, library: HuaweiLibrary, request: web.Request, params: Params
) -> Any:
    task_id = (_first(params, "task_id") or "").strip()
    if not task_id:
        raise _illegal("task_id")
    offset = _int(params, "offset", 0, 0, 20_480)
    limit = _int(params, "limit", 20, 1, 100)
    found = library.task(task_id)
    if found is None:
        raise _no_asset()
    asset, kind = found
    offsets = asset.offsets(kind)
    url = _signer(state, request, asset)
    return {
        "total": len(offsets),
        "thumbnail_result": [
            {"offset": t, "url": url(kind, t)} for t in offsets[offset : offset + limit]
        ],
    }


def _time_filter(params: Params, name: str) -> str | None:
    value = _first(params, name)
    if value is None or value == "":
        return None
    if len(value) != 14 or not value.isdigit():
        raise _illegal(name)
    return value


def _matching(
    library: HuaweiLibrary, params: Params, statuses: dict[str, list[str]]
) -> list[ApiAsset]:
    ids = {a.lower() for a in _all(params, "asset_id")}
    if len(ids) > 10:
        raise _illegal("asset_id")
    start = _time_filter(params, "start_time")
    end = _time_filter(params, "end_time")
    category = _first(params, "category_id")
    if category not in (None, "") and not category.lstrip("-").isdigit():
        raise _illegal("category_id")
    words = (_first(params, "query_string") or "").strip().lower()
    tags = (_first(params, "tags") or "").strip()
    media = {m.upper() for m in _all(params, "media_type")}
    filtered = bool(
        ids or start or end or category or words or tags or media or any(statuses.values())
    )
    if not filtered:
        return library.assets
    out = []
    for asset in library.assets:
        if ids and asset.asset_id not in ids:
            continue
        if (start and asset.create_stamp < start) or (end and asset.create_stamp > end):
            continue
        if category not in (None, "") and asset.category_id != int(category):
            continue
        if words and words not in (asset.title + " " + asset.description).lower():
            continue
        if tags or (media and "MP4" not in media):
            continue  # the library has no tags, and every asset is an MP4
        if statuses.get("any") and not asset.statuses() & set(statuses["any"]):
            continue
        if statuses.get("transcode") and asset.transcode_status not in statuses["transcode"]:
            continue
        if statuses.get("asset") and asset.asset_status not in statuses["asset"]:
            continue
        out.append(asset)
    return out


def _page(params: Params) -> tuple[int, int]:
    page = _int(params, "page", 0, 0, MAX_ROWS)
    size = _int(params, "size", 10, 1, 100)
    if (page + 1) * size > MAX_ROWS:
        raise _illegal("page")
    return page, size


def list_asset_list(
    state: EmulatorState, library: HuaweiLibrary, request: web.Request, params: Params
) -> Any:
    page, size = _page(params)
    order = (_first(params, "order") or "desc").lower()
    if order not in ("asc", "desc"):
        raise _illegal("order")
    assets = _matching(library, params, {"any": _all(params, "status")})
    if order == "asc":
        assets = assets[::-1]
    rows = []
    for asset in assets[page * size : (page + 1) * size]:
        url = _signer(state, request, asset)
        rows.append(
            {
                "asset_id": asset.asset_id,
                "title": asset.title,
                "description": asset.description,
                "duration": asset.duration_s,
                "duration_ms": asset.duration_s * 1000,
                "size": asset.duration_s * 125_000,
                "original_url": "",
                "category": CATEGORY_NAMES.get(asset.category_id, ""),
                "covers": [{"cover_url": url("sample", 0)}] if asset.offsets("sample") else [],
                "create_time": asset.create_stamp,
                "asset_status": asset.asset_status,
                "transcode_status": asset.transcode_status,
                "thumbnail_status": asset.thumbnail_status,
                "review_status": asset.review_status,
                "exec_desc": asset.exec_desc,
                "media_type": "MP4",
            }
        )
    return {"total": min(len(assets), MAX_ROWS), "assets": rows}


def show_asset_meta(
    state: EmulatorState, library: HuaweiLibrary, request: web.Request, params: Params
) -> Any:
    page, size = _page(params)
    ids = _all(params, "asset_id")
    statuses = {
        "any": _all(params, "status"),
        "transcode": _all(params, "transcodeStatus"),
        "asset": _all(params, "assetStatus"),
    }
    assets = _matching(library, params, statuses)
    rows: list[dict[str, Any]] = []
    if ids:
        found = {a.asset_id: a for a in assets}
        for asset_id in ids:
            asset = found.get(asset_id.lower())
            rows.append(
                _asset_info(state, request, asset)
                if asset
                else {"asset_id": asset_id, "status": "NO_ASSET"}
            )
        return {"asset_info_array": rows, "is_truncated": 0, "total": len(rows)}
    window = assets[page * size : (page + 1) * size]
    rows = [_asset_info(state, request, a) for a in window]
    more = len(assets) > (page + 1) * size
    return {
        "asset_info_array": rows,
        "is_truncated": 1 if more else 0,
        "total": min(len(assets), MAX_ROWS),
    }


def _asset_info(state: EmulatorState, request: web.Request, asset: ApiAsset) -> dict[str, Any]:
    return {
        "asset_id": asset.asset_id,
        "status": asset.asset_status,
        "description": asset.description,
        "is_multi_transcode": False,
        "base_info": _base_info(asset, _signer(state, request, asset)),
        "play_info_array": [],
    }


def _category_json(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["id"],
        "name": item["name"],
        "children": [_category_json(c) for c in item["children"]],
    }


def list_asset_category(
    state: EmulatorState, library: HuaweiLibrary, request: web.Request, params: Params
) -> Any:
    wanted = _int(params, "id", -1, 0, 2**31)
    if wanted < 0:
        raise _illegal("id")
    if wanted == 0:
        return [_category_json(c) for c in CATEGORIES]

    def find(items: tuple[dict[str, Any], ...]) -> dict[str, Any] | None:
        for item in items:
            if item["id"] == wanted:
                return item
            hit = find(item["children"])
            if hit is not None:
                return hit
        return None

    found = find(CATEGORIES)
    if found is None:
        raise ApiError(400, "VOD.10064", "Media asset classification does not exist.")
    return [_category_json(found)]


# --- the front: faults, authentication, answer -----------------------------------------------------


Operation = Callable[[EmulatorState, HuaweiLibrary, web.Request, Params], Any]


def _handler(name: str, operation: Operation) -> Callable[[web.Request], Any]:
    async def handle(request: web.Request) -> web.StreamResponse:
        state: EmulatorState = request.app[STATE_KEY]
        library = request.app[LIBRARY_KEY]
        state.count("requests")
        state.count("huawei_api_requests")
        request_id = _request_id()
        fate = state.api_faults.fate("huawei_api", state.next_number("huawei_api"))
        if fate.delay_ms > 0:
            await asyncio.sleep(fate.delay_ms / 1000)
        if fate.fault == RESET:
            state.count("resets")
            state.count("faults")
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=500)
        if fate.fault == ERROR:
            state.count("faults")
            if fate.variant < 0.4:
                error = ApiError(502, "APIGW.0202", "Backend unavailable.", gateway=True)
            elif fate.variant < 0.7:
                error = ApiError(504, "APIGW.0203", "Backend timeout.", gateway=True)
            else:  # VOD's internal error, documented with a 403
                error = ApiError(403, "VOD.10051", "Internal system error.")
            return _error_response(error, request_id)
        if fate.fault == THROTTLE:
            state.count("throttled")
            return _error_response(
                ApiError(
                    429,
                    "APIGW.0308",
                    "The throttling threshold has been reached: policy user over ratelimit,limit:1500,time:1 minute",
                    gateway=True,
                ),
                request_id,
            )
        params = hs.parse_query(request.rel_url.raw_query_string)
        body = await request.read()
        try:
            key = authenticate(state, request, params, body)
            _authorize(key, request)
            data = operation(state, library, request, params)
        except ApiError as error:
            state.count("huawei_api_errors")
            state.count(f"{error.status}s")
            log.debug("Huawei %s error %s", name, error.code)
            return _error_response(error, request_id)
        state.count(name)
        response = web.json_response(data, headers={"X-Request-Id": request_id})
        if fate.fault == TRUNCATE:
            state.count("truncated")
            state.count("faults")
            assert isinstance(response.body, bytes)
            headers = {"X-Request-Id": request_id, "Content-Type": response.headers["Content-Type"]}
            return await cdn.send_truncated(request, 200, response.body, headers)
        return response

    return handle


async def _no_such_api(request: web.Request) -> web.Response:
    request.app[STATE_KEY].count("huawei_api_requests")
    error = ApiError(
        404,
        "APIGW.0101",
        "The API does not exist or has not been published in the environment.",
        gateway=True,
    )
    return _error_response(error, _request_id())


ROUTES: tuple[tuple[str, str, Operation], ...] = (
    ("/v1.0/{project_id}/asset/details", "show_asset_detail", show_asset_detail),
    ("/v1/{project_id}/asset/thumbnails", "list_thumbnail_info", list_thumbnail_info),
    ("/v1/{project_id}/asset/thumbnail/details", "list_thumbnail_details", list_thumbnail_details),
    ("/v1.0/{project_id}/asset/list", "list_asset_list", list_asset_list),
    ("/v1.0/{project_id}/asset/info", "show_asset_meta", show_asset_meta),
    ("/v1.0/{project_id}/asset/category", "list_asset_category", list_asset_category),
)


def install(app: web.Application, state: EmulatorState) -> None:
    """Register the Huawei API routes and the asset library on the emulator's application."""
    app[LIBRARY_KEY] = HuaweiLibrary(state.catalog)
    for path, name, operation in ROUTES:
        app.router.add_get(path, _handler(name, operation))
    for prefix in ("/v1.0/", "/v1/"):
        app.router.add_route("*", prefix + "{tail:.*}", _no_such_api)
