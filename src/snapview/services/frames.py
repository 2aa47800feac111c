"""The frames of a video as tiles: every cell of its sprite sheets, or every WebVTT cue, with its time
and its region of the sheet image.

With a WebVTT track (the latest ``WebVttSnapshot`` job) the cues give the times and the ``#xywh``
regions (:func:`snapview.core.webvtt.parse_webvtt`). Without one, the first sheet's pixel size gives
the grid (:func:`snapview.core.sprites.infer_grid`): only its header is decoded, with
``QImageReader`` in a worker thread, never on the GUI thread. Downloads go over the app's shared
HTTP client; what fails comes back as a :class:`FrameListError` a user can read.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from PySide6.QtGui import QImageReader

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.redaction import redact_url
from snapview.core.snapshots import Snapshot, SnapshotPage
from snapview.core.sprites import infer_grid
from snapview.core.webvtt import parse_webvtt
from snapview.services.images import sniff_image_type
from snapview.services.snapshot_listing import SnapshotListing


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame that is a region of a larger image: a sprite cell or a WebVTT cue."""

    url: str
    region: tuple[int, int, int, int] | None = None  # x, y, w, h in pixels of the image at ``url``
    start_ms: int | None = None
    end_ms: int | None = None
    sheet_index: int | None = None  # snapshot index of the sheet, to refresh an expired URL


@dataclass(frozen=True, slots=True)
class FrameList:
    """The frames, and the ListSnapshots page that announces them (job bar, inspector)."""

    frames: list[Frame]
    first_page: SnapshotPage | None


class FrameListError(UserFacingError):
    """The WebVTT track or the sprite sheet could not be downloaded."""


async def list_frames(
    vtt: SnapshotListing, sheets: SnapshotListing | None, http: httpx.AsyncClient
) -> FrameList:
    """The frames of a video: the cues of ``vtt``'s track, else the cells of ``sheets``' images.

    ``sheets`` is the sprite-sheet listing when the user looks at sprite sheets split into frames
    (``None`` for the WebVTT view): it names each frame's sheet, and is the fallback without a track.
    """
    vtt_snaps = await vtt.all_snapshots()
    first_page = vtt.cached(1)
    sheet_list: Sequence[Snapshot] = []
    sheet_page = None
    if sheets is not None:
        sheet_list = await sheets.all_snapshots()
        sheet_page = sheets.cached(1)
    if vtt_snaps:
        track_url = vtt_snaps[0].url
        track = parse_webvtt((await _download(http, track_url, _TRACK)).text, base_url=track_url)
        sheet_index = {s.url.split("?", 1)[0]: s.index for s in sheet_list}
        frames = [
            Frame(
                url=cue.image_url,
                region=cue.region.to_pixels(0, 0) if cue.region else None,
                start_ms=cue.start_ms,
                end_ms=cue.end_ms,
                sheet_index=sheet_index.get(cue.image_url.split("?", 1)[0]),
            )
            for cue in track.cues
        ]
        return FrameList(frames, sheet_page or first_page)
    if not sheet_list:
        return FrameList([], sheet_page or first_page)
    return FrameList(await _frames_from_geometry(sheet_list, http), sheet_page)


async def _frames_from_geometry(sheets: Sequence[Snapshot], http: httpx.AsyncClient) -> list[Frame]:
    """Without a WebVTT track: the first sheet's size gives the grid of every sheet."""
    data = (await _download(http, sheets[0].url, _SHEET)).content
    size = await asyncio.to_thread(_image_size, data)
    layout = infer_grid(*size) if size is not None else None
    if layout is None:
        return [Frame(url=s.url, sheet_index=s.index) for s in sheets]
    return [
        Frame(url=s.url, region=rect.as_tuple(), sheet_index=s.index)
        for s in sheets
        for rect in layout.cells(layout.cells_per_sheet)
    ]


def _image_size(data: bytes) -> tuple[int, int] | None:
    """The pixel size in the image header (runs in a worker thread).

    From a file, not a ``QBuffer``, with the format named: a Python QBuffer's methods need the GIL
    while QImageReader holds Qt's plugin-loader mutex, the deadlock ``services.images`` describes.
    """
    image_format = sniff_image_type(data)
    if image_format is None:
        return None
    handle, path = tempfile.mkstemp(prefix="snapview-sheet-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        size = QImageReader(path, image_format.encode("ascii")).size()
    finally:
        os.unlink(path)
    return (size.width(), size.height()) if size.isValid() else None


# (what failed to download) -> (network error, HTTP error) sentences.
_TRACK = (
    QT_TRANSLATE_NOOP("Frames", "Could not download the WebVTT track: {reason}"),
    QT_TRANSLATE_NOOP("Frames", "Could not download the WebVTT track: HTTP {status} from {url}"),
)
_SHEET = (
    QT_TRANSLATE_NOOP("Frames", "Could not download the sprite sheet: {reason}"),
    QT_TRANSLATE_NOOP("Frames", "Could not download the sprite sheet: HTTP {status} from {url}"),
)


async def _download(http: httpx.AsyncClient, url: str, what: tuple[str, str]) -> httpx.Response:
    network_failed, http_failed = what
    try:
        response = await http.get(url)
    except httpx.HTTPError as exc:
        message = Message("Frames", network_failed, {"reason": type(exc).__name__})
        raise FrameListError(message) from None
    if response.status_code >= 400:
        params = {"status": response.status_code, "url": redact_url(url)}
        raise FrameListError(Message("Frames", http_failed, params))
    return response
