"""The VOD client against the local emulator over real HTTP: complete paging for both signing schemes
and STS, retries under injected faults (counted and logged), every error class the emulator can
produce with the message a user reads, and cancellation that leaves nothing in flight."""

from __future__ import annotations

import asyncio
import itertools
import logging
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from snapview.core import signing
from snapview.core.credentials import AliyunCredentials, SignatureVersion
from snapview.core.listsnapshots import InvalidRequest
from snapview.core.snapshots import SnapshotType
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.emulator import catalog
from snapview.services.retry import RetryPolicy
from snapview.services.vod_client import VodClient, resolve_endpoint

T = TypeVar("T")

DEMO = AliyunCredentials(catalog.DEMO_ACCESS_KEY_ID, catalog.DEMO_ACCESS_KEY_SECRET)
STS = AliyunCredentials(
    catalog.DEMO_STS_ACCESS_KEY_ID, catalog.DEMO_STS_SECRET, catalog.DEMO_STS_TOKEN
)
NO_PERMISSION = AliyunCredentials(
    catalog.DEMO_NO_PERMISSION_ACCESS_KEY_ID, catalog.DEMO_NO_PERMISSION_ACCESS_KEY_SECRET
)
FAST = RetryPolicy(max_attempts=8, base_delay=0.01, max_delay=0.05, max_retry_after=0.05)


def run(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await factory()

    return asyncio.run(main())


async def _with_client(
    base_url: str, body: Callable[[VodClient], Awaitable[T]], **kwargs: Any
) -> T:
    kwargs.setdefault("retry", FAST)
    credentials = kwargs.pop("credentials", DEMO)
    async with VodClient(credentials, endpoint=base_url, **kwargs) as client:
        return await body(client)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def messages(self) -> list[str]:
        return [r.getMessage() for r in self.records]


@pytest.fixture
def vod_log() -> Iterator[_Records]:
    """Everything the client logs (attached to the logger itself: setup_logging may stop propagation)."""
    logger = logging.getLogger("snapview.services.vod_client")
    handler = _Records()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


# --- complete paging ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credentials", "scheme"),
    [
        (DEMO, SignatureVersion.V3),
        (DEMO, SignatureVersion.V1),
        (STS, SignatureVersion.V3),
        (STS, SignatureVersion.V1),
    ],
    ids=["v3", "v1", "v3-sts", "v1-sts"],
)
def test_every_snapshot_of_the_long_video_in_order(
    emulator, credentials: AliyunCredentials, scheme: SignatureVersion
) -> None:
    async def body(client: VodClient) -> tuple[list, Any]:
        pager = client.pager(catalog.LONG_VIDEO_ID, SnapshotType.NORMAL)
        return await pager.all_snapshots(), (pager, client.stats.as_dict())

    snapshots, (pager, stats) = run(
        lambda: _with_client(emulator.base_url, body, credentials=credentials, signature=scheme)
    )
    assert [s.index for s in snapshots] == list(range(1, 10_001))
    assert len({s.url for s in snapshots}) == 10_000
    assert pager.total == 10_000 and pager.job_id
    assert all(pager.job_id in s.url for s in snapshots)
    # 100 full pages, then one empty page 101: Total is not trusted to say where the job ends.
    assert stats["requests"] == 101 and stats["retries"] == 0 and stats["in_flight"] == 0


def test_paging_survives_throttling_5xx_resets_and_truncation(
    emulator_factory, vod_log: _Records
) -> None:
    emu = emulator_factory(
        seed=11, fault_rate=0.08, throttle_rate=0.08, reset_rate=0.03, truncate_rate=0.03
    )

    async def body(client: VodClient) -> tuple[list, dict[str, int]]:
        snapshots = await client.pager(catalog.LONG_VIDEO_ID, SnapshotType.NORMAL).all_snapshots()
        return snapshots, client.stats.as_dict()

    snapshots, stats = run(lambda: _with_client(emu.base_url, body))
    assert [s.index for s in snapshots] == list(range(1, 10_001))
    server = emu.stats
    injected = server.get("faults", 0) + server.get("throttled", 0) + server.get("resets", 0)
    assert injected > 5  # the run really met faults
    # Every failed attempt was retried, and every request the server saw was one of ours.
    assert stats["retries"] == stats["requests"] - 101  # 100 pages and the empty page 101
    assert stats["requests"] == server["api_requests"]
    assert stats["failures"] == 0
    assert stats["throttled"] == server.get("throttled", 0)
    retry_lines = [m for m in vod_log.messages() if "; retry " in m]
    assert len(retry_lines) == stats["retries"]
    assert any("Throttling.User" in m for m in retry_lines)
    assert any("NetworkError" in m or "RequestTimeout" in m for m in retry_lines)


def test_throttling_that_never_ends_gives_up_after_the_attempt_limit(emulator_factory) -> None:
    emu = emulator_factory(throttle_rate=1.0)
    policy = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02, max_retry_after=0.02)

    async def body(client: VodClient) -> tuple[VodError, dict[str, int]]:
        with pytest.raises(VodError) as info:
            await client.list_snapshots(catalog.SHORT_VIDEO_ID)
        return info.value, client.stats.as_dict()

    error, stats = run(lambda: _with_client(emu.base_url, body, retry=policy))
    assert error.code == "Throttling.User" and error.error_class is ErrorClass.TRANSIENT
    assert error.attempts == 3 and stats["requests"] == 3 and stats["failures"] == 1
    assert "throttling requests" in error.user_message.english()
    assert error.request_id


def test_retry_after_from_the_server_reaches_the_policy(emulator_factory) -> None:
    emu = emulator_factory(throttle_rate=1.0, seed=3)
    seen: list[float | None] = []

    class Recording(RetryPolicy):
        def delay(self, previous: float | None = None, error: VodError | None = None) -> float:
            seen.append(error.retry_after if error else None)
            return 0.0

    async def body(client: VodClient) -> None:
        with pytest.raises(VodError):
            await client.list_snapshots(catalog.SHORT_VIDEO_ID)

    run(lambda: _with_client(emu.base_url, body, retry=Recording(max_attempts=12)))
    hinted = [s for s in seen if s is not None]
    assert hinted, "the emulator sends x-acs-retry-after on part of its throttling answers"
    assert all(0.2 <= s <= 2.0 for s in hinted)  # 200..2000 ms


def test_a_reused_nonce_is_retried_once_with_a_fresh_one(emulator, monkeypatch) -> None:
    nonces = itertools.chain(
        ["fixed-nonce-for-test-" + str(time.time_ns())] * 2, iter(signing.new_nonce, None)
    )
    monkeypatch.setattr(signing, "new_nonce", lambda: next(nonces))

    async def body(client: VodClient) -> dict[str, int]:
        await client.list_snapshots(catalog.SHORT_VIDEO_ID)
        await client.list_snapshots(catalog.SHORT_VIDEO_ID)  # same nonce: rejected, then re-signed
        return client.stats.as_dict()

    stats = run(lambda: _with_client(emulator.base_url, body))
    assert stats == {"requests": 3, "retries": 1, "failures": 0, "throttled": 0, "in_flight": 0}


# --- errors the user sees ------------------------------------------------------------------------------


def _error_for(base_url: str, video_id: str = catalog.SHORT_VIDEO_ID, **kwargs: Any) -> VodError:
    async def body(client: VodClient) -> VodError:
        with pytest.raises(VodError) as info:
            await client.list_snapshots(video_id)
        return info.value

    return run(lambda: _with_client(base_url, body, **kwargs))


def test_missing_video(emulator) -> None:
    error = _error_for(emulator.base_url, "0" * 32)
    assert (error.code, error.error_class, error.http_status) == (
        "InvalidVideo.NotFound",
        ErrorClass.NOT_FOUND,
        404,
    )
    assert error.user_message.english().startswith("The video does not exist")
    assert error.request_id and error.request_id in str(error)
    assert error.attempts == 1


def test_processing_video_is_not_ready_not_an_error(emulator) -> None:
    error = _error_for(emulator.base_url, catalog.PROCESSING_VIDEO_ID)
    assert error.error_class is ErrorClass.NOT_READY and not error.retryable
    assert error.user_message.english().startswith("The video is still processing")


@pytest.mark.parametrize("scheme", [SignatureVersion.V3, SignatureVersion.V1])
def test_wrong_secret_names_the_secret(
    emulator, scheme: SignatureVersion, vod_log: _Records
) -> None:
    wrong = AliyunCredentials(catalog.DEMO_ACCESS_KEY_ID, "not-the-secret-at-all")
    error = _error_for(emulator.base_url, credentials=wrong, signature=scheme)
    assert error.code == "SignatureDoesNotMatch" and error.error_class is ErrorClass.CREDENTIALS
    assert "AccessKey secret is wrong" in error.user_message.english()
    assert error.attempts == 1
    logged = "\n".join(vod_log.messages())
    assert "not-the-secret-at-all" not in logged and "not-the-secret-at-all" not in str(error)


def test_unknown_key_id(emulator) -> None:
    error = _error_for(
        # Not "x" * 30: the suite's secret scan then matched the 30 grey bytes (0x78) of a flat
        # frame's signature in the scan tests' analysis cache.
        emulator.base_url,
        credentials=AliyunCredentials("LTAI5tNoSuchKey", "NoSuchAccountSecret4UnknownKey"),
    )
    assert error.code == "InvalidAccessKeyId.NotFound"
    assert "AccessKey ID is not known" in error.user_message.english()


@pytest.mark.parametrize("scheme", [SignatureVersion.V3, SignatureVersion.V1])
def test_sts_key_with_a_wrong_token(emulator, scheme: SignatureVersion) -> None:
    wrong = AliyunCredentials(
        catalog.DEMO_STS_ACCESS_KEY_ID, catalog.DEMO_STS_SECRET, "CAISwrongtoken"
    )
    error = _error_for(emulator.base_url, credentials=wrong, signature=scheme)
    assert (
        error.code.startswith("InvalidSecurityToken")
        and error.error_class is ErrorClass.CREDENTIALS
    )
    assert "STS security token" in error.user_message.english()


def test_missing_permission_shows_the_ram_diagnosis(emulator) -> None:
    error = _error_for(emulator.base_url, credentials=NO_PERMISSION)
    assert error.code == "Forbidden.RAM" and error.error_class is ErrorClass.PERMISSION
    assert error.detail is not None and error.detail.auth_action == "vod:ListSnapshots"
    text = error.user_message.english()
    assert "vod:ListSnapshots" in text and "ImplicitDeny" in text


def test_wrong_local_clock_is_named_with_the_skew(emulator) -> None:
    async def body(client: VodClient) -> VodError:
        client.clock = lambda: time.time() - 2 * 3600  # this machine runs two hours late
        with pytest.raises(VodError) as info:
            await client.list_snapshots(catalog.SHORT_VIDEO_ID)
        return info.value

    error = run(lambda: _with_client(emulator.base_url, body))
    assert error.code == "InvalidTimeStamp.Expired" and error.error_class is ErrorClass.CLOCK
    assert error.clock_skew is not None and 7100 < error.clock_skew < 7300
    assert "2.0 h behind" in error.user_message.english()
    assert "local clock 2.0 h behind the server" in str(error)
    assert error.attempts == 1


def test_server_clock_ahead_without_a_telling_date_header_still_names_the_clock(
    emulator_factory,
) -> None:
    # The emulator's clock jumps ahead but its Date header keeps real time: no skew can be measured,
    # so the message must not invent one.
    emu = emulator_factory()
    emu.advance_clock(3600)
    error = _error_for(emu.base_url)
    assert error.error_class is ErrorClass.CLOCK and error.clock_skew is None
    assert error.user_message.english() == (
        "The request time was rejected. Check the system clock (date, time and time zone)."
    )


def test_cancelling_a_call_during_its_backoff_stops_it(emulator_factory) -> None:
    emu = emulator_factory(throttle_rate=1.0)

    async def body(client: VodClient) -> tuple[dict[str, int], int]:
        backing_off = asyncio.Event()

        class SlowPolicy(RetryPolicy):
            def delay(self, previous: float | None = None, error: VodError | None = None) -> float:
                backing_off.set()
                return 600.0

        client.retry = SlowPolicy()
        call = asyncio.create_task(client.list_snapshots(catalog.SHORT_VIDEO_ID))
        await asyncio.wait_for(backing_off.wait(), 15)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        return client.stats.as_dict(), emu.stats["api_requests"]

    stats, served = run(lambda: _with_client(emu.base_url, body))
    assert stats["requests"] == 1 == served and stats["in_flight"] == 0


def test_unreachable_endpoint_is_a_network_error() -> None:
    port = _free_port()
    error = _error_for(
        f"http://127.0.0.1:{port}", retry=RetryPolicy(max_attempts=2, base_delay=0.0)
    )
    assert error.error_class is ErrorClass.NETWORK and error.attempts == 2
    assert error.user_message.english().startswith("Could not reach the VOD service")


def test_bad_arguments_never_reach_the_network(emulator) -> None:
    async def body(client: VodClient) -> tuple[list[str], int]:
        problems = []
        for kwargs in (
            {"video_id": " "},
            {"video_id": "v", "page_size": 0},
            {"video_id": "v", "page_no": 0},
        ):
            with pytest.raises(InvalidRequest) as info:
                await client.list_snapshots(**kwargs)
            problems.append(info.value.field)
        return problems, client.stats.requests

    problems, requests = run(lambda: _with_client(emulator.base_url, body))
    assert problems == ["VideoId", "PageSize", "PageNo"] and requests == 0


# --- the pager ---------------------------------------------------------------------------------------


class _CountingTransport:
    """Wraps the client's httpx ``post`` to see how many requests are on the wire at once."""

    def __init__(self, client: VodClient) -> None:
        self.now = 0
        self.peak = 0
        self.started = 0
        self.started_event = asyncio.Event()
        self.wanted = 0
        original = client._http.post

        async def post(*args: Any, **kwargs: Any) -> httpx.Response:
            self.now += 1
            self.started += 1
            self.peak = max(self.peak, self.now)
            if self.started >= self.wanted:
                self.started_event.set()
            try:
                return await original(*args, **kwargs)
            finally:
                self.now -= 1

        client._http.post = post  # type: ignore[method-assign]


def test_concurrent_callers_of_one_page_share_one_request(emulator) -> None:
    async def body(client: VodClient) -> tuple[set[str], int]:
        pager = client.pager(catalog.LONG_VIDEO_ID, SnapshotType.NORMAL, page_size=50)
        pages = await asyncio.gather(*(pager.page(7) for _ in range(5)), pager.page_for_index(301))
        again = await pager.page(7)
        return {p.request_id for p in (*pages, again)}, client.stats.requests

    request_ids, requests = run(lambda: _with_client(emulator.base_url, body))
    assert len(request_ids) == 1 and requests == 1


def test_at_most_max_in_flight_page_requests(emulator_factory) -> None:
    emu = emulator_factory(latency_ms=20)

    async def body(client: VodClient) -> tuple[int, int]:
        counter = _CountingTransport(client)
        pager = client.pager(
            catalog.LONG_VIDEO_ID, SnapshotType.NORMAL, page_size=100, max_in_flight=3
        )
        snapshots = await pager.all_snapshots()
        assert len(snapshots) == 10_000
        return counter.peak, counter.started

    peak, started = run(lambda: _with_client(emu.base_url, body))
    assert peak == 3 and started == 101


def test_iterating_yields_pages_in_order(emulator) -> None:
    async def body(client: VodClient) -> list[int]:
        pager = client.pager(catalog.LONG_VIDEO_ID, SnapshotType.NORMAL, page_size=100)
        return [page.page_no async for page in pager]

    assert run(lambda: _with_client(emulator.base_url, body)) == list(range(1, 101))


def test_cancel_mid_way_leaves_no_request_in_flight(emulator_factory) -> None:
    emu = emulator_factory(latency_ms=300)

    async def body(client: VodClient) -> tuple[int, int, int, bool]:
        counter = _CountingTransport(client)
        counter.wanted = 5  # page 1, then four concurrent pages on the wire
        pager = client.pager(catalog.LONG_VIDEO_ID, SnapshotType.NORMAL, max_in_flight=4)
        run_all = asyncio.create_task(pager.all_snapshots())
        await asyncio.wait_for(counter.started_event.wait(), 15)
        assert pager.in_flight == 4 and counter.now == 4
        # Only a window of pages is started at a time (never one task per page Total announces):
        # four per request slot, so pages waiting to retry do not leave the slots idle.
        assert pager.pending == 16
        pager.cancel()
        assert pager.in_flight == 0 and pager.pending == 0
        await pager.wait_idle()
        with pytest.raises(asyncio.CancelledError):
            await run_all
        stopped_at = counter.started
        # Give the loop a chance to start anything left over: nothing may start.
        for _ in range(20):
            await asyncio.sleep(0)
        return (
            counter.now,
            client.stats.in_flight,
            counter.started - stopped_at,
            pager.cached(1) is not None,
        )

    on_wire, client_in_flight, started_after, page_one_kept = run(
        lambda: _with_client(emu.base_url, body)
    )
    assert on_wire == 0 and client_in_flight == 0 and started_after == 0
    assert page_one_kept
    assert emu.stats["api_requests"] <= 5


def test_refresh_url_bypasses_the_cache_and_gives_a_fresh_url(emulator) -> None:
    async def body(client: VodClient) -> tuple[str, str, str, int]:
        pager = client.pager(catalog.LONG_VIDEO_ID, SnapshotType.NORMAL, page_size=100)
        page = await pager.page_for_index(150)
        old = next(s.url for s in page.snapshots if s.index == 150)
        fresh = await pager.refresh_url(150)
        cached = next(s.url for s in (await pager.page_for_index(150)).snapshots if s.index == 150)
        return old, fresh, cached, client.stats.requests

    old, fresh, cached, requests = run(lambda: _with_client(emulator.base_url, body))
    assert requests == 2
    assert fresh != old and fresh.split("?")[0] == old.split("?")[0]
    assert cached == fresh  # the refreshed page replaced the stale one in the cache


def test_out_of_range_index_is_refused(emulator) -> None:
    async def body(client: VodClient) -> str:
        pager = client.pager(catalog.SHORT_VIDEO_ID, SnapshotType.COVER)
        await pager.page(1)
        with pytest.raises(VodError) as info:
            await pager.page_for_index((pager.total or 0) + 1)
        return str(info.value)

    assert "outside 1.." in run(lambda: _with_client(emulator.base_url, body))


def test_a_replaced_job_mid_way_restarts_the_listing(emulator_factory) -> None:
    emu = emulator_factory()

    async def body(client: VodClient) -> tuple[list, Any]:
        pager = client.pager(
            catalog.REPLACED_JOB_VIDEO_ID, SnapshotType.COVER, page_size=1, max_in_flight=1
        )
        return await pager.all_snapshots(), pager

    snapshots, pager = run(lambda: _with_client(emu.base_url, body))
    assert pager.job_changes >= 1
    assert [s.index for s in snapshots] == list(range(1, pager.total + 1))
    assert all(pager.job_id in s.url for s in snapshots)


# --- construction ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "endpoint", "expected"),
    [
        ("cn-shanghai", None, "https://vod.cn-shanghai.aliyuncs.com"),
        ("cn-hangzhou", None, "https://vod.cn-shanghai.aliyuncs.com"),
        ("ap-southeast-1", None, "https://vod.ap-southeast-1.aliyuncs.com"),
        ("cn-qingdao", None, "https://vod.aliyuncs.com"),
        (" CN-Beijing ", None, "https://vod.cn-beijing.aliyuncs.com"),
        ("cn-shanghai", "http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("cn-shanghai", "127.0.0.1:8080/", "https://127.0.0.1:8080"),
    ],
)
def test_endpoints(region: str, endpoint: str | None, expected: str) -> None:
    assert resolve_endpoint(region, endpoint) == expected


@pytest.mark.parametrize(
    ("region", "endpoint", "words"),
    [
        ("shanghai please", None, "not a region id"),
        ("cn-shanghai", "ftp://host", "not an http(s) URL"),
        ("cn-shanghai", "http://host:99999", "invalid port"),
        ("cn-shanghai", "http://host/api?x=1", "must not have a path"),
    ],
)
def test_bad_endpoints_are_input_errors(region: str, endpoint: str | None, words: str) -> None:
    with pytest.raises(VodError) as info:
        resolve_endpoint(region, endpoint)
    assert info.value.error_class is ErrorClass.INPUT and words in str(info.value)


def test_an_injected_http_client_is_left_open(emulator) -> None:
    async def main() -> bool:
        async with httpx.AsyncClient() as http:
            client = VodClient(DEMO, endpoint=emulator.base_url, http=http)
            page = await client.list_snapshots(catalog.SHORT_VIDEO_ID)
            await client.aclose()
            assert page.snapshots
            return http.is_closed

    assert run(main) is False


def test_missing_credentials_are_refused_up_front() -> None:
    with pytest.raises(VodError) as info:
        VodClient(AliyunCredentials(" ", " "))
    assert info.value.error_class is ErrorClass.CREDENTIALS


def _free_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_listing_against_a_host_that_refuses_connections_gives_up_after_the_ordinary_attempts() -> (
    None
):
    # A page of a listing may be tried page_attempts times (faults come in runs); a host that
    # refuses every connection is not a run of faults, and a user without network must not
    # wait for twenty attempts of page 1 before reading "Could not reach the VOD service".
    policy = RetryPolicy(max_attempts=3, page_attempts=20, base_delay=0.01, max_delay=0.02)

    async def body(client: VodClient) -> VodError:
        pager = client.pager(catalog.SHORT_VIDEO_ID, SnapshotType.NORMAL, page_size=10)
        with pytest.raises(VodError) as caught:
            await pager.all_snapshots()
        return caught.value

    error = run(lambda: _with_client(f"http://127.0.0.1:{_closed_port()}", body, retry=policy))
    assert error.error_class is ErrorClass.NETWORK and error.unreachable
    assert error.attempts == 3
