"""The Alibaba video library on the wire: ``SearchMedia`` requests (the ``Match`` filter, ``Fields``,
``SortBy``, paging and ``ScrollToken``), ``GetVideoInfos`` (up to 20 IDs a call) and ``GetCategories``,
and lenient parsing of their answers into the provider-neutral models of :mod:`snapview.core.library`.

Match syntax (VOD "Protocol for media asset search"): ``Title='x'`` is a fuzzy (contains) match,
``Status in ('Normal','Checking')`` a multi-value one (Status has no exact form), ``CateId=12`` an
exact one, ``CreationTime=['a','b')`` a range whose brackets say whether each end is included and
whose missing end is left empty (``('a',)``), and conditions join with ``and``. Values are quoted
with single quotes, which have no documented escape, so a title search never contains one (see
``library.title_terms``). Plain paging reaches the first 5,000 matches; beyond that the walk must
go page by page with the previous answer's ``ScrollToken``.

The answers disagree on shapes (RESEARCH §1): numbers come as strings in some documentation
samples, ``Snapshots`` is a list in SearchMedia/GetVideoInfos and ``{Snapshot: [...]}`` elsewhere,
``NonExistVideoIds`` is a list or that list as a JSON string. A row without an ID is skipped and
counted; anything else unusable raises :class:`ResponseFormatError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from snapview.core.credentials import Provider
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.lenient import decimal, whole_number
from snapview.core.library import (
    Category,
    CategoryLevel,
    LibraryFilter,
    TimeBound,
    VideoState,
    VideoSummary,
    normalize_time,
)
from snapview.core.listsnapshots import InvalidRequest, ResponseFormatError, decode_body

SEARCH_MEDIA = "SearchMedia"
GET_VIDEO_INFOS = "GetVideoInfos"
GET_CATEGORIES = "GetCategories"

MAX_PAGE_SIZE = 100
PLAIN_PAGING_LIMIT = 5_000  # matches reachable by PageNo alone
MAX_MATCH_IDS = 100  # VideoId in (...)
MAX_INFO_IDS = 20  # GetVideoInfos VideoIds
ROOT_CATEGORY = -1  # GetCategories' CateId for "the top level"

# Video.Status values: the SDK docstring's seven, plus Checking and ProduceFail from GetVideoList's.
ALIBABA_STATUSES = (
    "Uploading",
    "UploadFail",
    "UploadSucc",
    "Transcoding",
    "TranscodeFail",
    "Checking",
    "Blocked",
    "Normal",
    "ProduceFail",
)
_STATES = {
    "Normal": VideoState.READY,
    "UploadSucc": VideoState.READY,
    "Checking": VideoState.READY,
    "Blocked": VideoState.BLOCKED,
    "Uploading": VideoState.PROCESSING,
    "Transcoding": VideoState.PROCESSING,
    "UploadFail": VideoState.FAILED,
    "TranscodeFail": VideoState.FAILED,
    "ProduceFail": VideoState.FAILED,
}
_PAST_PLAIN_PAGING = QT_TRANSLATE_NOOP(
    "Library",
    "Only the first {limit} matches can be opened by page number; walk the library in order to go further.",
)
# What the library shows; VideoId and CreationTime come back whatever Fields says.
LIBRARY_FIELDS = ("Title", "CoverURL", "Duration", "Status", "CateId", "CateName", "CreationTime")


def state_of(status: str) -> VideoState:
    return _STATES.get(status, VideoState.UNKNOWN)


# --- Match -----------------------------------------------------------------------------------------


def quoted(value: str) -> str:
    """``'value'``; the caller makes sure there is no quote inside (there is no escape for one)."""
    if "'" in value:
        raise ValueError("a Match value cannot contain a single quote")
    return f"'{value}'"


def _range(name: str, lower: TimeBound | None, upper: TimeBound | None) -> str:
    left = "" if lower is None else quoted(lower.text)
    right = "" if upper is None else quoted(upper.text)
    opening = "[" if lower is not None and lower.inclusive else "("
    closing = "]" if upper is not None and upper.inclusive else ")"
    return f"{name}={opening}{left},{right}{closing}"


def build_match(library_filter: LibraryFilter, video_ids: Sequence[str] = ()) -> str:
    """The ``Match`` of a filter (and, optionally, of at most 100 video IDs); "" matches everything."""
    conditions = [f"Title={quoted(term)}" for term in library_filter.terms]
    if library_filter.statuses:
        values = ",".join(quoted(status) for status in library_filter.statuses)
        conditions.append(f"Status in ({values})")
    if library_filter.category_id is not None:
        conditions.append(f"CateId={library_filter.category_id}")
    if library_filter.since is not None or library_filter.until is not None:
        conditions.append(_range("CreationTime", library_filter.since, library_filter.until))
    if video_ids:
        if len(video_ids) > MAX_MATCH_IDS:
            raise InvalidRequest(
                "Match",
                Message(
                    "Library",
                    QT_TRANSLATE_NOOP(
                        "Library", "A search can name at most {max} video IDs, not {count}."
                    ),
                    {"max": MAX_MATCH_IDS, "count": len(video_ids)},
                ),
            )
        conditions.append(f"VideoId in ({','.join(quoted(v) for v in video_ids)})")
    return " and ".join(conditions)


def sort_by(library_filter: LibraryFilter) -> str:
    return "CreationTime:Desc" if library_filter.newest_first else "CreationTime:Asc"


# --- requests --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchMediaRequest:
    """One SearchMedia call. ``scroll_token`` is the previous answer's, for a walk beyond 5,000."""

    match: str = ""
    sort_by: str = "CreationTime:Desc"
    fields: tuple[str, ...] = LIBRARY_FIELDS
    page_no: int = 1
    page_size: int = MAX_PAGE_SIZE
    scroll_token: str = ""
    search_type: str = "video"

    def __post_init__(self) -> None:
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidRequest(
                "PageSize",
                Message(  # the same sentence as ListSnapshots' (one translation)
                    "ListSnapshots",
                    QT_TRANSLATE_NOOP(
                        "ListSnapshots", "Page size must be between 1 and {max}, not {value}."
                    ),
                    {"max": MAX_PAGE_SIZE, "value": self.page_size},
                ),
            )
        if self.page_no < 1:
            raise InvalidRequest(
                "PageNo",
                Message(
                    "ListSnapshots",
                    QT_TRANSLATE_NOOP(
                        "ListSnapshots", "Page number must be 1 or more, not {value}."
                    ),
                    {"value": self.page_no},
                ),
            )
        if not self.scroll_token and self.page_no * self.page_size > PLAIN_PAGING_LIMIT:
            raise InvalidRequest(
                "PageNo",
                Message(
                    "Library",
                    _PAST_PLAIN_PAGING,
                    {"limit": f"{PLAIN_PAGING_LIMIT:,}"},
                ),
            )

    def params(self) -> dict[str, str]:
        params = {
            "SearchType": self.search_type,
            "Fields": ",".join(self.fields),
            "SortBy": self.sort_by,
            "PageNo": str(self.page_no),
            "PageSize": str(self.page_size),
        }
        if self.match:
            params["Match"] = self.match
        if self.scroll_token:
            params["ScrollToken"] = self.scroll_token
        return params

    def following(self, scroll_token: str) -> SearchMediaRequest:
        """The next page of the same search, carrying the token of this page's answer."""
        return replace(self, page_no=self.page_no + 1, scroll_token=scroll_token)


def search_request(
    library_filter: LibraryFilter, *, page_size: int = MAX_PAGE_SIZE
) -> SearchMediaRequest:
    """The first page of the search for ``library_filter``."""
    return SearchMediaRequest(
        match=build_match(library_filter), sort_by=sort_by(library_filter), page_size=page_size
    )


def video_infos_params(video_ids: Sequence[str]) -> dict[str, str]:
    if not 1 <= len(video_ids) <= MAX_INFO_IDS:
        raise ValueError(f"GetVideoInfos takes 1 to {MAX_INFO_IDS} IDs, not {len(video_ids)}")
    return {"VideoIds": ",".join(video_ids)}


def categories_params(
    parent_id: int | None, page_no: int = 1, page_size: int = MAX_PAGE_SIZE
) -> dict[str, str]:
    return {
        "CateId": str(ROOT_CATEGORY if parent_id is None else parent_id),
        "PageNo": str(page_no),
        "PageSize": str(page_size),
        "SortBy": "CreationTime:Asc",
        "Type": "default",
    }


# --- lenient values --------------------------------------------------------------------------------


def _text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _items(value: object, inner: str) -> list[Any]:
    """A list however it came: a list, ``{inner: list}``, one object, or a JSON string of a list."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                decoded = json.loads(text)
            except ValueError:
                decoded = None
            if isinstance(decoded, list):
                return decoded
        return [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, Mapping):
        if inner in value:
            return _items(value[inner], inner)
        return [value]
    return []


def _strings(value: object, inner: str) -> tuple[str, ...]:
    return tuple(text for text in (_text(v) for v in _items(value, inner)) if text)


def _category_id(value: object) -> int | None:
    number = whole_number(value)
    return number if number is not None and number >= 0 else None


def summary_from_video(
    video: Mapping[str, Any], *, fallback_id: str = "", fallback_time: str = ""
) -> VideoSummary | None:
    """A library row from a SearchMedia ``Video`` or a GetVideoInfos ``VideoList`` entry; None
    without a VideoId."""
    video_id = _text(video.get("VideoId")) or fallback_id
    if not video_id:
        return None
    status = _text(video.get("Status"))
    return VideoSummary(
        provider=Provider.ALIYUN,
        video_id=video_id,
        title=_text(video.get("Title")),
        status=status,
        state=state_of(status),
        duration=decimal(video.get("Duration")),
        creation_time=normalize_time(_text(video.get("CreationTime")) or fallback_time),
        cover_url=_text(video.get("CoverURL")),
        category_id=_category_id(video.get("CateId")),
        category_name=_text(video.get("CateName")),
        snapshot_urls=_strings(video.get("Snapshots"), "Snapshot"),
        raw=dict(video),
    )


# --- answers ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchMediaPage:
    """One SearchMedia answer: the rows in the API's order, its Total and its ScrollToken."""

    videos: tuple[VideoSummary, ...]
    total: int | None
    scroll_token: str
    request_id: str
    skipped: int = 0  # rows without a VideoId
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _unwrap(data: Mapping[str, Any], root: str) -> Mapping[str, Any]:
    inner = data.get(root)
    return inner if isinstance(inner, Mapping) else data


def parse_search_media(body: bytes | str | Mapping[str, Any]) -> SearchMediaPage:
    data = _unwrap(decode_body(body), "SearchMediaResponse")
    request_id = _text(data.get("RequestId"))
    rows: list[VideoSummary] = []
    skipped = 0
    for position, item in enumerate(_items(data.get("MediaList"), "Media")):
        if not isinstance(item, Mapping):
            raise ResponseFormatError(
                f"MediaList entry #{position + 1} is not an object", request_id=request_id
            )
        media_type = _text(item.get("MediaType")).lower()
        if media_type and media_type != "video":
            continue
        video = item.get("Video")
        summary = summary_from_video(
            video if isinstance(video, Mapping) else {},
            fallback_id=_text(item.get("MediaId")),
            fallback_time=_text(item.get("CreationTime")),
        )
        if summary is None:
            skipped += 1
            continue
        rows.append(summary)
    raw_total = data.get("Total")
    total = whole_number(raw_total)
    if raw_total is not None and (total is None or total < 0):
        raise ResponseFormatError(
            f"Total is not a count: {str(raw_total)[:40]!r}", request_id=request_id
        )
    return SearchMediaPage(
        videos=tuple(rows),
        total=total,
        scroll_token=_text(data.get("ScrollToken")),
        request_id=request_id,
        skipped=skipped,
        raw=dict(data),
    )


@dataclass(frozen=True, slots=True)
class VideoInfos:
    """One GetVideoInfos answer: the videos found and the IDs the account does not have."""

    videos: tuple[VideoSummary, ...]
    unknown_ids: tuple[str, ...]
    request_id: str


def parse_video_infos(body: bytes | str | Mapping[str, Any]) -> VideoInfos:
    data = _unwrap(decode_body(body), "GetVideoInfosResponse")
    request_id = _text(data.get("RequestId"))
    videos: list[VideoSummary] = []
    for item in _items(data.get("VideoList"), "Video"):
        if isinstance(item, Mapping):
            summary = summary_from_video(item)
            if summary is not None:
                videos.append(summary)
    return VideoInfos(
        videos=tuple(videos),
        unknown_ids=_strings(data.get("NonExistVideoIds"), "VideoId"),
        request_id=request_id,
    )


def _category(item: Mapping[str, Any]) -> Category | None:
    cate_id = whole_number(item.get("CateId"))
    if cate_id is None or cate_id < 0:
        return None
    parent = whole_number(item.get("ParentId"))
    return Category(
        category_id=cate_id,
        name=_text(item.get("CateName")),
        level=max(whole_number(item.get("Level")) or 0, 0),
        parent_id=parent if parent is not None and parent >= 0 else None,
        child_count=whole_number(item.get("SubTotal")),
        raw=dict(item),
    )


@dataclass(frozen=True, slots=True)
class CategoriesPage:
    """One GetCategories answer: the node asked about (None for the top level) and a page of its
    children, with ``SubTotal`` — how many children there are in all."""

    parent: Category | None
    children: tuple[Category, ...]
    total: int | None
    request_id: str


def parse_categories(body: bytes | str | Mapping[str, Any]) -> CategoriesPage:
    data = _unwrap(decode_body(body), "GetCategoriesResponse")
    request_id = _text(data.get("RequestId"))
    node = data.get("Category")
    parent = _category(node) if isinstance(node, Mapping) else None
    children = tuple(
        category
        for category in (
            _category(item)
            for item in _items(data.get("SubCategories"), "Category")
            if isinstance(item, Mapping)
        )
        if category is not None
    )
    return CategoriesPage(parent, children, whole_number(data.get("SubTotal")), request_id)


def category_level(pages: Sequence[CategoriesPage]) -> CategoryLevel:
    """The pages of one node's children as one level, without repeats (in the API's order)."""
    seen: dict[int, Category] = {}
    for page in pages:
        for child in page.children:
            seen.setdefault(child.category_id, child)
    first = pages[0] if pages else None
    return CategoryLevel(
        parent=first.parent if first else None,
        children=tuple(seen.values()),
        request_id=first.request_id if first else "",
    )
