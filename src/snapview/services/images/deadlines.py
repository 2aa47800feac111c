"""How long one image download may take: the deadlines the worker's downloads run under.

Its own module (no HTTP client here) so the GUI side of the pipeline can name them without importing the
network stack, which loads in the worker thread (``worker.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DownloadDeadlines:
    """How long one download may take, in seconds, sized for thumbnails (tens to hundreds of KB).

    ``connect``: the TCP/TLS connection (the pipeline's own HTTP client). ``first_byte``: from the
    request to its response headers. ``total``: from the request to the last byte of the body.
    ``slow_after``: a download still running after this long gives its per-host slot to the next
    queued tile (it goes on, under its deadlines), so one slow server node cannot hold a host's
    whole grid page. Each attempt (the first link, a refreshed one) has its own deadlines.
    """

    connect: float = 5.0
    first_byte: float = 10.0
    total: float = 20.0
    slow_after: float = 2.0
