"""The image pipeline against a real HTTP server on loopback: what the grid would see.

The server (aiohttp on the test's qasync loop) serves JPEGs made with Pillow, a 404, an HTML page
with 200, a corrupt JPEG, a signed link that answers 403 until its token is refreshed, ETag/304
revalidation and a decompression bomb. It counts requests and concurrent requests, and a gate lets
a test hold requests open to observe queueing, per-host bounds and cancellation.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import struct
import zlib
from collections import Counter
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from PIL import Image
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage

from snapview.services.http_cache import HttpDiskCache, cache_key, stable_url
from snapview.services.image_cache import ByteLRU
from snapview.services.images import (
    FailureKind,
    ImagePipeline,
    ImageResult,
    TileState,
    crop,
    decode_image,
    gray_signature,
)
from tests.helpers.async_qt import run
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.usefixtures("qasync_loop")


def jpeg_bytes(width: int, height: int, color: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    image = Image.new("RGB", (width, height), color)
    # A bright square makes the picture non-flat, so it never counts as a black frame.
    if color != (0, 0, 0):
        for x in range(width // 4, width // 2):
            for y in range(height // 4, height // 2, max(1, height // 64)):
                image.putpixel((x, y), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def png_bomb(side: int = 20000) -> bytes:
    """A 1-bit grayscale PNG of side×side pixels, all zero: tiny on disk, gigabytes when decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" * (1 + side // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


_BOMB: bytes | None = None


class ImageServer:
    """Real HTTP on 127.0.0.1 with request accounting."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.order: list[str] = []
        self.active = 0
        self.max_active = 0
        self.not_modified = 0
        self.bodies_sent = 0
        self.conditional: list[dict[str, str]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.cache_control = ""
        self.base = ""
        self._runner: web.AppRunner | None = None

    def close_gate(self) -> None:
        self.gate.clear()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/img/{name}", self.image)
        app.router.add_get("/missing.jpg", self.missing)
        app.router.add_get("/page.jpg", self.html)
        app.router.add_get("/html-as-jpeg.jpg", self.html_labelled_jpeg)
        app.router.add_get("/corrupt.jpg", self.corrupt)
        app.router.add_get("/error.jpg", self.server_error)
        app.router.add_get("/signed/{name}", self.signed)
        app.router.add_get("/bomb.png", self.bomb)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        self.gate.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _enter(self, request: web.Request) -> None:
        name = request.match_info.get("name", request.path)
        self.hits[name] += 1
        self.order.append(name)
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            await self.gate.wait()
        finally:
            self.active -= 1

    async def image(self, request: web.Request) -> web.StreamResponse:
        await self._enter(request)
        width = int(request.query.get("w", "320"))
        height = int(request.query.get("h", "180"))
        color = (0, 0, 0) if request.query.get("black") else (200, 80, 40)
        body = jpeg_bytes(width, height, color)
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        headers = {"ETag": etag}
        if self.cache_control:
            headers["Cache-Control"] = self.cache_control
        condition = request.headers.get("If-None-Match")
        self.conditional.append(dict(request.headers))
        if condition == etag:
            self.not_modified += 1
            return web.Response(status=304, headers=headers)
        self.bodies_sent += 1
        return web.Response(body=body, content_type="image/jpeg", headers=headers)

    async def missing(self, request: web.Request) -> web.StreamResponse:
        await self._enter(request)
        return web.Response(status=404, text="no such object")

    async def html(self, request: web.Request) -> web.StreamResponse:
        await self._enter(request)
        return web.Response(
            text="<!DOCTYPE html><html><body>Welcome to the CDN</body></html>",
            content_type="text/html",
        )

    async def html_labelled_jpeg(self, request: web.Request) -> web.StreamResponse:
        await self._enter(request)
        return web.Response(body=b"<html><body>error</body></html>", content_type="image/jpeg")

    async def corrupt(self, request: web.Request) -> web.StreamResponse:
        await self._enter(request)
        return web.Response(body=b"\xff\xd8\xff\xe0" + b"\x13" * 600, content_type="image/jpeg")

    async def server_error(self, request: web.Request) -> web.StreamResponse:
        await self._enter(request)
        return web.Response(status=503, text="busy")

    async def signed(self, request: web.Request) -> web.StreamResponse:
        await self._enter(request)
        if request.query.get("auth_key", "").startswith("fresh"):
            return web.Response(body=jpeg_bytes(64, 36), content_type="image/jpeg")
        return web.Response(
            status=403,
            text="denied",
            headers={"X-Tengine-Error": "denied by req auth: expired timestamp=1"},
        )

    async def bomb(self, request: web.Request) -> web.StreamResponse:
        global _BOMB
        await self._enter(request)
        if _BOMB is None:
            _BOMB = png_bomb()
        return web.Response(body=_BOMB, content_type="image/png")


@pytest.fixture
def server(qtbot):
    srv = ImageServer()
    run(qtbot, srv.start())
    yield srv
    run(qtbot, srv.stop())


@pytest.fixture
def make_pipeline(qtbot):
    made: list[ImagePipeline] = []

    def factory(**kwargs) -> ImagePipeline:
        pipeline = ImagePipeline(**kwargs)
        made.append(pipeline)
        return pipeline

    yield factory
    for pipeline in made:
        run(qtbot, pipeline.aclose())


TILE = QSize(160, 160)


def wait_result(
    qtbot, pipeline: ImagePipeline, key, url: str, target: QSize = TILE, **kw
) -> ImageResult:
    """Request ``key`` and wait for its image_ready (or return the cached result)."""
    results: list[ImageResult] = []

    def collect(result: ImageResult) -> None:
        if result.key == key:
            results.append(result)

    pipeline.image_ready.connect(collect)
    try:
        immediate = pipeline.request(key, url, target, **kw)
        if immediate is not None and not immediate.stale:
            return immediate
        qtbot.waitUntil(lambda: bool(results), timeout=WAIT_MS)
        return results[0]
    finally:
        pipeline.image_ready.disconnect(collect)


def collector(pipeline: ImagePipeline) -> list[ImageResult]:
    results: list[ImageResult] = []
    pipeline.image_ready.connect(results.append)
    return results


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
    task = pipeline._jobs["first"].task
    pipeline.cancel("queued")
    pipeline.cancel("first")  # in flight: its task is cancelled
    qtbot.waitUntil(lambda: task is not None and task.done())
    assert task is not None and task.cancelled()
    server.gate.set()
    qtbot.waitUntil(lambda: [r.key for r in results] == ["kept"])
    qtbot.waitUntil(lambda: not pipeline.pending_keys())
    assert server.hits["queued.jpg"] == 0
    assert pipeline.stats.cancelled == 2
    # A cancelled tile is fetched normally when it scrolls back into view.
    assert wait_result(qtbot, pipeline, "first", f"{server.base}/img/first.jpg").image is not None


def test_cancel_all_except_keeps_only_the_visible_tiles(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline(per_host=1)
    results = collector(pipeline)
    server.close_gate()
    for i in range(20):
        pipeline.request(i, f"{server.base}/img/{i}.jpg", TILE)
    qtbot.waitUntil(lambda: server.active == 1)
    pipeline.cancel_all_except([3, 4, 5])
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


# --- disk cache with validators ----------------------------------------------------------------


def test_reopening_revalidates_with_etag_and_reuses_the_stored_body(
    qtbot, server, make_pipeline, tmp_path
) -> None:
    url = f"{server.base}/img/v.jpg?auth_key=1700000000-tokrnd-0-d41d8cd98f00b204e9800998ecf8427e"
    first = make_pipeline(disk_cache_dir=tmp_path)
    original = wait_result(qtbot, first, "v", url)
    assert original.http_status == 200 and server.bodies_sent == 1
    run(qtbot, first.aclose())

    # A new session, and ListSnapshots returned a fresh token for the same image.
    refreshed_url = url.replace("1700000000-tokrnd", "1800000000-newrnd")
    second = make_pipeline(disk_cache_dir=tmp_path)
    again = wait_result(qtbot, second, "v", refreshed_url)
    assert again.state is TileState.LOADED and again.from_cache and again.http_status == 304
    assert server.not_modified == 1 and server.bodies_sent == 1
    assert server.conditional[-1].get("If-None-Match", "").startswith('"')
    assert second.stats.bytes_downloaded == 0 and second.stats.disk_hits == 1
    assert again.image.size() == original.image.size()
    # No token in any file name or stored file (the tokens' parts are not hex digits, so a hashed
    # file name cannot contain them by chance).
    for path in tmp_path.rglob("*"):
        assert "tokrnd" not in path.name and "newrnd" not in path.name
        assert "d41d8cd98f00b204e9800998ecf8427e" not in path.name
        if path.is_file() and path.suffix == ".json":
            assert "auth_key" not in path.read_text()


def test_fresh_disk_entries_need_no_request_at_all(qtbot, server, make_pipeline, tmp_path) -> None:
    server.cache_control = "max-age=3600"
    url = f"{server.base}/img/f.jpg"
    first = make_pipeline(disk_cache_dir=tmp_path)
    wait_result(qtbot, first, "f", url)
    run(qtbot, first.aclose())
    second = make_pipeline(disk_cache_dir=tmp_path)
    again = wait_result(qtbot, second, "f", url)
    assert again.image is not None and again.from_cache
    assert server.hits["f.jpg"] == 1


def test_no_store_responses_are_not_written_to_disk(qtbot, server, make_pipeline, tmp_path) -> None:
    server.cache_control = "no-store"
    pipeline = make_pipeline(disk_cache_dir=tmp_path)
    wait_result(qtbot, pipeline, "n", f"{server.base}/img/n.jpg")
    assert not list(tmp_path.rglob("*.body"))


def test_cache_key_ignores_signing_tokens_and_never_contains_them() -> None:
    a = "https://cdn.example.com/s/00001.jpg?auth_key=1700000000-0-0-abcdef&x=1"
    b = "https://CDN.example.com/s/00001.jpg?x=1&auth_key=1800000000-1-0-fedcba"
    assert cache_key(a) == cache_key(b)
    oss = "https://b.oss-cn-shanghai.aliyuncs.com/s/1.jpg?Expires=1&OSSAccessKeyId=LTAIxxxx&Signature=sig%3D"
    oss_later = "https://b.oss-cn-shanghai.aliyuncs.com/s/1.jpg?Expires=2&OSSAccessKeyId=LTAIxxxx&Signature=other"
    assert cache_key(oss) == cache_key(oss_later)
    assert stable_url(oss) == "https://b.oss-cn-shanghai.aliyuncs.com/s/1.jpg"
    assert stable_url(a) == "https://cdn.example.com/s/00001.jpg?x=1"
    assert cache_key(a) != cache_key("https://cdn.example.com/s/00002.jpg?x=1")
    assert all(c in "0123456789abcdef" for c in cache_key(a))


def test_disk_cache_evicts_least_recently_used_bodies(tmp_path: Path) -> None:
    cache = HttpDiskCache(tmp_path, max_bytes=2500)
    headers = {"etag": '"x"'}
    for i in range(4):
        cache.store(f"https://h/{i}.jpg", bytes(1000), headers)
    assert cache.total_bytes() <= 2500
    assert cache.lookup("https://h/3.jpg") is not None
    assert cache.lookup("https://h/0.jpg") is None


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
    assert result.failure is FailureKind.NETWORK
    assert result.reason.english().startswith("Cannot fetch this link")


def test_slow_server_times_out(qtbot, server, make_pipeline) -> None:
    client = httpx.AsyncClient(timeout=httpx.Timeout(0.2))
    pipeline = make_pipeline(http=client)
    server.close_gate()
    try:
        result = wait_result(qtbot, pipeline, "t", f"{server.base}/img/t.jpg")
    finally:
        server.gate.set()
        run(qtbot, client.aclose())
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


def test_close_cancels_in_flight_work(qtbot, server) -> None:
    pipeline = ImagePipeline()
    results = collector(pipeline)
    server.close_gate()
    pipeline.request("a", f"{server.base}/img/a.jpg", TILE)
    qtbot.waitUntil(lambda: server.active == 1)
    task = pipeline._jobs["a"].task
    run(qtbot, pipeline.aclose())
    assert task is not None and task.cancelled()
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


# --- helpers without a server ----------------------------------------------------------------


def test_decode_image_directly_and_crop_a_sprite_cell() -> None:
    sheet = QImage(400, 200, QImage.Format.Format_RGB32)
    sheet.fill(QColor("blue"))
    for x in range(200, 400):
        for y in range(100, 200):
            sheet.setPixelColor(x, y, QColor("red"))
    # Decoded at half size: a cell in sheet coordinates maps onto the smaller image.
    small = sheet.scaled(200, 100)
    cell = crop(small, (200, 100, 200, 100), original_size=QSize(400, 200))
    assert cell is not None and cell.size() == QSize(100, 50)
    assert cell.pixelColor(50, 25) == QColor("red")
    assert crop(sheet, QRect(500, 500, 10, 10)) is None
    clipped = crop(sheet, (350, 150, 100, 100))
    assert clipped is not None and clipped.size() == QSize(50, 50)


def test_gray_signature_is_16_by_9() -> None:
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    signature = gray_signature(image)
    assert len(signature) == 144 and set(signature) == {255}


def test_decode_image_of_garbage_is_a_clear_failure() -> None:
    outcome = decode_image(b"\x00\x01garbage" * 10, QSize(100, 100), 10**6)
    assert outcome.failure is FailureKind.UNDECODABLE and outcome.image is None


def test_byte_lru_evicts_oldest_and_expires_entries() -> None:
    now = [0.0]
    lru: ByteLRU[str] = ByteLRU(100, clock=lambda: now[0])
    lru.put("a", "A", 40)
    lru.put("b", "B", 40)
    assert lru.get("a") == "A"  # "a" becomes most recent
    lru.put("c", "C", 40)
    assert "b" not in lru and lru.get("a") == "A" and lru.total_bytes == 80
    lru.put("huge", "H", 500)
    assert "huge" not in lru
    lru.put("t", "T", 10, ttl=5)
    now[0] = 4.9
    assert lru.get("t") == "T"
    now[0] = 5.0
    assert lru.get("t") is None and lru.total_bytes == 80
