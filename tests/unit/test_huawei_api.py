"""Huawei error classification and the lenient response parsers, with the vendor's quirks."""

from __future__ import annotations

import pytest

from snapview.core import huawei_requests as hr
from snapview.core.huawei_errors import HuaweiVodError, classify
from snapview.core.huawei_models import (
    HuaweiResponseFormatError,
    parse_asset_detail,
    parse_asset_list,
    parse_asset_meta,
    parse_categories,
    parse_thumbnail_details,
    parse_thumbnail_tasks,
)
from snapview.core.snapshots import HuaweiSnapshotKind
from snapview.core.vod_errors import ErrorClass

ASSET = "14d7b2faba0dddd6b4e8936272d6bc3f"


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("APIGW.0301", 401, ErrorClass.CREDENTIALS),
        ("APIG.0301", 401, ErrorClass.CREDENTIALS),  # the older prefix
        ("APIGW.0302", 403, ErrorClass.PERMISSION),
        ("APIGW.0308", 429, ErrorClass.TRANSIENT),
        ("VOD.10051", 403, ErrorClass.TRANSIENT),  # the code wins over the 403
        ("VOD.10062", 400, ErrorClass.NOT_FOUND),
        ("VOD.10053", 400, ErrorClass.INPUT),
        ("APIGW.0201", 413, ErrorClass.INPUT),
        ("APIGW.0201", 502, ErrorClass.TRANSIENT),
        ("VOD.99999", 503, ErrorClass.TRANSIENT),
        ("VOD.99999", 400, ErrorClass.UNKNOWN),
    ],
)
def test_classification(code: str, status: int, expected: ErrorClass) -> None:
    assert classify(code, status) is expected


def test_error_bodies_like_the_sdks_exception_handler() -> None:
    error = HuaweiVodError.from_response(
        401,
        b'{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk '
        b'signature fail, canonicalRequest:GET|/v1.0/p/asset/details/||x-security-token:SECRET-TOKEN|x-sdk-date:1",'
        b'"request_id":"body-id"}',
        {"X-Request-Id": "header-id"},
    )
    assert (error.code, error.request_id, error.error_class) == (
        "APIGW.0301",
        "body-id",
        ErrorClass.CREDENTIALS,
    )
    assert "SECRET-TOKEN" not in str(error) and "x-security-token:***" in error.message
    assert "secret key (SK) is wrong" in error.user_message.english()
    nested = HuaweiVodError.from_response(
        403, '{"error": {"code": "VOD.10054", "message": "x"}}', {"x-request-id": "h"}
    )
    assert (nested.code, nested.request_id) == ("VOD.10054", "h")
    html = HuaweiVodError.from_response(502, "<html>Bad Gateway</html>")
    assert html.code == "HTTP502" and html.retryable and "Bad Gateway" in html.message


def test_asset_detail_tolerates_the_vendors_quirks() -> None:
    body = {
        "asset_id": ASSET,
        "thumbnail_info": {
            "sample": [
                {"offset": "24", "url": "u24"},
                {"offset": 0, "url": "u0"},
                {"offset": 12.0, "url": "u12"},
            ],
            "dots": {"offset": 5, "url": "d5"},  # one object instead of a list
            "quantity": None,
            "exec_desc": "null",
            "thumbnail_status": "thumbnail_succeed",
        },
    }
    detail = parse_asset_detail(body, ASSET)
    info = detail.thumbnail
    assert (
        info is not None and info.thumbnail_status == "THUMBNAIL_SUCCEED" and info.exec_desc == ""
    )
    assert [i.offset for i in info.items(HuaweiSnapshotKind.SAMPLE)] == [0.0, 12.0, 24.0]
    assert [i.url for i in info.items(HuaweiSnapshotKind.DOTS)] == ["d5"]
    assert info.items(HuaweiSnapshotKind.QUANTITY) == ()
    with pytest.raises(HuaweiResponseFormatError, match="no offset"):
        parse_asset_detail({"thumbnail_info": {"sample": [{"url": "x"}]}}, ASSET)
    with pytest.raises(HuaweiResponseFormatError, match="not JSON"):
        parse_asset_detail(b'{"asset_id": "x", "thumbn', ASSET)
    with pytest.raises(HuaweiVodError) as caught:
        parse_asset_detail(b'{"error_code": "VOD.10062", "error_msg": "gone"}', ASSET)
    assert caught.value.error_class is ErrorClass.NOT_FOUND


def test_tasks_details_list_meta_and_categories() -> None:
    tasks = parse_thumbnail_tasks(
        {
            "total": "2",
            "thumbnails": [
                {"task_id": "t1", "thumbnail_para": {"type": "TIME"}, "thumbnail_count": "40"},
                "junk",
            ],
        }
    )
    assert tasks.total == 2 and [(t.task_id, t.task_type, t.count) for t in tasks.tasks] == [
        ("t1", "time", 40)
    ]
    details = parse_thumbnail_details({"thumbnail_result": [{"offset": 3, "url": "a"}]})
    assert details.total == 1 and details.items[0].offset == 3.0
    rows = parse_asset_list(
        {
            "total": 1,
            "assets": [{"asset_id": ASSET, "duration": "61", "covers": [{"cover_url": "c"}]}, {}],
        }
    )
    assert (
        rows.assets[0].duration_s == 61
        and rows.assets[0].cover_url == "c"
        and len(rows.assets) == 1
    )
    meta = parse_asset_meta(
        {
            "asset_info_array": [
                {
                    "asset_id": ASSET,
                    "base_info": {"title": "t", "meta_data": {"hight": 720}},
                    "play_info_array": [{"play_type": "MP4", "url": "m"}],
                },
                {"asset_id": "0" * 32, "status": "NO_ASSET"},
            ],
            "is_truncated": 1,
        }
    )
    assert (
        meta.is_truncated
        and meta.assets[0].height == 720
        and meta.assets[0].play_urls == {"mp4": "m"}
    )
    assert meta.assets[1].status == "NO_ASSET"
    tree = parse_categories([{"id": 1, "name": "a", "children": [{"id": 2, "name": "b"}]}])
    assert [c.category_id for c in tree[0].walk()] == ["1", "2"]


def test_request_builders_follow_the_sdk() -> None:
    request = hr.show_asset_detail("A" * 32, ASSET.upper(), ("thumbnail_info", "base_info"))
    assert request.path == f"/v1.0/{'a' * 32}/asset/details"
    assert request.query == (
        ("asset_id", ASSET),
        ("categories", "thumbnail_info"),
        ("categories", "base_info"),
    )
    listing = hr.list_asset_list(
        "a" * 32, hr.AssetListQuery(statuses=("thumbnail_failed", "CREATED"), page=2, size=50)
    )
    assert ("status", "THUMBNAIL_FAILED") in listing.query and (
        "status",
        "CREATED",
    ) in listing.query
    meta = hr.show_asset_meta(
        "a" * 32, [ASSET], transcode_statuses=["TRANSCODING"], asset_statuses=["PUBLISHED"]
    )
    assert ("transcodeStatus", "TRANSCODING") in meta.query and (
        "assetStatus",
        "PUBLISHED",
    ) in meta.query
    with pytest.raises(hr.HuaweiInvalidRequest, match="at most 20000 assets"):
        hr.list_asset_list("a" * 32, hr.AssetListQuery(page=400, size=50))
    with pytest.raises(hr.HuaweiInvalidRequest, match="32 hexadecimal"):
        hr.validate_asset_id(ASSET + "0")
