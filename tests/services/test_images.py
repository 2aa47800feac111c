"""The image pipeline against a real HTTP server on loopback: what the grid would see.

Loading at tile size, the memory cache, coalescing, per-host bounds, newest-first order,
cancellation, zoom, and every failure with the sentence the user reads. The server is
``tests/services/image_server.py``; the disk cache, the hostile servers, the local faults and the
awaitable facade have their own files beside this one.
"""

from __future__ import annotations

import threading

import aiohttp
import pytest
from PySide6.QtCore import QSize, Qt

from snapview.services.images import FailureKind, ImagePipeline, TileState
from tests.helpers.async_qt import run
from tests.services.image_server import TILE, ImageServer, collector, wait_result

pytestmark = pytest.mark.usefixtures("qasync_loop")

# --- loading, caching, coalescing ------------------------------------------------------------


def test_image_is_decoded_at_the_target_size_keeping_its_aspect(
    qtbot, server, make_pipeline
) -> None:
    pipeline = make_pipeline()
    result = wait_result(
        qtbot, pipeline, "k", f"{server.base}/img/a.jpg?w=1600&h=900", QSize(320, 320)
    )
    assert result.state is TileState.LOADED
    assert result.image is not None and result.image.size() == QSize(320, 180)
    assert result.pixel_size == QSize(1600, 900)
    assert result.http_status == 200 and not result.from_cache
    assert result.byte_size == pipeline.stats.bytes_downloaded > 0
    # The tile keeps its colour (not a blank image): the centre-left is the orange background.
    assert result.image.pixelColor(10, 90).red() > 150
    assert len(result.signature or b"") == 16 * 9 and not result.is_black


def test_small_images_are_not_enlarged(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(
        qtbot, pipeline, "k", f"{server.base}/img/s.jpg?w=64&h=36", QSize(320, 320)
    )
    assert result.image is not None and result.image.size() == QSize(64, 36)


def test_a_black_frame_is_flagged(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(qtbot, pipeline, "k", f"{server.base}/img/b.jpg?black=1")
    assert result.is_black


def test_second_request_returns_the_cached_image_at_once(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    url = f"{server.base}/img/a.jpg"
    first = wait_result(qtbot, pipeline, "k", url)
    again = pipeline.request("k", url, TILE)
    assert again is not None and again.from_cache and again.image is not None
    assert again.image.size() == first.image.size()
    assert server.hits["a.jpg"] == 1
    assert pipeline.stats.cache_hits == 1


def test_duplicate_requests_for_a_pending_key_are_coalesced(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    results = collector(pipeline)
    url = f"{server.base}/img/a.jpg"
    for _ in range(3):
        assert pipeline.request("k", url, TILE) is None
    qtbot.waitUntil(lambda: len(results) == 1)
    qtbot.waitUntil(lambda: not pipeline.pending_keys())
    assert server.hits["a.jpg"] == 1 and len(results) == 1
    assert pipeline.stats.coalesced == 2


def test_downloads_per_host_are_bounded(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline(per_host=2)
    results = collector(pipeline)
    server.close_gate()
    for i in range(8):
        pipeline.request(i, f"{server.base}/img/{i}.jpg", TILE)
    qtbot.waitUntil(lambda: server.active == 2 and len(pipeline.in_flight_keys()) == 2)
    assert len(pipeline.pending_keys()) == 8
    server.gate.set()
    qtbot.waitUntil(lambda: len(results) == 8)
    assert server.max_active == 2
    assert all(r.state is TileState.LOADED for r in results)


def test_the_bound_is_per_host_not_global(qtbot, server, make_pipeline) -> None:
    other = ImageServer()
    run(qtbot, other.start())
    try:
        pipeline = make_pipeline(per_host=1)
        server.close_gate()
        other.close_gate()
        for i in range(3):
            pipeline.request(("a", i), f"{server.base}/img/a{i}.jpg", TILE)
            pipeline.request(("b", i), f"{other.base}/img/b{i}.jpg", TILE)
        qtbot.waitUntil(lambda: server.active == 1 and other.active == 1)
        assert len(pipeline.in_flight_keys()) == 2
        server.gate.set()
        other.gate.set()
        qtbot.waitUntil(lambda: not pipeline.pending_keys())
        assert server.max_active == other.max_active == 1
    finally:
        run(qtbot, other.stop())


def test_newest_request_is_served_first(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline(per_host=1)
    results = collector(pipeline)
    for name in ["one", "two", "three", "four"]:
        pipeline.request(name, f"{server.base}/img/{name}.jpg", TILE)
    pipeline.request("urgent", f"{server.base}/img/urgent.jpg", TILE, priority=5)
    qtbot.waitUntil(lambda: len(results) == 5)
    assert server.order == ["urgent.jpg", "four.jpg", "three.jpg", "two.jpg", "one.jpg"]


def test_cancel_drops_queued_and_in_flight_work(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline(per_host=1)
    results = collector(pipeline)
    server.close_gate()
    pipeline.request("first", f"{server.base}/img/first.jpg", TILE)
    qtbot.waitUntil(lambda: server.active == 1)
    for name in ["queued", "kept"]:
        pipeline.request(name, f"{server.base}/img/{name}.jpg", TILE)
    assert pipeline.in_flight_keys() == {"first"}
    pipeline.cancel("queued")
    pipeline.cancel("first")  # in flight: its download is cancelled while the server still holds it
    # ...so the one slot goes to the next queued tile while the server still holds the first.
    qtbot.waitUntil(lambda: pipeline.in_flight_keys() == {"kept"} and server.active == 2)
    assert pipeline.pending_keys() == {"kept"}
    server.gate.set()
    qtbot.waitUntil(lambda: [r.key for r in results] == ["kept"])
    qtbot.waitUntil(lambda: not pipeline.pending_keys())
    assert server.hits["queued.jpg"] == 0
    assert pipeline.stats.cancelled == 2
    # A cancelled tile is fetched normally when it scrolls back into view.
    assert wait_result(qtbot, pipeline, "first", f"{server.base}/img/first.jpg").image is not None


def test_cancel_many_drops_only_the_keys_it_names(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline(per_host=1)
    results = collector(pipeline)
    server.close_gate()
    for i in range(20):
        pipeline.request(i, f"{server.base}/img/{i}.jpg", TILE)
    qtbot.waitUntil(lambda: server.active == 1)
    pipeline.cancel_many(i for i in range(20) if i not in {3, 4, 5})
    assert pipeline.pending_keys() == {3, 4, 5}
    server.gate.set()
    qtbot.waitUntil(lambda: {r.key for r in results} == {3, 4, 5})
    qtbot.waitUntil(lambda: not pipeline.pending_keys())
    # Only the one request already in flight and the three visible tiles reached the server.
    assert sum(server.hits.values()) == 4
    assert pipeline.stats.cancelled == 17


def test_memory_cache_is_bounded_in_bytes(qtbot, server, make_pipeline) -> None:
    one_tile = 160 * 90 * 4
    pipeline = make_pipeline(memory_bytes=3 * one_tile)
    for i in range(5):
        wait_result(qtbot, pipeline, i, f"{server.base}/img/{i}.jpg")
    assert pipeline.memory_bytes <= 3 * one_tile
    assert pipeline.cached(4, TILE) is not None
    assert pipeline.cached(0, TILE) is None
    assert pipeline.request(0, f"{server.base}/img/0.jpg", TILE) is None  # evicted: fetched again


def test_zoom_change_redecodes_and_returns_the_old_image_meanwhile(
    qtbot, server, make_pipeline, tmp_path
) -> None:
    pipeline = make_pipeline(disk_cache_dir=tmp_path)
    url = f"{server.base}/img/z.jpg?w=1600&h=900"
    small = QSize(160, 160)
    assert wait_result(qtbot, pipeline, "z", url, small).image.size() == QSize(160, 90)
    results = collector(pipeline)
    pipeline.set_target_size(QSize(480, 480))
    qtbot.waitUntil(lambda: bool(results))
    assert results[0].key == "z" and results[0].image.size() == QSize(480, 270)
    # The body came from the disk cache (a 304), not a second download.
    assert server.bodies_sent == 1 and server.not_modified == 1
    hit = pipeline.request("z", url, QSize(480, 480))
    assert hit is not None and hit.image.size() == QSize(480, 270)
    # Zooming back: the larger image is shown scaled while the small one is decoded again.
    stale = pipeline.request("z", url, small)
    assert stale is not None and stale.stale and stale.image.size() == QSize(480, 270)


# --- failures and their reasons ------------------------------------------------------------------


def test_missing_image_says_not_found_and_is_remembered(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(qtbot, pipeline, "m", f"{server.base}/missing.jpg")
    assert result.state is TileState.FAILED and result.failure is FailureKind.NOT_FOUND
    assert result.reason.english() == "Not found (HTTP 404)"
    assert result.http_status == 404
    again = pipeline.request("m", f"{server.base}/missing.jpg", TILE)
    assert again is not None and again.failure is FailureKind.NOT_FOUND
    assert server.hits["/missing.jpg"] == 1
    assert pipeline.stats.failures_by_kind[FailureKind.NOT_FOUND] == 1
    # The user's "Retry" forgets the failure.
    pipeline.forget(["m"])
    assert pipeline.request("m", f"{server.base}/missing.jpg", TILE) is None


def test_html_page_served_with_200_is_not_an_image(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(qtbot, pipeline, "h", f"{server.base}/page.jpg")
    assert result.failure is FailureKind.NOT_AN_IMAGE
    assert result.reason.english() == "Not an image (text/html)"


def test_html_labelled_as_jpeg_is_not_an_image(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(qtbot, pipeline, "h", f"{server.base}/html-as-jpeg.jpg")
    assert result.failure is FailureKind.NOT_AN_IMAGE
    assert result.reason.english() == "Not an image (text/html)"


# libjpeg's reports ("Corrupt JPEG data", "Premature end of JPEG file", "Unsupported marker type")
# on the corrupt JPEG this test serves on purpose.
@pytest.mark.qt_log_ignore("JPEG", "jpeg", "Corrupt", "Premature", "marker")
def test_corrupt_jpeg_says_why(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(qtbot, pipeline, "c", f"{server.base}/corrupt.jpg")
    assert result.failure is FailureKind.UNDECODABLE
    assert result.reason.english().startswith("Corrupt image: ")
    assert len(result.reason.english()) > len("Corrupt image: ")


def test_server_error_is_an_http_failure_retried_later(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    pipeline.transient_failure_ttl = 0.0
    result = wait_result(qtbot, pipeline, "e", f"{server.base}/error.jpg")
    assert result.failure is FailureKind.HTTP and result.http_status == 503
    assert result.reason.english() == "Server answered HTTP 503"
    assert result.is_transient
    # Not remembered (ttl 0): the next request goes to the server again.
    assert pipeline.request("e", f"{server.base}/error.jpg", TILE) is None


def test_connection_refused_is_a_network_failure(qtbot, make_pipeline) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    pipeline = make_pipeline()
    result = wait_result(
        qtbot, pipeline, "x", f"http://127.0.0.1:{port}/a.jpg?auth_key=topsecret-token"
    )
    assert result.failure is FailureKind.NETWORK
    assert result.reason.english().startswith("Network error")
    assert "topsecret-token" not in result.reason.english()


def test_malformed_link_is_explained(qtbot, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(qtbot, pipeline, "x", "ftp://example.invalid/a.jpg")
    # Not a network error: nothing was sent, and retrying the same link cannot help.
    assert result.failure is FailureKind.BAD_LINK and not result.is_transient
    assert result.reason.english().startswith("Cannot fetch this link")


def test_slow_server_times_out(qtbot, server, make_pipeline) -> None:
    # The worker makes its session on its own thread, with these timeouts.
    pipeline = make_pipeline(
        http_factory=lambda: aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(sock_read=0.2))
    )
    server.close_gate()
    try:
        result = wait_result(qtbot, pipeline, "t", f"{server.base}/img/t.jpg")
    finally:
        server.gate.set()
    assert result.failure is FailureKind.TIMEOUT
    assert result.reason.english() == "Timed out (read)"


def test_expired_link_is_refreshed_once_and_retried(qtbot, server, make_pipeline) -> None:
    calls: list[tuple[object, str]] = []

    async def refresher(key, url: str) -> str | None:
        calls.append((key, url))
        return url.replace("auth_key=old", "auth_key=fresh")

    pipeline = make_pipeline(url_refresher=refresher)
    result = wait_result(qtbot, pipeline, "s", f"{server.base}/signed/s.jpg?auth_key=old-1")
    assert result.state is TileState.LOADED
    assert result.url.endswith("auth_key=fresh-1")
    assert calls == [("s", f"{server.base}/signed/s.jpg?auth_key=old-1")]
    assert server.hits["s.jpg"] == 2


def test_expired_link_without_a_fresh_one_fails_with_expired(qtbot, server, make_pipeline) -> None:
    calls: list[str] = []

    async def refresher(key, url: str) -> str | None:
        calls.append(url)
        return url.replace("auth_key=old", "auth_key=stillold")

    pipeline = make_pipeline(url_refresher=refresher)
    old = f"{server.base}/signed/s.jpg?auth_key=old-1"
    result = wait_result(qtbot, pipeline, "s", old)
    assert result.failure is FailureKind.EXPIRED
    assert result.reason.english() == "Link expired (HTTP 403)"
    assert len(calls) == 1 and server.hits["s.jpg"] == 2
    # Remembered for the same link, but a new link (from a fresh ListSnapshots) is tried at once.
    assert pipeline.request("s", old, TILE) is not None
    fresh = wait_result(qtbot, pipeline, "s", f"{server.base}/signed/s.jpg?auth_key=fresh-2")
    assert fresh.state is TileState.LOADED


def test_a_failing_refresher_leaves_the_tile_expired(qtbot, server, make_pipeline) -> None:
    async def refresher(key, url: str) -> str | None:
        raise RuntimeError("ListSnapshots failed")

    pipeline = make_pipeline()
    pipeline.url_refresher = refresher
    result = wait_result(qtbot, pipeline, "s", f"{server.base}/signed/s.jpg?auth_key=old-1")
    assert result.failure is FailureKind.EXPIRED
    assert pipeline.stats.url_refreshes == 1


def test_expired_link_without_refresher(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(qtbot, pipeline, "s", f"{server.base}/signed/s.jpg?auth_key=old-1")
    assert result.failure is FailureKind.EXPIRED and result.is_transient


def test_decompression_bomb_is_rejected_before_decoding(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    result = wait_result(qtbot, pipeline, "b", f"{server.base}/bomb.png")
    assert result.failure is FailureKind.TOO_LARGE
    assert result.reason.english() == "Image too large to show (20000×20000 pixels)"
    assert result.pixel_size == QSize(20000, 20000)


def test_oversized_download_is_refused(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    pipeline.max_body_bytes = 1000
    result = wait_result(qtbot, pipeline, "big", f"{server.base}/img/big.jpg?w=800&h=600")
    assert result.failure is FailureKind.TOO_LARGE
    assert result.reason.english().startswith("Image file too large")


def test_close_cancels_in_flight_work_closes_the_client_and_joins_the_thread(qtbot, server) -> None:
    clients: list[aiohttp.ClientSession] = []

    def client() -> aiohttp.ClientSession:
        clients.append(aiohttp.ClientSession())
        return clients[-1]

    pipeline = ImagePipeline(http_factory=client)
    results = collector(pipeline)
    server.close_gate()
    pipeline.request("a", f"{server.base}/img/a.jpg", TILE)
    qtbot.waitUntil(lambda: server.active == 1 and pipeline.in_flight_keys() == {"a"})
    worker = pipeline.worker_thread
    assert worker.is_alive() and worker.ident != threading.get_ident()
    run(qtbot, pipeline.aclose())
    # Returned only once the worker's loop is over: its client closed, its thread joined.
    assert not worker.is_alive()
    assert len(clients) == 1 and clients[0].closed
    assert not pipeline.in_flight_keys()
    server.gate.set()
    assert results == []
    assert pipeline.request("a", f"{server.base}/img/a.jpg", TILE) is None


def test_python_gc_runs_on_the_gui_thread_while_a_pipeline_lives(qtbot) -> None:
    import gc

    assert gc.isenabled()
    first, second = ImagePipeline(), ImagePipeline()
    # Automatic collection (which may run in a decode thread) is off while pipelines exist...
    assert not gc.isenabled()
    run(qtbot, first.aclose())
    assert not gc.isenabled()
    run(qtbot, second.aclose())
    # ...and back on when the last one is closed.
    assert gc.isenabled()


def test_results_and_403_refreshes_reach_the_owners_thread_never_the_workers(
    qtbot, server, make_pipeline
) -> None:
    # The grid's slots touch widgets and the pager lives on the GUI loop: both must run here.
    seen: list[int] = []

    async def refresher(key, old_url: str) -> str | None:
        seen.append(threading.get_ident())
        return old_url.replace("auth_key=old", "auth_key=fresh")

    pipeline = make_pipeline(url_refresher=refresher)
    # Direct: the slot runs where the signal is emitted (a queued slot would hide a wrong thread).
    pipeline.image_ready.connect(
        lambda _result: seen.append(threading.get_ident()), Qt.ConnectionType.DirectConnection
    )
    result = wait_result(qtbot, pipeline, "s", f"{server.base}/signed/s.jpg?auth_key=old-1")
    assert result.state is TileState.LOADED and result.url.endswith("auth_key=fresh-1")
    assert len(seen) == 2 and set(seen) == {threading.get_ident()}
    assert pipeline.worker_thread.ident not in seen


def test_images_go_through_the_proxy_the_environment_names(qtbot, server, make_pipeline) -> None:
    # A reviewer behind a company proxy: HTTP_PROXY is honoured, as httpx did before the pipeline
    # moved to aiohttp. The host does not exist, so only the proxy (the test server) can answer.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("HTTP_PROXY", server.base)
        env.delenv("NO_PROXY", raising=False)
        env.delenv("no_proxy", raising=False)
        pipeline = make_pipeline()  # the worker reads the environment when it makes its session
        result = wait_result(qtbot, pipeline, "p", "http://snapshots.example.invalid/img/p.jpg")
    assert result.state is TileState.LOADED
    assert server.hits["p.jpg"] == 1
