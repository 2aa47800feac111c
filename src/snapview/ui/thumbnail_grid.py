"""The thumbnail grid: a lazily paged item model, the tile delegate and the icon-mode list view.

Only what is painted is ever requested (calibre's ``CoverDelegate.paint``): the delegate asks the
model for a tile when it paints it, the model fetches the ListSnapshots page that holds it and then
the image through the image pipeline, and updates that one index when the image arrives. While the
user scrolls, requests are held; a single-shot timer fires when scrolling settles, drops every queued
fetch for tiles that left the view and re-queues the visible ones first (gwenview's
``removePendingItems`` + timer). Pages are fetched in visible-first order with a bound on how many are
in flight, so dragging the scrollbar to the end fetches the last pages, not every page in between.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from snapview.core.frame_checks import is_near_duplicate
from snapview.core.i18n import Message
from snapview.ui.text import tr_message

log = logging.getLogger("snapview.grid")

ModelIndex = QModelIndex | QPersistentModelIndex

TILE_ROLE = int(Qt.ItemDataRole.UserRole) + 1
STATE_ROLE = int(Qt.ItemDataRole.UserRole) + 2
URL_ROLE = int(Qt.ItemDataRole.UserRole) + 3

MAX_PAGES_IN_FLIGHT = 2
SETTLE_MS = 60  # scrolling counts as settled after this long without movement
PIXMAP_CACHE_BYTES = 32 * 1024 * 1024  # ~350 tiles at the default zoom: many viewports
IMAGE_ASPECT = 9 / 16
SHEET_TARGET = QSize(4096, 4096)
PREVIEW_KEY_PREFIX = "preview:"  # the preview window's full-size fetch of a grid tile
FROZEN_MAX_MAD = 0.75


class PagerLike(Protocol):
    """What the grid needs from ``snapview.services.vod_client.SnapshotPager``."""

    @property
    def total(self) -> int | None: ...
    @property
    def page_size(self) -> int: ...
    async def page(self, page_no: int) -> Any: ...
    async def refresh_url(self, index: int) -> str: ...


class PipelineLike(Protocol):
    """What the grid needs from ``snapview.services.images.ImagePipeline``."""

    image_ready: Any

    def request(self, key: str, url: str, target: QSize, *, priority: int = 0) -> Any: ...
    def cancel(self, key: str) -> None: ...
    def cancel_all_except(self, keys: Iterable[str]) -> None: ...
    def set_target_size(self, size: QSize) -> None: ...


class TileState(IntEnum):
    PENDING = 0  # the page that holds the tile has not been fetched yet
    LOADING = 1
    LOADED = 2
    FAILED = 3


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
    """What the grid knows about one tile. Small on purpose: pixels live in a bounded cache."""

    index: int  # 1-based, as the API numbers snapshots
    url: str | None = None
    state: TileState = TileState.PENDING
    region: tuple[int, int, int, int] | None = None
    start_ms: int | None = None
    end_ms: int | None = None
    sheet_index: int | None = None
    short_reason: str = ""
    reason: str = ""
    http_status: int | None = None
    byte_size: int | None = None
    pixel_size: tuple[int, int] | None = None
    elapsed_ms: float | None = None
    from_cache: bool = False
    is_black: bool = False
    signature: Any = None
    duplicate: bool = False
    fetched_width: int = 0  # the tile width the image was last requested for


def format_time_ms(ms: int | None) -> str:
    if ms is None:
        return ""
    seconds, millis = divmod(int(ms), 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"{text}.{millis // 100}" if millis else text


def short_failure_text(kind: Any, http_status: int | None) -> str:
    """A few words for the tile itself (``FailureKind`` value); the tooltip carries the full reason."""
    name = str(getattr(kind, "value", kind) or "")
    if name == "not_found":
        return QCoreApplication.translate("TileDelegate", "{status} Not found").replace(
            "{status}", str(http_status or 404)
        )
    if name == "expired":
        return QCoreApplication.translate("TileDelegate", "Link expired")
    if name == "undecodable":
        return QCoreApplication.translate("TileDelegate", "Undecodable")
    if name == "not_an_image":
        return QCoreApplication.translate("TileDelegate", "Not an image")
    if name == "timeout":
        return QCoreApplication.translate("TileDelegate", "Timed out")
    if name == "network":
        return QCoreApplication.translate("TileDelegate", "Network error")
    if name == "too_large":
        return QCoreApplication.translate("TileDelegate", "Too large")
    if http_status and http_status >= 400:
        return QCoreApplication.translate("TileDelegate", "HTTP {status}").replace(
            "{status}", str(http_status)
        )
    return QCoreApplication.translate("TileDelegate", "Failed")


def describe_error(error: BaseException) -> str:
    """The user-facing text of a page error (``VodError.user_message`` when it has one)."""
    message = getattr(error, "user_message", None)
    if isinstance(message, Message):
        return tr_message(message)
    return QCoreApplication.translate(
        "SnapshotGridModel", "The page could not be loaded: {error}"
    ).replace("{error}", type(error).__name__)


class PixmapCache:
    """A byte-bounded LRU of tile pixmaps; the model's pixels, made on the GUI thread."""

    def __init__(self, max_bytes: int = PIXMAP_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[str, QPixmap] = OrderedDict()

    @staticmethod
    def _cost(pixmap: QPixmap) -> int:
        return max(1, pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8))

    def get(self, key: str) -> QPixmap | None:
        pixmap = self._items.get(key)
        if pixmap is not None:
            self._items.move_to_end(key)
        return pixmap

    def put(self, key: str, pixmap: QPixmap) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= self._cost(old)
        self._items[key] = pixmap
        self.bytes += self._cost(pixmap)
        while self.bytes > self.max_bytes and len(self._items) > 1:
            _, evicted = self._items.popitem(last=False)
            self.bytes -= self._cost(evicted)

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)


class SnapshotGridModel(QAbstractListModel):
    """Rows are snapshot indexes (1-based index = row + 1), or frames given by :meth:`set_cells`.

    The first page comes through ``fetchMore``; once ``Total`` is known the model grows to the whole
    job with placeholder tiles (``whole_job=True``), so the scrollbar shows everything and the pages
    of painted tiles are fetched on demand. With ``whole_job=False`` rows grow page by page through
    ``canFetchMore``/``fetchMore`` as Qt asks for more at the bottom.
    """

    first_page_loaded = Signal(object)  # SnapshotPage
    page_loaded = Signal(int)
    page_failed = Signal(int, object)  # page number, exception
    stats_changed = Signal()
    tile_finished = Signal(int)  # row reached LOADED or FAILED

    def __init__(
        self,
        pipeline: PipelineLike | None,
        parent: QObject | None = None,
        *,
        whole_job: bool = True,
    ) -> None:
        super().__init__(parent)
        self.pipeline = pipeline
        self.whole_job = whole_job
        self.pixmaps = PixmapCache()
        self._generation = 0
        self._pager: PagerLike | None = None
        self._cells: list[Cell] | None = None
        self._rows = 0
        self._tiles: dict[int, Tile] = {}
        self._total: int | None = None
        self._page_size = 100
        self._pages_done: set[int] = set()
        self._pages_failed: dict[int, BaseException] = {}
        self._page_queue: list[int] = []
        self._page_tasks: dict[int, asyncio.Task[None]] = {}
        self._fetching_more = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._requested: dict[str, set[int]] = {}  # pipeline key -> rows waiting for it
        self._held_rows: set[int] = set()  # painted while requests were held
        self.hold = False
        self.target = QSize(200, round(200 * IMAGE_ASPECT))
        self.first_page: Any = None
        self.page_requests = 0
        self.image_requests = 0
        self.loaded_count = 0
        self.failed_count = 0
        if pipeline is not None:
            pipeline.image_ready.connect(self._on_image_ready)

    def set_pipeline(self, pipeline: PipelineLike) -> None:
        """Attach the image pipeline when it is made after the model (it is costly to start)."""
        if self.pipeline is not None:
            self.pipeline.image_ready.disconnect(self._on_image_ready)
        self.pipeline = pipeline
        pipeline.image_ready.connect(self._on_image_ready)
        pipeline.set_target_size(QSize(self.target))

    # -- sources ----------------------------------------------------------------------------------

    def set_pager(self, pager: PagerLike) -> None:
        """Show the snapshots of ``pager``; nothing is fetched until a view asks (``fetchMore``)."""
        self._reset()
        self._pager = pager
        self._page_size = max(1, int(pager.page_size or 100))

    def set_cells(
        self, cells: Sequence[Cell], pager: PagerLike | None = None, first_page: Any = None
    ) -> None:
        """Show a fixed list of frames (sprite cells, WebVTT cues); ``pager`` refreshes sheet URLs."""
        self._reset()
        self._pager = pager
        self.first_page = first_page
        self._cells = list(cells)
        self._total = len(self._cells)
        if self._cells:
            self.beginInsertRows(QModelIndex(), 0, len(self._cells) - 1)
            self._rows = len(self._cells)
            self.endInsertRows()
        self.stats_changed.emit()

    def clear(self) -> None:
        self._reset()

    async def aclose(self) -> None:
        """Stop every page fetch (the pager's own requests too) and wait until they have ended."""
        pager = self._pager
        tasks = [t for t in self._tasks if not t.done()]
        for task in tasks:
            task.cancel()
        if shiboken6.isValid(self):  # the window (our parent) may already be gone at shutdown
            self._reset()
        cancel = getattr(pager, "cancel", None)
        if callable(cancel):
            cancel()
        wait_idle = getattr(pager, "wait_idle", None)
        if tasks:
            await asyncio.wait(tasks, timeout=5)
        if callable(wait_idle):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(wait_idle(), timeout=5)

    def _reset(self) -> None:
        self.beginResetModel()
        self._generation += 1
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()
        self._page_tasks.clear()
        if self.pipeline is not None and self._requested:
            self.pipeline.cancel_all_except(())
        self._requested.clear()
        self._held_rows.clear()
        self._pager = None
        self._cells = None
        self._rows = 0
        self._tiles.clear()
        self._total = None
        self._pages_done.clear()
        self._pages_failed.clear()
        self._page_queue.clear()
        self._fetching_more = False
        self.first_page = None
        self.pixmaps.clear()
        self.page_requests = self.image_requests = self.loaded_count = self.failed_count = 0
        self.endResetModel()

    # -- Qt model API -----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        tile = self.tile(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return f"#{tile.index}"
        if role == TILE_ROLE:
            return tile
        if role == STATE_ROLE:
            return int(tile.state)
        if role == URL_ROLE:
            return tile.url
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(tile)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"#{tile.index} {tile.state.name.lower()} {tile.short_reason}".strip()
        return None

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if parent.isValid() or self._pager is None or self._cells is not None:
            return False
        if self._total is None:
            return 1 not in self._pages_failed
        return self._rows < self._total and not self._fetching_more

    def fetchMore(self, parent: ModelIndex) -> None:
        # Re-entrancy guard (FeelUOwn's ReaderFetchMoreMixin): Qt may call this again while the
        # previous page is still on its way.
        if parent.isValid() or self._fetching_more or not self.canFetchMore(parent):
            return
        next_page = 1 if self._total is None else self._rows // self._page_size + 1
        self._fetching_more = True
        self.want_pages([next_page])

    # -- tiles --------------------------------------------------------------------------------------

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def showing_cells(self) -> bool:
        return self._cells is not None

    @property
    def pages_fetched(self) -> int:
        return len(self._pages_done)

    @property
    def pages_in_flight(self) -> int:
        return len(self._page_tasks)

    @property
    def page_count(self) -> int:
        if self._total is None:
            return 0
        return max(1, -(-self._total // self._page_size))

    def tile(self, row: int) -> Tile:
        tile = self._tiles.get(row)
        if tile is None:
            if self._cells is not None:
                cell = self._cells[row]
                tile = Tile(
                    index=row + 1,
                    url=cell.url,
                    region=cell.region,
                    start_ms=cell.start_ms,
                    end_ms=cell.end_ms,
                    sheet_index=cell.sheet_index,
                    state=TileState.LOADING,
                )
            else:
                tile = Tile(index=row + 1)
                page_no = row // self._page_size + 1
                failure = self._pages_failed.get(page_no)
                if failure is not None:
                    self._fail_tile(tile, describe_error(failure), self.tr("Page failed"))
            self._tiles[row] = tile
        return tile

    def key_for(self, row: int) -> str:
        tile = self.tile(row)
        if tile.region is not None and tile.url:
            # Cells of one sheet share one fetch of the sheet.
            return f"{self._key_prefix()}sheet:{tile.sheet_index or 0}:{tile.url.split('?', 1)[0]}"
        return f"{self._key_prefix()}{row}"

    def _key_prefix(self) -> str:
        # The pipeline is shared with other features: keys name this model and this load.
        return f"grid{id(self):x}.{self._generation}:"

    def _row_of_key(self, key: str) -> int | None:
        prefix = self._key_prefix()
        if not key.startswith(prefix) or not key[len(prefix) :].isdigit():
            return None
        return int(key[len(prefix) :])

    def pixmap_for(self, row: int) -> QPixmap | None:
        tile = self.tile(row)
        if tile.region is None:
            return self.pixmaps.get(self.key_for(row))
        return self.pixmaps.get(f"{self.key_for(row)}#{row}")

    def tooltip(self, tile: Tile) -> str:
        lines = [self.tr("Snapshot #{index}").replace("{index}", str(tile.index))]
        if tile.start_ms is not None:
            span = format_time_ms(tile.start_ms)
            if tile.end_ms is not None:
                span += f" → {format_time_ms(tile.end_ms)}"
            lines.append(span)
        if tile.state == TileState.FAILED:
            lines.append(tile.reason or tile.short_reason)
        elif tile.state == TileState.LOADED and tile.pixel_size:
            lines.append(f"{tile.pixel_size[0]}×{tile.pixel_size[1]}")
        if tile.is_black:
            lines.append(self.tr("Black frame"))
        if tile.duplicate:
            lines.append(self.tr("Same picture as the previous snapshot"))
        return "\n".join(lines)

    # -- requests -----------------------------------------------------------------------------------

    def on_painted(self, row: int, image_width: int) -> None:
        """The delegate painted ``row``: make sure its page and its image are on their way."""
        if self.hold:
            self._held_rows.add(row)
            return
        self._ensure(row, image_width)

    def _ensure(self, row: int, image_width: int = 0, priority: int = 0) -> None:
        if not 0 <= row < self._rows:
            return
        tile = self.tile(row)
        if tile.url is None:
            if self._cells is None and tile.state != TileState.FAILED:
                self.want_pages([row // self._page_size + 1])
            return
        if tile.state == TileState.FAILED:
            return
        key = self.key_for(row)
        if tile.state == TileState.LOADED:
            pixmap = self.pixmap_for(row)
            # Zoomed in since it was fetched: ask again at the new size (once per size; a picture
            # smaller than the tile stays as it is).
            if pixmap is not None and (
                tile.region is not None or tile.fetched_width >= self.target.width()
            ):
                return
        if key in self._requested:
            self._requested[key].add(row)
            return
        self._request_image(row, key, tile, priority)

    def _request_image(self, row: int, key: str, tile: Tile, priority: int) -> None:
        if self.pipeline is None or tile.url is None:
            return
        if tile.state == TileState.PENDING:
            tile.state = TileState.LOADING
        # A sheet is decoded whole (never enlarged) so its cells stay sharp when cropped.
        target = QSize(SHEET_TARGET) if tile.region is not None else QSize(self.target)
        self._requested[key] = {row}
        tile.fetched_width = self.target.width()
        self.image_requests += 1
        result = self.pipeline.request(key, tile.url, target, priority=priority)
        if result is not None:
            self._on_image_ready(result)

    def focus(self, visible: range, margin: range) -> None:
        """Scrolling settled on ``visible``: keep only its fetches (and the margin's), visible first."""
        self.hold = False
        held, self._held_rows = self._held_rows, set()
        del held
        keep_rows = [r for r in visible if 0 <= r < self._rows]
        margin_rows = [r for r in margin if 0 <= r < self._rows and r not in visible]
        if self._cells is None and self._pager is not None:
            pages: list[int] = []
            for row in keep_rows + margin_rows:
                page_no = row // self._page_size + 1
                if page_no not in pages:
                    pages.append(page_no)
            self._page_queue = [p for p in self._page_queue if p in pages]
            self.want_pages(pages)
        keep_keys = {self.key_for(r) for r in keep_rows + margin_rows}
        dropped = [k for k in self._requested if k not in keep_keys]
        if dropped and self.pipeline is not None:
            self.pipeline.cancel_all_except(keep_keys)
        for key in dropped:
            self._requested.pop(key, None)
        for priority, row in enumerate(keep_rows + margin_rows):
            self._ensure(row, priority=len(keep_rows) + len(margin_rows) - priority)
        self.stats_changed.emit()

    def set_target_width(self, width: int) -> None:
        self.target = QSize(width, max(1, round(width * IMAGE_ASPECT)))
        if self.pipeline is not None:
            self.pipeline.set_target_size(QSize(self.target))

    # -- pages --------------------------------------------------------------------------------------

    def want_pages(self, pages: Iterable[int]) -> None:
        """Queue pages in the given (visible-first) order; at most MAX_PAGES_IN_FLIGHT run at once."""
        if self._pager is None:
            return
        for page_no in pages:
            if page_no < 1 or (self._total is not None and page_no > self.page_count):
                continue
            if (
                page_no in self._pages_done
                or page_no in self._page_tasks
                or page_no in self._page_queue
            ):
                continue
            if page_no in self._pages_failed:
                continue
            self._page_queue.append(page_no)
        self._pump_pages()

    def retry_failed_pages(self) -> None:
        failed = list(self._pages_failed)
        self._pages_failed.clear()
        for page_no in failed:
            first = (page_no - 1) * self._page_size
            for row in range(first, min(self._rows, first + self._page_size)):
                self._tiles.pop(row, None)
        self.want_pages(failed)

    def _pump_pages(self) -> None:
        while self._page_queue and len(self._page_tasks) < MAX_PAGES_IN_FLIGHT:
            page_no = self._page_queue.pop(0)
            self._page_tasks[page_no] = self._spawn(
                self._load_page(page_no, self._generation), f"grid-page-{page_no}"
            )
        self.stats_changed.emit()

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _load_page(self, page_no: int, generation: int) -> None:
        pager = self._pager
        assert pager is not None
        self.page_requests += 1
        try:
            page = await pager.page(page_no)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # every failure is shown, never swallowed
            if not shiboken6.isValid(self) or generation != self._generation:
                return
            log.info("page %d failed: %s", page_no, type(exc).__name__)
            self._page_tasks.pop(page_no, None)
            self._pages_failed[page_no] = exc
            if page_no == 1 and self._total is None:
                self._fetching_more = False
            else:
                self._mark_page_failed(page_no, exc)
            self.page_failed.emit(page_no, exc)
            self._pump_pages()
            return
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._page_tasks.pop(page_no, None)
        self._pages_done.add(page_no)
        self._apply_page(page_no, page)
        self._pump_pages()

    def _apply_page(self, page_no: int, page: Any) -> None:
        first_time = self._total is None
        total = int(getattr(page, "total", 0) or 0)
        if first_time:
            self._total = total
            self.first_page = page
        start = (page_no - 1) * self._page_size
        snapshots = list(getattr(page, "snapshots", ()) or ())
        if self.whole_job:
            if first_time and total > 0:
                self.beginInsertRows(QModelIndex(), 0, total - 1)
                self._rows = total
                self.endInsertRows()
        else:
            end = start + len(snapshots)
            if end > self._rows:
                self.beginInsertRows(QModelIndex(), self._rows, end - 1)
                self._rows = end
                self.endInsertRows()
            self._fetching_more = False
        if first_time:
            self._fetching_more = False
        rows: list[int] = []
        for snap in snapshots:
            row = int(snap.index) - 1
            if not 0 <= row < self._rows:
                row = start + len(rows)
                if not 0 <= row < self._rows:
                    continue
            tile = self.tile(row)
            tile.url = snap.url
            if tile.state == TileState.PENDING:
                tile.state = TileState.LOADING
            rows.append(row)
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))
        if first_time:
            self.first_page_loaded.emit(page)
        self.page_loaded.emit(page_no)
        self.stats_changed.emit()

    def _mark_page_failed(self, page_no: int, exc: BaseException) -> None:
        first = (page_no - 1) * self._page_size
        last = min(self._rows, first + self._page_size) - 1
        if last < first:
            return
        for row in range(first, last + 1):
            tile = self._tiles.get(row)
            if tile is not None:
                self._fail_tile(tile, describe_error(exc), self.tr("Page failed"))
        self.dataChanged.emit(self.index(first), self.index(last))

    def _fail_tile(self, tile: Tile, reason: str, short: str) -> None:
        if tile.state != TileState.FAILED:
            self.failed_count += 1
        tile.state = TileState.FAILED
        tile.reason = reason
        tile.short_reason = short

    # -- images -----------------------------------------------------------------------------------

    def _on_image_ready(self, result: Any) -> None:
        key = str(result.key)
        stale = bool(getattr(result, "stale", False))
        # A stale result is the picture at the previous zoom: show it, keep waiting for the new one.
        rows = self._requested.get(key) if stale else self._requested.pop(key, None)
        if rows is None:
            row_of_key = self._row_of_key(key)
            if row_of_key is None:
                return
            rows = {row_of_key}
        image = getattr(result, "image", None)
        for row in sorted(rows):
            if not 0 <= row < self._rows:
                continue
            tile = self.tile(row)
            was_final = tile.state in (TileState.LOADED, TileState.FAILED)
            tile.http_status = getattr(result, "http_status", None)
            tile.byte_size = getattr(result, "byte_size", None)
            size = getattr(result, "pixel_size", None)
            tile.pixel_size = (size.width(), size.height()) if isinstance(size, QSize) else size
            tile.elapsed_ms = getattr(result, "elapsed_ms", None)
            tile.from_cache = bool(getattr(result, "from_cache", False))
            if getattr(result, "url", None):
                tile.url = result.url
            if image is not None and not image.isNull():
                if tile.region is not None:
                    from snapview.services.images import crop as crop_image  # keeps start-up light

                    original = size if isinstance(size, QSize) else None
                    cell = crop_image(image, tile.region, original_size=original)
                    if cell is None:
                        self._fail_tile(
                            tile,
                            self.tr("The frame lies outside its sprite sheet"),
                            self.tr("Outside sheet"),
                        )
                        index = self.index(row)
                        self.dataChanged.emit(index, index)
                        continue
                    self.pixmaps.put(f"{key}#{row}", QPixmap.fromImage(cell))
                    tile.pixel_size = (tile.region[2], tile.region[3])
                else:
                    self.pixmaps.put(key, QPixmap.fromImage(image))
                    tile.is_black = bool(getattr(result, "is_black", False))
                    tile.signature = getattr(result, "signature", None)
                    self._update_duplicates(row)
                if tile.state == TileState.FAILED:
                    self.failed_count -= 1
                if tile.state != TileState.LOADED:
                    self.loaded_count += 1
                tile.state = TileState.LOADED
                tile.reason = tile.short_reason = ""
            else:
                if tile.state == TileState.LOADED:
                    self.loaded_count -= 1
                kind = getattr(result, "failure", None)
                reason_msg = getattr(result, "reason", None)
                short = short_failure_text(kind, tile.http_status)
                reason = tr_message(reason_msg) if isinstance(reason_msg, Message) else short
                self._fail_tile(tile, reason, short)
            index = self.index(row)
            self.dataChanged.emit(index, index)
            if not was_final and tile.state in (TileState.LOADED, TileState.FAILED):
                self.tile_finished.emit(row)
        self.stats_changed.emit()

    def _update_duplicates(self, row: int) -> None:
        """Mark a tile whose picture equals its neighbour's (a stuck encoder repeats frames)."""
        for this_row in (row, row + 1):
            this = self._tiles.get(this_row)
            prev = self._tiles.get(this_row - 1)
            if this is None or prev is None or this.signature is None or prev.signature is None:
                continue
            duplicate = _same_signature(this.signature, prev.signature)
            if duplicate != this.duplicate:
                this.duplicate = duplicate
                if this_row != row:
                    idx = self.index(this_row)
                    self.dataChanged.emit(idx, idx)

    async def refresh_url_for_key(self, key: str, old_url: str) -> str:
        """The pipeline's ``url_refresher``: a fresh URL for an expired (403) one, via ListSnapshots.
        Keys of other features sharing the pipeline get their own URL back (nothing to refresh)."""
        key = key.removeprefix(PREVIEW_KEY_PREFIX)
        rows = set(self._requested.get(key, set()))
        if not rows:
            row_of_key = self._row_of_key(key)
            if row_of_key is not None:
                rows = {row_of_key}
        if self._pager is None or not rows:
            return old_url
        row = min(rows)
        tile = self.tile(row)
        index = tile.sheet_index if tile.sheet_index is not None else tile.index
        new_url = await self._pager.refresh_url(index)
        for r in rows:
            self.tile(r).url = new_url
        if self._cells is not None:
            for r, cell in enumerate(self._cells):
                if cell.url == old_url:
                    cell.url = new_url
                    if r in self._tiles:
                        self._tiles[r].url = new_url
        return new_url

    def final_rows(self, rows: Iterable[int]) -> bool:
        """True when every row given is loaded or failed (what a user sees as done)."""
        return all(
            self.tile(r).state in (TileState.LOADED, TileState.FAILED)
            for r in rows
            if 0 <= r < self._rows
        )


def _same_signature(a: Any, b: Any) -> bool:
    if isinstance(a, bytes) and isinstance(b, bytes) and len(a) == len(b):
        # A frozen encoder repeats the very same picture; neighbouring frames of a slow scene differ
        # by a little, so the bar is much lower than the general near-duplicate check's.
        return is_near_duplicate(a, b, max_mad=FROZEN_MAX_MAD)
    return bool(a == b)


class TileDelegate(QStyledItemDelegate):
    """Paints a tile: the picture scaled to the zoom, its index and time, and a clear state."""

    MARGIN = 4

    def __init__(self, model: SnapshotGridModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.zoom = 200
        self._small = QFont()
        self._small.setPointSizeF(max(7.0, self._small.pointSizeF() * 0.85))
        self._label_h = QFontMetrics(self._small).height() + 6

    def set_zoom(self, width: int) -> None:
        self.zoom = width

    def image_height(self) -> int:
        return max(16, round(self.zoom * IMAGE_ASPECT))

    def tile_size(self) -> QSize:
        return QSize(
            self.zoom + 2 * self.MARGIN, self.image_height() + self._label_h + 2 * self.MARGIN
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return self.tile_size()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        tile = index.data(TILE_ROLE)
        if not isinstance(tile, Tile):
            return
        row = index.row()
        rect = QRect(option.rect)
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if selected:
            painter.fillRect(
                rect.adjusted(1, 1, -1, -1), palette.color(QPalette.ColorRole.Highlight)
            )
        inner = rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        img = QRect(inner.x(), inner.y(), inner.width(), self.image_height())
        self.model.on_painted(row, img.width())
        pixmap = self.model.pixmap_for(row) if tile.state == TileState.LOADED else None
        base = palette.color(QPalette.ColorRole.Base)
        placeholder = base.darker(112) if base.lightness() > 128 else base.lighter(140)
        if pixmap is not None and not pixmap.isNull():
            painter.fillRect(img, QColor(20, 20, 20))
            scaled = pixmap.size().scaled(img.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(img.center())
            painter.drawPixmap(target, pixmap)
        elif tile.state == TileState.FAILED:
            painter.fillRect(img, QColor(110, 28, 28))
            painter.setPen(QPen(QColor(235, 90, 90), 2))
            painter.drawRect(img.adjusted(1, 1, -1, -1))
            painter.setPen(QColor(255, 235, 235))
            font = QFont(painter.font())
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(
                img.adjusted(6, 6, -6, -6),
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                "⚠ " + (tile.short_reason or self.tr("Failed")),
            )
        else:
            painter.fillRect(img, placeholder)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.setFont(self._small)
            painter.drawText(img, int(Qt.AlignmentFlag.AlignCenter), "…")
        self._paint_badges(painter, img, tile)
        label = QRect(inner.x(), img.bottom() + 2, inner.width(), self._label_h - 2)
        painter.setFont(self._small)
        painter.setPen(
            palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
        )
        metrics = QFontMetrics(self._small)
        number = f"#{tile.index}"
        painter.drawText(
            label, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), number
        )
        when = format_time_ms(tile.start_ms)
        if when:
            if tile.end_ms is not None:
                when += f"–{format_time_ms(tile.end_ms)}"
            room = label.width() - metrics.horizontalAdvance(number) - 8
            painter.drawText(
                label,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(when, Qt.TextElideMode.ElideLeft, max(0, room)),
            )
        painter.restore()

    def _paint_badges(self, painter: QPainter, img: QRect, tile: Tile) -> None:
        badges: list[tuple[str, QColor]] = []
        if tile.is_black:
            badges.append((self.tr("BLACK"), QColor(0, 0, 0)))
        if tile.duplicate:
            badges.append((self.tr("DUP"), QColor(176, 96, 0)))
        if not badges:
            return
        painter.setFont(self._small)
        metrics = QFontMetrics(self._small)
        x = img.x() + 4
        for text, colour in badges:
            width = metrics.horizontalAdvance(text) + 10
            pill = QRect(x, img.y() + 4, width, metrics.height() + 2)
            painter.setPen(QPen(QColor(255, 255, 255), 1))
            painter.setBrush(colour)
            painter.drawRoundedRect(pill, 4, 4)
            painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
            x += width + 4


class ThumbnailGridView(QListView):
    """Icon-mode list of tiles: uniform sizes, batched layout, zoom, keyboard and context menu."""

    preview_requested = Signal(int)  # row
    zoom_requested = Signal(int)  # new zoom width
    status_text = Signal(str)

    def __init__(self, model: SnapshotGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnailGrid")
        self.grid_model = model
        self.tile_delegate = TileDelegate(model, self)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setSpacing(0)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(self.tile_delegate)
        self.setModel(model)
        self.prefetch_lines = 1
        self._last_scroll = 0
        self._direction = 1
        self._settle = QTimer(self)
        self._settle.setObjectName("gridSettleTimer")
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.refocus)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.doubleClicked.connect(lambda idx: self.preview_requested.emit(idx.row()))
        model.rowsInserted.connect(self._schedule_refocus)
        model.modelReset.connect(self._schedule_refocus)
        model.page_loaded.connect(self._after_page)
        self.set_zoom(200)
        self.save_client_factory: Callable[[], Any] | None = None
        self._save_tasks: set[asyncio.Task[Any]] = set()

    # -- zoom ---------------------------------------------------------------------------------------

    def set_zoom(self, width: int) -> None:
        self.tile_delegate.set_zoom(width)
        self.grid_model.set_target_width(width)
        self.setGridSize(self.tile_delegate.tile_size())
        self._schedule_refocus()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_requested.emit(int(self.tile_delegate.zoom + 16 * steps))
            event.accept()
            return
        super().wheelEvent(event)

    # -- what is visible ------------------------------------------------------------------------------

    def columns(self) -> int:
        grid = self.gridSize()
        return max(1, self.viewport().width() // max(1, grid.width()))

    def visible_rows(self) -> range:
        rows = self.model().rowCount()
        if rows == 0:
            return range(0)
        first_rect = self.visualRect(self.model().index(0, 0))
        line_h = max(1, self.gridSize().height())
        cols = self.columns()
        top = -first_rect.y()
        first_line = max(0, top // line_h)
        last_line = max(first_line, (top + self.viewport().height() - 1) // line_h)
        return range(min(rows, first_line * cols), min(rows, (last_line + 1) * cols))

    def margin_rows(self, visible: range) -> range:
        cols = self.columns()
        extra = self.prefetch_lines * cols
        rows = self.model().rowCount()
        if self._direction >= 0:
            return range(visible.stop, min(rows, visible.stop + extra))
        return range(max(0, visible.start - extra), visible.start)

    def _on_scrolled(self, value: int) -> None:
        self._direction = 1 if value >= self._last_scroll else -1
        self._last_scroll = value
        self.grid_model.hold = True
        self._settle.start()

    def _schedule_refocus(self, *args: object) -> None:
        if self.isVisible():
            self._settle.start()

    def refocus(self) -> None:
        visible = self.visible_rows()
        self.grid_model.focus(visible, self.margin_rows(visible))
        self.viewport().update()

    def _after_page(self, page_no: int) -> None:
        # Qt only calls fetchMore when the last row shows; a first page that does not fill the
        # viewport would stop there (FeelUOwn's maybe_trigger_itemview_fetch_more).
        if not self.grid_model.whole_job and self.verticalScrollBar().maximum() == 0:
            QTimer.singleShot(0, self._nudge_fetch_more)

    def _nudge_fetch_more(self) -> None:
        if self.grid_model.canFetchMore(QModelIndex()):
            self.grid_model.fetchMore(QModelIndex())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._schedule_refocus()

    def hideEvent(self, event: QHideEvent) -> None:
        self._settle.stop()
        super().hideEvent(event)

    def closeEvent(self, event: Any) -> None:
        self._settle.stop()
        super().closeEvent(event)

    # -- keyboard and mouse --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.currentIndex()
            if current.isValid():
                self.preview_requested.emit(current.row())
                event.accept()
                return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return rows

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        menu = self.build_context_menu()
        if menu is not None:
            menu.popup(event.globalPos())

    def build_context_menu(self) -> QMenu | None:
        rows = self.selected_rows()
        if not rows:
            return None
        menu = QMenu(self)
        menu.setObjectName("gridContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        tile = self.grid_model.tile(rows[0])
        copy_url = QAction(self.tr("Copy URL"), menu)
        copy_url.setObjectName("action_copy_url")
        copy_url.triggered.connect(lambda: self.copy_urls(rows))
        copy_url.setEnabled(tile.url is not None)
        menu.addAction(copy_url)
        copy_image = QAction(self.tr("Copy image"), menu)
        copy_image.setObjectName("action_copy_image")
        copy_image.triggered.connect(lambda: self.copy_image(rows[0]))
        copy_image.setEnabled(self.grid_model.pixmap_for(rows[0]) is not None)
        menu.addAction(copy_image)
        open_browser = QAction(self.tr("Open in browser"), menu)
        open_browser.setObjectName("action_open_browser")
        open_browser.triggered.connect(lambda: self.open_in_browser(rows[0]))
        open_browser.setEnabled(tile.url is not None)
        menu.addAction(open_browser)
        menu.addSeparator()
        save = QAction(self.tr("Save image(s)…"), menu)
        save.setObjectName("action_save_images")
        save.triggered.connect(lambda: self.choose_folder_and_save(rows))
        menu.addAction(save)
        return menu

    def copy_urls(self, rows: Sequence[int]) -> None:
        urls = [u for u in (self.grid_model.tile(r).url for r in rows) if u]
        QGuiApplication.clipboard().setText("\n".join(urls))
        self.status_text.emit(self.tr("Copied {n} URL(s)").replace("{n}", str(len(urls))))

    def copy_image(self, row: int) -> None:
        pixmap = self.grid_model.pixmap_for(row)
        if pixmap is not None:
            QGuiApplication.clipboard().setPixmap(pixmap)
            self.status_text.emit(self.tr("Image copied"))

    def open_in_browser(self, row: int) -> None:
        url = self.grid_model.tile(row).url
        if url:
            QDesktopServices.openUrl(QUrl(url))

    def choose_folder_and_save(self, rows: Sequence[int]) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, self.tr("Save images to folder"))
        if folder:
            self.save_images(rows, folder)

    def save_images(self, rows: Sequence[int], folder: str) -> asyncio.Task[int]:
        """Download the originals of ``rows`` into ``folder``; reports progress in ``status_text``."""
        items = [(self.grid_model.tile(r).index, self.grid_model.tile(r).url) for r in rows]
        task = asyncio.get_event_loop().create_task(
            self._save(items, folder), name="grid-save-images"
        )
        self._save_tasks.add(task)
        task.add_done_callback(self._save_tasks.discard)
        return task

    async def _save(self, items: Sequence[tuple[int, str | None]], folder: str) -> int:
        import os

        import httpx

        saved = failed = 0
        timeout = httpx.Timeout(20.0, connect=5.0)
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client:
            for index, url in items:
                if not url:
                    failed += 1
                    continue
                try:
                    response = await client.get(url)
                    response.raise_for_status()
                except httpx.HTTPError:
                    failed += 1
                    continue
                suffix = os.path.splitext(url.split("?", 1)[0])[1] or ".jpg"
                path = os.path.join(folder, f"snapshot-{index:05d}{suffix}")
                with open(path, "wb") as handle:  # noqa: ASYNC230 - small files, local disk
                    handle.write(response.content)
                saved += 1
        text = (
            self.tr("Saved {saved} image(s) to {folder}")
            .replace("{saved}", str(saved))
            .replace("{folder}", folder)
        )
        if failed:
            text += " — " + self.tr("{n} failed").replace("{n}", str(failed))
        with contextlib.suppress(RuntimeError):
            self.status_text.emit(text)
        return saved


def point_of_row(view: ThumbnailGridView, row: int) -> QPoint:
    """Centre of a tile in viewport coordinates (tests and the demo use it to click like a user)."""
    return view.visualRect(view.model().index(row, 0)).center()
