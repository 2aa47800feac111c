"""The Huawei VOD client and asset pager against the emulator over real HTTP: the lists of an
asset in offset order (embedded and paged), a 403'd URL refreshed by asking the API again, the
snapshot task's states as the shared error classes, retries for what can succeed and none for what
cannot, the clock diagnosed from the Date header, the library calls, and no secret in any log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import pytest

from snapview.core.credentials import HuaweiCredentials
from snapview.core.huawei_errors import HuaweiVodError
from snapview.core.huawei_requests import AssetListQuery, HuaweiInvalidRequest
from snapview.core.snapshots import HuaweiSnapshotKind
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.emulator import catalog as cat
from snapview.emulator import huawei_catalog as hc
from snapview.services.huawei_client import HuaweiVodClient
from snapview.services.huawei_environment import (
    MissingEnvironment,
    huawei_environment_credentials,
)
from snapview.services.retry import RetryPolicy
from snapview.services.snapshot_listing import SnapshotListing

T = TypeVar("T")

DEMO = HuaweiCredentials(hc.HUAWEI_DEMO_AK, hc.HUAWEI_DEMO_SK, hc.HUAWEI_DEMO_PROJECT_ID)
TEMPORARY = HuaweiCredentials(
    hc.HUAWEI_DEMO_TEMP_AK,
    hc.HUAWEI_DEMO_TEMP_SK,
    hc.HUAWEI_DEMO_PROJECT_ID,
    hc.HUAWEI_DEMO_SECURITY_TOKEN,
)
FAST = RetryPolicy(max_attempts=8, base_delay=0.01, max_delay=0.05)
LIBRARY = hc.HuaweiLibrary(cat.default_catalog(), generated=0)


def with_client(base_url: str, body: Callable[[HuaweiVodClient], Awaitable[T]], **kw: Any) -> T:
    async def main() -> T:
        credentials = kw.pop("credentials", DEMO)
        async with HuaweiVodClient(
            credentials, endpoint=base_url, retry=kw.pop("retry", FAST), **kw
        ) as client:
            return await body(client)

    return asyncio.run(main())


def test_the_pager_is_a_snapshot_listing_and_lists_in_offset_order(emulator) -> None:
    async def body(client: HuaweiVodClient) -> Any:
        asset = client.asset(cat.HUAWEI_ASSET_ID_OK)
        sample: SnapshotListing = asset.pager(HuaweiSnapshotKind.SAMPLE, page_size=4)
        dots = asset.pager("dots")
        assert (sample.provider, sample.video_id, sample.total) == (
            "huawei",
            cat.HUAWEI_ASSET_ID_OK,
            None,
        )
        page2 = await sample.page(2)
        return sample, page2, await sample.all_snapshots(), await dots.all_snapshots(), client.stats

    sample, page2, samples, dots, stats = with_client(emulator.base_url, body)
    assert sample.total == 10 and sample.page_count == 3 and sample.job_id
    assert [(s.index, s.offset_s) for s in page2.snapshots] == [
        (5, 48.0),
        (6, 60.0),
        (7, 72.0),
        (8, 84.0),
    ]
    assert [s.offset_s for s in samples] == [float(t) for t in range(0, 120, 12)]
    assert [s.index for s in samples] == list(range(1, 11))
    assert [s.offset_s for s in dots] == [5.0, 17.0, 42.0, 90.0]
    assert (
        stats.requests == 2
    )  # one ShowAssetDetail and one ListThumbnailInfo, shared by both lists


def test_long_lists_come_from_the_paged_details_api(emulator) -> None:
    async def body(client: HuaweiVodClient) -> Any:
        asset = client.asset(hc.LONG_ASSET_ID)
        sample = asset.pager("sample")
        dots = asset.pager("dots")
        return sample, await sample.all_snapshots(), await dots.all_snapshots()

    sample, samples, dots = with_client(emulator.base_url, body)
    assert sample.paged and sample.total == 3600 and sample.page_count == 36
    assert [s.offset_s for s in samples] == [float(t) for t in range(3600)]
    assert len({s.url for s in samples}) == 3600
    assert [s.offset_s for s in dots] == [
        60.0,
        300.0,
        1800.0,
        3599.0,
    ]  # sorted, not the API's order


def test_an_expired_url_is_refreshed_by_asking_the_api_again(emulator_factory) -> None:
    emu = emulator_factory()

    async def body(client: HuaweiVodClient) -> tuple[int, int, int]:
        pager = client.pager(hc.EXPIRING_ASSET_ID, page_size=10)
        page = await pager.page(2)
        url = page.snapshots[3].url
        async with httpx.AsyncClient() as http:
            before = (await http.get(url)).status_code
            emu.advance_clock(60)  # the asset's URLs are valid for 45 s
            expired = (await http.get(url)).status_code
            fresh = await pager.refresh_url(page.snapshots[3].index)
            assert fresh != url
            return before, expired, (await http.get(fresh)).status_code

    assert with_client(emu.base_url, body) == (200, 403, 200)


def test_a_long_lists_url_is_refreshed_through_its_page(emulator_factory) -> None:
    emu = emulator_factory(url_validity_s=30)

    async def body(client: HuaweiVodClient) -> tuple[int, int]:
        pager = client.pager(hc.LONG_ASSET_ID)
        old = (await pager.page(20)).snapshots[0]
        emu.advance_clock(60)
        fresh = await pager.refresh_url(old.index)
        async with httpx.AsyncClient() as http:
            return (await http.get(old.url)).status_code, (await http.get(fresh)).status_code

    assert with_client(emu.base_url, body) == (403, 200)


@pytest.mark.parametrize(
    ("asset_id", "error_class", "status"),
    [
        (hc.THUMBNAILING_ASSET_ID, ErrorClass.NOT_READY, "THUMBNAILING"),
        (hc.UN_THUMBNAIL_ASSET_ID, ErrorClass.NOT_READY, "UN_THUMBNAIL"),
        (cat.HUAWEI_ASSET_ID_FAILED, ErrorClass.JOB_FAILED, "THUMBNAIL_FAILED"),
    ],
)
def test_task_states_are_the_shared_error_classes(emulator, asset_id, error_class, status) -> None:
    async def body(client: HuaweiVodClient) -> Any:
        pager = client.pager(asset_id)
        with pytest.raises(HuaweiVodError) as caught:
            await pager.page(1)
        return pager, caught.value, client.stats

    pager, error, stats = with_client(emulator.base_url, body)
    assert isinstance(error, VodError) and error.error_class is error_class
    assert not error.retryable and stats.retries == 0
    assert pager.thumbnail_status == status  # still readable for the UI's card
    if error_class is ErrorClass.JOB_FAILED:
        assert pager.exec_desc == "The media file is damaged and cannot be snapshotted."
        assert "The media file is damaged" in error.user_message.english()


def test_transient_faults_are_retried_until_the_pages_arrive(emulator_factory) -> None:
    emu = emulator_factory(
        seed=3, fault_rate=0.15, throttle_rate=0.15, reset_rate=0.1, truncate_rate=0.1
    )

    async def body(client: HuaweiVodClient) -> Any:
        return await client.pager(hc.LONG_ASSET_ID).all_snapshots(), client.stats

    snapshots, stats = with_client(emu.base_url, body)
    assert [s.offset_s for s in snapshots] == [float(t) for t in range(3600)]
    assert stats.retries > 0 and stats.throttled > 0 and stats.failures == 0
    assert emu.stats["huawei_api_requests"] == stats.requests


@pytest.mark.parametrize(
    ("credentials", "asset_id", "error_class", "code"),
    [
        (
            HuaweiCredentials(hc.HUAWEI_DEMO_AK, "wrong-sk", hc.HUAWEI_DEMO_PROJECT_ID),
            cat.HUAWEI_ASSET_ID_OK,
            ErrorClass.CREDENTIALS,
            "APIGW.0301",
        ),
        (DEMO, "0" * 32, ErrorClass.NOT_FOUND, "VOD.10062"),
        (
            HuaweiCredentials(
                hc.HUAWEI_DEMO_NO_PERMISSION_AK,
                hc.HUAWEI_DEMO_NO_PERMISSION_SK,
                hc.HUAWEI_DEMO_PROJECT_ID,
            ),
            cat.HUAWEI_ASSET_ID_OK,
            ErrorClass.PERMISSION,
            "APIGW.0302",
        ),
        (
            HuaweiCredentials(hc.HUAWEI_DEMO_AK, hc.HUAWEI_DEMO_SK, "a" * 32),
            cat.HUAWEI_ASSET_ID_OK,
            ErrorClass.CREDENTIALS,
            "VOD.10054",
        ),
    ],
    ids=["wrong-sk", "unknown-asset", "no-permission", "other-project"],
)
def test_nothing_is_retried_that_cannot_succeed(
    emulator, credentials, asset_id, error_class, code
) -> None:
    async def body(client: HuaweiVodClient) -> Any:
        with pytest.raises(HuaweiVodError) as caught:
            await client.show_asset_detail(asset_id)
        return caught.value, client.stats

    error, stats = with_client(emulator.base_url, body, credentials=credentials)
    assert (error.error_class, error.code) == (error_class, code)
    assert error.request_id and stats.requests == 1 and error.attempts == 1


def test_a_wrong_clock_is_diagnosed_from_the_date_header(emulator_factory) -> None:
    emu = emulator_factory(date_follows_clock=True)
    emu.advance_clock(2 * 3600)

    async def body(client: HuaweiVodClient) -> HuaweiVodError:
        with pytest.raises(HuaweiVodError) as caught:
            await client.show_asset_detail(cat.HUAWEI_ASSET_ID_OK)
        return caught.value

    error = with_client(emu.base_url, body)
    assert error.error_class is ErrorClass.CLOCK and error.code == "APIGW.0301"
    assert error.clock_skew is not None and 7100 < error.clock_skew < 7300
    assert "2.0 h behind" in error.user_message.english()


def test_library_calls_for_the_video_library(emulator) -> None:
    async def body(client: HuaweiVodClient) -> Any:
        first = await client.list_assets(AssetListQuery(size=3))
        failed = await client.list_assets(AssetListQuery(statuses=("THUMBNAIL_FAILED",), size=100))
        meta = await client.show_asset_meta([cat.HUAWEI_ASSET_ID_OK])
        categories = await client.list_asset_categories()
        detail = await client.show_asset_detail(cat.HUAWEI_ASSET_ID_OK, ("base_info",))
        await client.test_connection()
        return first, failed, meta, categories, detail

    first, failed, meta, categories, detail = with_client(emulator.base_url, body)
    assert first.total == 20_000 and len(first.assets) == 3
    assert first.assets[0].asset_id == cat.HUAWEI_ASSET_ID_OK  # newest first
    assert failed.assets and all(a.thumbnail_status == "THUMBNAIL_FAILED" for a in failed.assets)
    assert meta.assets[0].title == "Product launch keynote" and meta.assets[0].duration_s == 120
    assert [c.category_id for c in categories[0].walk()] == ["1", "11", "12"]
    assert detail.title == "Product launch keynote" and detail.thumbnail is None


def test_bad_arguments_are_refused_before_anything_is_sent(emulator) -> None:
    async def body(client: HuaweiVodClient) -> list[str]:
        fields = []
        for call in (
            lambda: client.show_asset_detail("not-an-asset"),
            lambda: client.list_assets(AssetListQuery(page=200, size=100)),
            lambda: client.list_assets(AssetListQuery(statuses=("DONE",))),
        ):
            with pytest.raises(HuaweiInvalidRequest) as caught:
                await call()
            fields.append(caught.value.field)
        assert client.stats.requests == 0
        return fields

    assert with_client(emulator.base_url, body) == ["asset_id", "page", "status"]
    with pytest.raises(HuaweiInvalidRequest, match="project ID is needed"):
        HuaweiVodClient(HuaweiCredentials("AK", "SK", ""))
    with pytest.raises(HuaweiInvalidRequest, match="not a Huawei Cloud VOD region"):
        HuaweiVodClient(DEMO, region="eu-west-0")
    assert (
        HuaweiVodClient(DEMO, region="ap-southeast-3").base_url
        == "https://vod.ap-southeast-3.myhuaweicloud.com"
    )


def test_cancel_leaves_nothing_in_flight(emulator_factory) -> None:
    emu = emulator_factory(latency_ms=200)

    async def body(client: HuaweiVodClient) -> Any:
        pager = client.pager(hc.LONG_ASSET_ID)
        task = asyncio.ensure_future(pager.all_snapshots())
        for _ in range(2000):  # until a request is on the wire (the server answers in 200 ms)
            if client.stats.in_flight:
                break
            await asyncio.sleep(0.005)
        pager.cancel()
        task.cancel()
        await pager.wait_idle()
        await asyncio.gather(task, return_exceptions=True)
        return pager.pending, client.stats.in_flight

    assert with_client(emu.base_url, body) == (0, 0)


def test_temporary_credentials_and_no_secret_in_the_logs(emulator, caplog) -> None:
    caplog.set_level(logging.DEBUG)

    async def body(client: HuaweiVodClient) -> int:
        return len(await client.pager(cat.HUAWEI_ASSET_ID_OK).all_snapshots())

    assert with_client(emulator.base_url, body, credentials=TEMPORARY) == 10
    without_token = HuaweiCredentials(
        TEMPORARY.access_key, TEMPORARY.secret_key, TEMPORARY.project_id
    )

    async def refused(client: HuaweiVodClient) -> HuaweiVodError:
        with pytest.raises(HuaweiVodError) as caught:
            await client.show_asset_detail(cat.HUAWEI_ASSET_ID_OK)
        return caught.value

    error = with_client(emulator.base_url, refused, credentials=without_token)
    assert "security token" in error.user_message.english()
    text = caplog.text + str(error)
    assert hc.HUAWEI_DEMO_TEMP_SK not in text and hc.HUAWEI_DEMO_SECURITY_TOKEN not in text


def test_environment_credentials() -> None:
    env = {
        "HUAWEICLOUD_SDK_AK": " AK ",
        "HUAWEICLOUD_SDK_SK": "environment-secret-key",
        "HUAWEICLOUD_SDK_PROJECT_ID": "p" * 32,
        "HUAWEICLOUD_SDK_SECURITY_TOKEN": "environment-token",
    }
    found = huawei_environment_credentials(env, project_id="b" * 32)
    assert isinstance(found, HuaweiCredentials)
    assert (found.access_key, found.project_id, found.security_token) == (
        "AK",
        "b" * 32,
        "environment-token",
    )
    assert "environment-secret-key" not in repr(found) + str(found)
    from snapview.core.redaction import redact

    assert redact("sk environment-secret-key and environment-token") == "sk *** and ***"
    missing = huawei_environment_credentials({"HUAWEICLOUD_SDK_AK": "AK"})
    assert isinstance(missing, MissingEnvironment) and missing.missing == ("HUAWEICLOUD_SDK_SK",)
