"""One VOD client per credential profile, on the app's shared HTTP client: a
:class:`~snapview.services.vod_client.VodClient` for an Alibaba Cloud profile, a
:class:`~snapview.services.huawei_client.HuaweiVodClient` for a Huawei Cloud one.

The first load with a profile asks the credential store for its secrets (the keyring, off the GUI
thread) and builds the client; later loads reuse it. When the list of profiles changes (a new
secret, region or endpoint was saved), every client is retired: the next load builds a new one,
while a grid still paging with the old one keeps it until the app quits.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from snapview.core.credentials import HuaweiCredentials
from snapview.services.background_import import import_in_thread
from snapview.services.credentials import CredentialStore
from snapview.services.lazy import Lazy

if TYPE_CHECKING:  # httpx loads with the first client, after the window shows
    import httpx

    from snapview.services.huawei_client import HuaweiVodClient
    from snapview.services.vod_client import VodClient

    AnyVodClient = VodClient | HuaweiVodClient

log = logging.getLogger(__name__)


class VodClientPool:
    """``await pool.client(profile_name)`` → that profile's client (``CredentialError`` if its keys
    are not available, ``VodError`` if they cannot make a client: a Huawei profile without a
    usable project ID or region says so here, before any request)."""

    def __init__(self, credentials: CredentialStore, http: Lazy[httpx.AsyncClient]) -> None:
        self._credentials = credentials
        self._http = http
        self._clients: dict[str, AnyVodClient] = {}
        self._retired: list[AnyVodClient] = []
        credentials.add_listener(self._profiles_changed)

    async def client(self, profile_name: str) -> AnyVodClient:
        existing = self._clients.get(profile_name)
        if existing is not None:
            return existing
        profile, creds = await self._credentials.credentials(profile_name)
        # Loading the TLS trust store (~70 ms) belongs off the GUI thread when nothing made it yet.
        http = self._http.peek() or await asyncio.to_thread(self._http.get)
        huawei = isinstance(creds, HuaweiCredentials)
        # So is each client's module (20-50 ms of module code) when no client was made yet.
        await import_in_thread(
            "snapview.services.huawei_client" if huawei else "snapview.services.vod_client"
        )
        if profile_name in self._clients:  # another load made one meanwhile
            return self._clients[profile_name]
        client: AnyVodClient
        if isinstance(creds, HuaweiCredentials):
            from snapview.services.huawei_client import HuaweiVodClient

            client = HuaweiVodClient(
                creds, region=profile.region, endpoint=profile.endpoint or None, http=http
            )
        else:
            from snapview.services.vod_client import VodClient

            client = VodClient(
                creds,
                region=profile.region,
                endpoint=profile.endpoint or None,
                signature=profile.signature_version,
                http=http,
            )
        self._clients[profile_name] = client
        log.info("VOD client for profile %s: %s", profile_name, client.base_url)
        return client

    def _profiles_changed(self) -> None:
        self._retired.extend(self._clients.values())
        self._clients.clear()

    async def aclose(self) -> None:
        clients, self._retired = [*self._retired, *self._clients.values()], []
        self._clients.clear()
        for client in clients:
            await client.aclose()
