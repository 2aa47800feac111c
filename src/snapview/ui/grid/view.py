"""The thumbnail grid's view: an icon-mode list of uniform tiles with zoom, keyboard and menu.

Scrolling drives the loader: every scroll step pauses requests (:meth:`TileLoader.pause_requests`)
and restarts a short single-shot timer; when it fires the scrolling has settled, and the loader is
told which rows are visible and which margin comes next in the scrolling direction
(:meth:`TileLoader.settle_on`). A fling over 10,000 tiles therefore fetches only where it stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QContextMenuEvent,
    QHideEvent,
    QKeyEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from snapview.ui.grid.context_menu import GridContextMenu
from snapview.ui.grid.delegate import TileDelegate
from snapview.ui.grid.model import SnapshotGridModel

if TYPE_CHECKING:
    from snapview.services.downloads import OriginalsSaver

SETTLE_MS = 60  # scrolling counts as settled after this long without movement


class ThumbnailGridView(QListView):
    """Icon-mode list of tiles: uniform sizes, batched layout, zoom, keyboard and context menu."""

    preview_requested = Signal(int)  # row
    zoom_requested = Signal(int)  # new zoom width
    status_text = Signal(str)

    def __init__(
        self,
        model: SnapshotGridModel,
        parent: QWidget | None = None,
        *,
        saver: OriginalsSaver | None = None,
    ) -> None:
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
        self.context_menu = GridContextMenu(self, saver)
        self.prefetch_lines = 1
        self._last_scroll = 0
        self._direction = 1
        self._settle = QTimer(self)
        self._settle.setObjectName("gridSettleTimer")
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_scroll_settled)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.doubleClicked.connect(lambda idx: self.preview_requested.emit(idx.row()))
        model.rowsInserted.connect(self._schedule_settle)
        model.modelReset.connect(self._schedule_settle)
        model.page_loaded.connect(self._after_page)
        self.set_zoom(200)

    def set_saver(self, saver: OriginalsSaver) -> None:
        """Where "Save image(s)…" downloads through (the app's one HTTP client)."""
        self.context_menu.saver = saver

    # -- zoom ---------------------------------------------------------------------------------------

    def set_zoom(self, width: int) -> None:
        self.tile_delegate.set_zoom(width)
        self.grid_model.loader.set_target_width(width)
        self.setGridSize(self.tile_delegate.tile_size())
        self._schedule_settle()

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
        """The line(s) after ``visible`` in the scrolling direction: fetched next, at lower priority."""
        cols = self.columns()
        extra = self.prefetch_lines * cols
        rows = self.model().rowCount()
        if self._direction >= 0:
            return range(visible.stop, min(rows, visible.stop + extra))
        return range(max(0, visible.start - extra), visible.start)

    def viewport_complete(self) -> bool:
        """What a user sees as done: the job is known, scrolling has settled and every visible
        tile is loaded or failed (what ``--demo --screenshot`` and the benchmarks wait for)."""
        model = self.grid_model
        visible = self.visible_rows()
        return (
            model.total is not None
            and len(visible) > 0
            and not model.loader.paused
            and not self.settling
            and model.final_rows(visible)
        )

    @property
    def settling(self) -> bool:
        """Scrolling moved lately; the loader is told where it stopped when this turns False."""
        return self._settle.isActive()

    # -- scrolling -> loader ----------------------------------------------------------------------

    def _on_scrolled(self, value: int) -> None:
        self._direction = 1 if value >= self._last_scroll else -1
        self._last_scroll = value
        self.grid_model.loader.pause_requests()
        self._settle.start()

    def _schedule_settle(self, *args: object) -> None:
        if self.isVisible():
            self._settle.start()

    def _on_scroll_settled(self) -> None:
        visible = self.visible_rows()
        self.grid_model.loader.settle_on(visible, self.margin_rows(visible))
        self.viewport().update()

    def refocus(self) -> None:
        """Settle now. Kept until arch-wiring lands (the video feature calls it after set_cells)."""
        self._on_scroll_settled()

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
        self._schedule_settle()

    def hideEvent(self, event: QHideEvent) -> None:
        self._settle.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
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
        return self.context_menu.build(self.selected_rows())

    def save_images(self, rows: Sequence[int], folder: str) -> asyncio.Task[int]:
        """Download the originals of ``rows`` into ``folder``; the outcome shows in ``status_text``."""
        return self.context_menu.save(rows, folder)
