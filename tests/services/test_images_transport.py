"""The image worker's transport (services/images/transport.py): its cheap idle-connection check
must still notice a keep-alive connection the server has closed, and the client must really use it.
Real sockets on loopback, no mocks."""

from __future__ import annotations

import asyncio

import httpx

from snapview.services.images.transport import CheapIdleCheckBackend, image_transport

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
    async def main() -> list[int]:
        server, port, closed = await _closing_server()
        limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
        async with server, httpx.AsyncClient(transport=image_transport(limits)) as http:
            url = f"http://127.0.0.1:{port}/a.jpg"
            statuses = []
            for _ in range(3):
                response = await http.get(url)
                statuses.append(response.status_code)
                # The server has hung up (on loopback its FIN is here already) before the next
                # request picks a connection: what a grid meets after a pause.
                await closed.get()
            return statuses

    # A stale connection reused would fail with "Server disconnected without sending a response".
    assert asyncio.run(main()) == [200, 200, 200]


def test_the_transport_pool_uses_the_cheap_check_backend() -> None:
    transport = image_transport(httpx.Limits(max_connections=8))
    pool = transport._pool  # what the transport module replaces
    assert isinstance(pool._network_backend, CheapIdleCheckBackend)
