"""The app's one long-lived ``httpx.AsyncClient`` (CRAFT practice 11): thumbnails, sprite sheets and
WebVTT tracks, SMN certificates and the VOD API calls all share its connection pool and its TLS
trust store, which alone costs ~70 ms to load. Callers with stricter needs say so per request (the
VOD client's own timeout, no redirects for a certificate)."""

from __future__ import annotations

import httpx

from snapview import __version__

# Sized for the thumbnail grid: up to 6 downloads per CDN host, a few hosts, keep-alive between
# scrolls; the VOD API adds at most a handful of page requests.
TIMEOUT = httpx.Timeout(connect=10.0, read=20.0, write=10.0, pool=60.0)
LIMITS = httpx.Limits(max_connections=64, max_keepalive_connections=32, keepalive_expiry=30.0)


def make_http_client() -> httpx.AsyncClient:
    """A new client with the app's timeouts, limits and User-Agent (close it with ``aclose``)."""
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        limits=LIMITS,
        follow_redirects=True,
        headers={"User-Agent": f"snapview/{__version__}"},
    )
