"""ListSnapshots requests are validated before they leave, and every tolerable response shape parses."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snapview.core.listsnapshots import (
    MAX_AUTH_TIMEOUT,
    InvalidRequest,
    ResponseFormatError,
    build_request,
    parse_response,
)
from snapview.core.snapshots import Snapshot, SnapshotType
from snapview.core.vod_errors import ErrorClass, VodError

REQ = build_request("  abc123  ", "NormalSnapshot", 2, 3)


def test_request_is_trimmed_and_serialised() -> None:
    assert REQ.video_id == "abc123"
    assert REQ.params() == {
        "VideoId": "abc123",
        "SnapshotType": "NormalSnapshot",
        "PageNo": "2",
        "PageSize": "3",
        "AuthTimeout": "3600",
    }


@pytest.mark.parametrize("name", ["normal", "NormalSnapshot", "normalsnapshot", " Normal "])
def test_snapshot_type_names_are_forgiving(name: str) -> None:
    assert build_request("v", name).snapshot_type is SnapshotType.NORMAL


def test_sprite_origin_with_dash() -> None:
    assert build_request("v", "sprite-origin").snapshot_type is SnapshotType.SPRITE_ORIGIN


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"video_id": "   "}, "VideoId", "Enter a video ID"),
        ({"video_id": "a b"}, "VideoId", "not a video ID"),
        (
            {"video_id": "v", "snapshot_type": "Thumbnail"},
            "SnapshotType",
            "Unknown snapshot type “Thumbnail”",
        ),
        ({"video_id": "v", "page_no": 0}, "PageNo", "1 or more, not 0"),
        ({"video_id": "v", "page_size": 101}, "PageSize", "between 1 and 100, not 101"),
        ({"video_id": "v", "page_size": 0}, "PageSize", "between 1 and 100, not 0"),
        ({"video_id": "v", "page_size": "ten"}, "PageSize", "whole number, not “ten”"),
        ({"video_id": "v", "auth_timeout": True}, "AuthTimeout", "whole number"),
    ],
)
def test_bad_arguments_get_specific_messages(kwargs: dict, field: str, words: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        build_request(**kwargs)
    assert info.value.field == field
    assert words in info.value.user_message.english()
    assert info.value.error_class is ErrorClass.INPUT
    assert isinstance(info.value, VodError)


@pytest.mark.parametrize(
    ("requested", "used", "note"),
    [
        (60, 3600, "below the minimum"),
        (3600, 3600, None),
        (7200, 7200, None),
        (10**9, MAX_AUTH_TIMEOUT, "above the maximum"),
    ],
)
def test_auth_timeout_is_clamped_and_the_clamp_reported(
    requested: int, used: int, note: str | None
) -> None:
    request = build_request("v", auth_timeout=requested)
    assert request.auth_timeout == used
    assert request.params()["AuthTimeout"] == str(used)
    if note is None:
        assert request.clamp_note is None
    else:
        assert request.clamped and request.clamp_note is not None
        assert note in request.clamp_note.english()
        assert str(requested) in request.clamp_note.english()


def _page(media: object, **top: object) -> bytes:
    return json.dumps({"RequestId": "RID", "MediaSnapshot": media, **top}).encode()


def test_documented_response() -> None:
    body = _page(
        {
            "Total": 8,
            "Regular": "http://image.com/snapshot/sample{SnapshotCount}.jpg",
            "CreationTime": "2017-12-20T12:23:45Z",
            "JobId": "ad90a501b1b94fb72374ad005046****",
            "Snapshots": {
                "Snapshot": [
                    {"Index": 4, "Url": "http://x/4.jpg"},
                    {"Index": 5, "Url": "http://x/5.jpg"},
                    {"Index": 6, "Url": "http://x/6.jpg"},
                ]
            },
        }
    )
    page = parse_response(body, REQ, fetched_at=12.5)
    assert page.total == 8 and page.page_count == 3
    assert page.request_id == "RID"
    assert page.job_id.startswith("ad90")
    assert page.creation_time == "2017-12-20T12:23:45Z"
    assert page.snapshots == (
        Snapshot(4, "http://x/4.jpg"),
        Snapshot(5, "http://x/5.jpg"),
        Snapshot(6, "http://x/6.jpg"),
    )
    assert page.fetched_at == 12.5 and page.auth_timeout == 3600
    assert page.video_id == "abc123" and page.snapshot_type is SnapshotType.NORMAL


def test_numbers_as_strings_single_object_and_unknown_fields() -> None:
    body = _page(
        {
            "Total": "7",
            "Extra": {"x": 1},
            "Snapshots": {"Snapshot": {"Index": "4", "Url": "u4", "Size": 9}},
        },
        New=1,
    )
    page = parse_response(body, REQ)
    assert page.total == 7
    assert page.snapshots == (Snapshot(4, "u4"),)


@pytest.mark.parametrize(
    "media",
    [
        {"Total": 0},
        {"Total": 0, "Snapshots": None},
        {"Total": 0, "Snapshots": {}},
        {"Total": "0", "Snapshots": {"Snapshot": []}},
    ],
)
def test_missing_levels_give_an_empty_page(media: dict) -> None:
    page = parse_response(_page(media), REQ)
    assert page.snapshots == () and page.total == 0


def test_missing_media_snapshot_is_an_empty_page() -> None:
    page = parse_response(json.dumps({"RequestId": "R"}), REQ)
    assert page.total == 0 and page.snapshots == ()


def test_list_without_snapshot_level_and_missing_index() -> None:
    page = parse_response(_page({"Total": 9, "Snapshots": [{"Url": "a"}, {"Url": "b"}]}), REQ)
    assert page.snapshots == (Snapshot(4, "a"), Snapshot(5, "b"))


def test_xml_style_wrapper() -> None:
    body = {
        "ListSnapshotsResponse": {
            "RequestId": "R",
            "MediaSnapshot": {"Total": 1, "Snapshots": {"Snapshot": {"Index": 1, "Url": "u"}}},
        }
    }
    page = parse_response(body, build_request("v"))
    assert page.request_id == "R" and page.snapshots == (Snapshot(1, "u"),)


def test_error_code_in_a_200_body_raises_that_error() -> None:
    with pytest.raises(VodError) as info:
        parse_response(
            json.dumps({"RequestId": "R", "Code": "Forbidden.IllegalStatus", "Message": "m"}), REQ
        )
    assert info.value.error_class is ErrorClass.NOT_READY and info.value.request_id == "R"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<html>", "not JSON"),
        (b"[]", "JSON list"),
        (_page([1]), "MediaSnapshot is not an object"),
        (_page({"Total": True}), "boolean"),
        (_page({"Total": -1}), "negative"),
        (_page({"Total": "1.5"}), "not a whole number"),
        (_page({"Snapshots": {"Snapshot": [{"Index": 1}]}}), "has no Url"),
        (_page({"Snapshots": {"Snapshot": ["x"]}}), "not an object"),
        (_page({"Snapshots": "x"}), "neither"),
        (_page({"Snapshots": {"Snapshot": [{"Index": 0, "Url": "u"}]}}), "1-based"),
    ],
)
def test_unusable_bodies_raise_a_specific_error(body: bytes, words: str) -> None:
    with pytest.raises(ResponseFormatError) as info:
        parse_response(body, REQ)
    assert words in str(info.value)
    assert info.value.code == "MalformedResponse"


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["7", " 3 ", "-1", "²"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Index",
                    "Url",
                    "Total",
                    "Snapshots",
                    "Snapshot",
                    "MediaSnapshot",
                    "RequestId",
                    "Code",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@given(_json)
def test_parser_never_crashes_on_arbitrary_json(data: object) -> None:
    for candidate in (
        data,
        {"RequestId": "R", "MediaSnapshot": data},
        {"MediaSnapshot": {"Total": 3, "Snapshots": data}},
        {"MediaSnapshot": {"Snapshots": {"Snapshot": data}}},
    ):
        try:
            page = parse_response(json.dumps(candidate), REQ)
        except VodError as err:
            message = str(err)
        else:
            message = ""
            assert all(s.index >= 1 and s.url for s in page.snapshots)
            assert page.total >= 0
        assert "\n" not in message


@given(st.binary(max_size=100))
def test_parser_never_crashes_on_arbitrary_bytes(body: bytes) -> None:
    try:
        parse_response(body, REQ)
    except VodError:
        pass
