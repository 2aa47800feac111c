"""The emulator's media-library actions on the Alibaba RPC gateway: ``SearchMedia``, ``GetVideoInfos``
and ``GetCategories``, over the catalogue's library (``library_catalog.py``).

They sit behind the same gateway as ``ListSnapshots`` (``alibaba_api.handle_gateway``), so signature
checks, the timestamp window, nonces, STS tokens, error bodies (JSON or XML) and the fault flags are
exactly the same. The limits are the documented ones: PageSize at most 100, the first 5,000 matches
by page number and the rest only with a ``ScrollToken`` walked forward page by page (a token reaches
100 records ahead, the current Chinese documentation's figure, and expires after
``EmulatorConfig.scroll_token_ttl_s``), one sort field when walking with a token, 100 IDs in a
``VideoId in (...)`` and 20 in ``GetVideoInfos``. Cover and snapshot URLs point at this emulator's
CDN with type-A tokens, like ListSnapshots' own.
"""

from __future__ import annotations

import hashlib
import secrets
import struct
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from snapview.emulator import cdn
from snapview.emulator.alibaba_api import (
    MIN_AUTH_TIMEOUT,
    ApiError,
    _int_param,
    _invalid,
    _missing,
    require_permission,
)
from snapview.emulator.catalog import AccessKey, Video
from snapview.emulator.library_catalog import LibraryCatalog, LibraryEntry
from snapview.emulator.library_match import APP_ID, STORAGE_LOCATION, MatchError, compile_match
from snapview.emulator.state import EmulatorState

PLAIN_PAGING_LIMIT = 5_000
SCROLL_WINDOW = 100  # records a ScrollToken reaches ahead of the page it came with
MAX_SORT_FIELDS = 3
MAX_INFO_IDS = 20
SEARCH_TYPES = ("video", "audio", "image", "attached")
SORT_FIELDS = ("CreationTime", "ModificationTime")
VIDEO_FIELDS = (
    "VideoId", "AppId", "CateId", "CateName", "StorageLocation", "Title", "Tags", "Description",
    "Status", "MediaSource", "PreprocessStatus", "Size", "Duration", "CreationTime",
    "ModificationTime", "CoverURL", "Snapshots", "SpriteSnapshots", "DownloadSwitch", "TranscodeMode",
)  # fmt: skip


@dataclass(frozen=True)
class _Scroll:
    fingerprint: tuple[object, ...]
    page_no: int
    page_size: int
    issued_at: float


class Searches:
    """Per-server search state: the ScrollTokens handed out and a few recent result lists."""

    MAX_TOKENS = 20_000
    MAX_RESULTS = 16

    def __init__(self) -> None:
        self.tokens: OrderedDict[str, _Scroll] = OrderedDict()
        self.results: OrderedDict[tuple[object, ...], tuple[LibraryEntry, ...]] = OrderedDict()

    def issue(self, scroll: _Scroll) -> str:
        token = secrets.token_hex(16)  # 32 characters, like the service's
        self.tokens[token] = scroll
        while len(self.tokens) > self.MAX_TOKENS:
            self.tokens.popitem(last=False)
        return token

    def matching(
        self,
        library: LibraryCatalog,
        key: tuple[object, ...],
        compute: Callable[[LibraryCatalog], tuple[LibraryEntry, ...]],
    ) -> tuple[LibraryEntry, ...]:
        found = self.results.get((id(library), *key))
        if found is None:
            found = compute(library)
            self.results[(id(library), *key)] = found
            while len(self.results) > self.MAX_RESULTS:
                self.results.popitem(last=False)
        return found


SEARCHES_KEY = web.AppKey("snapview_library_searches", Searches)


def _library(state: EmulatorState) -> LibraryCatalog:
    library = state.catalog.library
    if library is None:
        return LibraryCatalog({}, {})
    return library


def _sort(raw: str, *, scrolling: bool) -> tuple[tuple[str, bool], ...]:
    """(field, descending) pairs from ``SortBy``; the default is newest first."""
    text = raw.strip() or "CreationTime:Desc"
    pairs: list[tuple[str, bool]] = []
    for part in text.split(","):
        name, _, order = part.strip().partition(":")
        if name not in SORT_FIELDS or order.strip().lower() not in ("desc", "asc"):
            raise _invalid(
                "SortBy", f"Use {' or '.join(f + ':Desc|Asc' for f in SORT_FIELDS)}, not {part!r}."
            )
        pairs.append((name, order.strip().lower() == "desc"))
    if len(pairs) > MAX_SORT_FIELDS:
        raise _invalid("SortBy", f"At most {MAX_SORT_FIELDS} sort fields are supported.")
    if scrolling and len(pairs) > 1:
        raise ApiError(
            400,
            "SortByExceededMax",
            "The SortBy parameter only supports one sort field when traversing all data.",
        )
    return tuple(pairs)


def _sorted(
    entries: Iterable[LibraryEntry], order: tuple[tuple[str, bool], ...]
) -> list[LibraryEntry]:
    """Sorted by each field in turn; ties by VideoId in the first field's direction."""
    rows = sorted(entries, key=lambda e: e.video_id, reverse=order[0][1])
    for name, descending in reversed(order):
        attribute = "creation_time" if name == "CreationTime" else "modification_time"
        rows.sort(key=lambda e, a=attribute: getattr(e, a), reverse=descending)  # type: ignore[misc]
    return rows


def _expire_fault(state: EmulatorState) -> bool:
    rate = state.config.scroll_expire_rate
    if rate <= 0:
        return False
    number = state.next_number("scroll")
    digest = hashlib.blake2b(f"{state.config.seed}:scroll:{number}".encode(), digest_size=8)
    draw: int = struct.unpack(">Q", digest.digest())[0]
    return draw / float(2**64) < rate


def _check_scroll(
    state: EmulatorState,
    searches: Searches,
    token: str,
    fingerprint: tuple[object, ...],
    page_no: int,
) -> None:
    scroll = searches.tokens.get(token)
    expired = scroll is None or state.now() - scroll.issued_at > state.config.scroll_token_ttl_s
    if expired or _expire_fault(state):
        state.count("scroll_expired")
        raise ApiError(
            400, "InvalidScrollToken.Expired", "The ScrollToken is expired, please refresh it."
        )
    assert scroll is not None
    if scroll.fingerprint != fingerprint:
        raise _invalid(
            "ScrollToken",
            "It belongs to another search: keep Match, SortBy, PageSize and SearchType while traversing.",
        )
    reach = max(1, SCROLL_WINDOW // scroll.page_size)
    if not scroll.page_no <= page_no <= scroll.page_no + reach:
        raise _invalid(
            "PageNo",
            f"The ScrollToken of page {scroll.page_no} reaches pages {scroll.page_no} to "
            f"{scroll.page_no + reach} only; traverse page by page.",
        )


class _Urls:
    """Cover and snapshot URLs of one answer, signed on this emulator's CDN."""

    def __init__(self, state: EmulatorState, request: web.Request) -> None:
        self.state = state
        self.base = f"http://{request.host}"
        self.rand = secrets.token_hex(16)  # one per answer: a token is bound to its path anyway

    def _signed(self, video: Video, path: str) -> str:
        if self.state.config.url_validity_s is not None:
            validity = self.state.config.url_validity_s
        else:
            validity = video.url_validity_s or MIN_AUTH_TIMEOUT
        ts = cdn.token_start(self.state.now(), validity)
        return self.base + cdn.sign_path(path, ts, self.state.catalog.cdn_private_key, self.rand)

    def covers(self, video: Video | None, limit: int | None = None) -> list[str]:
        if video is None or not video.jobs:
            return []
        job = self.state.current_job(video)
        count = job.covers if limit is None else min(limit, job.covers)
        return [
            self._signed(video, cdn.snapshot_path(video.video_id, job, "CoverSnapshot", i))
            for i in range(1, count + 1)
        ]

    def sprites(self, video: Video | None) -> list[str]:
        if video is None or not video.jobs:
            return []
        job = self.state.current_job(video)
        return [
            self._signed(video, cdn.snapshot_path(video.video_id, job, "SpriteSnapshot", i))
            for i in range(1, job.sprite_sheets() + 1)
        ]


def _video_fields(
    state: EmulatorState, urls: _Urls, entry: LibraryEntry, wanted: Iterable[str], as_text: bool
) -> dict[str, Any]:
    """The ``Video`` object of one entry with the ``wanted`` fields (those it has)."""
    video = state.catalog.videos.get(entry.video_id)
    category = _library(state).categories.get(entry.cate_id) if entry.cate_id is not None else None

    def number(value: float | int) -> float | int | str:
        return str(value) if as_text else value  # the GetVideoInfos sample sends numbers as text

    out: dict[str, Any] = {}
    for name in wanted:
        if name == "VideoId":
            out[name] = entry.video_id
        elif name == "AppId":
            out[name] = APP_ID
        elif name == "CateId" and category is not None:
            out[name] = number(category.cate_id)
        elif name == "CateName" and category is not None:
            out[name] = category.name
        elif name == "StorageLocation":
            out[name] = STORAGE_LOCATION
        elif name in ("Title", "Tags", "Description", "Status"):
            out[name] = getattr(entry, name.lower())
        elif name == "MediaSource":
            out[name] = "general"
        elif name == "PreprocessStatus":
            out[name] = "UnPreprocess"
        elif name == "Size":
            out[name] = number(entry.size)
        elif name == "Duration" and entry.duration:
            out[name] = number(entry.duration)
        elif name == "CreationTime":
            out[name] = entry.creation_time
        elif name == "ModificationTime":
            out[name] = entry.modification_time
        elif name == "CoverURL":
            cover = urls.covers(video, 1)
            if cover:
                out[name] = cover[0]
        elif name == "Snapshots":
            out[name] = urls.covers(video)
        elif name == "SpriteSnapshots":
            out[name] = urls.sprites(video)
        elif name == "DownloadSwitch":
            out[name] = "on"
        elif name == "TranscodeMode":
            out[name] = "FastTranscode"
    return out


def search_media(
    state: EmulatorState, request: web.Request, key: AccessKey, params: dict[str, str]
) -> dict[str, Any]:
    require_permission(key, "vod:SearchMedia")
    search_type = params.get("SearchType", "").strip() or "video"
    if search_type not in SEARCH_TYPES:
        raise _invalid("SearchType", f"Use one of {', '.join(SEARCH_TYPES)}.")
    page_size = _int_param(params, "PageSize", 10, 1, 100)
    page_no = _int_param(params, "PageNo", 1, 1, None)
    token = params.get("ScrollToken", "").strip()
    if token and search_type not in ("video", "audio"):
        raise _invalid("ScrollToken", "Only video and audio searches can be traversed.")
    order = _sort(params.get("SortBy", ""), scrolling=bool(token))
    match = params.get("Match", "").strip()
    try:
        predicate = compile_match(match)
    except MatchError as exc:
        raise ApiError(400, exc.code, exc.message) from None
    fields = [f.strip() for f in params.get("Fields", "").split(",") if f.strip() in VIDEO_FIELDS]
    searches = request.app[SEARCHES_KEY]
    fingerprint = (match, order, page_size, search_type)
    if token:
        _check_scroll(state, searches, token, fingerprint, page_no)
    elif page_no * page_size > PLAIN_PAGING_LIMIT:
        raise _invalid(
            "PageNo",
            f"Only the first {PLAIN_PAGING_LIMIT} records can be reached by PageNo and PageSize; "
            "traverse with ScrollToken beyond them.",
        )

    def compute(library: LibraryCatalog) -> tuple[LibraryEntry, ...]:
        if search_type != "video":
            return ()
        return tuple(_sorted((e for e in library.entries.values() if predicate(e)), order))

    results = searches.matching(_library(state), (match, order, search_type), compute)
    start = (page_no - 1) * page_size
    urls = _Urls(state, request)
    media = [
        {
            "MediaId": entry.video_id,
            "MediaType": "video",
            "CreationTime": entry.creation_time,
            "Video": _video_fields(
                state, urls, entry, ["VideoId", *fields, "CreationTime"], as_text=False
            ),
        }
        for entry in results[start : start + page_size]
    ]
    body: dict[str, Any] = {"Total": len(results), "MediaList": media}
    if results:
        body["ScrollToken"] = searches.issue(_Scroll(fingerprint, page_no, page_size, state.now()))
    return body


_INFO_FIELDS = (
    "Status", "Description", "VideoId", "Size", "DownloadSwitch", "Title", "ModificationTime",
    "Duration", "CateName", "CateId", "PreprocessStatus", "AppId", "CreationTime", "CoverURL",
    "StorageLocation", "Tags", "Snapshots",
)  # fmt: skip


def get_video_infos(
    state: EmulatorState, request: web.Request, key: AccessKey, params: dict[str, str]
) -> dict[str, Any]:
    require_permission(key, "vod:GetVideoInfos")
    raw = params.get("VideoIds", "").strip()
    if not raw:
        raise _missing("VideoIds")
    ids = list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    if len(ids) > MAX_INFO_IDS:
        raise _invalid(
            "VideoIds", f"At most {MAX_INFO_IDS} video IDs can be given, not {len(ids)}."
        )
    entries = _library(state).entries
    found = [entries[i] for i in ids if i in entries]
    if not found:
        raise ApiError(404, "InvalidVideo.NotFound", "The video does not exist.")
    urls = _Urls(state, request)
    videos = []
    for entry in found:
        item = _video_fields(state, urls, entry, _INFO_FIELDS, as_text=True)
        item["RegionId"] = "cn-shanghai"
        videos.append(item)
    return {"VideoList": videos, "NonExistVideoIds": [i for i in ids if i not in entries]}


def get_categories(
    state: EmulatorState, request: web.Request, key: AccessKey, params: dict[str, str]
) -> dict[str, Any]:
    require_permission(key, "vod:GetCategories")
    cate_id = _int_param(params, "CateId", -1, -1, None)
    page_no = _int_param(params, "PageNo", 1, 1, None)
    page_size = _int_param(params, "PageSize", 10, 1, 100)
    sort = params.get("SortBy", "").strip() or "CreationTime:Desc"
    if sort not in ("CreationTime:Desc", "CreationTime:Asc"):
        raise _invalid("SortBy", "Use CreationTime:Desc or CreationTime:Asc.")
    category_type = params.get("Type", "").strip() or "default"
    if category_type not in ("default", "material"):
        raise _invalid("Type", "Use default or material.")
    library = _library(state)
    nodes = library.categories if category_type == "default" else {}
    if cate_id != -1 and cate_id not in nodes:
        raise ApiError(404, "InvalidCateId.NotFound", "The CateId not exist.")
    # Category ids grow with creation, so id order is creation order.
    children = sorted(
        library.children.get(cate_id, ()) if nodes else (), reverse=sort.endswith("Desc")
    )
    start = (page_no - 1) * page_size

    def described(node_id: int) -> dict[str, Any]:
        node = nodes[node_id]
        return {
            "CateId": str(node.cate_id),
            "CateName": node.name,
            "Level": str(node.level),
            "ParentId": str(node.parent_id),
            "Type": node.cate_type,
        }

    body: dict[str, Any] = {
        "SubTotal": str(len(children)),
        "SubCategories": {
            "Category": [
                {**described(child), "SubTotal": str(len(library.children.get(child, ())))}
                for child in children[start : start + page_size]
            ]
        },
    }
    if cate_id != -1:
        body["Category"] = described(cate_id)
    return body


ACTIONS = {
    "SearchMedia": search_media,
    "GetVideoInfos": get_video_infos,
    "GetCategories": get_categories,
}
