"""The pictures of a contact sheet: fresh URLs from each video's listing, then the image bytes.

Snapshot URLs expire (that is why keys never hold them), so an export asks a
:class:`~snapview.services.snapshot_listing.SnapshotListing` again — only for the pages that hold
the snapshots it needs — and learns the current job and Total on the way (a decision made on an
older job is then drawn as stale, not with a picture it never judged). The bytes come through
:func:`fetch_thumbnails`, one ``httpx.AsyncClient`` with a bound on parallel requests; every
failure becomes a :class:`Thumbnail` with a reason, drawn as a labelled placeholder, never a failed
export. The fetch is one function with a plain signature (:data:`ThumbnailFetcher`) so it can move
onto the shared image pipeline later without touching the PDF code.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import httpx

from snapview import __version__
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.keys import SnapshotKey, VideoKey
from snapview.core.review.verdicts import SnapshotSet
from snapview.core.vod_errors import VodError
from snapview.services.images import sniff_image_type
from snapview.services.snapshot_listing import SnapshotListing

log = logging.getLogger("snapview.review")
_CONTEXT = "ReviewReport"
DEFAULT_CONCURRENCY = 8
MAX_IMAGE_BYTES = 16 * 1024 * 1024
TIMEOUT = httpx.Timeout(20.0, connect=5.0)


def problem(template: str, **params: object) -> Message:
    return Message(_CONTEXT, template, params)


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """One snapshot's picture, or why there is none."""

    key: SnapshotKey
    data: bytes | None = None
    problem: Message | None = None


# The listing of one video's snapshot type for the account in the key; None when snapview has no
# credentials for that account (the sheet then says so on each tile).
ListingFactory = Callable[[VideoKey, str], SnapshotListing | None]
Deliver = Callable[[Thumbnail], None]


class ThumbnailFetcher(Protocol):
    """Downloads ``urls`` (in their order, as far as the bound on parallel requests allows),
    hands each result to ``deliver`` as it arrives, and returns them all."""

    def __call__(
        self, urls: Mapping[SnapshotKey, str], *, deliver: Deliver | None = None
    ) -> Awaitable[dict[SnapshotKey, Thumbnail]]: ...


@dataclass(slots=True)
class ResolvedUrls:
    urls: dict[SnapshotKey, str] = field(default_factory=dict)
    problems: dict[SnapshotKey, Message] = field(default_factory=dict)
    sets: list[SnapshotSet] = field(default_factory=list)  # what the listings said just now


async def resolve_urls(keys: Sequence[SnapshotKey], open_listing: ListingFactory) -> ResolvedUrls:
    """Fresh URLs for ``keys``, one listing per video and snapshot type, only the pages needed."""
    groups: dict[tuple[VideoKey, str], list[SnapshotKey]] = {}
    for key in keys:
        groups.setdefault((key.video, key.snapshot_type), []).append(key)
    resolved = ResolvedUrls()
    await asyncio.gather(
        *(
            _resolve_group(video, snapshot_type, wanted, open_listing, resolved)
            for (video, snapshot_type), wanted in groups.items()
        )
    )
    return resolved


async def _resolve_group(
    video: VideoKey,
    snapshot_type: str,
    wanted: list[SnapshotKey],
    open_listing: ListingFactory,
    resolved: ResolvedUrls,
) -> None:
    listing = open_listing(video, snapshot_type)
    if listing is None:
        reason = problem(
            QT_TRANSLATE_NOOP("ReviewReport", "No credentials for account {account}"),
            account=video.account.display(),
        )
        resolved.problems.update(dict.fromkeys(wanted, reason))
        return
    try:
        first = await listing.page(1)
        resolved.sets.append(
            SnapshotSet(video, snapshot_type, first.job_id, first.total, datetime.now(UTC))
        )
        inside = [k for k in wanted if k.index <= first.total]
        pages = sorted({listing.page_of_index(k.index) for k in inside})
        found = await asyncio.gather(*(listing.page(n) for n in pages))
    except VodError as exc:
        log.info("listing %s %s for the report failed: %s", video.video_id, snapshot_type, exc)
        resolved.problems.update(dict.fromkeys(wanted, exc.user_message))
        return
    urls = {s.index: s.url for page in found for s in page.snapshots}
    for key in wanted:
        url = urls.get(key.index)
        if url:
            resolved.urls[key] = url
        else:
            resolved.problems[key] = problem(
                QT_TRANSLATE_NOOP(
                    "ReviewReport", "Not in the current snapshot job (Total {total})"
                ),
                total=first.total,
            )


async def fetch_thumbnails(
    urls: Mapping[SnapshotKey, str],
    *,
    deliver: Deliver | None = None,
    http: httpx.AsyncClient | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> dict[SnapshotKey, Thumbnail]:
    """Download every URL (at most ``concurrency`` at once, in order) with one client, giving each
    result to ``deliver`` as it arrives; never raises for a bad image — the result says what went
    wrong."""
    own = http is None
    client = http or httpx.AsyncClient(
        timeout=TIMEOUT,
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        headers={"User-Agent": f"snapview/{__version__} (review report)"},
        follow_redirects=True,
    )
    slots = asyncio.Semaphore(concurrency)
    try:

        async def one(key: SnapshotKey, url: str) -> Thumbnail:
            thumbnail = await _fetch(client, slots, key, url)
            if deliver is not None:
                deliver(thumbnail)
            return thumbnail

        results = await asyncio.gather(*(one(key, url) for key, url in urls.items()))
    finally:
        if own:
            await client.aclose()
    return {thumbnail.key: thumbnail for thumbnail in results}


async def _fetch(
    client: httpx.AsyncClient, slots: asyncio.Semaphore, key: SnapshotKey, url: str
) -> Thumbnail:
    async with slots:
        try:
            response = await client.get(url)
        except httpx.TimeoutException:
            return Thumbnail(key, problem=problem(QT_TRANSLATE_NOOP("ReviewReport", "Timed out")))
        except httpx.HTTPError as exc:
            log.info("thumbnail %s: %s", key.index, type(exc).__name__)
            return Thumbnail(
                key, problem=problem(QT_TRANSLATE_NOOP("ReviewReport", "Network error"))
            )
    if response.status_code in (401, 403):
        return Thumbnail(
            key,
            problem=problem(
                QT_TRANSLATE_NOOP("ReviewReport", "Link expired or refused (HTTP {status})"),
                status=response.status_code,
            ),
        )
    if response.status_code != 200:
        return Thumbnail(
            key,
            problem=problem(
                QT_TRANSLATE_NOOP("ReviewReport", "Image not available (HTTP {status})"),
                status=response.status_code,
            ),
        )
    data = response.content
    if len(data) > MAX_IMAGE_BYTES:
        return Thumbnail(key, problem=problem(QT_TRANSLATE_NOOP("ReviewReport", "Image too large")))
    if sniff_image_type(data) is None:  # the CDN's Content-Type is not trusted
        kind = response.headers.get("content-type", "").split(";")[0].strip() or "?"
        return Thumbnail(
            key,
            problem=problem(QT_TRANSLATE_NOOP("ReviewReport", "Not an image ({type})"), type=kind),
        )
    return Thumbnail(key, data)
