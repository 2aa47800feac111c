"""The emulator's Huawei VOD API seen from raw HTTP: its CDN serves the assets' snapshots with the
planted defects and token expiry of the Alibaba videos, and the gateway refuses what it should."""

from __future__ import annotations

import asyncio

import httpx

from snapview.core.credentials import HuaweiCredentials
from snapview.emulator import huawei_catalog as hc
from snapview.services.huawei_client import HuaweiVodClient

DEMO = HuaweiCredentials(hc.HUAWEI_DEMO_AK, hc.HUAWEI_DEMO_SK, hc.HUAWEI_DEMO_PROJECT_ID)


def _urls(base_url: str, asset_id: str) -> list[str]:
    async def main() -> list[str]:
        async with HuaweiVodClient(DEMO, endpoint=base_url) as client:
            return [s.url for s in await client.pager(asset_id).all_snapshots()]

    return asyncio.run(main())


def test_planted_defects_by_sample_index(emulator) -> None:
    urls = _urls(emulator.base_url, hc.DEFECTS_ASSET_ID)
    assert len(urls) == 48
    with httpx.Client(timeout=20) as http:
        answers = {i + 1: http.get(url) for i, url in enumerate(urls)}
    assert answers[21].status_code == 404
    assert answers[33].headers["content-type"].startswith("text/html")
    assert answers[27].status_code == 200 and not answers[27].content.endswith(b"\xff\xd9")
    assert answers[12].content == answers[16].content != answers[17].content  # frozen run
    assert answers[5].content == answers[6].content  # black frames
    assert answers[1].headers["content-type"] == "image/jpeg"


def test_a_wrong_token_and_an_unknown_api_are_refused(emulator) -> None:
    url = _urls(emulator.base_url, hc.EXPIRING_ASSET_ID)[0]
    with httpx.Client(timeout=20) as http:
        assert http.get(url.replace("auth_key=", "auth_key=1")).status_code == 403
        missing = http.get(f"{emulator.base_url}/v1.0/{hc.HUAWEI_DEMO_PROJECT_ID}/asset/nothing")
        unsigned = http.get(f"{emulator.base_url}/v1.0/{hc.HUAWEI_DEMO_PROJECT_ID}/asset/list")
    assert (missing.status_code, missing.json()["error_code"]) == (404, "APIGW.0101")
    assert (unsigned.status_code, unsigned.json()["error_code"]) == (401, "APIGW.0301")
    assert unsigned.headers["X-Request-Id"] == unsigned.json()["request_id"]
