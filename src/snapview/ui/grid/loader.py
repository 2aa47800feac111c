"""What to fetch for a tile view, and when: the scheduler between the tiles, the pager and the pipeline.

Only what is painted is ever requested (calibre's ``CoverDelegate.paint``): the delegate tells the
loader which row it painted (:meth:`TileLoader.on_painted`), the loader makes sure that row's
picture is on its way (:meth:`TileLoader.ensure_tile_requested`) and hands the pipeline's answer to
the model. While the user scrolls the view calls :meth:`TileLoader.pause_requests`; when scrolling
settles, :meth:`TileLoader.settle_on` drops every queued fetch for tiles that left the view and
re-queues the visible ones first (gwenview's ``removePendingItems`` + timer).

:class:`GridLoader` adds the pages of a snapshot job: a painted tile whose ListSnapshots page has
not arrived asks for that page (:meth:`GridLoader.queue_pages`), visible pages first. The pager
(:class:`~snapview.services.snapshot_listing.SnapshotListing`) fetches, caches, de-duplicates and
bounds how many requests run at once; the loader only decides the order, so dragging the scrollbar
to the end fetches the last pages, not every page in between.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QSize, QTimer, SignalInstance

from snapview.ui.grid.gaps import GridGaps
from snapview.ui.grid.tiles import PREVIEW_KEY_PREFIX, TILE_ASPECT, Tile, TileState

if TYPE_CHECKING:
    from snapview.core.snapshots import SnapshotPage
    from snapview.services.images import ImageResult
    from snapview.services.snapshot_listing import SnapshotListing
    from snapview.ui.grid.model import SnapshotGridModel
    from snapview.ui.grid.tile_model import TileListModel

log = logging.getLogger("snapview.grid")

DEFAULT_PAGE_SIZE = 100  # rows per page before a pager says otherwise


class ImageSource(Protocol):
    """What tile views need from :class:`snapview.services.images.ImagePipeline`."""

    @property
    def image_ready(self) -> SignalInstance:
        """Emits the :class:`~snapview.services.images.ImageResult` of a request, on the GUI thread."""
        ...

    def request(
        self, key: Hashable, url: str, target: QSize, *, priority: int = 0
    ) -> ImageResult | None: ...

    def cancel(self, key: Hashable) -> None: ...

    def forget(self, keys: Iterable[Hashable]) -> None: ...

    async def load(
        self, url: str, target: QSize, *, key: Hashable | None = None, priority: int = 0
    ) -> ImageResult: ...

    def cancel_many(self, keys: Iterable[Hashable]) -> None: ...

    def send_now(self) -> None: ...

    def set_target_size(self, size: QSize) -> None: ...


class TileLoader(QObject):
    """Requests the pictures of painted rows from the pipeline and gives the answers to the model."""

    def __init__(
        self, model: TileListModel, pipeline: ImageSource | None, *, target: QSize
    ) -> None:
        super().__init__(model)
        self.model = model
        self.pipeline: ImageSource | None = None
        self.paused = False  # the view is scrolling: painted rows wait for it to settle
        self.target = QSize(target)
        self.image_requests = 0
        self._requested: dict[str, set[int]] = {}  # pipeline key -> rows waiting for it
        self._margin: list[tuple[int, int]] = []  # (row, priority) to fetch after the visible
        self._margin_waits_for: set[str] = set()  # the visible pictures still on their way
        # The counts are said once per batch of pictures, at the end of the event-loop turn that
        # brought it, not once per picture: each saying sets the status bar's labels and asks the
        # inspector and the navigation whether the viewport is done, GUI-thread work that held
        # back the network thread's share of the GIL while a viewport loads (issue #14).
        self._stats_due = QTimer(self)
        self._stats_due.setObjectName("tileStatsTimer")
        self._stats_due.setSingleShot(True)
        self._stats_due.setInterval(0)
        self._stats_due.timeout.connect(model.stats_changed.emit)
        if pipeline is not None:
            self.set_pipeline(pipeline)

    def set_pipeline(self, pipeline: ImageSource) -> None:
        if pipeline is self.pipeline:
            return
        if self.pipeline is not None:
            self.pipeline.image_ready.disconnect(self._on_image_ready)
        self.pipeline = pipeline
        pipeline.image_ready.connect(self._on_image_ready)

    def reset(self) -> None:
        """The model got new rows: what was asked for the old ones is cancelled and forgotten."""
        if self.pipeline is not None:
            for key in self._requested:
                self.pipeline.cancel(key)
        self._requested.clear()
        self._margin.clear()
        self._margin_waits_for.clear()

    # -- pause and settle (the view drives these) --

    def pause_requests(self) -> None:
        """The user is scrolling: rows painted now are not requested (they may fly past)."""
        self.paused = True

    def settle_on(
        self, visible: Sequence[int], margin: Sequence[int], *, send_now: bool = False
    ) -> None:
        """Scrolling settled on ``visible``: keep only its fetches (and the margin's), visible first.
        ``send_now`` hands the requests to the network thread at once instead of at the end of this
        event-loop turn (a load's first rows, before their first paint)."""
        self.paused = False
        rows = self.model.rowCount()
        wanted = [r for r in visible if 0 <= r < rows]
        shown = set(visible)
        margin_rows = [r for r in margin if 0 <= r < rows and r not in shown]
        wanted += margin_rows
        self._before_settle(wanted)
        keep_keys = {self.model.key_for(r) for r in wanted}
        dropped = [k for k in self._requested if k not in keep_keys]
        if dropped and self.pipeline is not None:
            self.pipeline.cancel_many(dropped)  # only the grid's own: the pipeline is shared
        for key in dropped:
            self._requested.pop(key, None)
        count = len(wanted)
        seen = count - len(margin_rows)
        for position, row in enumerate(wanted[:seen]):
            self.ensure_tile_requested(row, priority=count - position)
        # The margin is fetched once the visible pictures are in: fetched beside them, its
        # downloads and decodes took CPU and the GIL from the last of them (issue #14).
        self._margin = [(row, count - seen - position) for position, row in enumerate(margin_rows)]
        self._margin_waits_for = {self.model.key_for(r) for r in wanted[:seen]} & set(
            self._requested
        )
        self._request_margin_when_due()
        if send_now and self.pipeline is not None:
            self.pipeline.send_now()
        self.model.stats_changed.emit()

    def _request_margin_when_due(self) -> None:
        if self._margin and not self._margin_waits_for:
            margin, self._margin = self._margin, []
            for row, priority in margin:
                self.ensure_tile_requested(row, priority=priority)

    def _before_settle(self, rows: list[int]) -> None:
        """Hook: ``rows`` (visible first) are about to be requested."""

    # -- requests --

    def on_painted(self, row: int) -> None:
        """The delegate painted ``row``: make sure its picture is on its way (unless scrolling)."""
        if not self.paused:
            self.ensure_tile_requested(row)

    def ensure_tile_requested(self, row: int, priority: int = 0) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        tile = self.model.tile(row)
        if tile.url is None:
            self._tile_without_url(row, tile)
            return
        if tile.state == TileState.FAILED:
            return
        # Zoomed in since it was fetched: ask again at the new size (once per size; a picture
        # smaller than the tile stays as it is). An evicted pixmap is fetched again too.
        if (
            tile.state == TileState.LOADED
            and self.model.pixmap_for(row) is not None
            and (tile.region is not None or tile.fetched_width >= self.target.width())
        ):
            return
        key = self.model.key_for(row)
        waiting = self._requested.get(key)
        if waiting is not None:
            waiting.add(row)
            return
        self._request(row, key, tile, priority)

    def _tile_without_url(self, row: int, tile: Tile) -> None:
        """Hook: ``row`` was painted before its URL is known."""

    def _request(self, row: int, key: str, tile: Tile, priority: int) -> None:
        if self.pipeline is None or tile.url is None:
            return
        if tile.state == TileState.PENDING:
            tile.state = TileState.LOADING
        self._requested[key] = {row}
        tile.fetched_width = self.target.width()
        self.image_requests += 1
        target = self.model.image_target(row, self.target)
        result = self.pipeline.request(key, tile.url, target, priority=priority)
        if result is not None:
            self._on_image_ready(result)

    def _on_image_ready(self, result: ImageResult) -> None:
        key = str(result.key)
        # A stale result is the picture at the previous zoom: show it, keep waiting for the new one.
        rows = self._requested.get(key) if result.stale else self._requested.pop(key, None)
        if rows is None:
            rows = set(self.model.rows_for_key(key))  # finished before a settle let it go
            if not rows:
                return  # another feature's (or an earlier load's) picture
        self.model.apply_image(key, sorted(rows), result)
        if not self._stats_due.isActive():
            self._stats_due.start()
        if self._margin:
            self._margin_waits_for.discard(key)
            self._request_margin_when_due()

    def retry(self, rows: Iterable[int]) -> int:
        """Fetch the failed ones of ``rows`` again, past the remembered failure: how many."""
        model = self.model
        tiles = model.made_tiles()
        changed = [r for r in rows if r in tiles and tiles[r].state == TileState.FAILED]
        for row in changed:  # back to pending: painted or settled on, it is fetched anew
            tiles[row].state = TileState.PENDING
            tiles[row].reason = tiles[row].short_reason = ""
            model.dataChanged.emit(model.index(row), model.index(row))
        model.failed_count -= len(changed)
        if self.pipeline is not None:
            self.pipeline.forget({self.model.key_for(r) for r in changed})
        for key in {self.model.key_for(r) for r in changed}:
            self._requested.pop(key, None)
        for row in changed:
            self.ensure_tile_requested(row, priority=1)
        self.model.stats_changed.emit()
        return len(changed)

    def failed_rows(self) -> list[int]:
        tiles = self.model.made_tiles()
        return sorted(row for row, tile in tiles.items() if tile.state == TileState.FAILED)

    def waiting_rows(self, key: str) -> set[int]:
        """The rows waiting for ``key``'s picture (empty when it is not being fetched)."""
        return set(self._requested.get(key, ()))


class GridLoader(TileLoader):
    """A :class:`TileLoader` for :class:`~snapview.ui.grid.model.SnapshotGridModel`: adds the pages
    of the job (from its pager, visible pages first) and the zoom the pipeline decodes at."""

    model: SnapshotGridModel

    def __init__(self, model: SnapshotGridModel, pipeline: ImageSource | None) -> None:
        super().__init__(model, None, target=QSize(200, round(200 * TILE_ASPECT)))
        self.pager: SnapshotListing | None = None
        self.page_requests = 0
        self._generation = 0
        self._page_tasks: dict[int, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.gaps = GridGaps(model)  # the pages that failed, as gaps with a Retry
        if pipeline is not None:
            self.set_pipeline(pipeline)

    def set_pipeline(self, pipeline: ImageSource) -> None:
        super().set_pipeline(pipeline)
        pipeline.set_target_size(QSize(self.target))

    def set_target_width(self, width: int) -> None:
        """The zoom changed: tiles are decoded ``width`` pixels wide from now on."""
        self.target = QSize(width, max(1, round(width * TILE_ASPECT)))
        if self.pipeline is not None:
            self.pipeline.set_target_size(QSize(self.target))

    def reset(self) -> None:
        super().reset()
        self._generation += 1
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()
        self._page_tasks.clear()
        self.pager = None
        self.page_requests = self.image_requests = 0

    def stop(self) -> Coroutine[Any, Any, None]:
        """Cancel every page fetch now (the pager's requests too); await the result to wait until
        they have ended. Touches no Qt object: it also runs when the window is already gone."""
        pager = self.pager
        tasks = [t for t in self._tasks if not t.done()]
        for task in tasks:
            task.cancel()
        if pager is not None:
            pager.cancel()
        return self._stopped(pager, tasks)

    async def _stopped(
        self, pager: SnapshotListing | None, tasks: list[asyncio.Task[None]]
    ) -> None:
        if tasks:
            await asyncio.wait(tasks, timeout=5)
        if pager is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pager.wait_idle(), timeout=5)

    # -- page arithmetic (the pager's page size) --

    @property
    def page_size(self) -> int:
        return max(1, self.pager.page_size) if self.pager is not None else DEFAULT_PAGE_SIZE

    def page_of_row(self, row: int) -> int:
        """The page that holds ``row``."""
        if self.pager is not None:
            return self.pager.page_of_index(row + 1)
        return row // DEFAULT_PAGE_SIZE + 1

    def rows_of_page(self, page_no: int) -> range:
        first = (page_no - 1) * self.page_size
        return range(first, first + self.page_size)

    def retry(self, rows: Iterable[int]) -> int:
        """Also the pages of ``rows`` that could not be listed: they are asked again (a gap's Retry)."""
        rows = list(rows)
        pages = dict.fromkeys(self.page_of_row(r) for r in rows)
        failed = [p for p in pages if self.model.page_failure(p, forget=True) is not None]
        rows += [r for p in failed for r in self.rows_of_page(p)]  # the whole gap, not one tile
        count = super().retry(dict.fromkeys(rows))
        self.queue_pages(failed)
        return count

    @property
    def pages_in_flight(self) -> int:
        return len(self._page_tasks)

    # -- pages --

    def queue_pages(self, pages: Iterable[int]) -> None:
        """Ask the pager for ``pages`` in the given (visible-first) order; a page it already holds is
        shown at once, one that failed is not asked again. The pager bounds how many run at once."""
        pager = self.pager
        if pager is None:
            return
        count = pager.page_count
        for page_no in pages:
            if page_no < 1 or (count is not None and page_no > count):
                continue
            if page_no in self._page_tasks or self.model.page_failure(page_no) is not None:
                continue
            cached = pager.cached(page_no)
            if cached is not None:
                self.model.apply_page(page_no, cached)
                continue
            task = asyncio.get_event_loop().create_task(
                self._load_page(pager, page_no, self._generation), name=f"grid-page-{page_no}"
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            self._page_tasks[page_no] = task
        self.model.stats_changed.emit()

    def _stale(self, generation: int) -> bool:
        return not shiboken6.isValid(self.model) or generation != self._generation

    async def _load_page(self, pager: SnapshotListing, page_no: int, generation: int) -> None:
        self.page_requests += 1
        try:
            page = await pager.page(page_no)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # every failure is shown, never swallowed
            if self._stale(generation):
                return
            log.info("page %d failed: %s", page_no, type(exc).__name__)
            self._page_tasks.pop(page_no, None)
            self.model.fail_page(page_no, exc)
            return
        if self._stale(generation):
            return
        self._page_tasks.pop(page_no, None)
        self.model.apply_page(page_no, page)
        self.model.stats_changed.emit()

    def _tile_without_url(self, row: int, tile: Tile) -> None:
        if not self.model.showing_cells and tile.state != TileState.FAILED:
            self.queue_pages([self.page_of_row(row)])

    def _before_settle(self, rows: list[int]) -> None:
        if self.pager is None or self.model.showing_cells:
            return
        pages = dict.fromkeys(self.pager.page_of_index(row + 1) for row in rows)
        self.queue_pages(pages)

    # -- expired links --

    async def refresh_url_for_key(self, key: str, old_url: str) -> str:
        """A fresh URL for an expired (403) one, via the pager; other features' keys get theirs back."""
        key = key.removeprefix(PREVIEW_KEY_PREFIX)
        rows = self.waiting_rows(key) or set(self.model.rows_for_key(key))
        pager = self.pager
        if pager is None or not rows:
            return old_url
        tile = self.model.tile(min(rows))
        index = tile.sheet_index if tile.sheet_index is not None else tile.index
        generation = self._generation
        # Many links of a page expire together: once one refresh brought the page again, the
        # pager's copy has every fresh link (even before that refresh's caller has resumed).
        new_url = _url_in(pager.cached(pager.page_of_index(index)), index)
        if new_url is None or new_url == old_url:
            new_url = await pager.refresh_url(index)
        if not self._stale(generation):
            self.model.replace_url(rows, old_url, new_url)
            # The fresh page renews every link on it: its other tiles need no refresh of their own.
            fresh = None if self.model.showing_cells else pager.cached(self.page_of_row(min(rows)))
            if fresh is not None:
                self.model.apply_page(fresh.page_no, fresh)
        return new_url


def _url_in(page: SnapshotPage | None, index: int) -> str | None:
    for snapshot in page.snapshots if page is not None else ():
        if snapshot.index == index:
            return snapshot.url
    return None
