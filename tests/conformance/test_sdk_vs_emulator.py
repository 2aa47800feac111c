"""The official Alibaba SDKs cannot tell the emulator from the real VOD gateway.

Each SDK sends real ``ListSnapshots`` requests over loopback HTTP, signed its own way
(``alibabacloud-vod20170321`` with V3 ``ACS3-HMAC-SHA256`` by default and with
``signature_algorithm='v2'``, i.e. V1 HMAC-SHA1; ``aliyun-python-sdk-core`` + ``aliyun-python-sdk-vod``
with V1), and must get back responses it parses into its own models, and vendor errors it turns into its
own exceptions.

Note on the older SDK and a wrong secret: the real gateway's ``SignatureDoesNotMatch`` message carries the
server's string to sign, and ``aliyun-python-sdk-core`` compares it with its own; when they are equal it
reports ``InvalidAccessKeySecret`` instead. Getting that exception is therefore the stronger proof: the
emulator answered ``SignatureDoesNotMatch`` *and* computed byte-for-byte the string the SDK signed.
"""

from __future__ import annotations

import gc
import json
import warnings

import httpx
import pytest

from snapview.emulator import catalog as cat
from tests.helpers.sdks import vendor_sdk

# The older SDK leaves sockets for the garbage collector (see the fixture below).
pytestmark = [pytest.mark.conformance, pytest.mark.filterwarnings("ignore::ResourceWarning")]

vod_client = vendor_sdk("alibabacloud_vod20170321.client")
vod_models = vendor_sdk("alibabacloud_vod20170321.models")
openapi_models = vendor_sdk("alibabacloud_tea_openapi.models")
openapi_exceptions = vendor_sdk("alibabacloud_tea_openapi.exceptions")
acs_client = vendor_sdk("aliyunsdkcore.client")
acs_exceptions = vendor_sdk("aliyunsdkcore.acs_exception.exceptions")
acs_credentials = vendor_sdk("aliyunsdkcore.auth.credentials")
list_snapshots_request = vendor_sdk("aliyunsdkvod.request.v20170321.ListSnapshotsRequest")


@pytest.fixture(autouse=True)
def _close_what_the_sdks_leave_open():
    """The older SDK opens a requests session per call and never closes it; collect those sockets here,
    quietly, so their ResourceWarning cannot surface later inside someone else's test."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


NEW_SDK_MODES = [pytest.param(None, id="v3-default"), pytest.param("v2", id="v1-hmac-sha1")]


def _host(emulator) -> str:
    return emulator.base_url.removeprefix("http://")


def new_client(
    emulator,
    algorithm,
    key_id=cat.DEMO_ACCESS_KEY_ID,
    secret=cat.DEMO_ACCESS_KEY_SECRET,
    token=None,
):
    config = openapi_models.Config(
        access_key_id=key_id,
        access_key_secret=secret,
        security_token=token,
        endpoint=_host(emulator),
        protocol="http",
        region_id="cn-shanghai",
    )
    if algorithm:
        config.signature_algorithm = algorithm
    return vod_client.Client(config)


def new_list(client, video_id, snapshot_type=None, page_no=None, page_size=None):
    request = vod_models.ListSnapshotsRequest(
        video_id=video_id,
        snapshot_type=snapshot_type,
        page_no=page_no,
        page_size=page_size,
        auth_timeout=7200,
    )
    return client.list_snapshots(request).body


def old_request(emulator, video_id, snapshot_type=None, page_no=None, page_size=None):
    request = list_snapshots_request.ListSnapshotsRequest()
    request.set_VideoId(video_id)
    if snapshot_type:
        request.set_SnapshotType(snapshot_type)
    if page_no:
        request.set_PageNo(page_no)
    if page_size:
        request.set_PageSize(page_size)
    request.set_endpoint(_host(emulator))
    request.set_protocol_type("http")
    return request


def old_client(key_id=cat.DEMO_ACCESS_KEY_ID, secret=cat.DEMO_ACCESS_KEY_SECRET):
    # No SDK-side retries: the emulator has no faults here and a retry would hide a wrong answer.
    return acs_client.AcsClient(key_id, secret, "cn-shanghai", auto_retry=False)


@pytest.mark.parametrize("algorithm", NEW_SDK_MODES)
def test_new_sdk_pages_through_normal_snapshots(emulator, algorithm) -> None:
    client = new_client(emulator, algorithm)
    first = new_list(client, cat.SHORT_VIDEO_ID, "NormalSnapshot", page_no=1, page_size=25)
    third = new_list(client, cat.SHORT_VIDEO_ID, "NormalSnapshot", page_no=3, page_size=25)
    past = new_list(client, cat.SHORT_VIDEO_ID, "NormalSnapshot", page_no=4, page_size=25)
    media = first.media_snapshot
    assert media.total == 60
    assert media.job_id == "72afecddf6c424b743e4d56cc832b567"
    assert media.creation_time == "2026-11-20T08:15:30Z"
    assert "{SnapshotCount}" in media.regular
    assert [s.index for s in media.snapshots.snapshot] == list(range(1, 26))
    assert [s.index for s in third.media_snapshot.snapshots.snapshot] == list(range(51, 61))
    assert third.media_snapshot.total == 60
    assert past.media_snapshot.snapshots.snapshot == []
    image = httpx.get(media.snapshots.snapshot[0].url, timeout=10)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"
    assert image.content[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize("algorithm", NEW_SDK_MODES)
def test_new_sdk_default_type_is_covers(emulator, algorithm) -> None:
    body = new_list(new_client(emulator, algorithm), cat.LONG_VIDEO_ID)
    assert body.media_snapshot.total == 8
    assert len(body.media_snapshot.snapshots.snapshot) == 8
    assert body.request_id


def test_old_sdk_lists_sprites_and_origin_cells(emulator) -> None:
    client = old_client()
    sheets = json.loads(
        client.do_action_with_exception(
            old_request(emulator, cat.SPRITE_VIDEO_ID, "SpriteSnapshot")
        )
    )
    cells = json.loads(
        client.do_action_with_exception(
            old_request(emulator, cat.SPRITE_VIDEO_ID, "SpriteOriginSnapshot", 2, 20)
        )
    )
    assert sheets["MediaSnapshot"]["Total"] == 2  # 50 cells at 10x3: sheets of 30 and 20
    assert [s["Index"] for s in sheets["MediaSnapshot"]["Snapshots"]["Snapshot"]] == [1, 2]
    assert cells["MediaSnapshot"]["Total"] == 50
    assert [s["Index"] for s in cells["MediaSnapshot"]["Snapshots"]["Snapshot"]] == list(
        range(21, 41)
    )


@pytest.mark.parametrize("algorithm", NEW_SDK_MODES)
def test_new_sdk_wrong_secret_is_signature_does_not_match(emulator, algorithm) -> None:
    client = new_client(emulator, algorithm, secret="not-the-secret")
    with pytest.raises(openapi_exceptions.ClientException) as info:
        new_list(client, cat.SHORT_VIDEO_ID)
    assert info.value.code == "SignatureDoesNotMatch"
    assert info.value.status_code == 400


def test_old_sdk_wrong_secret_is_recognised_as_a_bad_secret(emulator) -> None:
    with pytest.raises(acs_exceptions.ServerException) as info:
        old_client(secret="not-the-secret").do_action_with_exception(
            old_request(emulator, cat.SHORT_VIDEO_ID)
        )
    # The SDK rewrites SignatureDoesNotMatch when the server's string to sign equals its own (see top).
    assert info.value.get_error_code() == "InvalidAccessKeySecret"
    assert info.value.get_http_status() == 400


def test_old_sdk_unknown_key_and_unknown_video(emulator) -> None:
    with pytest.raises(acs_exceptions.ServerException) as unknown_key:
        old_client(key_id="LTAI5tNoSuchKey").do_action_with_exception(
            old_request(emulator, cat.SHORT_VIDEO_ID)
        )
    assert unknown_key.value.get_error_code() == "InvalidAccessKeyId.NotFound"
    with pytest.raises(acs_exceptions.ServerException) as unknown_video:
        old_client().do_action_with_exception(
            old_request(emulator, "00000000000000000000000000000000")
        )
    assert unknown_video.value.get_error_code() == "InvalidVideo.NotFound"
    assert unknown_video.value.get_http_status() == 404


@pytest.mark.parametrize("algorithm", NEW_SDK_MODES)
def test_new_sdk_unknown_video_is_not_found(emulator, algorithm) -> None:
    with pytest.raises(openapi_exceptions.ClientException) as info:
        new_list(new_client(emulator, algorithm), "00000000000000000000000000000000")
    assert info.value.code == "InvalidVideo.NotFound"
    assert info.value.status_code == 404


@pytest.mark.parametrize("algorithm", NEW_SDK_MODES)
def test_new_sdk_processing_video_and_missing_permission(emulator, algorithm) -> None:
    with pytest.raises(openapi_exceptions.ClientException) as processing:
        new_list(new_client(emulator, algorithm), cat.PROCESSING_VIDEO_ID)
    assert processing.value.code == "Forbidden.IllegalStatus"
    no_perm = new_client(
        emulator,
        algorithm,
        cat.DEMO_NO_PERMISSION_ACCESS_KEY_ID,
        cat.DEMO_NO_PERMISSION_ACCESS_KEY_SECRET,
    )
    with pytest.raises(openapi_exceptions.ClientException) as forbidden:
        new_list(no_perm, cat.SHORT_VIDEO_ID)
    assert forbidden.value.code == "Forbidden.RAM"
    assert forbidden.value.access_denied_detail["AuthAction"] == "vod:ListSnapshots"


@pytest.mark.parametrize("algorithm", NEW_SDK_MODES)
def test_new_sdk_with_sts_token(emulator, algorithm) -> None:
    good = new_client(
        emulator, algorithm, cat.DEMO_STS_ACCESS_KEY_ID, cat.DEMO_STS_SECRET, cat.DEMO_STS_TOKEN
    )
    assert new_list(good, cat.SHORT_VIDEO_ID).media_snapshot.total == 8
    wrong = new_client(
        emulator, algorithm, cat.DEMO_STS_ACCESS_KEY_ID, cat.DEMO_STS_SECRET, "CAISnot-the-token"
    )
    with pytest.raises(openapi_exceptions.ClientException) as info:
        new_list(wrong, cat.SHORT_VIDEO_ID)
    assert info.value.code == "InvalidSecurityToken.MismatchWithAccessKey"


def test_old_sdk_with_sts_token(emulator) -> None:
    credential = acs_credentials.StsTokenCredential(
        cat.DEMO_STS_ACCESS_KEY_ID, cat.DEMO_STS_SECRET, cat.DEMO_STS_TOKEN
    )
    client = acs_client.AcsClient(region_id="cn-shanghai", credential=credential, auto_retry=False)
    body = json.loads(
        client.do_action_with_exception(old_request(emulator, cat.SHORT_VIDEO_ID, "NormalSnapshot"))
    )
    assert body["MediaSnapshot"]["Total"] == 60
    assert len(body["MediaSnapshot"]["Snapshots"]["Snapshot"]) == 20


def test_new_sdk_sees_throttling_with_retry_after(emulator_factory) -> None:
    # Every call throttled; the seed decides which answers carry x-acs-retry-after.
    throttled = emulator_factory(throttle_rate=1.0, seed=3)
    client = new_client(throttled, None)
    codes, retry_after = set(), []
    for _ in range(8):
        with pytest.raises(openapi_exceptions.AlibabaCloudException) as info:
            new_list(client, cat.SHORT_VIDEO_ID)
        codes.add(info.value.code)
        retry_after.append(getattr(info.value, "retry_after", None))
    assert codes == {"Throttling.User"}
    assert any(r for r in retry_after), "some throttled answers should carry x-acs-retry-after"
    assert throttled.stats["throttled"] == 8
