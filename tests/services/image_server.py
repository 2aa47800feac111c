"""A real HTTP server on loopback for the image pipeline's tests, and the helpers around it.

The server (aiohttp on the test's qasync loop) serves JPEGs made with Pillow, a 404, an HTML page
with 200, a corrupt JPEG, a signed link that answers 403 until its token is refreshed, ETag/304
revalidation and a decompression bomb; and the hostile cases of issue #16: a truncated JPEG, a
body that trickles a byte a second, an endless chunked body and a 49-megapixel PNG. It counts
requests and concurrent requests, and a gate lets a test hold requests open to observe queueing,
per-host bounds and cancellation. :class:`SlowHeadersServer` sends its status line a byte a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import struct
import zlib
from collections import Counter

from aiohttp import web
from PIL import Image
from PySide6.QtCore import QSize

from snapview.services.images import DecodeOutcome, ImagePipeline, ImageResult
from tests.helpers.timeouts import WAIT_MS


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
_NEAR_LIMIT: bytes | None = None


def near_limit_png(side: int = 7000) -> bytes:
    """An 8-bit RGBA PNG of side×side pixels (one colour): small on the wire, 4 bytes a pixel decoded."""
    global _NEAR_LIMIT
    if _NEAR_LIMIT is None:

        def chunk(kind: bytes, data: bytes) -> bytes:
            return (
                struct.pack(">I", len(data))
                + kind
                + data
                + struct.pack(">I", zlib.crc32(kind + data))
            )

        row = b"\x00" + b"\x10\x80\xc0\xff" * side
        compressor = zlib.compressobj(6)
        idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
        ihdr = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
        _NEAR_LIMIT = (
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
        )
    return _NEAR_LIMIT


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
        self.trickling = 0  # slow-body responses still being sent
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
        app.router.add_get("/truncated.jpg", self.truncated)
        app.router.add_get("/empty.jpg", self.empty)
        app.router.add_get("/slow-body/{name}", self.slow_body)
        app.router.add_get("/endless/{name}", self.endless)
        app.router.add_get("/huge/{name}", self.huge_png)
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

    async def truncated(self, request: web.Request) -> web.StreamResponse:
        """The first half of a JPEG, sent whole (Content-Length matches): the file itself is cut."""
        await self._enter(request)
        whole = jpeg_bytes(640, 360)
        return web.Response(body=whole[: len(whole) // 2], content_type="image/jpeg")

    async def empty(self, request: web.Request) -> web.StreamResponse:
        await self._enter(request)
        return web.Response(body=b"", content_type="image/jpeg")

    async def slow_body(self, request: web.Request) -> web.StreamResponse:
        """Headers at once, then the body one byte a second (a slow-loris CDN node)."""
        await self._enter(request)
        body = jpeg_bytes(320, 180)
        response = web.StreamResponse(headers={"Content-Length": str(len(body))})
        response.content_type = "image/jpeg"
        await response.prepare(request)
        self.trickling += 1
        try:
            for offset in range(len(body)):
                await response.write(body[offset : offset + 1])
                await asyncio.sleep(1.0)  # the behaviour under test: a byte a second
        except (ConnectionError, RuntimeError):
            pass  # the client gave up, as it should
        finally:
            self.trickling -= 1
        return response

    async def endless(self, request: web.Request) -> web.StreamResponse:
        """A chunked JPEG-looking body far beyond any size limit (stops by itself at 64 MB)."""
        await self._enter(request)
        response = web.StreamResponse()
        response.content_type = "image/jpeg"
        await response.prepare(request)
        chunk = b"\xff\xd8\xff\xe0" + bytes(65532)
        try:
            for _ in range(1024):
                await response.write(chunk)
        except (ConnectionError, RuntimeError):
            pass
        return response

    async def huge_png(self, request: web.Request) -> web.StreamResponse:
        """A 7000×7000 RGBA PNG: 49 megapixels, under the 50-megapixel limit, 200 KB on the wire."""
        await self._enter(request)
        return web.Response(body=near_limit_png(), content_type="image/png")


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


class SlowHeadersServer:
    """Raw TCP on 127.0.0.1 that answers every request with a status line sent a byte a second."""

    def __init__(self) -> None:
        self.base = ""
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            await reader.readuntil(b"\r\n\r\n")
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n":
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(1.0)  # the behaviour under test: a byte a second
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    async def stop(self) -> None:
        for writer in list(self._writers):
            writer.close()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), 2.0)


def reason(result: ImageResult | DecodeOutcome) -> str:
    """The English sentence of a failed result (for asserts)."""
    assert result.reason is not None, result
    return result.reason.english()
