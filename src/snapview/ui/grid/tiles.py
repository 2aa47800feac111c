"""The grid's tile vocabulary: the one :class:`TileState`, :class:`Cell`, :class:`Tile`, and the few
words a tile shows about itself.

Four names sound alike; each is a different thing:

- :class:`snapview.core.snapshots.Snapshot` — one snapshot as the VOD API lists it (1-based
  ``index``, ``url``, ``offset_s``): an immutable fact from a ListSnapshots page.
- :class:`snapview.core.huawei_events.EventSnapshot` — one snapshot named in a Huawei VOD event
  (``offset``, ``url``, its position in the event's list): an immutable fact from an event file.
- :class:`Cell` — one *frame* that is a region of a larger image (a sprite-sheet cell or a WebVTT
  cue), given to the grid with :meth:`~snapview.ui.grid.model.SnapshotGridModel.set_cells`.
- :class:`Tile` — what a tile view knows about one of its rows right now: the URL to fetch, the
  :class:`TileState`, the image pipeline's last answer (without its pixels) and the text of a failure.
  One per row, made when the row is first asked for; pixels live in a bounded pixmap cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize

from snapview.core.errors import UserFacingError
from snapview.core.vod_errors import VodError
from snapview.ui.tr import tr_message

if TYPE_CHECKING:  # services.images imports httpx; the grid must not pay for it at start-up
    from snapview.services.images import FailureKind, ImageResult

TILE_ASPECT = 9 / 16  # tiles are 16:9, the shape of almost every video
PREVIEW_KEY_PREFIX = "preview:"  # the preview window's full-size fetch of a grid tile
FULL_TARGET = QSize(8192, 8192)  # the preview and "Copy image" fetch snapshots at full size


class TileState(StrEnum):
    """Where a tile is on its way to the screen (string values, as accessibility text and tests read)."""

    PENDING = "pending"  # the page that holds the tile has not been fetched yet
    LOADING = "loading"  # the URL is known; the image is on its way (or not yet asked for)
    LOADED = "loaded"
    FAILED = "failed"

    @property
    def is_final(self) -> bool:
        """Loaded or failed: what a user sees as done."""
        return self in (TileState.LOADED, TileState.FAILED)


@dataclass(slots=True)
class Cell:
    """One frame that is a region of a larger image: a sprite cell or a WebVTT cue."""

    url: str
    region: tuple[int, int, int, int] | None = None  # x, y, w, h in pixels of the image at ``url``
    start_ms: int | None = None
    end_ms: int | None = None
    sheet_index: int | None = None  # snapshot index of the sheet, to refresh an expired URL


@dataclass(slots=True)
class Tile:
    """What the view knows about one row. Small on purpose: pixels live in a bounded cache.

    ``result`` is the image pipeline's last answer for the row with its ``image`` dropped (a tile of
    10,000 must not keep a picture alive); the facts a reviewer checks are read from it.
    """

    index: int  # 1-based, as the API numbers snapshots
    url: str | None = None
    state: TileState = TileState.PENDING
    cell: Cell | None = None  # set when the row is a frame of a larger image
    result: ImageResult | None = None
    reason: str = ""  # the full sentence of a failure (tooltip, preview)
    short_reason: str = ""  # a few words of it, painted on the tile
    duplicate: bool = False  # the same picture as the row before (a stuck encoder)
    fetched_width: int = 0  # the tile width the image was last requested for
    offset_ms: int | None = None  # when in the video the snapshot was taken (Huawei's ``offset``)
    # The whole-video scan's defects on this snapshot: (badge, sentence) pairs (ui/scan).
    scan_findings: tuple[tuple[str, str], ...] = ()

    # -- the cell's geometry and time --

    @property
    def region(self) -> tuple[int, int, int, int] | None:
        return self.cell.region if self.cell is not None else None

    @property
    def start_ms(self) -> int | None:
        """The frame's time (a cell's), else the snapshot's offset: painted as mm:ss."""
        return self.cell.start_ms if self.cell is not None else self.offset_ms

    @property
    def end_ms(self) -> int | None:
        return self.cell.end_ms if self.cell is not None else None

    @property
    def sheet_index(self) -> int | None:
        return self.cell.sheet_index if self.cell is not None else None

    # -- what the pipeline said --

    @property
    def http_status(self) -> int | None:
        return self.result.http_status if self.result is not None else None

    @property
    def byte_size(self) -> int | None:
        return self.result.byte_size if self.result is not None else None

    @property
    def elapsed_ms(self) -> float | None:
        return self.result.elapsed_ms if self.result is not None else None

    @property
    def from_cache(self) -> bool:
        return self.result is not None and self.result.from_cache

    @property
    def pixel_size(self) -> tuple[int, int] | None:
        """The frame's size: the cell's region once loaded, else the original image's size."""
        if self.region is not None:
            return (self.region[2], self.region[3]) if self.state == TileState.LOADED else None
        if self.result is None or not self.result.pixel_size.isValid():
            return None
        return (self.result.pixel_size.width(), self.result.pixel_size.height())

    @property
    def is_black(self) -> bool:
        """A black frame (whole images only: a sheet's verdict says nothing about one cell)."""
        return self.cell is None and self.result is not None and self.result.is_black

    @property
    def signature(self) -> bytes | None:
        """The small gray thumbnail duplicate detection compares (whole images only)."""
        return self.result.signature if self.cell is None and self.result is not None else None


def format_time_ms(ms: int | None) -> str:
    """``mm:ss`` (``h:mm:ss`` from one hour on) with tenths when there are any; "" when unknown."""
    if ms is None:
        return ""
    seconds, millis = divmod(int(ms), 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"{text}.{millis // 100}" if millis else text


def short_failure_text(kind: FailureKind | None, http_status: int | None) -> str:
    """A few words for the tile itself; the tooltip carries the full reason."""
    if kind == "not_found":
        return QCoreApplication.translate("TileDelegate", "{status} Not found").replace(
            "{status}", str(http_status or 404)
        )
    words = {
        "expired": QCoreApplication.translate("TileDelegate", "Link expired"),
        "undecodable": QCoreApplication.translate("TileDelegate", "Undecodable"),
        "not_an_image": QCoreApplication.translate("TileDelegate", "Not an image"),
        "timeout": QCoreApplication.translate("TileDelegate", "Timed out"),
        "network": QCoreApplication.translate("TileDelegate", "Network error"),
        "too_large": QCoreApplication.translate("TileDelegate", "Too large"),
    }
    if kind is not None and str(kind) in words:
        return words[str(kind)]
    if http_status and http_status >= 400:
        return QCoreApplication.translate("TileDelegate", "HTTP {status}").replace(
            "{status}", str(http_status)
        )
    return QCoreApplication.translate("TileDelegate", "Failed")


def describe_error(error: BaseException) -> str:
    """The user-facing text of a page error (its own sentence when it has one)."""
    if isinstance(error, UserFacingError | VodError):
        return tr_message(error.user_message)
    return QCoreApplication.translate(
        "SnapshotGridModel", "The page could not be loaded: {error}"
    ).replace("{error}", type(error).__name__)
