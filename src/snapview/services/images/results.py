"""What the pipeline hands back: one :class:`ImageResult` per tile request, its :class:`ImageState`,
and the :class:`PipelineStats` counters the status bar and the benchmarks read.

``ImageState`` is the services' word for a finished request (an image, or a failure). The grid's
own tile vocabulary (pending, loading, loaded, failed) lives in the UI and maps these two values
onto its own; services never import the UI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from snapview.core.i18n import Message
from snapview.services.images.failures import FailureKind, is_transient


class ImageState(StrEnum):
    """A finished request: an image to show (``stale`` ones included), or a failure with a reason."""

    LOADED = "loaded"
    FAILED = "failed"


# Deprecated name (the services had a second ``TileState`` beside the grid's): kept so importers
# keep working while the grid moves to its own ``ui/grid/tiles.py`` ``TileState``.
TileState = ImageState


@dataclass(frozen=True, eq=False)
class ImageResult:
    """The outcome for one tile: an image at (at most) the target size, or a failure and its reason.

    ``from_cache`` is True when no body was downloaded (memory hit, fresh disk entry or a 304).
    ``pixel_size`` is the original image size (needed to map sprite rectangles onto a scaled image).
    ``url`` is the link as fetched (possibly refreshed); it may carry a signing token, so show it with
    ``redact_url``. ``stale`` marks an image of an earlier target size returned while the new size
    is being decoded.
    """

    key: Hashable
    url: str
    image: QImage | None = None
    failure: FailureKind | None = None
    reason: Message | None = None
    http_status: int | None = None
    byte_size: int = 0
    pixel_size: QSize = field(default_factory=QSize)
    elapsed_ms: float = 0.0
    from_cache: bool = False
    target: QSize = field(default_factory=QSize)
    signature: bytes | None = None
    is_black: bool = False
    # SHA-256 of the body that was decoded: the scan's analysis cache names a picture by it (the
    # disk cache is written after delivery, so it cannot be read back at this point).
    content_sha256: bytes | None = None
    # What the load's own decoder derived from the picture, in the decode thread (the scan's
    # frame analysis); None without one or when it failed.
    derived: object | None = None
    stale: bool = False

    @property
    def state(self) -> ImageState:
        return ImageState.FAILED if self.failure is not None else ImageState.LOADED

    @property
    def is_transient(self) -> bool:
        """A failure that may go away by itself (retry later) rather than a property of the image."""
        return self.failure is not None and is_transient(self.failure, self.http_status)


@dataclass
class PipelineStats:
    requests_started: int = 0
    requests_completed: int = 0
    bytes_downloaded: int = 0
    cache_hits: int = 0
    disk_hits: int = 0
    cancelled: int = 0
    coalesced: int = 0
    url_refreshes: int = 0
    # A download still running after ``DownloadDeadlines.slow_after`` gave its host slot to the next.
    slow_yields: int = 0
    # Decodes that waited for pixels in flight to drop, and the most pixels decoding at once.
    decode_waits: int = 0
    peak_decode_pixels: int = 0
    # Disk-cache operations that failed on this computer (the image was still shown).
    local_errors: int = 0
    failures_by_kind: Counter[FailureKind] = field(default_factory=Counter)
