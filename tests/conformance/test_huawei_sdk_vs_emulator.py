"""The official ``huaweicloudsdkvod`` SDK cannot tell the emulator from Huawei Cloud VOD.

Its own ``VodClient``, pointed at the emulator with ``with_endpoint`` and signing with its own
``SDK-HMAC-SHA256`` signer, calls ``show_asset_detail``, ``list_asset_list`` (several pages, ``status``
filters as repeated keys), ``show_asset_meta``, ``list_asset_category``, ``list_thumbnail_info`` and
``list_thumbnail_details`` and parses every answer into its models; a wrong SK makes it raise what the
real gateway makes it raise (``ClientRequestException``, HTTP 401, ``APIGW.0301``). Then requests
signed by the SDK's signer are sent as they are — accepted — and with any one character of a
signature-relevant part changed — every one rejected.
"""

from __future__ import annotations

import gc
import warnings
from datetime import UTC, datetime

import httpx
import pytest

from snapview.core import huawei_signing as hs
from snapview.emulator import catalog as cat
from snapview.emulator import huawei_catalog as hc

pytestmark = [pytest.mark.conformance, pytest.mark.filterwarnings("ignore::ResourceWarning")]

sdk_credentials = pytest.importorskip("huaweicloudsdkcore.auth.credentials")
sdk_exceptions = pytest.importorskip("huaweicloudsdkcore.exceptions.exceptions")
sdk_http_config = pytest.importorskip("huaweicloudsdkcore.http.http_config")
sdk_signer = pytest.importorskip("huaweicloudsdkcore.signer.signer")
sdk_request = pytest.importorskip("huaweicloudsdkcore.sdk_request")
vod = pytest.importorskip("huaweicloudsdkvod.v1")

PROJECT = hc.HUAWEI_DEMO_PROJECT_ID


@pytest.fixture(autouse=True)
def _collect_sdk_sockets():
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def sdk_client(emulator, ak=hc.HUAWEI_DEMO_AK, sk=hc.HUAWEI_DEMO_SK, token=None):
    config = sdk_http_config.HttpConfig.get_default_config()
    config.timeout = (5, 20)
    credentials = sdk_credentials.BasicCredentials(ak, sk, PROJECT)
    if token:
        credentials.with_security_token(token)
    # No with_region(): with a region the SDK would ask IAM for the project id over the network.
    return (
        vod.VodClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoint(emulator.base_url)
        .build()
    )


def test_show_asset_detail_parses_into_the_sdk_models(emulator) -> None:
    client = sdk_client(emulator)
    response = client.show_asset_detail(
        vod.ShowAssetDetailRequest(
            asset_id=cat.HUAWEI_ASSET_ID_OK, categories=["thumbnail_info", "base_info"]
        )
    )
    assert isinstance(response, vod.ShowAssetDetailResponse)
    info = response.thumbnail_info
    assert isinstance(info, vod.ThumbnailInfo)
    assert info.thumbnail_status == "THUMBNAIL_SUCCEED"
    assert [s.offset for s in info.sample] == list(range(0, 120, 12))
    assert [s.offset for s in info.dots] == [5, 17, 42, 90]
    assert all(isinstance(s, vod.ThumbnailRsp) and "auth_key=" in s.url for s in info.sample)
    assert response.base_info.title == "Product launch keynote"
    assert response.base_info.meta_data.duration == 120
    assert response.transcode_info is None  # not asked for


def test_a_failed_task_reads_as_the_sdk_expects(emulator) -> None:
    response = sdk_client(emulator).show_asset_detail(
        vod.ShowAssetDetailRequest(
            asset_id=cat.HUAWEI_ASSET_ID_FAILED, categories=["thumbnail_info"]
        )
    )
    assert response.thumbnail_info.thumbnail_status == "THUMBNAIL_FAILED"
    assert response.thumbnail_info.exec_desc
    assert response.thumbnail_info.sample == []


def test_list_asset_list_pages_with_repeated_status_filters(emulator) -> None:
    client = sdk_client(emulator)
    statuses = ["THUMBNAIL_FAILED", "THUMBNAILING"]
    seen: list[str] = []
    totals = set()
    for page in range(4):
        response = client.list_asset_list(
            vod.ListAssetListRequest(status=statuses, page=page, size=50, order="desc")
        )
        assert isinstance(response, vod.ListAssetListResponse)
        totals.add(response.total)
        assert len(response.assets) == 50
        for asset in response.assets:
            assert isinstance(asset, vod.AssetSummary)
            assert asset.thumbnail_status in statuses
        seen += [a.asset_id for a in response.assets]
    assert len(totals) == 1 and totals.pop() > 200
    assert len(set(seen)) == 200  # no row twice across pages
    creation = [a.create_time for a in response.assets]
    assert creation == sorted(creation, reverse=True)


def test_list_asset_list_stops_at_twenty_thousand_rows(emulator) -> None:
    client = sdk_client(emulator)
    last = client.list_asset_list(vod.ListAssetListRequest(page=199, size=100))
    assert last.total == 20_000 and len(last.assets) == 100
    with pytest.raises(sdk_exceptions.ClientRequestException) as caught:
        client.list_asset_list(vod.ListAssetListRequest(page=200, size=100))
    assert (caught.value.status_code, caught.value.error_code) == (400, "VOD.10053")


def test_show_asset_meta_and_categories(emulator) -> None:
    client = sdk_client(emulator)
    meta = client.show_asset_meta(
        vod.ShowAssetMetaRequest(asset_id=[cat.HUAWEI_ASSET_ID_OK, "f" * 32])
    )
    assert isinstance(meta, vod.ShowAssetMetaResponse)
    known, unknown = meta.asset_info_array
    assert (
        isinstance(known.base_info, vod.BaseInfo)
        and known.base_info.title == "Product launch keynote"
    )
    assert (unknown.asset_id, unknown.status) == ("f" * 32, "NO_ASSET")
    filtered = client.show_asset_meta(
        vod.ShowAssetMetaRequest(
            transcode_status=["TRANSCODING"], asset_status=["PUBLISHED"], size=5
        )
    )
    assert filtered.is_truncated == 1 and len(filtered.asset_info_array) == 5
    categories = client.list_asset_category(vod.ListAssetCategoryRequest(id=0))
    assert [c.name for c in categories.body][:1] == ["Product videos 产品视频"]
    assert [c.name for c in categories.body[0].children] == ["Launches 发布会", "Tutorials 教程"]


def test_paged_thumbnail_details(emulator) -> None:
    client = sdk_client(emulator)
    tasks = client.list_thumbnail_info(vod.ListThumbnailInfoRequest(asset_id=hc.LONG_ASSET_ID))
    task = next(t for t in tasks.thumbnails if t.thumbnail_para.type == "time")
    assert task.thumbnail_count == 3600
    offsets = []
    for start in range(0, 300, 100):
        page = client.list_thumbnail_details(
            vod.ListThumbnailDetailsRequest(task_id=task.task_id, offset=start, limit=100)
        )
        assert page.total == 3600
        offsets += [r.offset for r in page.thumbnail_result]
    assert offsets == list(range(300))


def test_temporary_credentials_need_their_token(emulator) -> None:
    request = vod.ShowAssetDetailRequest(
        asset_id=cat.HUAWEI_ASSET_ID_OK, categories=["thumbnail_info"]
    )
    with_token = sdk_client(
        emulator, hc.HUAWEI_DEMO_TEMP_AK, hc.HUAWEI_DEMO_TEMP_SK, hc.HUAWEI_DEMO_SECURITY_TOKEN
    )
    assert with_token.show_asset_detail(request).thumbnail_info.sample
    without = sdk_client(emulator, hc.HUAWEI_DEMO_TEMP_AK, hc.HUAWEI_DEMO_TEMP_SK)
    with pytest.raises(sdk_exceptions.ClientRequestException) as caught:
        without.show_asset_detail(request)
    assert (caught.value.status_code, caught.value.error_code) == (401, "APIGW.0301")


@pytest.mark.parametrize(
    ("ak", "sk", "status", "code", "words"),
    [
        (hc.HUAWEI_DEMO_AK, "a-wrong-secret-key", 401, "APIGW.0301", "verify aksk signature fail"),
        ("NOSUCHAKATALL000000X", "whatever", 401, "APIGW.0301", "ak not exist"),
        (
            hc.HUAWEI_DEMO_NO_PERMISSION_AK,
            hc.HUAWEI_DEMO_NO_PERMISSION_SK,
            403,
            "APIGW.0302",
            "not authorized",
        ),
    ],
    ids=["wrong-sk", "unknown-ak", "no-permission"],
)
def test_refusals_raise_what_the_real_gateway_makes_the_sdk_raise(
    emulator, ak, sk, status, code, words
) -> None:
    with pytest.raises(sdk_exceptions.ClientRequestException) as caught:
        sdk_client(emulator, ak, sk).show_asset_detail(
            vod.ShowAssetDetailRequest(asset_id=cat.HUAWEI_ASSET_ID_OK)
        )
    error = caught.value
    assert (error.status_code, error.error_code) == (status, code)
    assert words in error.error_msg
    assert error.request_id  # from the X-Request-Id header, as the SDK reads it


def test_an_unknown_asset_is_vod_10062(emulator) -> None:
    with pytest.raises(sdk_exceptions.ClientRequestException) as caught:
        sdk_client(emulator).show_asset_detail(vod.ShowAssetDetailRequest(asset_id="0" * 32))
    assert caught.value.error_code == "VOD.10062"


# --- raw requests signed by the SDK's signer --------------------------------------------------


def _sdk_signed(emulator, path: str, query: list[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    host = emulator.base_url.removeprefix("http://")
    request = sdk_request.SdkRequest(
        method="GET",
        schema="http",
        host=host,
        resource_path=path,
        query_params=list(query),
        header_params={
            "Content-Type": "application/json",
            "User-Agent": "huaweicloud-usdk-python/3.0",
            "X-Project-Id": PROJECT,
            "X-Sdk-Date": datetime.now(UTC).strftime(hs.DATE_FORMAT),
        },
        body=b"",
    )
    credentials = sdk_credentials.BasicCredentials(hc.HUAWEI_DEMO_AK, hc.HUAWEI_DEMO_SK)
    sdk_signer.Signer(credentials).sign(request)
    return request.uri, dict(request.header_params)


def _changed(text: str, position: int) -> str:
    char = text[position]
    if char.isdigit():
        other = str((int(char) + 1) % 10)
    elif char.isalpha():
        other = "b" if char.lower() == "a" else "a"
        other = other.upper() if char.isupper() else other
    else:
        other = "x"
    return text[:position] + other + text[position + 1 :]


def test_the_emulator_accepts_sdk_signed_requests_and_rejects_every_one_character_change(
    emulator,
) -> None:
    path = f"/v1.0/{PROJECT}/asset/details"
    uri, headers = _sdk_signed(
        emulator, path, [("asset_id", cat.HUAWEI_ASSET_ID_OK), ("categories", "thumbnail_info")]
    )
    auth = hs.parse_authorization(headers["Authorization"])
    with httpx.Client(base_url=emulator.base_url, timeout=20) as http:
        assert http.get(uri, headers=headers).status_code == 200
        variants: list[tuple[str, dict[str, str]]] = []
        for position in range(1, len(uri)):
            if uri[position] in "/?&=%":
                continue  # structure, not content: changing it makes another request shape
            variants.append((_changed(uri, position), headers))
        for name in headers:
            if name.lower() not in auth.signed_headers:
                continue
            value = headers[name]
            for position in range(len(value)):
                if value[position] in " ;:":
                    continue
                variants.append((uri, {**headers, name: _changed(value, position)}))
        signature_at = headers["Authorization"].index("Signature=") + len("Signature=")
        for position in range(signature_at, len(headers["Authorization"])):
            variants.append(
                (uri, {**headers, "Authorization": _changed(headers["Authorization"], position)})
            )
        assert len(variants) > 250
        accepted = []
        for target, changed_headers in variants:
            response = http.get(target, headers=changed_headers)
            if response.status_code < 400:
                accepted.append(
                    (target, {k: v for k, v in changed_headers.items() if v != headers.get(k)})
                )
            elif response.headers.get("content-type", "").startswith("application/json"):
                assert response.json()["error_code"].startswith(("APIGW.", "VOD."))
            else:  # a changed version segment leaves the Huawei API (/v1.0, /v1) altogether
                assert response.status_code == 404 and not target.startswith(("/v1.0/", "/v1/"))
        assert accepted == []
