"""Huawei Cloud VOD requests, validated before anything is sent: the regions and their endpoints,
what an asset ID and a project ID look like, and one builder per API the app calls
(``ShowAssetDetail``, ``ListThumbnailInfo``, ``ListThumbnailDetails``, ``ListAssetList``,
``ShowAssetMeta``, ``ListAssetCategory``), with the paths, parameter names and limits of the SDK
(``huaweicloudsdkvod`` 3.1.219, ``VodClient._*_http_info``) and the API reference.

List parameters go out as repeated keys (``status=A&status=B``), as the SDK sends them even where it
declares ``csv`` (RESEARCH §2.6). A bad argument raises :class:`HuaweiInvalidRequest`, whose message
tells the user what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from snapview.core.huawei_errors import HuaweiVodError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.snapshots import HuaweiSnapshotKind
from snapview.core.vod_errors import ErrorClass

_CONTEXT = "HuaweiVod"

# SDK VodRegion: https://vod.{region}.myhuaweicloud.com for these six.
REGIONS = (
    "cn-north-1",
    "cn-north-4",
    "cn-east-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
)
DEFAULT_REGION = "cn-north-4"
MAX_LIST_ROWS = 20_000  # ListAssetList / ShowAssetMeta: (page+1)*size must not exceed this
MAX_PAGE_SIZE = 100  # ListAssetList size, ListThumbnailDetails limit
MAX_DETAIL_OFFSET = 20_480  # ListThumbnailDetails offset
MAX_TASK_OFFSET = 20_000  # ListThumbnailInfo offset
MAX_IDS = 10  # asset_id values per ListAssetList / ShowAssetMeta call
MAX_MEDIA_TYPES = 20
DETAIL_CATEGORIES = ("base_info", "transcode_info", "thumbnail_info", "review_info")
ASSET_STATUSES = (
    "CREATING", "FAILED", "CREATED", "PUBLISHED", "TRANSCODING", "TRANSCODE_SUCCEED",
    "TRANSCODE_FAILED", "THUMBNAILING", "THUMBNAIL_SUCCEED", "THUMBNAIL_FAILED", "UN_REVIEW",
    "REVIEWING", "REVIEW_SUSPICIOUS", "REVIEW_PASSED", "REVIEW_FAILED", "REVIEW_BLOCKED",
)  # fmt: skip
# Job type (thumbnail_para.type) of the task whose results fill each thumbnail_info list.
TASK_TYPE_OF_KIND = {
    HuaweiSnapshotKind.SAMPLE: "time",
    HuaweiSnapshotKind.DOTS: "dots",
    HuaweiSnapshotKind.QUANTITY: "quantity",
}

_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_TIME = re.compile(r"^\d{14}$")


class HuaweiInvalidRequest(HuaweiVodError):
    """A request that was never sent because an argument is unusable; ``field`` names it."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__("InvalidParameter", message.english(), error_class=ErrorClass.INPUT)
        self.field = field
        self.reason = message

    @property
    def user_message(self) -> Message:
        return self.reason


def _invalid(argument: str, template: str, **params: object) -> HuaweiInvalidRequest:
    return HuaweiInvalidRequest(argument, Message(_CONTEXT, template, params))


def _shown(value: str) -> str:
    return value[:40] + ("…" if len(value) > 40 else "")


def region_endpoint(region: str) -> str:
    """``https://vod.<region>.myhuaweicloud.com`` for one of the six VOD regions."""
    name = region.strip().lower()
    if name not in REGIONS:
        raise _invalid(
            "region",
            QT_TRANSLATE_NOOP(
                "HuaweiVod",
                "“{value}” is not a Huawei Cloud VOD region; use one of {choices}, or a custom endpoint.",
            ),
            value=_shown(region),
            choices=", ".join(REGIONS),
        )
    return f"https://vod.{name}.myhuaweicloud.com"


def validate_asset_id(asset_id: object) -> str:
    """The asset ID, trimmed and lower-cased; it must be 32 hexadecimal characters."""
    value = asset_id.strip() if isinstance(asset_id, str) else ""
    if not value:
        raise _invalid("asset_id", QT_TRANSLATE_NOOP("HuaweiVod", "Enter a media asset ID."))
    if not _HEX32.match(value):
        raise _invalid(
            "asset_id",
            QT_TRANSLATE_NOOP(
                "HuaweiVod",
                "“{value}” is not a Huawei media asset ID: an asset ID is 32 hexadecimal characters (0-9, a-f).",
            ),
            value=_shown(value),
        )
    return value.lower()


def validate_project_id(project_id: str | None) -> str:
    """The project ID (32 hexadecimal characters, one per region, from the console's My Credentials)."""
    value = (project_id or "").strip()
    if not value:
        raise _invalid(
            "project_id",
            QT_TRANSLATE_NOOP(
                "HuaweiVod",
                "A project ID is needed: Huawei Cloud VOD calls are made in the project of a region (My Credentials > Projects in the console).",  # noqa: E501 (one literal per translatable message)
            ),
        )
    if not _HEX32.match(value):
        raise _invalid(
            "project_id",
            QT_TRANSLATE_NOOP(
                "HuaweiVod",
                "“{value}” is not a Huawei Cloud project ID: a project ID is 32 hexadecimal characters.",
            ),
            value=_shown(value),
        )
    return value.lower()


@dataclass(frozen=True, slots=True)
class HuaweiRequest:
    """One validated call: ``path`` is what goes on the wire, ``query`` the pairs to sign and send."""

    operation: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


def _path(template: str, project_id: str) -> str:
    # Path parameters are encoded with safe="", as the SDK's _parse_path_params does.
    return template.replace("{project_id}", quote(validate_project_id(project_id), safe=""))


def _bounded(field: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _invalid(
            field,
            QT_TRANSLATE_NOOP("HuaweiVod", "{field} must be a whole number from {low} to {high}."),
            field=field,
            low=low,
            high=high,
        )
    return value


def show_asset_detail(
    project_id: str, asset_id: str, categories: Sequence[str] = ("thumbnail_info",)
) -> HuaweiRequest:
    """``GET /v1.0/{project_id}/asset/details?asset_id=…&categories=…`` (repeated categories)."""
    asset = validate_asset_id(asset_id)
    for category in categories:
        if category not in DETAIL_CATEGORIES:
            raise _invalid(
                "categories",
                QT_TRANSLATE_NOOP("HuaweiVod", "Unknown detail category “{value}”; use {choices}."),
                value=_shown(category),
                choices=", ".join(DETAIL_CATEGORIES),
            )
    query = (("asset_id", asset), *(("categories", c) for c in categories))
    return HuaweiRequest(
        "ShowAssetDetail", "GET", _path("/v1.0/{project_id}/asset/details", project_id), query
    )


def list_thumbnail_info(
    project_id: str, asset_id: str, *, task_id: str | None = None, offset: int = 0, limit: int = 10
) -> HuaweiRequest:
    """``GET /v1/{project_id}/asset/thumbnails``: the snapshot tasks of an asset and their counts."""
    query = [("asset_id", validate_asset_id(asset_id))]
    if task_id:
        query.append(("task_id", task_id))
    query.append(("offset", str(_bounded("offset", offset, 0, MAX_TASK_OFFSET))))
    query.append(("limit", str(_bounded("limit", limit, 1, MAX_PAGE_SIZE))))
    return HuaweiRequest(
        "ListThumbnailInfo",
        "GET",
        _path("/v1/{project_id}/asset/thumbnails", project_id),
        tuple(query),
    )


def list_thumbnail_details(
    project_id: str, task_id: str, *, offset: int = 0, limit: int = MAX_PAGE_SIZE
) -> HuaweiRequest:
    """``GET /v1/{project_id}/asset/thumbnail/details``: one page of a task's snapshots."""
    if not task_id.strip():
        raise _invalid("task_id", QT_TRANSLATE_NOOP("HuaweiVod", "A snapshot task ID is needed."))
    query = (
        ("task_id", task_id.strip()),
        ("offset", str(_bounded("offset", offset, 0, MAX_DETAIL_OFFSET))),
        ("limit", str(_bounded("limit", limit, 1, MAX_PAGE_SIZE))),
    )
    return HuaweiRequest(
        "ListThumbnailDetails",
        "GET",
        _path("/v1/{project_id}/asset/thumbnail/details", project_id),
        query,
    )


def _statuses(values: Iterable[str], field: str) -> list[str]:
    out = []
    for value in values:
        status = value.strip().upper()
        if status not in ASSET_STATUSES:
            raise _invalid(
                field,
                QT_TRANSLATE_NOOP("HuaweiVod", "Unknown status “{value}”; use one of {choices}."),
                value=_shown(value),
                choices=", ".join(ASSET_STATUSES),
            )
        out.append(status)
    return out


def _time(value: str | None, field: str) -> str | None:
    if value is None or not value.strip():
        return None
    if not _TIME.match(value.strip()):
        raise _invalid(
            field,
            QT_TRANSLATE_NOOP(
                "HuaweiVod", "{field} must be a UTC time written yyyymmddhhmmss, not “{value}”."
            ),
            field=field,
            value=_shown(value),
        )
    return value.strip()


def _page(page: int, size: int) -> tuple[int, int]:
    _bounded("size", size, 1, MAX_PAGE_SIZE)
    _bounded("page", page, 0, MAX_LIST_ROWS)
    if (page + 1) * size > MAX_LIST_ROWS:
        raise _invalid(
            "page",
            QT_TRANSLATE_NOOP(
                "HuaweiVod",
                "Huawei Cloud lists at most {max} assets per query ((page+1)×size); narrow the query by creation time.",
            ),
            max=MAX_LIST_ROWS,
        )
    return page, size


def _asset_ids(asset_ids: Sequence[str]) -> list[str]:
    if len(asset_ids) > MAX_IDS:
        raise _invalid(
            "asset_id",
            QT_TRANSLATE_NOOP("HuaweiVod", "At most {max} asset IDs can be asked for at once."),
            max=MAX_IDS,
        )
    return [validate_asset_id(a) for a in asset_ids]


@dataclass(frozen=True, slots=True)
class AssetListQuery:
    """The filters of ``ListAssetList`` (the video library): every one optional."""

    asset_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start_time: str | None = None  # yyyymmddhhmmss, UTC
    end_time: str | None = None
    category_id: int | None = None
    tags: str | None = None
    query_string: str | None = None  # fuzzy match on title and description
    media_types: tuple[str, ...] = ()
    page: int = 0  # 0-based
    size: int = 10
    order: str | None = None  # "asc" or "desc" by creation time


def list_asset_list(project_id: str, query: AssetListQuery | None = None) -> HuaweiRequest:
    """``GET /v1.0/{project_id}/asset/list``."""
    query = query or AssetListQuery()
    pairs: list[tuple[str, str]] = [("asset_id", a) for a in _asset_ids(query.asset_ids)]
    pairs += [("status", s) for s in _statuses(query.statuses, "status")]
    for name, value in (
        ("start_time", _time(query.start_time, "start_time")),
        ("end_time", _time(query.end_time, "end_time")),
    ):
        if value:
            pairs.append((name, value))
    if query.category_id is not None:
        pairs.append(("category_id", str(_bounded("category_id", query.category_id, 0, 2**31))))
    if query.tags:
        pairs.append(("tags", query.tags))
    if query.query_string:
        pairs.append(("query_string", query.query_string))
    if len(query.media_types) > MAX_MEDIA_TYPES:
        raise _invalid(
            "media_type",
            QT_TRANSLATE_NOOP("HuaweiVod", "At most {max} media types can be asked for at once."),
            max=MAX_MEDIA_TYPES,
        )
    pairs += [("media_type", m.strip().upper()) for m in query.media_types]
    page, size = _page(query.page, query.size)
    pairs += [("page", str(page)), ("size", str(size))]
    if query.order:
        order = query.order.strip().lower()
        if order not in ("asc", "desc"):
            raise _invalid(
                "order", QT_TRANSLATE_NOOP("HuaweiVod", "The order must be asc or desc.")
            )
        pairs.append(("order", order))
    return HuaweiRequest(
        "ListAssetList", "GET", _path("/v1.0/{project_id}/asset/list", project_id), tuple(pairs)
    )


def show_asset_meta(
    project_id: str,
    asset_ids: Sequence[str] = (),
    *,
    statuses: Sequence[str] = (),
    transcode_statuses: Sequence[str] = (),
    asset_statuses: Sequence[str] = (),
    page: int = 0,
    size: int = 10,
) -> HuaweiRequest:
    """``GET /v1.0/{project_id}/asset/info``; note the camelCase ``transcodeStatus``/``assetStatus``."""
    pairs: list[tuple[str, str]] = [("asset_id", a) for a in _asset_ids(asset_ids)]
    pairs += [("status", s) for s in _statuses(statuses, "status")]
    pairs += [("transcodeStatus", s) for s in _statuses(transcode_statuses, "transcodeStatus")]
    pairs += [("assetStatus", s) for s in _statuses(asset_statuses, "assetStatus")]
    page, size = _page(page, size)
    pairs += [("page", str(page)), ("size", str(size))]
    return HuaweiRequest(
        "ShowAssetMeta", "GET", _path("/v1.0/{project_id}/asset/info", project_id), tuple(pairs)
    )


def list_asset_category(project_id: str, category_id: int = 0) -> HuaweiRequest:
    """``GET /v1.0/{project_id}/asset/category?id=…``: id 0 gives the top level with its subtrees."""
    query = (("id", str(_bounded("id", category_id, 0, 2**31))),)
    return HuaweiRequest(
        "ListAssetCategory", "GET", _path("/v1.0/{project_id}/asset/category", project_id), query
    )
