"""The thumbnail pipeline under the grid: fetch snapshot images over HTTP, decode them at tile size
in worker threads, keep them in a byte-bounded memory cache and a validator-aware disk cache, and
say in plain words why a tile failed.

The grid calls :meth:`ImagePipeline.request` from ``data()``/``paint()`` (calibre's pattern): a cached
result comes back at once, otherwise the request is queued and the result arrives later through
``image_ready`` on the GUI thread. Queued requests are served newest first (calibre's LIFO), at most
``per_host`` downloads per host run at once, and tiles that scrolled away are cancelled, queued or in
flight (gwenview's ``removePendingItems``). Decoding uses ``QImageReader`` with ``setScaledSize``
over a scratch file (not a Python ``QBuffer``, see ``_decode_file``) in a thread pool: ``read()``
releases the GIL and a JPEG decodes at 1/2..1/8 cost, while ``QImage.fromData`` would hold the
GIL and stall the GUI (CRAFT practice 7). The image size is checked before decoding against
``max_image_pixels`` and Qt's allocation limit is set as a second guard against decompression
bombs. QImages cross threads; QPixmaps are the grid's business.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import heapq
import logging
import math
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import httpx
from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from snapview import __version__
from snapview.core.frame_checks import SIGNATURE_HEIGHT, SIGNATURE_WIDTH, is_black_frame
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.jpeg_markers import jpeg_truncated
from snapview.core.redaction import redact_url
from snapview.services.http_cache import CachedResponse, HttpDiskCache, has_volatile_token
from snapview.services.image_cache import ByteLRU

if TYPE_CHECKING:
    from snapview.services.context import AppServices

log = logging.getLogger("snapview.images")
T = TypeVar("T")

UrlRefresher = Callable[[Hashable, str], Awaitable[str | None]]


class TileState(StrEnum):
    LOADING = "loading"
    LOADED = "loaded"
    FAILED = "failed"


class FailureKind(StrEnum):
    NOT_FOUND = "not_found"  # 404 / 410
    EXPIRED = "expired"  # 403 on a signed link (and a refreshed link did not help)
    HTTP = "http"  # any other unexpected status
    UNDECODABLE = "undecodable"  # an image format, but corrupt or truncated
    NOT_AN_IMAGE = "not_an_image"  # e.g. an HTML error page served with 200
    TIMEOUT = "timeout"
    NETWORK = "network"  # connection refused, DNS, TLS, a malformed link
    TOO_LARGE = "too_large"  # pixel count or file size over the limits (decompression bombs)


def _msg(template: str, **params: object) -> Message:
    return Message("Images", template, params)


# Failures worth retrying later; they are remembered only briefly so a repaint does not hammer the
# server, but a scroll back a little later tries again.
_TRANSIENT_KINDS = frozenset({FailureKind.TIMEOUT, FailureKind.NETWORK})


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
    stale: bool = False

    @property
    def state(self) -> TileState:
        return TileState.FAILED if self.failure is not None else TileState.LOADED

    @property
    def is_transient(self) -> bool:
        """A failure that may go away by itself (retry later) rather than a property of the image."""
        if self.failure in _TRANSIENT_KINDS or self.failure is FailureKind.EXPIRED:
            return True
        status = self.http_status or 0
        return self.failure is FailureKind.HTTP and (status in (408, 425, 429) or status >= 500)


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
    failures_by_kind: Counter[FailureKind] = field(default_factory=Counter)


# ---------------------------------------------------------------------------------------------
# Content sniffing and decoding (the decode part runs in a worker thread)

_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x00\x00\x01\x00", "ico"),
)


def sniff_image_type(data: bytes) -> str | None:
    """The image format the bytes start with, or None."""
    for magic, name in _IMAGE_MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis", b"heic", b"heix", b"mif1"):
        return data[8:12].decode("ascii")
    return None


def looks_like_text(data: bytes) -> bool:
    """Whether a body is evidently text (an HTML/XML/JSON error page) rather than binary data."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        return True
    if head[:1] in (b"<", b"{", b"["):
        return True
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _textual_content_type(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("text/") or media in (
        "application/json",
        "application/xml",
        "application/xhtml+xml",
        "application/javascript",
    )


@dataclass(frozen=True)
class DecodeOutcome:
    image: QImage | None
    failure: FailureKind | None
    reason: Message | None
    pixel_size: QSize
    signature: bytes | None = None
    is_black: bool = False


def fit_size(original: QSize, target: QSize) -> QSize:
    """``original`` scaled to fit in ``target`` keeping its aspect ratio, never enlarged."""
    if (
        not target.isValid()
        or target.isEmpty()
        or (original.width() <= target.width() and original.height() <= target.height())
    ):
        return QSize(original)
    scaled = original.scaled(target, Qt.AspectRatioMode.KeepAspectRatio)
    return QSize(max(1, scaled.width()), max(1, scaled.height()))


def gray_signature(image: QImage) -> bytes:
    """A 16x9 8-bit grayscale thumbnail (row by row, no padding) for the checks in ``core.frame_checks``."""
    small = image.scaled(
        SIGNATURE_WIDTH,
        SIGNATURE_HEIGHT,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    ).convertToFormat(QImage.Format.Format_Grayscale8)
    raw = bytes(small.constBits())
    stride = small.bytesPerLine()
    return b"".join(raw[y * stride : y * stride + SIGNATURE_WIDTH] for y in range(SIGNATURE_HEIGHT))


_decode_dir: tempfile.TemporaryDirectory[str] | None = None
_decode_dir_lock = threading.Lock()


def _decode_file(data: bytes) -> str:
    """Write ``data`` to this thread's scratch file and return its path.

    A ``QBuffer`` made in Python is a PySide wrapper whose virtual methods (readData, seek, size...)
    take the GIL on first use from C++. QImageReader calls them while holding Qt's image-plugin
    loader mutex, so a worker could wait for the GIL while the GUI thread, holding the GIL, waited
    for that mutex: a deadlock seen in the grid tests. A path makes Qt open its own C++ QFile, and
    the decode never needs the GIL.
    """
    global _decode_dir
    with _decode_dir_lock:
        if _decode_dir is None:
            base = (
                "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
            )
            _decode_dir = tempfile.TemporaryDirectory(prefix="snapview-decode-", dir=base)
        directory = _decode_dir.name
    path = os.path.join(directory, f"img-{threading.get_ident()}")
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def decode_image(
    data: bytes, target: QSize, max_pixels: int, content_type: str = ""
) -> DecodeOutcome:
    """Decode ``data`` at (at most) ``target`` size. Safe to call from any thread."""
    kind_label = content_type.split(";", 1)[0].strip() or "unknown type"
    image_format = sniff_image_type(data)
    if image_format is None:
        return _undecodable(data, "Unsupported image format", kind_label)
    reader = QImageReader(_decode_file(data))
    # Name the format so Qt never probes plugins with our data while it holds its plugin-loader
    # mutex: a plugin warning there goes to the (Python) Qt message handler, which needs the GIL,
    # while the GUI thread may hold the GIL and wait for that mutex (a deadlock seen in the tests).
    reader.setFormat(image_format.encode("ascii"))
    reader.setDecideFormatFromContent(False)
    reader.setAutoTransform(True)
    if not reader.canRead():
        return _undecodable(data, reader.errorString(), kind_label)
    original = reader.size()
    if original.isValid():
        if original.width() * original.height() > max_pixels:
            return DecodeOutcome(
                None,
                FailureKind.TOO_LARGE,
                _msg(
                    QT_TRANSLATE_NOOP(
                        "Images", "Image too large to show ({width}×{height} pixels)"
                    ),
                    width=original.width(),
                    height=original.height(),
                ),
                QSize(original),
            )
        rotated = bool(
            reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90
        )
        shown = original.transposed() if rotated else original
        scaled = fit_size(shown, target)
        if scaled != shown:
            reader.setScaledSize(scaled.transposed() if rotated else scaled)
    image = reader.read()
    if image.isNull():
        if reader.error() == QImageReader.ImageReaderError.InvalidDataError and "allocation" in (
            reader.errorString().lower()
        ):
            return DecodeOutcome(
                None,
                FailureKind.TOO_LARGE,
                _msg(
                    QT_TRANSLATE_NOOP("Images", "Image too large to show (over the memory limit)")
                ),
                QSize(original),
            )
        return _undecodable(data, reader.errorString(), kind_label, QSize(original))
    if image_format == "jpeg" and jpeg_truncated(data):
        return _undecodable(data, "truncated (no end-of-image marker)", kind_label, QSize(original))
    signature = gray_signature(image)
    if not original.isValid():
        original = image.size()
    return DecodeOutcome(image, None, None, QSize(original), signature, is_black_frame(signature))


def _undecodable(
    data: bytes, error: str, kind_label: str, size: QSize | None = None
) -> DecodeOutcome:
    if sniff_image_type(data) is None and looks_like_text(data):
        if _textual_content_type(kind_label):
            label = kind_label
        else:  # mislabelled (an error page served as image/jpeg): name what it really is
            label = "text/html" if b"<html" in data[:2048].lower() else "text"
        return DecodeOutcome(
            None,
            FailureKind.NOT_AN_IMAGE,
            _msg(QT_TRANSLATE_NOOP("Images", "Not an image ({content_type})"), content_type=label),
            size or QSize(),
        )
    return DecodeOutcome(
        None,
        FailureKind.UNDECODABLE,
        _msg(QT_TRANSLATE_NOOP("Images", "Corrupt image: {error}"), error=error or "unknown error"),
        size or QSize(),
    )


def crop(
    image: QImage, rect: QRect | tuple[int, int, int, int], *, original_size: QSize | None = None
) -> QImage | None:
    """The part of ``image`` inside ``rect`` (for "Split frames" on sprite sheets).

    ``rect`` is in the coordinates of the original sheet; when the image was decoded smaller
    (``original_size`` given, e.g. ``ImageResult.pixel_size``) the rectangle is scaled to match.
    Parts outside the image are clipped; None when nothing is left.
    """
    r = rect if isinstance(rect, QRect) else QRect(*rect)
    if original_size is not None and original_size.isValid() and original_size != image.size():
        sx = image.width() / original_size.width()
        sy = image.height() / original_size.height()
        left, top = math.floor(r.x() * sx), math.floor(r.y() * sy)
        right, bottom = math.ceil((r.x() + r.width()) * sx), math.ceil((r.y() + r.height()) * sy)
        r = QRect(left, top, right - left, bottom - top)
    r = r.intersected(image.rect())
    if r.isEmpty():
        return None
    return image.copy(r)


# ---------------------------------------------------------------------------------------------
# Garbage collection on the GUI thread only


class _MainThreadGarbageCollector:
    """Runs Python's cyclic garbage collector from a GUI-thread timer while decode workers exist.

    The collector runs in whichever thread happens to allocate when a threshold is crossed. With
    decode workers allocating all the time, that is often a worker, and a Qt object that sits in a
    reference cycle would then be destroyed off the GUI thread: Qt warns "Timers cannot be stopped
    from another thread" and can crash (seen in this test suite). pyqtgraph's ``GarbageCollector``
    fixes it the same way: automatic collection off, the same thresholds checked on the GUI thread.
    Process-wide, so it is reference-counted over the live pipelines and undone by the last one.
    """

    _users = 0
    _was_enabled = True

    def __init__(self, parent: QObject, interval_ms: int = 500) -> None:
        cls = type(self)
        if cls._users == 0:
            cls._was_enabled = gc.isenabled()
            gc.disable()
        cls._users += 1
        self._timer = QTimer(parent)
        self._timer.setObjectName("imagePipelineGcTimer")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self._active = True

    def check(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                break

    def stop(self) -> None:
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        cls = type(self)
        cls._users -= 1
        if cls._users == 0:
            gc.collect()
            if cls._was_enabled:
                gc.enable()


# ---------------------------------------------------------------------------------------------
# The pipeline


@dataclass(eq=False)
class _Job:
    key: Hashable
    url: str
    target: QSize
    priority: int
    seq: int
    host: str
    task: asyncio.Task[None] | None = None
    started_at: float = 0.0
    tried_urls: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Negative:
    result: ImageResult
    urls: frozenset[str]  # links known to fail; an EXPIRED entry does not stop a new link


@dataclass(frozen=True)
class _Body:
    data: bytes
    content_type: str
    status: int | None
    from_cache: bool
    headers: dict[str, str]
    url: str


class _Failed(Exception):
    def __init__(self, kind: FailureKind, reason: Message, status: int | None = None) -> None:
        super().__init__(reason.english())
        self.kind = kind
        self.reason = reason
        self.status = status


class ImagePipeline(QObject):
    """Fetches, decodes and caches tile images; see the module docstring. Lives on the GUI thread."""

    image_ready = Signal(object)  # ImageResult, always emitted on the GUI thread

    # How long failures stay in the negative cache (seconds; None = for the session).
    transient_failure_ttl: float = 15.0
    expired_failure_ttl: float = 300.0
    # Downloads larger than this are refused (TOO_LARGE) without reading them to the end.
    max_body_bytes: int = 32 * 2**20
    # set_target_size re-decodes at most this many of the most recently used images.
    resize_recent_limit: int = 256

    def __init__(
        self,
        *,
        http: httpx.AsyncClient | None = None,
        per_host: int = 6,
        decode_threads: int = 2,
        memory_bytes: int = 256 * 2**20,
        disk_cache_dir: Path | None = None,
        max_image_pixels: int = 50_000_000,
        url_refresher: UrlRefresher | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            timeout=httpx.Timeout(connect=10.0, read=20.0, write=10.0, pool=60.0),
            limits=httpx.Limits(
                max_connections=64, max_keepalive_connections=32, keepalive_expiry=30.0
            ),
            follow_redirects=True,
            headers={"User-Agent": f"snapview/{__version__}"},
        )
        self._per_host = max(1, per_host)
        self._max_pixels = max_image_pixels
        self._refresher = url_refresher
        self._memory: ByteLRU[ImageResult] = ByteLRU(memory_bytes)
        self._failures: ByteLRU[_Negative] = ByteLRU(max(2**20, memory_bytes // 64))
        self._sizes: dict[Hashable, tuple[int, int]] = {}
        self._disk = HttpDiskCache(disk_cache_dir) if disk_cache_dir is not None else None
        self._decoder = ThreadPoolExecutor(
            max(1, decode_threads), thread_name_prefix="snapview-decode"
        )
        self._io = ThreadPoolExecutor(1, thread_name_prefix="snapview-imgcache")
        self._jobs: dict[Hashable, _Job] = {}
        self._queues: dict[str, list[tuple[int, int, Hashable]]] = {}
        self._active: Counter[str] = Counter()
        self._seq = 0
        self._pump_scheduled = False
        self._target = QSize()
        self._closed = False
        self.stats = PipelineStats()
        self.setObjectName("imagePipeline")
        self._gc = _MainThreadGarbageCollector(self)
        # Qt's own guard against decompression bombs is process-wide; restored in aclose().
        self._previous_allocation_limit = QImageReader.allocationLimit()
        needed_mb = math.ceil(max_image_pixels * 4 / 2**20)
        QImageReader.setAllocationLimit(max(needed_mb, 1))

    # -- public API ---------------------------------------------------------------------------

    @property
    def url_refresher(self) -> UrlRefresher | None:
        """Called once with ``(key, url)`` when a fetch gets 403; returns a fresh URL or None.

        Many tiles of one page expire together, so an implementation should share one ListSnapshots
        call among the keys of a page rather than make one per tile.
        """
        return self._refresher

    @url_refresher.setter
    def url_refresher(self, refresher: UrlRefresher | None) -> None:
        self._refresher = refresher

    @property
    def target_size(self) -> QSize:
        return QSize(self._target)

    @property
    def memory_bytes(self) -> int:
        return self._memory.total_bytes

    def pending_keys(self) -> set[Hashable]:
        """Keys queued or being fetched."""
        return set(self._jobs)

    def in_flight_keys(self) -> set[Hashable]:
        return {k for k, job in self._jobs.items() if job.task is not None}

    def request(
        self, key: Hashable, url: str, target: QSize, *, priority: int = 0
    ) -> ImageResult | None:
        """A cached result at once, or None and the fetch is scheduled (duplicates are coalesced).

        Higher ``priority`` first; among equals the newest request first. While an image of another
        target size is cached, it is returned with ``stale=True`` and the new size is fetched.
        """
        if self._closed:
            return None
        size = QSize(target) if target.isValid() else QSize(self._target)
        hit = self._memory.get((key, size.width(), size.height()))
        if hit is not None:
            self.stats.cache_hits += 1
            return hit
        failed = self._failures.get(key)
        if failed is not None and not (
            failed.result.failure is FailureKind.EXPIRED and url not in failed.urls
        ):
            self.stats.cache_hits += 1
            return failed.result
        self._enqueue(key, url, size, priority)
        old = self._sizes.get(key)
        if old is not None:
            previous = self._memory.get((key, *old))
            if previous is not None:
                return dataclasses.replace(previous, stale=True)
        return None

    def cached(self, key: Hashable, target: QSize | None = None) -> ImageResult | None:
        """The cached result for ``key`` without scheduling anything."""
        size = target if target is not None else self._target
        hit = self._memory.peek((key, size.width(), size.height()))
        if hit is not None:
            return hit
        failed = self._failures.peek(key)
        return failed.result if failed is not None else None

    def forget(self, keys: Iterable[Hashable]) -> None:
        """Drop remembered failures (and images) of these keys, so the next request fetches again."""
        for key in keys:
            self._failures.pop(key)
            old = self._sizes.pop(key, None)
            if old is not None:
                self._memory.pop((key, *old))

    def cancel(self, key: Hashable) -> None:
        """Drop the queued or in-flight fetch of ``key`` (its tile scrolled away)."""
        job = self._jobs.pop(key, None)
        if job is None:
            return
        self.stats.cancelled += 1
        if job.task is not None:
            job.task.cancel()

    def cancel_all_except(self, keys: Iterable[Hashable]) -> None:
        """Cancel every pending fetch whose key is not in ``keys`` (the tiles still visible)."""
        keep = set(keys)
        for key in [k for k in self._jobs if k not in keep]:
            self.cancel(key)
        self._compact_queues()

    def set_target_size(self, size: QSize) -> None:
        """Zoom changed: pending work decodes at the new size, recent images are fetched again."""
        if size == self._target:
            return
        self._target = QSize(size)
        for job in self._jobs.values():
            job.target = QSize(size)
        wanted = (size.width(), size.height())
        # Least recently used first, so the LIFO queue serves the most recently seen tiles first.
        recent = [r for _, r in self._memory.items() if self._sizes.get(r.key) != wanted]
        for result in recent[-self.resize_recent_limit :]:
            if result.key not in self._jobs:
                self._enqueue(result.key, result.url, QSize(size), 0)

    async def aclose(self) -> None:
        """Cancel all work, close the HTTP client (if the pipeline made it), stop the worker threads."""
        if self._closed:
            return
        self._closed = True
        tasks = [job.task for job in self._jobs.values() if job.task is not None]
        self._jobs.clear()
        self._queues.clear()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if self._owns_http:
            await self._http.aclose()
        self._decoder.shutdown(wait=True, cancel_futures=True)
        self._io.shutdown(wait=True, cancel_futures=True)
        self._gc.stop()
        QImageReader.setAllocationLimit(self._previous_allocation_limit)
        self._memory.clear()
        self._failures.clear()

    # -- scheduling ---------------------------------------------------------------------------

    def _enqueue(self, key: Hashable, url: str, target: QSize, priority: int) -> None:
        self._seq += 1
        job = self._jobs.get(key)
        if job is not None:
            self.stats.coalesced += 1
            job.target = target
            if job.task is not None:
                return
            job.priority, job.seq, job.url = priority, self._seq, url
        else:
            host = urlsplit(url).netloc.lower()
            job = _Job(key, url, target, priority, self._seq, host)
            self._jobs[key] = job
        heapq.heappush(self._queues.setdefault(job.host, []), (-job.priority, -job.seq, key))
        self._schedule_pump()

    def _schedule_pump(self) -> None:
        # Deferred so that every request of one paint is queued before any starts: then the
        # newest-first order holds for the whole batch.
        if not self._pump_scheduled and not self._closed:
            self._pump_scheduled = True
            asyncio.get_event_loop().call_soon(self._pump)

    def _pump(self) -> None:
        self._pump_scheduled = False
        if self._closed:
            return
        loop = asyncio.get_event_loop()
        for host, heap in list(self._queues.items()):
            while heap and self._active[host] < self._per_host:
                _, neg_seq, key = heapq.heappop(heap)
                job = self._jobs.get(key)
                if job is None or job.task is not None or job.seq != -neg_seq:
                    continue  # cancelled or re-queued with a newer sequence number
                self._active[host] += 1
                job.started_at = time.perf_counter()
                self.stats.requests_started += 1
                job.task = loop.create_task(self._run(job), name=f"image-fetch:{key!r}")
            if not heap:
                del self._queues[host]

    def _compact_queues(self) -> None:
        for host, heap in list(self._queues.items()):
            live = [e for e in heap if (j := self._jobs.get(e[2])) is not None and j.seq == -e[1]]
            if live:
                heapq.heapify(live)
                self._queues[host] = live
            else:
                del self._queues[host]

    def _release_host(self, job: _Job, held: list[bool]) -> None:
        if held[0]:
            held[0] = False
            self._active[job.host] -= 1
            self._schedule_pump()

    async def _in_thread(self, pool: ThreadPoolExecutor, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_event_loop().run_in_executor(pool, fn, *args)

    # -- one fetch ----------------------------------------------------------------------------

    async def _run(self, job: _Job) -> None:
        held = [True]
        try:
            result = await self._fetch_and_decode(job, held)
            failed_urls = frozenset(job.tried_urls)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug, not a property of the image: keep the tile explainable
            log.exception("image pipeline error for %s", redact_url(job.url))
            result = self._failure(
                job,
                _Failed(
                    FailureKind.NETWORK,
                    _msg(
                        QT_TRANSLATE_NOOP("Images", "Unexpected error: {error}"),
                        error=type(exc).__name__,
                    ),
                ),
            )
            failed_urls = frozenset(job.tried_urls)
        finally:
            self._release_host(job, held)
            if self._jobs.get(job.key) is job:
                del self._jobs[job.key]
        self._deliver(result, failed_urls)

    async def _fetch_and_decode(self, job: _Job, held: list[bool]) -> ImageResult:
        try:
            body = await self._fetch(job)
        except _Failed as failed:
            return self._failure(job, failed)
        finally:
            self._release_host(job, held)
        target = QSize(job.target)
        outcome = await self._in_thread(
            self._decoder, decode_image, body.data, target, self._max_pixels, body.content_type
        )
        elapsed = (time.perf_counter() - job.started_at) * 1000
        if outcome.image is None:
            assert outcome.failure is not None and outcome.reason is not None
            if self._disk is not None and body.from_cache:
                await self._in_thread(self._io, self._disk.remove, body.url)
            return self._failure(
                job,
                _Failed(outcome.failure, outcome.reason, body.status),
                byte_size=len(body.data),
                pixel_size=outcome.pixel_size,
                url=body.url,
            )
        if self._disk is not None and body.status == 200:
            await self._in_thread(self._io, self._disk.store, body.url, body.data, body.headers)
        return ImageResult(
            key=job.key,
            url=body.url,
            image=outcome.image,
            http_status=body.status,
            byte_size=len(body.data),
            pixel_size=outcome.pixel_size,
            elapsed_ms=elapsed,
            from_cache=body.from_cache,
            target=target,
            signature=outcome.signature,
            is_black=outcome.is_black,
        )

    async def _fetch(self, job: _Job) -> _Body:
        url = job.url
        cached: CachedResponse | None = None
        if self._disk is not None:
            cached = await self._in_thread(self._io, self._disk.lookup, url)
            if cached is not None and cached.is_fresh():
                data = await self._read_cached(cached)
                if data is not None:
                    self.stats.disk_hits += 1
                    return _Body(data, cached.content_type or "", None, True, {}, url)
                cached = None
        refreshed = False
        while True:
            job.tried_urls.add(url)
            headers = cached.validators() if cached is not None else {}
            try:
                async with self._http.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    resp_headers = {k.lower(): v for k, v in response.headers.items()}
                    content_type = resp_headers.get("content-type", "")
                    if status == 304 and cached is not None:
                        data = await self._read_cached(cached)
                        if data is None:
                            cached = None
                            continue
                        self.stats.disk_hits += 1
                        assert self._disk is not None
                        await self._in_thread(self._io, self._disk.store, url, None, resp_headers)
                        return _Body(
                            data, cached.content_type or content_type, 304, True, resp_headers, url
                        )
                    if 200 <= status < 300:
                        data = await self._read_body(response)
                        if _textual_content_type(content_type) and sniff_image_type(data) is None:
                            raise _Failed(
                                FailureKind.NOT_AN_IMAGE,
                                _msg(
                                    QT_TRANSLATE_NOOP("Images", "Not an image ({content_type})"),
                                    content_type=content_type.split(";", 1)[0].strip(),
                                ),
                                status,
                            )
                        return _Body(data, content_type, status, False, resp_headers, url)
                    tengine = resp_headers.get("x-tengine-error", "")
            except httpx.TimeoutException as exc:
                raise _Failed(
                    FailureKind.TIMEOUT,
                    _msg(
                        QT_TRANSLATE_NOOP("Images", "Timed out ({what})"), what=_timeout_what(exc)
                    ),
                ) from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise _Failed(
                    FailureKind.NETWORK,
                    _msg(
                        QT_TRANSLATE_NOOP("Images", "Cannot fetch this link: {error}"),
                        error=redact_url(str(exc)),
                    ),
                ) from None
            except httpx.HTTPError as exc:
                raise _Failed(FailureKind.NETWORK, _network_failure(exc)) from None
            if status == 403 and self._refresher is not None and not refreshed:
                refreshed = True
                self.stats.url_refreshes += 1
                try:
                    fresh = await self._refresher(job.key, url)
                except Exception as exc:  # the tile then fails as EXPIRED, with the 403's reason
                    log.info("refreshing an expired image link failed: %s", type(exc).__name__)
                    fresh = None
                if fresh and fresh != url:
                    url = job.url = fresh
                    continue
            raise _classify_status(status, url, tengine)

    async def _read_cached(self, cached: CachedResponse) -> bytes | None:
        try:
            return await self._in_thread(self._io, cached.read_body)
        except OSError:
            return None

    async def _read_body(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise _Failed(FailureKind.TOO_LARGE, _too_big(int(declared)), response.status_code)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            self.stats.bytes_downloaded += len(chunk)
            if size > self.max_body_bytes:
                raise _Failed(FailureKind.TOO_LARGE, _too_big(size), response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)

    # -- results ------------------------------------------------------------------------------

    def _failure(
        self,
        job: _Job,
        failed: _Failed,
        *,
        byte_size: int = 0,
        pixel_size: QSize | None = None,
        url: str | None = None,
    ) -> ImageResult:
        return ImageResult(
            key=job.key,
            url=url or job.url,
            failure=failed.kind,
            reason=failed.reason,
            http_status=failed.status,
            byte_size=byte_size,
            pixel_size=pixel_size or QSize(),
            elapsed_ms=(time.perf_counter() - job.started_at) * 1000,
            target=QSize(job.target),
        )

    def _deliver(self, result: ImageResult, tried_urls: frozenset[str] = frozenset()) -> None:
        if self._closed:
            return
        self.stats.requests_completed += 1
        key = result.key
        if result.failure is not None:
            self.stats.failures_by_kind[result.failure] += 1
            log.info("image %s failed: %s", redact_url(result.url), result.reason)
            if result.failure is FailureKind.EXPIRED:
                ttl: float | None = self.expired_failure_ttl
            elif result.is_transient:
                ttl = self.transient_failure_ttl
            else:
                ttl = None
            negative = _Negative(
                dataclasses.replace(result, from_cache=True), tried_urls | {result.url}
            )
            self._failures.put(key, negative, 256, ttl=ttl)
        else:
            assert result.image is not None
            self._failures.pop(key)
            size = (result.target.width(), result.target.height())
            old = self._sizes.get(key)
            if old is not None and old != size:
                self._memory.pop((key, *old))
            self._sizes[key] = size
            self._memory.put(
                (key, *size),
                dataclasses.replace(result, from_cache=True),
                result.image.sizeInBytes(),
            )
        self.image_ready.emit(result)


def _classify_status(status: int, url: str, tengine: str) -> _Failed:
    if status in (404, 410):
        return _Failed(
            FailureKind.NOT_FOUND,
            _msg(QT_TRANSLATE_NOOP("Images", "Not found (HTTP {status})"), status=status),
            status,
        )
    if status == 403 and (
        has_volatile_token(url) or "expired" in tengine.lower() or "auth" in tengine.lower()
    ):
        return _Failed(
            FailureKind.EXPIRED,
            _msg(QT_TRANSLATE_NOOP("Images", "Link expired (HTTP {status})"), status=status),
            status,
        )
    if status == 403:
        return _Failed(
            FailureKind.HTTP,
            _msg(QT_TRANSLATE_NOOP("Images", "Access denied (HTTP {status})"), status=status),
            status,
        )
    return _Failed(
        FailureKind.HTTP,
        _msg(QT_TRANSLATE_NOOP("Images", "Server answered HTTP {status}"), status=status),
        status,
    )


def _too_big(size: int) -> Message:
    return _msg(
        QT_TRANSLATE_NOOP("Images", "Image file too large ({megabytes} MB)"),
        megabytes=f"{size / 2**20:.1f}",
    )


def _timeout_what(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connect"
    if isinstance(exc, httpx.PoolTimeout):
        return "waiting for a connection"
    return "read" if isinstance(exc, httpx.ReadTimeout) else "write"


def _network_failure(exc: httpx.HTTPError) -> Message:
    """A sentence for a transport failure: the common ones in plain words, others with the detail."""
    text = str(exc)
    if isinstance(exc, httpx.RemoteProtocolError) and "complete message body" in text:
        detail = "the download was cut short"
    elif isinstance(exc, httpx.RemoteProtocolError) and "without sending a response" in text:
        detail = "the server closed the connection"
    else:
        # The exception text can repeat the URL with its token: redact it; the errno text is the point.
        cause = exc.__cause__ or exc.__context__
        detail = redact_url(str(cause or exc).strip() or type(exc).__name__)[:200]
    return _msg(QT_TRANSLATE_NOOP("Images", "Network error: {error}"), error=detail)


def pipeline_for(services: AppServices) -> ImagePipeline:
    """The app's one pipeline (created on first use, disk cache in the cache dir, closed on quit)."""
    existing = services.extras.get("image_pipeline")
    if isinstance(existing, ImagePipeline):
        return existing
    from snapview.paths import cache_dir

    pipeline = ImagePipeline(disk_cache_dir=cache_dir() / "images")
    services.extras["image_pipeline"] = pipeline
    services.add_closer("image pipeline", pipeline.aclose)
    return pipeline
