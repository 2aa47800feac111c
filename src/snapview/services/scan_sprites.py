"""The geometry a sprite-sheet scan checks each sheet against: the job's WebVTT track fetched and
parsed (``core.webvtt``), its ``#xywh`` regions grouped by the sheet they point at, and the grid
they describe (``core.detectors.job.grid_from_regions``).

Cue image URLs carry their own tokens, so sheets are matched to the SpriteSnapshot listing by URL
path, never by the whole URL. A job without a WebVTT track gives no geometry: then only fetch
outcomes are checked, since a sheet's size alone cannot be judged without knowing its cells.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from urllib.parse import urlsplit

import httpx

from snapview.core.detectors.job import Rect, grid_from_regions
from snapview.core.redaction import redact_url
from snapview.core.snapshots import Snapshot
from snapview.core.webvtt import RegionUnit, WebVttError, parse_webvtt
from snapview.services.scanner import FetchRetry, SpriteGeometry

log = logging.getLogger("snapview.scan")

MAX_VTT_BYTES = 4 * 2**20


def geometry_from_webvtt(text: str, vtt_url: str, sheets: Sequence[Snapshot]) -> SpriteGeometry:
    """Regions by sheet Index from a WebVTT track (pixel regions only: a percent region has no
    size until its sheet is decoded, and the vendor writes pixels)."""
    track = parse_webvtt(text, vtt_url)
    index_of_path = {urlsplit(s.url).path: s.index for s in sheets}
    regions: dict[int, list[Rect]] = {}
    for cue in track.cues:
        region = cue.region
        index = index_of_path.get(urlsplit(cue.image_url).path)
        if region is None or index is None or region.unit is not RegionUnit.PIXEL:
            continue
        x, y, w, h = region.to_pixels(0, 0)
        regions.setdefault(index, []).append(Rect(x, y, w, h))
    layout = grid_from_regions(r for rects in regions.values() for r in rects)
    return SpriteGeometry(regions, layout)


async def load_sprite_geometry(
    http: httpx.AsyncClient,
    vtt_url: str,
    sheets: Sequence[Snapshot],
    retry: FetchRetry | None = None,
) -> SpriteGeometry | None:
    """The geometry from the track at ``vtt_url``, or None when it cannot be fetched or read (the
    scan then checks fetch outcomes only, and says so in the log). A 5xx or a dropped connection is
    retried like an image fetch: one blip must not switch the whole sheet check off."""
    retry = retry or FetchRetry()
    attempt = 1
    while True:
        try:
            response = await http.get(vtt_url)
            response.raise_for_status()
            if len(response.content) > MAX_VTT_BYTES:
                raise ValueError("WebVTT file over 4 MB")
            return geometry_from_webvtt(response.text, vtt_url, sheets)
        except (httpx.HTTPError, WebVttError, ValueError) as exc:
            if attempt < retry.attempts and _transient(exc):
                await asyncio.sleep(retry.delay(attempt))
                attempt += 1
                continue
            log.warning("sprite scan without WebVTT geometry (%s): %s", redact_url(vtt_url), exc)
            return None


def _transient(exc: Exception) -> bool:
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    # A body cut short parses as a broken track; a transport error says nothing about the file.
    return isinstance(exc, (httpx.TransportError, WebVttError))
