"""The rows every tile view shares: a :class:`~snapview.ui.grid.tiles.Tile` per row made on
first use, the pixmaps in a byte-bounded :class:`~snapview.services.image_cache.ByteLRU`, and how
an image pipeline's answer turns a row loaded or failed. Subclasses say what a row is and how its
picture is keyed (:class:`~snapview.ui.grid.model.SnapshotGridModel` for a snapshot job, the
event tile list for a Huawei event's frames).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage, QPixmap

from snapview.services.image_cache import ByteLRU
from snapview.ui.grid.tiles import Tile, TileState, short_failure_text
from snapview.ui.tr import tr_message

if TYPE_CHECKING:
    from snapview.services.images import ImageResult

ModelIndex = QModelIndex | QPersistentModelIndex

PIXMAP_CACHE_BYTES = 32 * 1024 * 1024  # ~350 tiles at the default zoom: many viewports


def pixmap_cost(pixmap: QPixmap) -> int:
    """Bytes a pixmap holds, for the pixmap cache's budget."""
    return max(1, pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8))


_TILE_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class TileListModel(QAbstractListModel):
    """Rows of tiles and their pixmaps; subclasses say what a row is and how its image is keyed."""

    # Roles are documented by the string after them, not by "#:" comments: lupdate reads "#:" as
    # a note to translators and would attach it to the next translatable string.
    TileRole = int(Qt.ItemDataRole.UserRole) + 1
    """Role returning the row's :class:`Tile` (what delegates paint from)."""
    StateRole = int(Qt.ItemDataRole.UserRole) + 2
    """Role returning the row's :class:`TileState`."""
    ReviewMarkRole = int(Qt.ItemDataRole.UserRole) + 3
    """Role returning the row's review mark (a ``TileMark``), or None outside a review session."""

    stats_changed = Signal()  # counts or progress changed (loaded, failed, pages)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pixmaps: ByteLRU[QPixmap] = ByteLRU(PIXMAP_CACHE_BYTES)
        self._tiles: dict[int, Tile] = {}
        self._rows = 0
        self.loaded_count = 0
        self.failed_count = 0

    # -- what a row is (subclasses) --

    def _new_tile(self, row: int) -> Tile:
        return Tile(index=row + 1)

    def key_for(self, row: int) -> str:
        """The image pipeline's key for the picture of ``row``."""
        raise NotImplementedError

    def rows_for_key(self, key: str) -> Iterable[int]:
        """The rows that show the picture of ``key`` (none for another model's key)."""
        raise NotImplementedError

    def pixmap_key(self, row: int) -> str:
        return self.key_for(row)

    def image_target(self, row: int, target: QSize) -> QSize:
        """The size to decode ``row``'s picture at, given the tile size."""
        return target

    def _after_loaded(self, row: int) -> None:
        """A row's picture just arrived (the grid looks for duplicates here)."""

    # -- tiles --

    def tile(self, row: int) -> Tile:
        tile = self._tiles.get(row)
        if tile is None:
            tile = self._tiles[row] = self._new_tile(row)
        return tile

    def pixmap_for(self, row: int) -> QPixmap | None:
        return self.pixmaps.get(self.pixmap_key(row))

    def final_rows(self, rows: Iterable[int]) -> bool:
        """True when every row given is loaded or failed (what a user sees as done)."""
        return all(self.tile(r).state.is_final for r in rows if 0 <= r < self._rows)

    def fail_tile(self, tile: Tile, reason: str, short: str) -> None:
        if tile.state == TileState.LOADED:
            self.loaded_count -= 1
        if tile.state != TileState.FAILED:
            self.failed_count += 1
        tile.state = TileState.FAILED
        tile.reason = reason
        tile.short_reason = short

    def made_tiles(self) -> dict[int, Tile]:  # the rows with a Tile so far (never all 10,000)
        return self._tiles

    def _mark_loaded(self, tile: Tile) -> None:
        if tile.state == TileState.FAILED:
            self.failed_count -= 1
        if tile.state != TileState.LOADED:
            self.loaded_count += 1
        tile.state = TileState.LOADED
        tile.reason = tile.short_reason = ""

    def apply_image(self, key: str, rows: Iterable[int], result: ImageResult) -> None:
        """The pipeline answered for ``key``: store the picture and the facts on each of ``rows``."""
        image = result.image
        facts = dataclasses.replace(result, image=None)  # the tile keeps no pixels
        whole: QPixmap | None = None
        for row in rows:
            if not 0 <= row < self._rows:
                continue
            tile = self.tile(row)
            tile.result = facts
            if result.url:
                tile.url = result.url
            if image is None or image.isNull():
                short = short_failure_text(result.failure, result.http_status)
                reason = tr_message(result.reason) if result.reason is not None else short
                self.fail_tile(tile, reason, short)
            elif tile.region is not None:
                if not self._store_cell(row, tile, image, result.pixel_size):
                    self.fail_tile(
                        tile,
                        QCoreApplication.translate(
                            "SnapshotGridModel", "The frame lies outside its sprite sheet"
                        ),
                        QCoreApplication.translate("SnapshotGridModel", "Outside sheet"),
                    )
            else:
                if whole is None:
                    whole = QPixmap.fromImage(image)
                self.pixmaps.put(self.pixmap_key(row), whole, pixmap_cost(whole))
                self._mark_loaded(tile)
                self._after_loaded(row)
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def _store_cell(self, row: int, tile: Tile, sheet: QImage, sheet_size: QSize) -> bool:
        from snapview.services.images import crop  # keeps start-up light (httpx)

        assert tile.region is not None
        cell = crop(sheet, tile.region, original_size=sheet_size)
        if cell is None:
            return False
        pixmap = QPixmap.fromImage(cell)
        self.pixmaps.put(self.pixmap_key(row), pixmap, pixmap_cost(pixmap))
        self._mark_loaded(tile)
        return True

    def _forget_tiles(self) -> None:
        self._tiles.clear()
        self.pixmaps.clear()
        self.loaded_count = self.failed_count = 0

    # -- Qt model API --

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        # Constants: the selection model asks for every tile painted, and each flag operation on
        # a PySide enum is a Python call.
        return _TILE_FLAGS if index.isValid() else _NO_FLAGS
