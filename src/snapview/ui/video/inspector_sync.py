"""Keeps the inspector in step with the Alibaba thumbnail grid.

When a video's first ListSnapshots page arrives the inspector shows that response
(``SnapshotPage.raw``) once the grid's first viewport has its pictures (or a tile is selected
first): laying out and highlighting a 100-snapshot response costs the GUI thread ~10 ms that the
first thumbnails would otherwise wait for (issue #14). Selecting a tile shows the response of the
page that holds it (from the pager's page cache) and selects its
``$.MediaSnapshot.Snapshots.Snapshot[i]`` node; selecting a node that holds a snapshot ``Url``
selects its tile. Only public hooks are used: the video feature's
``model`` (``first_page_loaded``, ``tile(row)``), ``view`` (selection), ``pager`` (``cached``,
``page_of_index``) and ``stack`` (whether the grid is on screen). The events feature keeps its own
sync with the inspector, so each feature's sync lives beside it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject

from snapview.core.json_document import Path, parse_path
from snapview.core.snapshots import SnapshotPage
from snapview.ui.inspector import InspectorWidget
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.tr import tr_format
from snapview.ui.video.feature import VideoFeature

SNAPSHOT_LIST: Path = ("MediaSnapshot", "Snapshots", "Snapshot")


def snapshot_list(raw: Any) -> list[Any]:
    """The ``Snapshot`` list of a ListSnapshots response (empty when the page has none)."""
    node = raw
    for key in SNAPSHOT_LIST:
        if not isinstance(node, dict):
            return []
        node = node.get(key)
    return node if isinstance(node, list) else []


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def position_in_page(raw: Any, index: int, url: str | None) -> int | None:
    """Where the snapshot with API ``index`` (or this ``url``) sits in the page's Snapshot list."""
    items = snapshot_list(raw)
    for position, item in enumerate(items):
        if isinstance(item, dict) and _as_int(item.get("Index")) == index:
            return position
    if url:
        for position, item in enumerate(items):
            if isinstance(item, dict) and item.get("Url") == url:
                return position
    return None


class InspectorSync(QObject):
    """Selection in step between the video grid and the inspector, in both directions."""

    def __init__(self, window: MainWindow, inspector: InspectorWidget, video: VideoFeature) -> None:
        super().__init__(window)
        self.window = window
        self.inspector = inspector
        self.video = video
        self.page_no: int | None = None
        self.raw: dict[str, Any] | None = None
        self._selecting = False
        self._first: SnapshotPage | None = None  # the first page, until the first viewport is done
        video.model.first_page_loaded.connect(self._first_page)
        video.model.tile_finished.connect(self._tile_finished)
        video.view.selectionModel().currentChanged.connect(self._tile_changed)
        inspector.path_activated.connect(self._node_changed)

    def _grid_on_screen(self) -> bool:
        return bool(self.video.stack.isVisibleTo(self.window))

    def show_page(self, page: SnapshotPage, page_no: int) -> None:
        if not page.raw:
            return
        self.page_no, self.raw = page_no, page.raw
        title = tr_format(self.tr("ListSnapshots page {page}"), page=page_no)
        self.inspector.show_document(page.raw, title, source=page.video_id or None)

    def _first_page(self, page: SnapshotPage) -> None:
        self._first = page
        if not page.total:
            self._show_first()  # no tile will come

    def _tile_finished(self, _row: int) -> None:
        video = self.video
        if self._first is not None and video.model.final_rows(video.view.visible_rows()):
            self._show_first()

    def _show_first(self) -> None:
        page, self._first = self._first, None
        if page is not None:
            self.show_page(page, page.page_no or 1)

    def _tile_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        self._show_first()
        tile = self.video.model.tile(current.row())
        pager = self.video.pager
        page_no = pager.page_of_index(tile.index) if pager is not None else 1
        if page_no != self.page_no or self.inspector.document is None:
            page = pager.cached(page_no) if pager is not None else None
            if page is None:
                return
            self.show_page(page, page_no)
        position = position_in_page(self.raw, tile.index, tile.url)
        if position is not None:
            self.inspector.reveal_path((*SNAPSHOT_LIST, position))

    def _node_changed(self, path_text: str) -> None:
        if self.raw is None or not self._grid_on_screen() or self.inspector.document is None:
            return
        if self.inspector.document.root is not self.raw:
            return
        try:
            path = parse_path(path_text)
        except ValueError:
            return
        if len(path) <= len(SNAPSHOT_LIST) or path[: len(SNAPSHOT_LIST)] != SNAPSHOT_LIST:
            return
        position = path[len(SNAPSHOT_LIST)]
        items = snapshot_list(self.raw)
        if (
            not isinstance(position, int)
            or not 0 <= position < len(items)
            or not isinstance(items[position], dict)
        ):
            return
        item = items[position]
        row = self._row_for(_as_int(item.get("Index")), item.get("Url"))
        if row is None:
            return
        model = self.video.model
        self._selecting = True
        try:
            index = model.index(row, 0)
            self.video.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.video.view.scrollTo(index)
        finally:
            self._selecting = False

    def _row_for(self, index: int | None, url: Any) -> int | None:
        model = self.video.model
        rows = model.rowCount()
        if index is not None and 0 < index <= rows:
            tile = model.tile(index - 1)
            if not url or tile.url in (None, url):
                return index - 1
        if url:
            for row in range(rows):
                if model.tile(row).url == url:
                    return row
        return None
