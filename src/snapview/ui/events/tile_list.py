"""One group's row of tiles in the event view (``sample`` or ``dots``), on the grid's uniform view.

The tiles' places are arithmetic (:class:`~snapview.ui.grid.uniform_view.UniformTileView`), so a
50 MB ``thumbnailComplete`` event of 220,000 snapshots opens without Qt laying out every row (an
icon-mode ``QListView`` asked the model about a million times and took seconds of the GUI thread).

A short group grows to fit its tiles and the event page scrolls, as before. A group with more lines
than the page shows at once is as tall as the page and scrolls inside itself: a list sized to all its
lines would pass the 16,777,215 px a Qt widget may be tall (the tiles beyond could not be reached),
and the ``dots`` below would be millions of pixels away. That is what file managers and photo
viewers do with a long section: the section keeps one screen, its own scroll bar tells where in the
220,000 one is, End and Home reach both ends, and the wheel moves on to the page at either end.

While the list scrolls itself the loader pauses (nothing is fetched for tiles that fly past) and
resumes when scrolling settles, fetching what is then painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from snapview.ui.grid.context_menu import GridContextMenu, selected_rows
from snapview.ui.grid.uniform_view import UniformTileView

if TYPE_CHECKING:
    from snapview.ui.events.view import EventTilesModel

TILE = QSize(192, 108)
CELL_MARGIN = QSize(16, 34)  # room around a picture in its cell: the gap and the mm:ss line
SETTLE_MS = 60  # the list's own scrolling counts as settled after this long without movement
MIN_LINES = 2  # a capped list still shows this many lines of tiles, however short the page


class _PaddedDelegate(QStyledItemDelegate):
    """Qt's own tile drawing inside a padded cell: the uniform view hands over the whole cell, and a
    picture flush with its top would touch the list's frame (icon mode kept a gap)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        padded = QStyleOptionViewItem(option)
        padded.rect = option.rect.adjusted(4, 6, -4, -2)
        super().paint(painter, padded, index)


class TileList(UniformTileView):
    """One group's tiles with what the Alibaba grid offers on a tile: double-click or Enter for the
    preview, the grid's context menu (copy URL or image, open in the browser, save the originals)
    and zoom (Ctrl+wheel, the slider). As tall as its tiles up to :meth:`set_height_cap`, then it
    scrolls inside itself."""

    preview_requested = Signal(int)  # row
    zoom_requested = Signal(int)  # new tile width
    status_text = Signal(str)  # what an action did, for the status bar

    def __init__(self, model: EventTilesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid_model = model
        self.zoom = TILE.width()
        self._height_cap: int | None = None
        self.context_menu = GridContextMenu(self)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(_PaddedDelegate(self))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setModel(model)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_scroll_settled)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._set_tile_size(TILE)
        model.modelReset.connect(self._fit)
        self.doubleClicked.connect(lambda index: self.preview_requested.emit(index.row()))

    # -- how a tile is drawn: the picture on top, its mm:ss centred under it (icon mode's look) --

    def initViewItemOption(self, option: QStyleOptionViewItem) -> None:
        super().initViewItemOption(option)
        option.decorationPosition = QStyleOptionViewItem.Position.Top
        option.decorationAlignment = Qt.AlignmentFlag.AlignCenter
        option.displayAlignment = Qt.AlignmentFlag.AlignCenter
        option.showDecorationSelected = False

    # -- size: grow to fit, up to the cap --

    def set_height_cap(self, height: int | None) -> None:
        """At most ``height`` pixels tall (whole lines, at least :data:`MIN_LINES`); beyond, the
        list scrolls inside itself. None: always as tall as its tiles."""
        self._height_cap = height
        self._fit()

    def _capped_height(self) -> int | None:
        """The capped height in pixels (frame included), or None while everything fits."""
        frame = 2 * self.frameWidth()
        full = self.tile_layout.height_for(self.width() - frame)
        if self._height_cap is None or full + frame <= self._height_cap:
            return None
        line = self.tile_layout.cell_height
        return max(MIN_LINES, (self._height_cap - frame) // line) * line + frame

    def _fit(self) -> None:
        capped = self._capped_height()
        # The scroll bar is decided here, not "as needed": it takes width, the width decides the
        # lines, and the lines whether it is needed.
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if capped is None
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOn
        )
        if policy != self.verticalScrollBarPolicy():
            self.setVerticalScrollBarPolicy(policy)
        height = self._wanted_height(capped)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        self.updateGeometry()

    def _wanted_height(self, capped: int | None) -> int:
        """The capped height, else as tall as every line of tiles (frame included)."""
        if capped is not None:
            return capped
        frame = 2 * self.frameWidth()
        return self.tile_layout.height_for(self.width() - frame) + frame

    def sizeHint(self) -> QSize:
        return QSize(self.gridSize().width() * 4, self._wanted_height(self._capped_height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    # -- what the Alibaba grid offers on a tile --

    def set_zoom(self, width: int) -> None:
        """Tiles ``width`` pixels wide (16:9), their pictures fetched at that size."""
        self.zoom = width
        self._set_tile_size(QSize(width, round(width * TILE.height() / TILE.width())))

    def _set_tile_size(self, size: QSize) -> None:
        self.setIconSize(size)
        self.setGridSize(size + CELL_MARGIN)
        # One wheel notch (three steps) moves one line of tiles, as in the grid.
        self.verticalScrollBar().setSingleStep(max(1, self.gridSize().height() // 3))
        # Pictures at the new size from now on (the shared pipeline's own size is the grid's).
        self.grid_model.loader.target = QSize(size)
        self._fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_requested.emit(int(self.zoom + 16 * steps))
            event.accept()
            return
        # At either end the scroll bar ignores the wheel, and Qt hands it to the page around.
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current.isValid():
            self.preview_requested.emit(current.row())
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_menu.popup(event)

    def build_context_menu(self) -> QMenu | None:
        return self.context_menu.build(selected_rows(self))

    # -- its own scrolling pauses the loader --

    def _on_scrolled(self, _value: int) -> None:
        self.grid_model.loader.pause_requests()
        self._settle.start()

    def _on_scroll_settled(self) -> None:
        # Not the loader's settle_on: it cancels every other fetch of the shared pipeline, the
        # other group's too. Painting again asks for what is on screen now.
        self.grid_model.loader.paused = False
        self.viewport().update()
