"""Huawei Cloud VOD responses read into plain values, leniently: the SDK models' field names
(``ShowAssetDetailResponse``, ``ListThumbnailInfoResponse``, ``ListThumbnailDetailsResponse``,
``ListAssetListResponse``, ``ShowAssetMetaResponse``, ``ListAssetCategoryResponse``), with the
tolerances the vendor's examples call for — numbers as strings, ``"null"`` strings, a missing or
``null`` list, one object where a list belongs, unknown fields. A body that is not the expected JSON
raises :class:`HuaweiResponseFormatError` (a ``VodError``) naming what was wrong, never a bare
``KeyError``; a 200 body that carries ``error_code`` raises that error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from snapview.core.huawei_errors import HuaweiVodError
from snapview.core.lenient import decimal, whole_number
from snapview.core.snapshots import HuaweiSnapshotKind
from snapview.core.vod_errors import ErrorClass


class HuaweiResponseFormatError(HuaweiVodError):
    """A 200 response that is not what the API returns."""

    def __init__(self, message: str, *, request_id: str = "") -> None:
        super().__init__(
            "MalformedResponse", message, request_id=request_id, error_class=ErrorClass.UNKNOWN
        )


def decode(body: bytes | str | Mapping[str, Any] | list[Any], request_id: str = "") -> Any:
    """The JSON of a body (object or array); an ``error_code`` object raises that error."""
    if isinstance(body, Mapping | list):
        data: Any = body
    else:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            snippet = " ".join(text.split())[:80]
            raise HuaweiResponseFormatError(
                f"the response is not JSON ({exc.__class__.__name__}): {snippet!r}",
                request_id=request_id,
            ) from None
    if isinstance(data, Mapping) and isinstance(data.get("error_code"), str) and data["error_code"]:
        raise HuaweiVodError(
            data["error_code"], _text(data.get("error_msg")), request_id=request_id, raw=data
        )
    return data


def _object(data: Any, what: str, request_id: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise HuaweiResponseFormatError(
            f"{what} is a JSON {type(data).__name__}, not an object", request_id=request_id
        )
    return data


def _text(value: object) -> str:
    if value is None or value == "null":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _int(value: object, default: int = 0) -> int:
    """A whole number given as a number or a numeric string; ``default`` for anything else."""
    number = whole_number(value)
    return default if number is None else number


def _seconds(value: object) -> float | None:
    return decimal(value)


def _items(value: object) -> list[Any]:
    if value is None or value == "null":
        return []
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return value
    return []


@dataclass(frozen=True, slots=True)
class ThumbnailItem:
    """One snapshot: seconds into the video and its URL."""

    offset: float
    url: str


def _thumbnail_items(value: object, what: str, request_id: str) -> tuple[ThumbnailItem, ...]:
    out = []
    for position, item in enumerate(_items(value)):
        if not isinstance(item, Mapping):
            raise HuaweiResponseFormatError(
                f"{what} item #{position + 1} is not an object", request_id=request_id
            )
        offset = _seconds(item.get("offset"))
        if offset is None or offset < 0:
            raise HuaweiResponseFormatError(
                f"{what} item #{position + 1} has no offset in seconds", request_id=request_id
            )
        out.append(ThumbnailItem(offset, _text(item.get("url")).strip()))
    # Position in offset order is the snapshot's index, so the order must not depend on the API's.
    out.sort(key=lambda item: item.offset)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ThumbnailInfo:
    """``thumbnail_info`` of ShowAssetDetail: the task's state and the three lists, offset-sorted."""

    thumbnail_status: str
    exec_desc: str
    lists: Mapping[HuaweiSnapshotKind, tuple[ThumbnailItem, ...]]

    def items(self, kind: HuaweiSnapshotKind) -> tuple[ThumbnailItem, ...]:
        return self.lists.get(kind, ())


@dataclass(frozen=True, slots=True)
class AssetDetail:
    """ShowAssetDetail: what was asked for (``thumbnail``/``base`` are None when not in the answer)."""

    asset_id: str
    thumbnail: ThumbnailInfo | None
    base: Mapping[str, Any] | None
    request_id: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        return _text((self.base or {}).get("title"))


def parse_asset_detail(
    body: bytes | str | Mapping[str, Any], asset_id: str, request_id: str = ""
) -> AssetDetail:
    data = _object(decode(body, request_id), "ShowAssetDetail", request_id)
    thumbnail = None
    info = data.get("thumbnail_info")
    if isinstance(info, Mapping):
        thumbnail = ThumbnailInfo(
            thumbnail_status=_text(info.get("thumbnail_status")).strip().upper(),
            exec_desc=_text(info.get("exec_desc")).strip(),
            lists={
                kind: _thumbnail_items(info.get(kind.value), f"thumbnail_info.{kind}", request_id)
                for kind in HuaweiSnapshotKind
            },
        )
    base = data.get("base_info")
    return AssetDetail(
        asset_id=_text(data.get("asset_id")) or asset_id,
        thumbnail=thumbnail,
        base=dict(base) if isinstance(base, Mapping) else None,
        request_id=request_id,
        raw=dict(data),
    )


@dataclass(frozen=True, slots=True)
class ThumbnailTask:
    """One snapshot task of an asset (ListThumbnailInfo ``thumbnails[]``)."""

    task_id: str
    task_type: str  # thumbnail_para.type: time | dots | quantity
    count: int  # thumbnail_count
    parameters: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class ThumbnailTaskList:
    total: int
    tasks: tuple[ThumbnailTask, ...]
    request_id: str = ""


def parse_thumbnail_tasks(
    body: bytes | str | Mapping[str, Any], request_id: str = ""
) -> ThumbnailTaskList:
    data = _object(decode(body, request_id), "ListThumbnailInfo", request_id)
    tasks = []
    for item in _items(data.get("thumbnails")):
        if not isinstance(item, Mapping):
            continue
        para = item.get("thumbnail_para")
        para = para if isinstance(para, Mapping) else {}
        tasks.append(
            ThumbnailTask(
                task_id=_text(item.get("task_id")),
                task_type=_text(para.get("type")).strip().lower(),
                count=_int(item.get("thumbnail_count")),
                parameters=dict(para),
            )
        )
    return ThumbnailTaskList(_int(data.get("total"), len(tasks)), tuple(tasks), request_id)


@dataclass(frozen=True, slots=True)
class ThumbnailDetails:
    """One page of ListThumbnailDetails: ``total`` of the task and this page's items (API order)."""

    total: int
    items: tuple[ThumbnailItem, ...]
    request_id: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def parse_thumbnail_details(
    body: bytes | str | Mapping[str, Any], request_id: str = ""
) -> ThumbnailDetails:
    data = _object(decode(body, request_id), "ListThumbnailDetails", request_id)
    items = _thumbnail_items(data.get("thumbnail_result"), "thumbnail_result", request_id)
    return ThumbnailDetails(_int(data.get("total"), len(items)), items, request_id, dict(data))


@dataclass(frozen=True, slots=True)
class AssetSummary:
    """One row of ListAssetList (``AssetSummary``): what a library list shows."""

    asset_id: str
    title: str
    description: str
    duration_s: int
    create_time: str  # yyyymmddhhmmss
    category: str
    cover_url: str
    asset_status: str
    transcode_status: str
    thumbnail_status: str
    review_status: str
    exec_desc: str
    media_type: str
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class AssetListPage:
    total: int  # the API counts at most 20,000
    assets: tuple[AssetSummary, ...]
    request_id: str = ""


def _first_cover(value: object, key: str) -> str:
    for cover in _items(value):
        if isinstance(cover, Mapping) and _text(cover.get(key)):
            return _text(cover.get(key))
    return ""


def parse_asset_list(body: bytes | str | Mapping[str, Any], request_id: str = "") -> AssetListPage:
    data = _object(decode(body, request_id), "ListAssetList", request_id)
    assets = []
    for item in _items(data.get("assets")):
        if not isinstance(item, Mapping) or not _text(item.get("asset_id")):
            continue
        assets.append(
            AssetSummary(
                asset_id=_text(item.get("asset_id")),
                title=_text(item.get("title")),
                description=_text(item.get("description")),
                duration_s=_int(item.get("duration")),
                create_time=_text(item.get("create_time")),
                category=_text(item.get("category")),
                cover_url=_first_cover(item.get("covers"), "cover_url"),
                asset_status=_text(item.get("asset_status")),
                transcode_status=_text(item.get("transcode_status")),
                thumbnail_status=_text(item.get("thumbnail_status")),
                review_status=_text(item.get("review_status")),
                exec_desc=_text(item.get("exec_desc")),
                media_type=_text(item.get("media_type")),
                raw=dict(item),
            )
        )
    return AssetListPage(_int(data.get("total"), len(assets)), tuple(assets), request_id)


@dataclass(frozen=True, slots=True)
class AssetMeta:
    """One ``asset_info_array`` entry of ShowAssetMeta; ``status`` ``NO_ASSET`` for an unknown ID."""

    asset_id: str
    status: str
    title: str
    description: str
    category_id: int
    category_name: str
    create_time: str
    duration_s: int
    width: int
    height: int
    video_url: str
    cover_url: str
    play_urls: Mapping[str, str]  # play_type (mp4, hls, dash) -> url, first of each
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class AssetMetaPage:
    assets: tuple[AssetMeta, ...]
    is_truncated: bool
    total: int
    request_id: str = ""


def parse_asset_meta(body: bytes | str | Mapping[str, Any], request_id: str = "") -> AssetMetaPage:
    data = _object(decode(body, request_id), "ShowAssetMeta", request_id)
    assets = []
    for item in _items(data.get("asset_info_array")):
        if not isinstance(item, Mapping):
            continue
        base = item.get("base_info")
        base = base if isinstance(base, Mapping) else {}
        meta = base.get("meta_data")
        meta = meta if isinstance(meta, Mapping) else {}
        play: dict[str, str] = {}
        for entry in _items(item.get("play_info_array")):
            if isinstance(entry, Mapping) and _text(entry.get("url")):
                play.setdefault(_text(entry.get("play_type")).lower(), _text(entry.get("url")))
        assets.append(
            AssetMeta(
                asset_id=_text(item.get("asset_id")),
                status=_text(item.get("status")),
                title=_text(base.get("title")),
                description=_text(base.get("description") or item.get("description")),
                category_id=_int(base.get("category_id"), -1),
                category_name=_text(base.get("category_name")),
                create_time=_text(base.get("create_time")),
                duration_s=_int(meta.get("duration")),
                width=_int(meta.get("width")),
                height=_int(meta.get("height") or meta.get("hight")),
                video_url=_text(base.get("video_url")),
                cover_url=_first_cover(base.get("cover_info_array"), "cover_url"),
                play_urls=play,
                raw=dict(item),
            )
        )
    return AssetMetaPage(
        tuple(assets),
        _int(data.get("is_truncated")) == 1,
        _int(data.get("total"), len(assets)),
        request_id,
    )


@dataclass(frozen=True, slots=True)
class Category:
    """A media category and its subtree (``QueryCategoryRsp``)."""

    category_id: str
    name: str
    children: tuple[Category, ...] = ()

    def walk(self) -> list[Category]:
        """This category and every descendant, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def _category(item: Mapping[str, Any], depth: int) -> Category:
    children: tuple[Category, ...] = ()
    if depth < 32:  # a cycle-proof bound; real trees are three levels deep
        children = tuple(
            _category(c, depth + 1) for c in _items(item.get("children")) if isinstance(c, Mapping)
        )
    return Category(_text(item.get("id")), _text(item.get("name")), children)


def parse_categories(body: bytes | str | Any, request_id: str = "") -> tuple[Category, ...]:
    """The array ListAssetCategory returns (or an object wrapping it, as some gateways do)."""
    data = decode(body, request_id)
    if isinstance(data, Mapping):
        data = data.get("body", data.get("categories", [data]))
    return tuple(_category(c, 0) for c in _items(data) if isinstance(c, Mapping))
