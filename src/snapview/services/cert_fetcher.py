"""SMN signing certificates: a file the user picked, or a download (only when the user asks, only
over HTTPS from an allow-listed ``smn.<region>.myhuaweicloud.com`` host) cached on disk by URL.

The certificate URL comes from the envelope, which anyone can forge, so the allow-list decision
(:func:`snapview.core.event_signatures.is_allowed_cert_url`) is made before any connection, and
nothing here is ever called automatically when an event is opened.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import httpx

from snapview.core.errors import UserFacingError
from snapview.core.event_signatures import CertificateError, is_allowed_cert_url, load_certificate
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.paths import cache_dir

log = logging.getLogger(__name__)

_MAX_BYTES = 64 * 1024  # a certificate is a few KB; anything bigger is not one
_TIMEOUT = httpx.Timeout(15.0)


class CertFetchError(UserFacingError):
    """The certificate was not downloaded; ``message`` (= ``user_message``) says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def _error(template: str, **params: object) -> CertFetchError:
    return CertFetchError(Message("CertFetcher", template, params))


class CertFetcher:
    """``await fetch(url)`` → PEM bytes, from the cache when present.

    ``client`` is the app's shared HTTP client; redirects are never followed for a certificate (the
    allow-list decision is about the URL that was checked, not wherever it redirects to).
    """

    def __init__(
        self, client: httpx.AsyncClient | None = None, directory: Path | None = None
    ) -> None:
        self._client = client
        self._own_client = client is None
        self.directory = directory or (cache_dir() / "smn-certs")

    def cached_path(self, url: str) -> Path:
        return self.directory / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".pem")

    def cached(self, url: str) -> bytes | None:
        path = self.cached_path(url)
        try:
            return path.read_bytes()
        except OSError:
            return None

    async def fetch(self, url: str) -> bytes:
        if not is_allowed_cert_url(url):
            raise _error(
                QT_TRANSLATE_NOOP(
                    "CertFetcher",
                    "Refusing to download the certificate from {url}: only https://smn.<region>.myhuaweicloud.com is trusted.",  # noqa: E501 - one literal per message, as lupdate reads it
                ),
                url=url,
            )
        cached = self.cached(url)
        if cached is not None:
            return cached
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=_TIMEOUT, follow_redirects=False)
        try:
            response = await self._client.get(url, timeout=_TIMEOUT, follow_redirects=False)
        except httpx.HTTPError as exc:
            raise _error(
                QT_TRANSLATE_NOOP("CertFetcher", "Could not download the certificate: {reason}"),
                reason=type(exc).__name__,
            ) from None
        if response.status_code != 200 or len(response.content) > _MAX_BYTES:
            raise _error(
                QT_TRANSLATE_NOOP("CertFetcher", "The certificate server answered HTTP {status}."),
                status=response.status_code,
            )
        data = response.content
        try:
            load_certificate(data)
        except CertificateError as exc:
            raise _error(
                QT_TRANSLATE_NOOP(
                    "CertFetcher", "The downloaded file is not a usable certificate: {reason}"
                ),
                reason=str(exc),
            ) from None
        path = self.cached_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        log.info("cached SMN certificate from %s", url)
        return data

    async def aclose(self) -> None:
        if self._client is not None and self._own_client:
            await self._client.aclose()
        self._client = None


def read_certificate_file(path: str) -> bytes:
    """The bytes of a certificate file the user picked; CertFetchError says why it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _error(
            QT_TRANSLATE_NOOP("CertFetcher", "Cannot read {path}: {reason}"),
            path=path,
            reason=exc.strerror or type(exc).__name__,
        ) from None
