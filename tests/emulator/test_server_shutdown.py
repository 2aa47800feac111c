"""A stopped emulator closes every socket it accepted, even one still waiting to send.

A test that stops the emulator under a live client (the VOD API "goes away" mid-session) can leave
a connection half-way: closed by the server but still holding unsent bytes for a reader that no
longer reads. Closing the event loop only forgets such a socket; it then died in some later garbage
collection, with a ResourceWarning blamed on whichever test ran at that moment (CI failed on it)."""

from __future__ import annotations

import asyncio
import socket
import threading

from snapview.emulator.server import _close_leftover_transports, _TransportKeepingLoop

MORE_THAN_LOOPBACK_BUFFERS_TAKE = 64 * 1024 * 1024


def _stalled_server_connection(
    loop: asyncio.AbstractEventLoop,
) -> tuple[asyncio.Transport, socket.socket, asyncio.Server]:
    """A connection the server has closed with bytes still queued: the client never reads."""
    made: asyncio.Future[asyncio.Transport] = loop.create_future()

    class Flood(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            assert isinstance(transport, asyncio.Transport)
            transport.write(b"x" * MORE_THAN_LOOPBACK_BUFFERS_TAKE)
            transport.close()  # closing, not closed: it waits to flush
            made.set_result(transport)

    server = loop.run_until_complete(loop.create_server(Flood, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    transport = loop.run_until_complete(made)
    assert transport.is_closing() and transport.get_write_buffer_size() > 0
    return transport, client, server


def test_a_connection_closing_with_unsent_bytes_is_closed_when_the_loop_ends() -> None:
    loop = _TransportKeepingLoop()
    transport, client, server = _stalled_server_connection(loop)
    try:
        server.close()
        _close_leftover_transports(loop)
        assert transport.get_extra_info("socket").fileno() == -1
        # The client sees the connection end instead of waiting on it forever.
        received = 0
        try:
            while chunk := client.recv(1 << 20):
                received += len(chunk)
        except ConnectionResetError:
            pass
        assert received < MORE_THAN_LOOPBACK_BUFFERS_TAKE
    finally:
        client.close()
        loop.close()


def test_stop_cuts_a_request_in_flight_instead_of_waiting_for_it(emulator_factory) -> None:
    """A planted 30 s delay is in flight when the emulator stops: stop() returns within moments and
    the client's connection ends, so nothing of the server outlives the test that stopped it."""
    emulator = emulator_factory(latency_ms=30_000)
    arrived = threading.Event()
    count = emulator.state.count

    def count_and_tell(name: str, n: int = 1) -> None:
        count(name, n)
        if name == "api_requests":
            arrived.set()

    emulator.state.count = count_and_tell
    host, port = emulator.base_url.removeprefix("http://").rsplit(":", 1)
    client = socket.create_connection((host, int(port)), timeout=20)
    try:
        client.sendall(b"GET /?Action=ListSnapshots HTTP/1.1\r\nHost: emulator\r\n\r\n")
        assert arrived.wait(10), "the request never reached the emulator"
        emulator.stop()
        assert not emulator._thread.is_alive(), "the server outlived stop()"
        try:
            assert client.recv(1 << 16) == b""  # the connection ended, with no response
        except ConnectionResetError:
            pass
    finally:
        client.close()
