"""One image download: the disk cache and its validators, the HTTP request under its deadlines, the
body under its size limit, and the one retry with a fresh link after a 403.

Deadlines (issue #16): a server that sends a byte a second never trips a per-read timeout, so each
attempt also has a deadline for its first byte (the response headers, connecting included) and one
for the whole download. Both are asyncio timeouts around this task; a deadline that passes is a
``timeout`` failure that says which one. The session's own timeouts (``http_session.py``: connect,
and a read that stalls for the whole deadline) are aiohttp's ``ServerTimeoutError``, which is also
a ``TimeoutError``: they are told apart from the deadlines by their type.

The link is sent exactly as listed (:func:`sendable_url`): a signed URL's query is part of its
signature, and re-quoting it could break it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from yarl import URL

from snapview.core.i18n import QT_TRANSLATE_NOOP
from snapview.core.image_sniff import is_textual_content_type, sniff_image_type
from snapview.core.redaction import redact_url
from snapview.services.http_cache import CachedResponse
from snapview.services.images.cache_io import DiskCacheAccess
from snapview.services.images.deadlines import DownloadDeadlines
from snapview.services.images.failures import (
    FailureKind,
    ImageFetchError,
    bad_link,
    classify_status,
    download_took_longer,
    empty_body,
    msg,
    no_answer_within,
    not_an_image,
    too_big,
    unencodable_link,
)
from snapview.services.images.results import PipelineStats

log = logging.getLogger("snapview.images")

# Given the link that got a 403, a fresh link for the same image, or None when there is none.
RefreshLink = Callable[[str], Awaitable[str | None]]


@dataclass(frozen=True)
class Body:
    data: bytes
    content_type: str
    status: int | None  # None: a fresh disk-cache entry, no request made
    from_cache: bool
    headers: dict[str, str]
    url: str


class _CachedBodyGone(Exception):
    """A 304 arrived but the stored body could not be read: ask again without validators."""


class Downloader:
    """Fetches one body for the pipeline; stateless between calls apart from its settings."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        disk: DiskCacheAccess,
        deadlines: DownloadDeadlines,
        stats: PipelineStats,
        max_body_bytes: int,
    ) -> None:
        self.http = http
        self.disk = disk
        self.deadlines = deadlines
        self.stats = stats
        self.max_body_bytes = max_body_bytes

    async def fetch(self, url: str, refresh: RefreshLink | None, tried: list[str]) -> Body:
        """The body at ``url`` (or at a refreshed link after a 403); raises :class:`ImageFetchError`.

        Every link requested is appended to ``tried``, in order.
        """
        try:
            target = sendable_url(url)
        except ImageFetchError:
            tried.append(url)
            raise
        cached, data = await self.disk.lookup(url)
        if cached is not None and cached.is_fresh():
            if data is not None:
                self.stats.disk_hits += 1
                return Body(data, cached.content_type or "", None, True, {}, url)
            cached = None
        refreshed = False
        while True:
            tried.append(url)
            try:
                answer = await self._attempt(url, target, cached)
            except _CachedBodyGone:
                cached = None
                continue
            if isinstance(answer, Body):
                return answer
            status, tengine = answer
            if status == 403 and refresh is not None and not refreshed:
                refreshed = True
                self.stats.url_refreshes += 1
                fresh = await _fresh_link(refresh, url)
                if fresh and fresh != url:
                    target, url = sendable_url(fresh), fresh
                    continue
            raise classify_status(status, url, tengine)

    async def _attempt(
        self, url: str, target: URL, cached: CachedResponse | None
    ) -> Body | tuple[int, str]:
        """One GET of ``target`` (``url`` as :func:`sendable_url` made it) under the deadlines:
        the body, or the failed status and Alibaba's error header."""
        deadlines = self.deadlines
        headers = cached.validators() if cached is not None else {}
        try:
            async with asyncio.timeout(deadlines.total):
                try:
                    async with asyncio.timeout(deadlines.first_byte):
                        response = await self.http.get(target, headers=headers)
                except aiohttp.ClientError:
                    raise  # the session's own timeouts too: named below, not as a deadline
                except TimeoutError:
                    raise no_answer_within(deadlines.first_byte) from None
                try:
                    return await self._answer(response, url, cached)
                finally:
                    # Back to the pool when the body was read whole; otherwise the connection
                    # is closed (what is left of a body must not be read as the next answer).
                    response.release()
        except aiohttp.ClientError as exc:
            raise network_failure(exc) from None
        except TimeoutError:
            raise download_took_longer(deadlines.total) from None

    async def _answer(
        self, response: aiohttp.ClientResponse, url: str, cached: CachedResponse | None
    ) -> Body | tuple[int, str]:
        status = response.status
        headers = {k.lower(): v for k, v in response.headers.items()}
        content_type = headers.get("content-type", "")
        if status == 304 and cached is not None:
            data = await self.disk.read(cached)
            if data is None:
                raise _CachedBodyGone
            self.stats.disk_hits += 1
            await self.disk.store(url, None, headers)
            return Body(data, cached.content_type or content_type, 304, True, headers, url)
        if not 200 <= status < 300:
            return status, headers.get("x-tengine-error", "")
        data = await self._read_body(response)
        if not data:
            raise empty_body(status)
        if is_textual_content_type(content_type) and sniff_image_type(data) is None:
            raise not_an_image(content_type.split(";", 1)[0].strip(), status)
        return Body(data, content_type, status, False, headers, url)

    async def _read_body(self, response: aiohttp.ClientResponse) -> bytes:
        limit = self.max_body_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big(int(declared), response.status)
        chunks: list[bytes] = []
        size = 0
        content = response.content
        while chunk := await content.readany():
            size += len(chunk)
            self.stats.bytes_downloaded += len(chunk)
            if size > limit:
                response.close()  # the rest is never read: drop the connection with it
                raise too_big(size, response.status)
            chunks.append(chunk)
        return b"".join(chunks)


# What may stand in a request target as it is (RFC 3986's unreserved and reserved characters, and
# the percent sign of escapes already made).
_SENDABLE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


def sendable_url(url: str) -> URL:
    """The link to request: as listed when it is all sendable characters — a signed link's query
    is part of its signature, and normalising its escapes (``%2b`` to ``%2B``, ``%7E`` to ``~``)
    could break it — else quoted (a space, a raw 城), as a browser would. Raises
    :class:`ImageFetchError` (``bad_link``) for a link that cannot be sent: an invalid character,
    a bad port, an unclosed IPv6 address; checked before the disk cache is asked."""
    bad = unencodable_link(url)
    if bad is not None:
        raise bad
    try:
        target = URL(url, encoded=_SENDABLE.fullmatch(url) is not None)
        _ = target.port  # yarl reads the port lazily: a bad one fails here, not mid-request
    except ValueError as exc:
        raise bad_link(redact_url(str(exc))) from None
    return target


async def _fresh_link(refresh: RefreshLink, url: str) -> str | None:
    try:
        return await refresh(url)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # the tile then fails as EXPIRED, with the 403's reason
        log.info(
            "refreshing an expired image link failed (%s): %s",
            redact_url(url).encode("utf-8", "backslashreplace").decode("utf-8"),
            type(exc).__name__,
        )
        return None


def network_failure(exc: aiohttp.ClientError) -> ImageFetchError:
    """A transport failure: timeouts and bad links by name, the common ones in plain words."""
    if isinstance(exc, aiohttp.ServerTimeoutError):
        what = "connect" if isinstance(exc, aiohttp.ConnectionTimeoutError) else "read"
        return ImageFetchError(
            FailureKind.TIMEOUT,
            msg(QT_TRANSLATE_NOOP("Images", "Timed out ({what})"), what=what),
        )
    if isinstance(exc, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        return bad_link(redact_url(str(exc)))
    if isinstance(exc, aiohttp.ClientPayloadError):
        detail = "the download was cut short"
    elif isinstance(exc, aiohttp.ServerDisconnectedError):
        detail = "the server closed the connection"
    elif isinstance(exc, aiohttp.ClientConnectorCertificateError):
        # A CDN's certificate the trust store refuses (self-signed, expired, a company proxy's):
        # the error's own errno is OpenSSL's, "Operation not permitted" if read as the system's.
        refused = exc.certificate_error
        reason = getattr(refused, "verify_message", None) or getattr(refused, "reason", None)
        detail = f"the server's certificate is not trusted ({reason or type(refused).__name__})"
    elif isinstance(exc, aiohttp.ClientSSLError):
        reason = getattr(exc.os_error, "reason", None) or type(exc.os_error).__name__
        detail = f"the secure connection failed ({reason})"
    elif isinstance(exc, aiohttp.ClientConnectorError):
        detail = _system_words(exc.os_error)
    else:
        # The exception text can repeat the URL with its token: redact it; the errno text is the point.
        detail = redact_url(str(exc).strip() or type(exc).__name__)
    return ImageFetchError(
        FailureKind.NETWORK,
        msg(QT_TRANSLATE_NOOP("Images", "Network error: {error}"), error=detail[:200]),
    )


def _system_words(error: OSError) -> str:
    """ "Connection refused", "Name or service not known": the system's words for a failed connect,
    without the "Cannot connect to host …" and socket address that aiohttp and asyncio wrap around
    them."""
    if isinstance(error, socket.gaierror) and error.strerror:
        return error.strerror
    if error.errno:
        return os.strerror(error.errno)
    return str(error).strip() or type(error).__name__
