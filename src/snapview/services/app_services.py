"""The long-lived services of one running app, as typed attributes, and their orderly shutdown.

Every feature gets what it needs from here as a constructor argument (``app.build_window``), so
``grep services.credentials`` finds every user of the credential store and mypy knows its type:

    settings      the non-secret preferences file
    tasks         named background tasks, cancelled first at shutdown
    credentials   profiles and their keyring secrets
    http          the one ``httpx.AsyncClient`` of the GUI loop (made on first use)
    vod_clients   one VOD client per profile, on ``http``
    images        the one image pipeline (made on first use; its downloads run in its own thread
                  with its own client, see ``services/images/worker.py``)
    cert_fetcher  SMN signing certificates (made on first use, on ``http``)
    review_store  the review decisions (made on first use: the ``review.store`` setting, else the
                  SQLite file in the data directory); ``reviewer`` names who decides

Shutdown order matters with qasync + httpx (CRAFT practice 11): first cancel every background task,
then run the closers the features registered (in reverse order of registration), then close the
services above (their users first, the HTTP client last), and only then let the event loop stop and
Qt go.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from snapview.services.credentials import CredentialStore
from snapview.services.lazy import Lazy
from snapview.services.settings import Settings
from snapview.services.tasks import TaskRegistry
from snapview.services.vod_client_pool import VodClientPool

# httpx, the pipeline and the fetcher are imported when first made, not with this module: the
# window must show before they load (start-up is measured in docs/performance.md).
if TYPE_CHECKING:
    import httpx

    from snapview.services.cert_fetcher import CertFetcher
    from snapview.services.images import ImagePipeline
    from snapview.services.review_store.interface import ReviewStore

log = logging.getLogger(__name__)

Closer = Callable[[], Awaitable[object] | object]

# Decoded tiles are cheap to fetch again from the disk cache, and the grid keeps its own pixmaps, so
# a modest memory cache keeps a 10,000-tile scroll flat in memory.
PIPELINE_MEMORY_BYTES = 64 * 2**20


def make_http_client() -> httpx.AsyncClient:
    from snapview.services.http_client import make_http_client

    return make_http_client()


def make_image_pipeline() -> ImagePipeline:
    """The app's image pipeline: decoded images in memory, responses in the cache directory."""
    from snapview.services.images import make_image_pipeline

    return make_image_pipeline(memory_bytes=PIPELINE_MEMORY_BYTES)


def make_cert_fetcher(http: httpx.AsyncClient) -> CertFetcher:
    from snapview.services.cert_fetcher import CertFetcher

    return CertFetcher(http)


def make_review_store(settings: Settings) -> ReviewStore:
    """The store the settings name (a file or a server URL), not opened yet."""
    from snapview.services.review_store import SETTING_KEY, open_store

    return open_store(settings.get(SETTING_KEY))


class AppServices:
    """The services above; ``credentials`` replaces the keyring-backed store (tests)."""

    def __init__(
        self, settings: Settings | None = None, *, credentials: CredentialStore | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.tasks = TaskRegistry()
        self.credentials = credentials or CredentialStore(self.settings)
        self.http: Lazy[httpx.AsyncClient] = Lazy(make_http_client, lambda http: http.aclose())
        self.vod_clients = VodClientPool(self.credentials, self.http)
        self.images: Lazy[ImagePipeline] = Lazy(
            make_image_pipeline, lambda pipeline: pipeline.aclose()
        )
        self.cert_fetcher: Lazy[CertFetcher] = Lazy(
            lambda: make_cert_fetcher(self.http.get()), lambda fetcher: fetcher.aclose()
        )
        self.review_store: Lazy[ReviewStore] = Lazy(
            lambda: make_review_store(self.settings), lambda store: store.aclose()
        )
        self._closers: list[tuple[str, Closer]] = []
        self.closed = False

    @property
    def reviewer(self) -> str:
        """The name stamped on decisions (the ``review.reviewer`` setting, else the OS user)."""
        from snapview.services.review_store.reviewer import reviewer_name

        return reviewer_name(self.settings)

    def add_closer(self, name: str, closer: Closer) -> None:
        """Register a (sync or async) callable run at shutdown, after all tasks were cancelled and
        before the services above close (a feature's own resources still use them)."""
        self._closers.append((name, closer))

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        await self.tasks.cancel_all()
        for name, closer in reversed(self._closers):
            await _close(name, closer)
        self._closers.clear()
        # After the features' closers (their sessions), so pending decisions are flushed last.
        await _close("review store", self.review_store.aclose)
        await _close("VOD clients", self.vod_clients.aclose)
        await _close("image pipeline", self.images.aclose)
        await _close("SMN certificate fetcher", self.cert_fetcher.aclose)
        await _close("HTTP client", self.http.aclose)


async def _close(name: str, closer: Closer) -> None:
    try:
        result = closer()
        if inspect.isawaitable(result):
            await result
    except Exception:
        log.exception("closing %s failed", name)
