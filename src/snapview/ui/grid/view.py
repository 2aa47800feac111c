"""The thumbnail grid's view: uniform tiles (:mod:`.uniform_view`) with zoom, keyboard and menu.

Scrolling drives the loader: every scroll step pauses requests (:meth:`TileLoader.pause_requests`)
and restarts a short single-shot timer; when it fires the scrolling has settled, and the loader is
told which rows are visible and which margin comes next in the scrolling direction
(:meth:`TileLoader.settle_on`). A fling over 10,000 tiles therefore fetches only where it stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QContextMenuEvent,
    QHideEvent,
    QKeyEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from snapview.ui.grid.context_menu import GridContextMenu, selected_rows
from snapview.ui.grid.delegate import TileDelegate
from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.grid.uniform_view import UniformTileView

if TYPE_CHECKING:
    from snapview.services.downloads import OriginalsSaver

SETTLE_MS = 60  # scrolling counts as settled after this long without movement


class ThumbnailGridView(UniformTileView):
    """The grid of snapshot tiles: zoom, scrolling that drives the loader, keyboard, context menu."""

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
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(self.tile_delegate)
        self.setModel(model)
        self.context_menu = GridContextMenu(self, saver)
        self.prefetch_lines = 1
        self._wheel_anchor: tuple[int, QPoint | None] | None = None
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
        model.first_page_loaded.connect(self._request_first_viewport)
        self.set_zoom(200)

    def set_saver(self, saver: OriginalsSaver) -> None:
        """Where "Save image(s)…" downloads through (the app's one HTTP client)."""
        self.context_menu.saver = saver

    # -- zoom ---------------------------------------------------------------------------------------

    def set_zoom(self, width: int) -> None:
        """New tile width; the tile the reviewer looks at stays where it was (D2)."""
        anchor = self._zoom_anchor()
        self.tile_delegate.set_zoom(width)
        self.grid_model.loader.set_target_width(width)
        self.setGridSize(self.tile_delegate.tile_size())
        # One wheel notch (three steps) moves one line of tiles, not three (D15).
        self.verticalScrollBar().setSingleStep(max(1, self.gridSize().height() // 3))
        if anchor is not None:
            self._restore_anchor(*anchor)
        self._schedule_settle()

    def _zoom_anchor(self) -> tuple[int, QPoint | None] | None:
        """The row to keep in place through a zoom and where its tile is in the viewport: the tile
        under the mouse for Ctrl+wheel, else the current tile, else the first visible one. A
        current tile scrolled out of sight has no place to keep; it is brought into view."""
        pending, self._wheel_anchor = self._wheel_anchor, None
        if pending is not None:
            return pending
        current = self.currentIndex()
        if current.isValid():
            rect = self.visualRect(current)
            seen = rect.intersects(self.viewport().rect())
            return current.row(), (rect.topLeft() if seen else None)
        visible = self.visible_rows()
        if len(visible):
            return visible[0], self.visualRect(self.model().index(visible[0], 0)).topLeft()
        return None

    def _restore_anchor(self, row: int, where: QPoint | None) -> None:
        index = self.model().index(row, 0)
        if where is None:
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.visualRect(index).top() - where.y())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                under = self.indexAt(event.position().toPoint())
                if under.isValid():
                    self._wheel_anchor = (under.row(), self.visualRect(under).topLeft())
                self.zoom_requested.emit(int(self.tile_delegate.zoom + 16 * steps))
                self._wheel_anchor = None  # a zoom at its limit never reached set_zoom
            event.accept()
            return
        super().wheelEvent(event)

    # -- what is visible ------------------------------------------------------------------------------

    def columns(self) -> int:
        return self.tile_layout.columns

    def visible_rows(self) -> Sequence[int]:
        """The rows whose tiles the viewport shows, in order (a range unless a filter hides some)."""
        return self._rows_of(self._exposed_slots(self.viewport().rect()))

    def margin_rows(self) -> Sequence[int]:
        """The line(s) after ``visible`` in the scrolling direction: fetched next, at lower priority."""
        layout = self.tile_layout
        extra = self.prefetch_lines * layout.columns
        slots = self._exposed_slots(self.viewport().rect())
        if self._direction >= 0:
            after = range(slots.stop, min(layout.slots, slots.stop + extra))
        else:
            after = range(max(0, slots.start - extra), slots.start)
        return self._rows_of(after)

    def _rows_of(self, slots: range) -> Sequence[int]:
        layout = self.tile_layout
        if layout.slots == layout.rows:  # nothing hidden: a slot is its row
            return slots
        return [row for row in map(layout.row_at, slots) if row is not None]

    def viewport_complete(self) -> bool:
        """What a user sees as done: the job is known, scrolling has settled and every visible
        tile is loaded or failed (what the benchmarks and the tests wait for). Scrolling is what
        pauses the loader; the settle timer that new rows, a resize or a zoom start only moves the
        prefetch margin, and what they bring into view is asked for as it is painted, so it does
        not hold a finished viewport back (it made every first viewport read 60 ms or more)."""
        model = self.grid_model
        visible = self.visible_rows()
        return (
            model.total is not None
            and len(visible) > 0
            and not model.loader.paused
            and model.final_rows(visible)
        )

    @property
    def settling(self) -> bool:
        """A settle is due (scrolling moved lately, or new rows, a resize or a zoom changed what
        is in view): the loader is told where the view stopped when this turns False."""
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
        loader = self.grid_model.loader
        scrolled = loader.paused
        loader.settle_on(visible, self.margin_rows())
        if scrolled:
            # Tiles painted while it moved were not asked for; a settle after a load or a resize
            # repaints nothing (a full repaint there was 4 ms of the first viewport's GUI time).
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

    def _request_first_viewport(self, _page: object) -> None:
        # A load's first page: the tiles in view are known from the layout already, so the view
        # settles on them now instead of when the timer the new rows started runs out (60 ms on):
        # their pictures are asked for, and sent to the network thread, before the page's other
        # slots, the status bar and the first paint (~10-20 ms; issue #14), and the margin follows
        # as soon as they are in. Nothing scrolled, so nothing is left to settle: the viewport is
        # complete once its pictures are.
        loader = self.grid_model.loader
        if self.isVisible() and not loader.paused:
            self._settle.stop()
            loader.settle_on(self.visible_rows(), self.margin_rows(), send_now=True)

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
        page = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1}.get(Qt.Key(event.key()))
        if page and not event.modifiers() and self.model().rowCount():
            self._page(page)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.currentIndex()
            if current.isValid():
                self.preview_requested.emit(current.row())
                event.accept()
                return
        super().keyPressEvent(event)

    def _page(self, direction: int) -> None:
        """PageDown/PageUp: the view scrolls a page of lines and the selection moves as far, so
        the tile keeps its place on screen (Qt's own moved the selection and scrolled a few px)."""
        line_h = max(1, self.gridSize().height())
        lines = max(1, self.viewport().height() // line_h)
        current = self.currentIndex()
        row = current.row() if current.isValid() else 0
        target = max(0, min(self.model().rowCount() - 1, row + direction * lines * self.columns()))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + direction * lines * line_h)
        self.select_row(target)

    def take_focus(self) -> None:
        """A video just loaded: the keyboard goes to the grid, on its first tile (D15), unless the
        user is already elsewhere in the grid."""
        if self.model().rowCount() and not self.currentIndex().isValid():
            self.setCurrentIndex(self.model().index(0, 0))
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_row(self, row: int, *, centre: bool = False) -> None:
        """Make ``row`` the current and only selected tile, scrolled into view (the preview's
        stepping moves the grid along; Go to and the Defects panel centre it)."""
        index = self.model().index(row, 0)
        if index.isValid():
            self.setCurrentIndex(index)
            self.reveal_row(row, centre=centre)

    def reveal_row(self, row: int, *, centre: bool = False) -> None:
        """Scroll ``row`` into view (centred for Go to and the Defects panel)."""
        hint = (
            QAbstractItemView.ScrollHint.PositionAtCenter
            if centre
            else QAbstractItemView.ScrollHint.EnsureVisible
        )
        self.scrollTo(self.model().index(row, 0), hint)

    def selected_rows(self) -> list[int]:
        return selected_rows(self)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_menu.popup(event)

    def build_context_menu(self) -> QMenu | None:
        return self.context_menu.build(self.selected_rows())

    def save_images(self, rows: Sequence[int], folder: str) -> asyncio.Task[int]:
        """Download the originals of ``rows`` into ``folder``; the outcome shows in ``status_text``."""
        return self.context_menu.save(rows, folder)
