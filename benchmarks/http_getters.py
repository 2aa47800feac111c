"""The minimal GET the benchmarks' reference loops make, with either client: httpx (the references
the issues define) or aiohttp (what the image pipeline downloads with). One place, so the two
loops differ in their client and nothing else."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx

# A GET: the body and its Content-Type.
Get = Callable[[str], Awaitable[tuple[bytes, str]]]
CLIENTS = ("httpx", "aiohttp")


@contextlib.asynccontextmanager
async def getter(client: str, connections: int) -> AsyncIterator[Get]:
    """A GET through ``client`` with at most ``connections`` sockets open; closed on exit."""
    if client == "aiohttp":
        import aiohttp
        from yarl import URL

        connector = aiohttp.TCPConnector(limit=connections)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def get_aiohttp(url: str) -> tuple[bytes, str]:
                # As listed: the signed query must reach the server unchanged, as in the app.
                async with session.get(URL(url, encoded=True)) as response:
                    return await response.read(), response.headers.get("content-type", "")

            yield get_aiohttp
        return
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as http:

        async def get_httpx(url: str) -> tuple[bytes, str]:
            response = await http.get(url)
            return response.content, response.headers.get("content-type", "")

        yield get_httpx
