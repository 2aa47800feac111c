"""``VodClient.call``: any RPC action on ListSnapshots' machinery — signed the same way (both
schemes, STS), retried the same way, with the same error classes and clock-skew diagnosis — plus
the one case only a generic call has to catch: a 200 answer that carries an API error."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from snapview.core.credentials import AliyunCredentials, SignatureVersion
from snapview.core.listsnapshots import ResponseFormatError
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.emulator import catalog
from snapview.services.retry import RetryPolicy
from snapview.services.vod_client import VodClient

DEMO = AliyunCredentials(catalog.DEMO_ACCESS_KEY_ID, catalog.DEMO_ACCESS_KEY_SECRET)
STS = AliyunCredentials(
    catalog.DEMO_STS_ACCESS_KEY_ID, catalog.DEMO_STS_SECRET, catalog.DEMO_STS_TOKEN
)
FAST = RetryPolicy(max_attempts=8, base_delay=0.01, max_delay=0.02, max_retry_after=0.02)


@pytest.mark.parametrize("signature", [SignatureVersion.V3, SignatureVersion.V1])
@pytest.mark.parametrize("creds", [DEMO, STS], ids=["key", "sts"])
def test_any_action_is_signed_like_list_snapshots(emulator, signature, creds) -> None:
    async def main() -> tuple[dict, str]:
        async with VodClient(creds, endpoint=emulator.base_url, signature=signature) as client:
            body, meta = await client.call("GetCategories", {"CateId": "1000"}, label="News")
            return dict(body), meta.request_id

    body, request_id = asyncio.run(main())
    assert body["Category"]["CateName"] == "News"
    assert request_id and request_id == body["RequestId"]


def test_faults_are_retried_and_counted_like_list_snapshots(emulator_factory) -> None:
    emu = emulator_factory(seed=4, fault_rate=0.15, throttle_rate=0.15)

    async def main() -> dict[str, int]:
        async with VodClient(DEMO, endpoint=emu.base_url, retry=FAST) as client:
            for _ in range(10):
                await client.call("SearchMedia", {"PageSize": "1"})
            return client.stats.as_dict()

    stats = asyncio.run(main())
    assert stats["retries"] > 0 and stats["failures"] == 0
    assert stats["requests"] == 10 + stats["retries"] == emu.stats["api_requests"]


def test_a_wrong_clock_is_diagnosed_for_any_action(emulator) -> None:
    async def main() -> VodError:
        async with VodClient(DEMO, endpoint=emulator.base_url, retry=FAST) as client:
            client.clock = lambda: time.time() - 2 * 3600
            with pytest.raises(VodError) as excinfo:
                await client.call("SearchMedia", {})
            return excinfo.value

    error = asyncio.run(main())
    assert error.error_class is ErrorClass.CLOCK and error.attempts == 1
    assert "local clock 2.0 h behind the server" in str(error)


def test_an_unknown_action_is_a_plain_api_error(emulator) -> None:
    async def main() -> VodError:
        async with VodClient(DEMO, endpoint=emulator.base_url) as client:
            with pytest.raises(VodError) as excinfo:
                await client.call("DeleteVideo", {"VideoIds": catalog.SHORT_VIDEO_ID})
            return excinfo.value

    error = asyncio.run(main())
    assert (error.code, error.http_status, error.error_class) == (
        "InvalidAction.NotFound",
        404,
        ErrorClass.INPUT,
    )


def _replaying(*answers: tuple[int, bytes]) -> tuple[httpx.AsyncClient, list[httpx.Request]]:
    """An HTTP client whose server answers ``answers`` in turn: for a gateway behaviour the emulator
    does not have (an error inside a 200 answer, a 200 that is not JSON)."""
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status, body = queue.pop(0)
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), seen


def test_an_error_inside_a_200_answer_is_raised_and_retried_by_its_code() -> None:
    throttled = json.dumps(
        {"RequestId": "r1", "HostId": "vod", "Code": "Throttling.User", "Message": "slow down"}
    ).encode()
    http, seen = _replaying((200, throttled), (200, b'{"RequestId": "r2", "Total": 0}'))

    async def main() -> tuple[dict, str]:
        async with (
            http,
            VodClient(DEMO, endpoint="http://vod.test", http=http, retry=FAST) as client,
        ):
            body, meta = await client.call("SearchMedia", {})
            return dict(body), meta.request_id

    body, request_id = asyncio.run(main())
    assert body == {"RequestId": "r2", "Total": 0} and request_id == "r2"
    assert len(seen) == 2
    assert all(r.headers["x-acs-action"] == "SearchMedia" for r in seen)


def test_a_200_that_is_not_json_is_a_format_error_not_a_traceback() -> None:
    http, _ = _replaying((200, b"<html>captive portal</html>"))

    async def main() -> None:
        async with http, VodClient(DEMO, endpoint="http://vod.test", http=http) as client:
            await client.call("SearchMedia", {})

    with pytest.raises(ResponseFormatError, match="not JSON"):
        asyncio.run(main())
