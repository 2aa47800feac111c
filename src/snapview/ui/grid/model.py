"""The snapshot grid's model: rows of :class:`~snapview.ui.grid.tiles.Tile` and their pixmaps,
nothing else. On :class:`~snapview.ui.grid.tile_model.TileListModel` (what every tile view
shares) :class:`SnapshotGridModel` adds the rows of a snapshot job — placeholder tiles until their
ListSnapshots page arrives, or a fixed list of :class:`~snapview.ui.grid.tiles.Cell` frames — and
the badges a reviewer looks for (black frames, a frozen encoder repeating a picture). Deciding
*what* to fetch and *when* is the loader's job (:mod:`snapview.ui.grid.loader`); the model only
records what arrived.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSize,
    Qt,
    Signal,
)

from snapview.core.frame_checks import is_near_duplicate
from snapview.core.snapshots import SnapshotPage
from snapview.ui.grid.loader import GridLoader, ImageSource
from snapview.ui.grid.tile_model import ModelIndex, TileListModel
from snapview.ui.grid.tiles import (
    Cell,
    Tile,
    TileState,
    describe_error,
    format_time_ms,
)

if TYPE_CHECKING:
    from snapview.services.snapshot_listing import SnapshotListing

log = logging.getLogger("snapview.grid")

SHEET_TARGET = QSize(4096, 4096)
FROZEN_MAX_MAD = 0.75


class SnapshotGridModel(TileListModel):
    """Rows are snapshot indexes (1-based index = row + 1), or frames given by :meth:`set_cells`.

    The first page comes through ``fetchMore``; once ``Total`` is known the model grows to the whole
    job with placeholder tiles (``whole_job=True``), so the scrollbar shows everything and the pages
    of painted tiles are fetched on demand. With ``whole_job=False`` rows grow page by page through
    ``canFetchMore``/``fetchMore`` as Qt asks for more at the bottom. :attr:`loader` decides what is
    fetched; this class forwards the few loading calls the video feature makes.
    """

    first_page_loaded = Signal(object)  # SnapshotPage
    page_loaded = Signal(int)  # page number
    page_failed = Signal(int, object)  # page number, exception

    def __init__(
        self,
        pipeline: ImageSource | None,
        parent: QObject | None = None,
        *,
        whole_job: bool = True,
    ) -> None:
        super().__init__(parent)
        self.whole_job = whole_job
        self._generation = 0
        self._prefix = self._make_prefix()
        self._cells: list[Cell] | None = None
        self._sheet_rows: dict[str, list[int]] = {}  # sheet key -> the rows cut from it
        self._total: int | None = None
        self._failed_pages: dict[int, BaseException] = {}
        self._fetching_more = False
        self._pages_fetched: int | None = None  # see pages_fetched
        self.first_page: SnapshotPage | None = None
        self.loader = GridLoader(self, pipeline)
        # The review session's board answers "what mark has snapshot #i" (ui/review sets it).
        self.review_marks: Callable[[int], Any] | None = None
        self._scan_findings: dict[int, tuple[tuple[str, str], ...]] = {}  # see set_scan_findings

    # -- sources --

    def set_pipeline(self, pipeline: ImageSource) -> None:
        """Attach the image pipeline when it is made after the model (it is costly to start)."""
        self.loader.set_pipeline(pipeline)

    def set_pager(self, pager: SnapshotListing) -> None:
        """Show the snapshots of ``pager``; nothing is fetched until a view asks (``fetchMore``)."""
        self._reset()
        self.loader.pager = pager

    def set_cells(
        self,
        cells: Sequence[Cell],
        pager: SnapshotListing | None = None,
        first_page: SnapshotPage | None = None,
    ) -> None:
        """Show a fixed list of frames (sprite cells, WebVTT cues); ``pager`` refreshes sheet URLs."""
        self._reset()
        self.loader.pager = pager
        self.first_page = first_page
        self._cells = list(cells)
        self._total = len(self._cells)
        for row, cell in enumerate(self._cells):
            if cell.region is not None:
                self._sheet_rows.setdefault(self._sheet_key(cell), []).append(row)
        if self._cells:
            self.beginInsertRows(QModelIndex(), 0, len(self._cells) - 1)
            self._rows = len(self._cells)
            self.endInsertRows()
        self.stats_changed.emit()

    def clear(self) -> None:
        self._reset()

    async def aclose(self) -> None:
        """Stop every page fetch (the pager's own requests too) and wait until they have ended."""
        stopped = self.loader.stop()
        if shiboken6.isValid(self):  # the window (our parent) may already be gone at shutdown
            self._reset()
        await stopped

    def _reset(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._prefix = self._make_prefix()
        self.loader.reset()
        self._cells = None
        self._sheet_rows.clear()
        self._rows = 0
        self._forget_tiles()
        self._total = None
        self._failed_pages.clear()
        self._fetching_more = False
        self._pages_fetched = None
        self.first_page = None
        self.endResetModel()

    # -- what the video feature reads --

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def showing_cells(self) -> bool:
        return self._cells is not None

    @property
    def pages_fetched(self) -> int:
        """Pages of this job the pager holds (it fetches and caches them; the model does not count).

        Read after every tile that loads (the status bar), so the answer is kept until a page
        arrives: asking the pager about each of a job's pages each time cost 0.16 ms per tile."""
        pager = self.loader.pager
        if pager is None or self._cells is not None:
            return 0
        if self._pages_fetched is None:
            count = pager.page_count or 0
            self._pages_fetched = sum(1 for n in range(1, count + 1) if pager.cached(n) is not None)
        return self._pages_fetched

    @property
    def page_count(self) -> int:
        pager = self.loader.pager
        if pager is None or self._total is None:
            return 0
        return pager.page_count or 0

    @property
    def pages_in_flight(self) -> int:
        return self.loader.pages_in_flight

    @property
    def page_requests(self) -> int:
        return self.loader.page_requests

    @page_requests.setter
    def page_requests(self, count: int) -> None:
        self.loader.page_requests = count

    @property
    def image_requests(self) -> int:
        return self.loader.image_requests

    @property
    def target(self) -> QSize:
        """The size tiles are decoded at (the zoom)."""
        return QSize(self.loader.target)

    @property
    def hold(self) -> bool:
        """Requests are paused while the user scrolls. Kept until arch-wiring lands (the video
        feature's screenshot driver reads it); new code reads ``loader.paused``."""
        return self.loader.paused

    async def refresh_url_for_key(self, key: str, old_url: str) -> str:
        """The pipeline's ``url_refresher``: a fresh URL for an expired (403) one, via the pager.
        Keys of other features sharing the pipeline get their own URL back (nothing to refresh)."""
        return await self.loader.refresh_url_for_key(key, old_url)

    # -- Qt model API --

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        tile = self.tile(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return f"#{tile.index}"
        if role == self.TileRole:
            return tile
        if role == self.StateRole:
            return tile.state
        if role == self.ReviewMarkRole:
            return self.review_mark(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(tile)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"#{tile.index} {tile.state.value} {tile.short_reason}".strip()
        return None

    def review_mark(self, row: int) -> Any:
        """The review decision shown on ``row``'s tile, if any (what ``ReviewMarkRole`` gives)."""
        marks = self.review_marks
        return None if marks is None else marks(self.tile(row).index)

    def review_marks_changed(self, indices: Iterable[int] | None) -> None:
        """Repaint the tiles of these 1-based snapshot indices (None: every tile)."""
        rows = [i - 1 for i in indices] if indices is not None else None
        rows = [r for r in rows if 0 <= r < self._rows] if rows is not None else None
        if rows is None and self._rows:
            self.dataChanged.emit(self.index(0), self.index(self._rows - 1), [self.ReviewMarkRole])
        elif rows:
            roles = [self.ReviewMarkRole]
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)), roles)

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if parent.isValid() or self.loader.pager is None or self._cells is not None:
            return False
        if self._total is None:
            return 1 not in self._failed_pages
        return self._rows < self._total and not self._fetching_more

    def fetchMore(self, parent: ModelIndex) -> None:
        # Re-entrancy guard (FeelUOwn's ReaderFetchMoreMixin): Qt may call this again while the
        # previous page is still on its way.
        pager = self.loader.pager
        if parent.isValid() or self._fetching_more or not self.canFetchMore(parent):
            return
        assert pager is not None
        next_page = 1 if self._total is None else pager.page_of_index(self._rows + 1)
        self._fetching_more = True
        self.loader.queue_pages([next_page])

    # -- tiles and keys --

    def _new_tile(self, row: int) -> Tile:
        if self._cells is not None:
            cell = self._cells[row]
            return Tile(index=row + 1, url=cell.url, cell=cell, state=TileState.LOADING)
        tile = Tile(index=row + 1, scan_findings=self._scan_findings.get(row + 1, ()))
        failure = self._failed_pages.get(self.loader.page_of_row(row))
        if failure is not None:
            self.fail_tile(tile, describe_error(failure), self.tr("Page failed"))
        return tile

    def key_for(self, row: int) -> str:
        if self._cells is not None and self._cells[row].region is not None:
            return self._sheet_key(self._cells[row])
        return f"{self._key_prefix()}{row}"

    def _sheet_key(self, cell: Cell) -> str:
        # Cells of one sheet share one fetch of the sheet; the link's token is not part of the key.
        return f"{self._key_prefix()}sheet:{cell.sheet_index or 0}:{cell.url.split('?', 1)[0]}"

    def _key_prefix(self) -> str:
        return self._prefix  # made once per load: every paint asks for keys

    def _make_prefix(self) -> str:
        # The pipeline is shared with other features: keys name this model and this load.
        return f"grid{id(self):x}.{self._generation}:"

    def rows_for_key(self, key: str) -> Iterable[int]:
        prefix = self._key_prefix()
        if not key.startswith(prefix):
            return ()
        rest = key[len(prefix) :]
        if rest.isdigit():
            return (int(rest),)
        return self._sheet_rows.get(key, ())

    def _is_cell(self, row: int) -> bool:
        return self._cells is not None and self._cells[row].region is not None

    def pixmap_key(self, row: int) -> str:
        key = self.key_for(row)
        return f"{key}#{row}" if self._is_cell(row) else key

    def image_target(self, row: int, target: QSize) -> QSize:
        # A sheet is decoded whole (never enlarged) so its cells stay sharp when cropped.
        return QSize(SHEET_TARGET) if self._is_cell(row) else QSize(target)

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
        if self.review_marks is not None:  # the review decision, and who made it
            from snapview.ui.review.marks import describe_mark

            lines.append(describe_mark(self.review_marks(tile.index)))
        lines.extend(sentence for _, sentence in tile.scan_findings)
        return "\n".join(line for line in lines if line)

    def replace_url(self, rows: Iterable[int], old_url: str, new_url: str) -> None:
        """A refreshed link for ``rows`` (and every frame cut from the same sheet)."""
        for row in rows:
            self.tile(row).url = new_url
        for row, cell in enumerate(self._cells or ()):
            if cell.url == old_url:
                cell.url = new_url
                if row in self._tiles:
                    self._tiles[row].url = new_url

    # -- pages --

    def failed_page_numbers(self) -> list[int]:
        """The pages whose listing failed (and was not retried since), in order."""
        return sorted(p for p in self._failed_pages if 1 <= p <= self.page_count)

    def page_failure(self, page_no: int, *, forget: bool = False) -> BaseException | None:
        return (self._failed_pages.pop if forget else self._failed_pages.get)(page_no, None)

    def apply_page(self, page_no: int, page: SnapshotPage) -> None:
        """Page ``page_no`` arrived (or was already in the pager's cache): give its tiles their URLs.
        Applying a page twice changes nothing and says nothing."""
        self._pages_fetched = None  # the pager's cache may hold one more page (or a new job's)
        first_time = self._total is None
        if first_time:
            self._total = page.total
            self.first_page = page
        start = self.loader.rows_of_page(page_no).start
        grew = False
        if self.whole_job:
            if first_time and page.total > 0:
                self.beginInsertRows(QModelIndex(), 0, page.total - 1)
                self._rows = page.total
                self.endInsertRows()
        else:
            end = start + len(page.snapshots)
            if end > self._rows:
                self.beginInsertRows(QModelIndex(), self._rows, end - 1)
                self._rows = end
                self.endInsertRows()
                grew = True
        changed: list[int] = []
        for position, snap in enumerate(page.snapshots):
            row = snap.index - 1
            if not 0 <= row < self._rows:
                row = start + position
                if not 0 <= row < self._rows:
                    continue
            tile = self.tile(row)
            if snap.offset_s is not None:
                tile.offset_ms = round(snap.offset_s * 1000)
            if tile.url == snap.url:
                continue
            tile.url = snap.url
            if tile.state == TileState.PENDING:
                tile.state = TileState.LOADING
            changed.append(row)
        self._fetching_more = False
        if not (first_time or grew or changed):
            return  # a page from the pager's cache that this model already shows
        inserted_now = first_time and self.whole_job  # the views lay these rows out anew anyway
        if changed and not inserted_now:
            # Qt's views ask the visual rectangle of every row in the range (a Python call each).
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
        if first_time:
            self.first_page_loaded.emit(page)
        self.page_loaded.emit(page_no)
        self.stats_changed.emit()

    def fail_page(self, page_no: int, error: BaseException) -> None:
        """Page ``page_no`` could not be fetched: its tiles say why (the first page: a message)."""
        self._failed_pages[page_no] = error
        if page_no == 1 and self._total is None:
            self._fetching_more = False
        else:
            page_rows = self.loader.rows_of_page(page_no)
            rows = range(page_rows.start, min(page_rows.stop, self._rows))
            if rows:
                for row in rows:
                    tile = self._tiles.get(row)
                    if tile is not None:
                        self.fail_tile(tile, describe_error(error), self.tr("Page failed"))
                self.dataChanged.emit(self.index(rows[0]), self.index(rows[-1]))
        self.page_failed.emit(page_no, error)
        self.stats_changed.emit()

    # -- the whole-video scan's findings (ui/scan) --

    def set_scan_findings(self, findings: dict[int, tuple[tuple[str, str], ...]]) -> None:
        """Badge snapshots by 1-based index with (badge, sentence) pairs; kept across resets until
        replaced, so tiles made later (not yet scrolled to) get theirs too."""
        self._scan_findings = dict(findings) if self._cells is None else {}
        for row, tile in self._tiles.items():
            tile.scan_findings = self._scan_findings.get(row + 1, ())
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(self._rows - 1))

    # -- duplicates --

    def _after_loaded(self, row: int) -> None:
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


def _same_signature(a: bytes, b: bytes) -> bool:
    if len(a) == len(b):
        # A frozen encoder repeats the very same picture; neighbouring frames of a slow scene differ
        # by a little, so the bar is much lower than the general near-duplicate check's.
        return is_near_duplicate(a, b, max_mad=FROZEN_MAX_MAD)
    return a == b
