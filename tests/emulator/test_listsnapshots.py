"""ListSnapshots on the emulator: paging, snapshot types, formats and the gateway's authentication rules."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

from snapview.core import signing
from snapview.core.credentials import AliyunCredentials
from snapview.emulator import catalog as cat
from tests.emulator.signed_calls import STS, send_v1, snapshots, v1_call, v1_params, v3_call


def _page(emulator, video, snapshot_type=None, page_no=None, page_size=None, **extra):
    params = {"VideoId": video, **extra}
    if snapshot_type:
        params["SnapshotType"] = snapshot_type
    if page_no is not None:
        params["PageNo"] = str(page_no)
    if page_size is not None:
        params["PageSize"] = str(page_size)
    return v1_call(emulator.base_url, params)


def test_total_is_the_whole_job_and_pages_are_one_based(emulator) -> None:
    first = _page(emulator, cat.LONG_VIDEO_ID, "NormalSnapshot")
    assert first.json()["MediaSnapshot"]["Total"] == 10_000
    assert [s["Index"] for s in snapshots(first)] == list(range(1, 21))  # default PageSize 20
    last = _page(emulator, cat.LONG_VIDEO_ID, "NormalSnapshot", page_no=100, page_size=100)
    assert [s["Index"] for s in snapshots(last)] == list(range(9901, 10_001))
    past = _page(emulator, cat.LONG_VIDEO_ID, "NormalSnapshot", page_no=101, page_size=100)
    assert snapshots(past) == []
    assert past.json()["MediaSnapshot"]["Total"] == 10_000


def test_page_size_above_100_is_invalid(emulator) -> None:
    response = _page(emulator, cat.SHORT_VIDEO_ID, "NormalSnapshot", page_size=101)
    assert response.status_code == 400
    body = response.json()
    assert body["Code"] == "InvalidParameter"
    assert "PageSize" in body["Message"]
    assert set(body) >= {"RequestId", "HostId", "Code", "Message", "Recommend"}


@pytest.mark.parametrize(
    ("snapshot_type", "total", "suffix"),
    [
        ("CoverSnapshot", 8, "cover00001.jpg"),
        ("NormalSnapshot", 50, "normal00001.jpg"),
        ("SpriteSnapshot", 2, "sprite00001.jpg"),
        ("SpriteOriginSnapshot", 50, "cell00001.jpg"),
        ("WebVttSnapshot", 1, "thumbnails.vtt"),
    ],
)
def test_every_snapshot_type(emulator, snapshot_type, total, suffix) -> None:
    response = _page(emulator, cat.SPRITE_VIDEO_ID, snapshot_type)
    media = response.json()["MediaSnapshot"]
    assert media["Total"] == total
    first = snapshots(response)[0]
    assert first["Index"] == 1
    assert first["Url"].split("?")[0].endswith(suffix)
    assert "auth_key=" in first["Url"]
    assert "auth_key" not in media["Regular"]


def test_missing_video_id_and_bad_type_are_named(emulator) -> None:
    missing = v1_call(emulator.base_url, {})
    assert (missing.status_code, missing.json()["Code"]) == (400, "MissingParameter")
    assert "VideoId" in missing.json()["Message"]
    bad = _page(emulator, cat.SHORT_VIDEO_ID, "PosterSnapshot")
    assert (bad.status_code, bad.json()["Code"]) == (400, "InvalidParameter")
    assert "SnapshotType" in bad.json()["Message"]


def test_unknown_and_processing_videos(emulator) -> None:
    unknown = _page(emulator, "ffffffffffffffffffffffffffffffff")
    assert (unknown.status_code, unknown.json()["Code"]) == (404, "InvalidVideo.NotFound")
    processing = _page(emulator, cat.PROCESSING_VIDEO_ID)
    assert (processing.status_code, processing.json()["Code"]) == (400, "Forbidden.IllegalStatus")


def test_xml_when_format_is_not_json(emulator) -> None:
    signed = v1_params({"VideoId": cat.SHORT_VIDEO_ID, "Format": "XML"})
    response = send_v1(emulator.base_url, signed)
    root = ET.fromstring(response.content)
    assert root.tag == "ListSnapshotsResponse"
    assert root.findtext("MediaSnapshot/Total") == "8"
    assert len(root.findall("MediaSnapshot/Snapshots/Snapshot")) == 8
    error = send_v1(emulator.base_url, v1_params({"VideoId": "nope", "Format": "XML"}))
    assert ET.fromstring(error.content).findtext("Code") == "InvalidVideo.NotFound"


def test_gateway_rules_form_decoding_case_and_optional_params(emulator) -> None:
    # A space sent as "+" (the new SDK's form encoding) must be decoded before verifying.
    plus = v1_call(emulator.base_url, {"VideoId": "no such video"}, plus_for_space=True)
    assert plus.json()["Code"] == "InvalidVideo.NotFound"
    # SignatureMethod in lower case, an empty value that is signed, no RegionId, Format lower-case.
    params = {"VideoId": cat.SHORT_VIDEO_ID, "SnapshotType": "", "Format": "json"}
    signed = v1_params(params)
    signed["SignatureMethod"] = "hmac-sha1"
    del signed["Signature"]
    signed["Signature"] = signing.v1_signature("GET", signed, cat.DEMO_ACCESS_KEY_SECRET)
    response = send_v1(emulator.base_url, signed)
    assert response.status_code == 200, response.text
    assert response.json()["MediaSnapshot"]["Total"] == 8
    assert "Date" in response.headers


def test_wrong_secret_and_unknown_key(emulator) -> None:
    wrong = v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}, _creds("bad"))
    assert (wrong.status_code, wrong.json()["Code"]) == (400, "SignatureDoesNotMatch")
    unknown = v1_call(
        emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}, _creds("x", "LTAI5tUnknownKey")
    )
    assert (unknown.status_code, unknown.json()["Code"]) == (404, "InvalidAccessKeyId.NotFound")


def _creds(secret, key_id=cat.DEMO_ACCESS_KEY_ID):
    return AliyunCredentials(key_id, secret)


def test_timestamp_window_and_nonce_replay(emulator) -> None:
    old = signing.utc_timestamp(time.time() - 16 * 60)
    expired = v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}, timestamp=old)
    assert expired.json()["Code"] == "InvalidTimeStamp.Expired"
    signed = v1_params({"VideoId": cat.SHORT_VIDEO_ID})
    assert send_v1(emulator.base_url, signed).status_code == 200
    replay = send_v1(emulator.base_url, signed)
    assert (replay.status_code, replay.json()["Code"]) == (400, "SignatureNonceUsed")


def test_sts_token_must_match(emulator) -> None:
    assert v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}, STS).status_code == 200
    signed = v1_params({"VideoId": cat.SHORT_VIDEO_ID}, STS)
    signed["SecurityToken"] = "CAISforged"
    del signed["Signature"]
    signed["Signature"] = signing.v1_signature("GET", signed, cat.DEMO_STS_SECRET)
    forged = send_v1(emulator.base_url, signed)
    assert forged.json()["Code"] == "InvalidSecurityToken.MismatchWithAccessKey"
    v3 = v3_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}, STS)
    assert v3.status_code == 200, v3.text


def test_v3_checks_body_hash_and_signed_headers(emulator) -> None:
    good = v3_call(
        emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID, "SnapshotType": "NormalSnapshot"}
    )
    assert good.status_code == 200, good.text
    assert good.json()["MediaSnapshot"]["Total"] == 60
    body_hash = v3_call(
        emulator.base_url,
        {"VideoId": cat.SHORT_VIDEO_ID},
        tamper={"x-acs-content-sha256": "0" * 64},
    )
    assert body_hash.json()["Code"] == "IncompleteSignature"
    # A signed header changed in transit breaks the signature.
    changed = v3_call(
        emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}, tamper={"x-acs-version": "2017-03-22"}
    )
    assert changed.json()["Code"] == "SignatureDoesNotMatch"
    old = signing.utc_timestamp(time.time() + 20 * 60)
    assert (
        v3_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}, date=old).json()["Code"]
        == "InvalidTimeStamp.Expired"
    )


def test_a_replaced_job_changes_job_id_mid_review(emulator_factory) -> None:
    emulator = emulator_factory()
    seen = []
    for page in (1, 2, 3):
        response = _page(emulator, cat.REPLACED_JOB_VIDEO_ID, "NormalSnapshot", page_no=page)
        media = response.json()["MediaSnapshot"]
        seen.append((media["JobId"], media["Total"], media["CreationTime"]))
    assert seen[0] == seen[1] == ("38133a39c3da32cb2bfcc4d345751cdf", 45, "2026-11-18T16:20:00Z")
    assert seen[2] == ("cba54a96f982f113ad25b72356ee2ef1", 36, "2026-11-23T09:05:12Z")


def test_a_skewed_server_clock_shows_in_the_date_header(emulator_factory) -> None:
    emulator = emulator_factory(date_follows_clock=True)
    emulator.advance_clock(20 * 60)
    response = v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID})
    assert response.json()["Code"] == "InvalidTimeStamp.Expired"
    skew = parsedate_to_datetime(response.headers["Date"]).timestamp() - time.time()
    assert 20 * 60 - 5 < skew < 20 * 60 + 5


def test_by_default_the_date_header_keeps_real_time(emulator_factory) -> None:
    emulator = emulator_factory()
    emulator.advance_clock(20 * 60)
    response = v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID})
    assert response.json()["Code"] == "InvalidTimeStamp.Expired"
    assert abs(parsedate_to_datetime(response.headers["Date"]).timestamp() - time.time()) < 5
