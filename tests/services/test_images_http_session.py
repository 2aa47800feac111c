"""The image downloads over HTTP (services/images/http_session.py, download.py): a keep-alive
connection the server closed while idle is not reused, a signed link goes out as listed, and a
link that cannot be sent, an untrusted certificate or a refused connection is said in plain words
(on the grid's path and the scan's). Real sockets on loopback, no mocks."""

from __future__ import annotations

import asyncio
import ssl

import pytest
from cryptography.hazmat.primitives import serialization
from yarl import URL

from snapview.services.images import FailureKind
from snapview.services.images.deadlines import DownloadDeadlines
from snapview.services.images.http_session import make_image_session
from tests.fixtures.huawei.smn_signing import identity
from tests.helpers.async_qt import run
from tests.services.image_server import wait_result

_ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n"
    b"Connection: keep-alive\r\n\r\nJPEG"
)


async def _closing_server() -> tuple[asyncio.Server, int, asyncio.Queue[None]]:
    """A server that answers one request per connection, keep-alive promised, then hangs up;
    ``closed`` gets an item once each connection is closed on the server's side."""
    closed: asyncio.Queue[None] = asyncio.Queue()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(_ANSWER)
        await writer.drain()
        writer.close()  # the server's idle timeout, at once
        await writer.wait_closed()
        closed.put_nowait(None)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], closed


def test_a_connection_the_server_closed_is_not_reused() -> None:
    async def main() -> list[tuple[int, bytes]]:
        server, port, closed = await _closing_server()
        async with server, make_image_session(DownloadDeadlines()) as http:
            url = URL(f"http://127.0.0.1:{port}/a.jpg", encoded=True)
            answers = []
            for _ in range(3):
                async with http.get(url) as response:
                    answers.append((response.status, await response.read()))
                # The server has hung up (on loopback its FIN is here already) before the next
                # request picks a connection.
                await closed.get()
            return answers

    # A stale connection reused would fail with "Server disconnected".
    assert asyncio.run(main()) == [(200, b"JPEG")] * 3


def test_a_signed_link_is_sent_exactly_as_listed(qtbot, qasync_loop, make_pipeline) -> None:
    # A signed URL's query is part of its signature: its escapes must reach the CDN as listed, not
    # normalised by the client (yarl would send %2B for %2b and ~ for %7E, unless told the link is
    # encoded already, as the downloader does).
    seen: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append((await reader.readuntil(b"\r\n")).split(b" ")[1])
        await reader.readuntil(b"\r\n\r\n")
        writer.write(_ANSWER)
        await writer.drain()
        writer.close()

    server = run(qtbot, asyncio.start_server(handle, "127.0.0.1", 0))
    try:
        port = server.sockets[0].getsockname()[1]
        target = "/a%2fb.jpg?auth_key=1700000000-0-0-ab%2bc%3d&sig=a%7Eb&x=a+b&y=%E5%9F%8E"
        pipeline = make_pipeline()
        wait_result(qtbot, pipeline, "s", f"http://127.0.0.1:{port}{target}")
        # A link that cannot be sent as it is (a space, a raw character) is quoted instead.
        wait_result(qtbot, pipeline, "q", f"http://127.0.0.1:{port}/a b.jpg?y=城")
    finally:
        server.close()
    assert seen == [target.encode(), b"/a%20b.jpg?y=%E5%9F%8E"]


def test_an_untrusted_certificate_is_said_in_plain_words(
    qtbot, qasync_loop, make_pipeline, tmp_path
):
    # A CDN behind a company's TLS-inspecting proxy, or a misconfigured one: the reviewer reads
    # why the picture is missing, not an errno that happens to ride on the TLS error.
    ident = identity("127.0.0.1")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_bytes(ident.cert_pem)
    key.write_bytes(
        ident.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = run(qtbot, asyncio.start_server(handle, "127.0.0.1", 0, ssl=context))
    try:
        port = server.sockets[0].getsockname()[1]
        result = wait_result(qtbot, make_pipeline(), "t", f"https://127.0.0.1:{port}/a.jpg")
    finally:
        server.close()
    assert result.failure is FailureKind.NETWORK and result.reason is not None
    assert result.reason.english() == (
        "Network error: the server's certificate is not trusted (self-signed certificate)"
    )


def test_a_refused_connection_is_said_in_the_systems_words(qtbot, qasync_loop, make_pipeline):
    # Not aiohttp's "Cannot connect to host 127.0.0.1:1 ssl:default [Connect call failed …]".
    result = wait_result(qtbot, make_pipeline(), "r", "http://127.0.0.1:1/a.jpg?auth_key=s3cret")
    assert result.failure is FailureKind.NETWORK and result.reason is not None
    assert result.is_transient
    assert result.reason.english() == "Network error: Connection refused"


@pytest.mark.parametrize(
    "link", ["http://127.0.0.1:bad/a.jpg", "http://127.0.0.1:99999/a.jpg", "http://[::1/a.jpg"]
)
def test_a_link_that_cannot_be_parsed_is_a_bad_link(
    qtbot, qasync_loop, make_pipeline, link, tmp_path
) -> None:
    # Nothing is sent and retrying cannot help: said as the link's fault, never a tile left
    # waiting (an unclosed IPv6 address once stopped the worker's queue before the download).
    result = wait_result(qtbot, make_pipeline(disk_cache_dir=tmp_path), "b", link)
    assert result.failure is FailureKind.BAD_LINK and not result.is_transient
    assert result.reason is not None
    assert result.reason.english().startswith("Cannot fetch this link")


def test_a_scan_meets_an_unparsable_link_as_a_bad_link(qtbot, qasync_loop, tmp_path) -> None:
    # The scanner asks the disk cache for the picture's fingerprint before it loads it: that
    # lookup must not raise on a link it cannot split, and the load says what is wrong.
    from snapview.services.scan_images import PipelineImages, fetch_failure

    images = PipelineImages(disk_cache_dir=tmp_path)
    try:
        link = "http://[::1/a.jpg?auth_key=s3cret"
        assert run(qtbot, images.fingerprints([link])) == [None]
        result = run(qtbot, images.load("k", link))
    finally:
        run(qtbot, images.aclose())
    assert fetch_failure(result).value == "bad_link"
