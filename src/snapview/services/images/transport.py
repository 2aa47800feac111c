"""The image worker's HTTP transport: httpx's own, over a network backend whose idle-connection
check costs one ``poll()`` instead of a walk through anyio's attribute tables.

Why (issue #18): httpcore's pool, on every request and every response closed, asks each idle
connection whether the server has closed it (``get_extra_info("is_readable")``). anyio answers
that by building a dictionary of every typed attribute of the stream — peer name, local name,
family, each a ``getpeername``-style system call — to pick the raw socket out of it. With eight
keep-alive connections that was a fifth of the image worker's CPU in a whole-video scan (py-spy:
405 of 1,916 samples). The socket does not change for the life of a stream, so this backend looks
it up once and answers the check exactly as httpcore does (readable, or gone, means "expired").
Everything else — connecting, TLS, reads, writes, exceptions — is httpcore's anyio backend.
"""

# The ``timeout`` parameters are httpcore's network-backend interface, passed through unchanged.
# ruff: noqa: ASYNC109

from __future__ import annotations

import select
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx


class _Stream(httpcore.AsyncNetworkStream):
    """An anyio stream whose raw socket is looked up once."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: socket.socket | None = inner.get_extra_info("socket")
        self._poller: select.poll | None = None  # made on the first idle check, then kept

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # httpcore asks this of every idle connection whenever a request starts or ends:
            # a poll object per connection instead of one per question.
            # A socket that is gone counts as readable, as in httpcore.
            sock = self._socket
            if sock is None or sock.fileno() < 0:
                return True
            if self._poller is None:
                self._poller = select.poll()
                self._poller.register(sock.fileno(), select.POLLIN)
            return bool(self._poller.poll(0))
        return self._inner.get_extra_info(info)


class CheapIdleCheckBackend(httpcore.AsyncNetworkBackend):
    """httpcore's anyio backend, its streams wrapped in :class:`_Stream`."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _Stream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def image_transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's transport with ``limits`` (and its default TLS trust), over
    :class:`CheapIdleCheckBackend`. httpx has no parameter for a network backend, so its
    connection pool is replaced by an identical one that has it (a test checks the client really
    uses this backend, so an httpx upgrade that moves the pool fails there, not silently)."""
    transport = httpx.AsyncHTTPTransport(limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=CheapIdleCheckBackend(),
    )
    return transport
