"""The Alibaba library on the wire: the Match a filter becomes, the request limits, and parsers that
take the answers in every shape the documentation shows (numbers as strings, Snapshots as a list, an
object or a JSON string, NonExistVideoIds as a JSON string) without losing or inventing a row."""

from __future__ import annotations

import json
from datetime import UTC

import pytest

from snapview.core.library import LibraryFilter, VideoState
from snapview.core.library_input import build_filter
from snapview.core.listsnapshots import InvalidRequest, ResponseFormatError
from snapview.core.search_media import (
    ALIBABA_STATUSES,
    SearchMediaRequest,
    build_match,
    category_level,
    parse_categories,
    parse_search_media,
    parse_video_infos,
    search_request,
)


def _filter(**kwargs: object) -> LibraryFilter:
    return build_filter(known_statuses=ALIBABA_STATUSES, tz=UTC, **kwargs)  # type: ignore[arg-type]


def test_every_condition_in_the_documented_syntax() -> None:
    flt = _filter(
        text="city night",
        statuses=["Normal", "checking"],
        category="1011",
        since="2026-01-01",
        until="2026-01-31",
    )
    assert build_match(flt) == (
        "Title='city' and Title='night' and Status in ('Normal','Checking') and CateId=1011 "
        "and CreationTime=['2026-01-01T00:00:00Z','2026-02-01T00:00:00Z')"
    )


def test_a_range_with_one_end_leaves_the_other_empty() -> None:
    assert build_match(_filter(since="2026-01-01T08:00:00Z")) == (
        "CreationTime=['2026-01-01T08:00:00Z',)"
    )
    assert build_match(_filter(until="2026-01-01T08:00:00Z")) == (
        "CreationTime=(,'2026-01-01T08:00:00Z']"
    )
    assert build_match(_filter()) == ""


def test_a_title_search_never_puts_a_quote_into_the_match() -> None:
    match = build_match(_filter(text="Don't stop"))
    assert match == "Title='Don' and Title='t' and Title='stop'"


def test_video_ids_in_a_match_stop_at_100() -> None:
    ids = [f"{n:032x}" for n in range(101)]
    assert build_match(_filter(), ids[:2]) == f"VideoId in ('{ids[0]}','{ids[1]}')"
    with pytest.raises(InvalidRequest) as excinfo:
        build_match(_filter(), ids)
    assert excinfo.value.user_message.english() == (
        "A search can name at most 100 video IDs, not 101."
    )


def test_sort_and_paging_parameters() -> None:
    request = search_request(_filter(newest_first=False), page_size=50)
    assert request.params() == {
        "SearchType": "video",
        "Fields": "Title,CoverURL,Duration,Status,CateId,CateName,CreationTime",
        "SortBy": "CreationTime:Asc",
        "PageNo": "1",
        "PageSize": "50",
    }
    following = request.following("a" * 32)
    assert following.params()["PageNo"] == "2" and following.params()["ScrollToken"] == "a" * 32


def test_plain_paging_stops_at_5000_and_says_how_to_go_on() -> None:
    SearchMediaRequest(page_no=50, page_size=100)
    SearchMediaRequest(page_no=51, page_size=100, scroll_token="t" * 32)
    with pytest.raises(InvalidRequest) as excinfo:
        SearchMediaRequest(page_no=51, page_size=100)
    assert excinfo.value.user_message.english() == (
        "Only the first 5,000 matches can be opened by page number; walk the library in order to "
        "go further."
    )
    with pytest.raises(InvalidRequest):
        SearchMediaRequest(page_size=101)


# --- answers ---------------------------------------------------------------------------------------

DOC_SAMPLE = {  # the JSON sample of the SearchMedia reference, with a Video of every shape
    "MediaList": [
        {
            "CreationTime": "2018-07-20T04:29:04Z",
            "MediaType": "video",
            "MediaId": "afab53f582cf422f8*****1cf0425815",
            "Video": {
                "CoverURL": "http://sample.aliyun.com/cover01.jpg",
                "CreationTime": "2018-07-20T04:29:04Z",
                "Status": "Normal",
                "VideoId": "afab53f582cf422f8*****1cf0425815",
                "Title": "Test title 01",
                "Duration": "123.5",
                "CateId": "10000123",
                "Snapshots": ["http://img/s1.jpg", "http://img/s2.jpg"],
            },
        },
        {
            "MediaType": "video",
            "MediaId": "a82a2cd7d4e147b*****ed6c1ee372",
            "CreationTime": "2018-07-19T03:45:25Z",
            "Video": {"Status": "TranscodeFail", "Snapshots": {"Snapshot": ["http://img/x.jpg"]}},
        },
        {"MediaType": "image", "MediaId": "img", "Image": {"ImageId": "img"}},
        {"MediaType": "video", "Video": {"Title": "no id anywhere"}},
    ],
    "RequestId": "3E0CEF83-FB09-4E*****34-BA1451814B03",
    "ScrollToken": "24e0fba7188*****e707e146esa54",
    "Total": "10",
}


def test_search_media_in_the_documented_shapes() -> None:
    page = parse_search_media(json.dumps(DOC_SAMPLE).encode())
    assert page.total == 10 and page.scroll_token == "24e0fba7188*****e707e146esa54"
    assert page.skipped == 1  # the row without any ID
    first, second = page.videos
    assert first.duration == 123.5 and first.category_id == 10000123
    assert first.snapshot_urls == ("http://img/s1.jpg", "http://img/s2.jpg")
    assert first.state is VideoState.READY and first.cover_url.endswith("cover01.jpg")
    # The second has only an ID on the MediaList entry, its time there, Snapshots as an object.
    assert second.video_id == "a82a2cd7d4e147b*****ed6c1ee372"
    assert second.creation_time == "2018-07-19T03:45:25Z"
    assert second.snapshot_urls == ("http://img/x.jpg",)
    assert second.state is VideoState.FAILED and second.title == "" and second.duration is None
    assert second.raw["Status"] == "TranscodeFail"


def test_search_media_without_a_total_or_rows_is_an_empty_page() -> None:
    page = parse_search_media(b'{"RequestId": "r"}')
    assert page.videos == () and page.total is None and page.scroll_token == ""


@pytest.mark.parametrize("body", [b"[]", b"<html>busy</html>", b'{"Total": "many"}'])
def test_what_is_not_a_search_answer_is_a_format_error(body: bytes) -> None:
    with pytest.raises(ResponseFormatError):
        parse_search_media(body)


@pytest.mark.parametrize(
    "missing",
    [
        ["b4039216985f43aaaaaaa82a4ed2884"],
        json.dumps(["b4039216985f43aaaaaaa82a4ed2884"]),  # the doc's JSON sample: a JSON string
        "b4039216985f43aaaaaaa82a4ed2884",
        {"VideoId": ["b4039216985f43aaaaaaa82a4ed2884"]},
    ],
)
def test_video_infos_report_unknown_ids_however_they_come(missing: object) -> None:
    body = {
        "RequestId": "r",
        "NonExistVideoIds": missing,
        "VideoList": [
            {"VideoId": "93ab850b4f6f44", "Duration": "120", "Size": "453", "CateId": "78",
             "CateName": "Category name", "Status": "Normal", "Snapshots": json.dumps(["http://a/1.jpg"])},
        ],
    }  # fmt: skip
    infos = parse_video_infos(body)
    assert infos.unknown_ids == ("b4039216985f43aaaaaaa82a4ed2884",)
    (video,) = infos.videos
    assert (video.duration, video.category_id, video.category_name) == (120.0, 78, "Category name")
    assert video.snapshot_urls == ("http://a/1.jpg",)


def test_categories_with_numbers_as_strings_and_one_child_as_an_object() -> None:
    body = {
        "Category": {"ParentId": "-1", "Type": "default", "Level": "0", "CateName": "Movie", "CateId": "100"},
        "RequestId": "r",
        "SubTotal": "1",
        "SubCategories": {"Category": {"ParentId": "100", "Level": "1", "CateName": "Drama",
                                       "CateId": "101", "SubTotal": "0"}},
    }  # fmt: skip
    page = parse_categories(body)
    assert page.parent is not None and page.parent.parent_id is None and page.parent.level == 0
    (child,) = page.children
    assert (child.category_id, child.parent_id, child.level, child.child_count) == (101, 100, 1, 0)
    assert not child.may_have_children
    level = category_level([page, page])
    assert [c.category_id for c in level.children] == [101]  # pages that overlap add nothing twice
