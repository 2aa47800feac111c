"""Keeps the inspector in step with the video grid, for both clouds.

When the first page arrives the inspector shows the response it came from (``SnapshotPage.raw``):
Alibaba's ``ListSnapshots`` page, Huawei's ``ShowAssetDetail`` (or, for a long list paged through
``ListThumbnailDetails``, that page), once the grid's first viewport has its pictures (or a tile is
selected first): laying out and highlighting a 100-snapshot response costs the GUI thread ~10 ms
that the first thumbnails would otherwise wait for (issue #14). Selecting a tile shows the response
of the page that holds it (from the pager's page cache) and selects its snapshot node; selecting a
node that holds a snapshot selects its tile. Where a response holds its snapshots is
:mod:`snapview.core.snapshot_documents`. Only public hooks are used: the video feature's ``model``
(``first_page_loaded``, ``tile(row)``), ``view`` (selection), ``pager`` (``cached``,
``page_of_index``, ``snapshot_type``, ``page_size``) and ``stack`` (whether the grid is on screen).
The events feature keeps its own sync with the inspector, so each feature's sync lives beside it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QTimer

from snapview.core.json_document import parse_path
from snapview.core.snapshot_documents import (
    ALIBABA_SNAPSHOTS,
    HUAWEI_DETAIL_INFO,
    SnapshotList,
    snapshot_list,
)
from snapview.core.snapshots import SnapshotPage
from snapview.ui.inspector import InspectorWidget
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.tr import tr_format
from snapview.ui.video.feature import VideoFeature

# A tile change this soon after the previous one is a held key (P with auto-advance, an arrow):
# the inspector follows once the keys pause, not per key (its tree repaint and reveal cost the GUI
# thread ~25 ms a key; benchmarks/review_gui_bench.py).
REPEAT_S = 0.05
SETTLE_MS = 120

# The Alibaba list's path, as tests and older callers name it.
SNAPSHOT_LIST = ALIBABA_SNAPSHOTS


def position_in_page(raw: Any, index: int, url: str | None) -> int | None:
    """Where the snapshot with API ``index`` (or this ``url``) sits in a ListSnapshots page."""
    found = snapshot_list(raw)
    return found.position_of(index, url) if found is not None else None


def huawei_asset_detail(pager: object) -> dict[str, Any] | None:
    """The last ShowAssetDetail response of a Huawei pager (``pager.source.detail.raw``), if any."""
    detail = getattr(getattr(pager, "source", None), "detail", None)
    raw = getattr(detail, "raw", None)
    return dict(raw) if isinstance(raw, Mapping) and raw else None


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
        # The row selected while its page was not fetched yet (End, Home, a far jump): followed
        # when that page arrives, so the inspector never stays on the page left behind.
        self._waiting_row: int | None = None
        video.model.page_loaded.connect(self._page_arrived)
        video.model.stats_changed.connect(self._tiles_changed)  # once per batch of pictures
        video.model.page_failed.connect(self._page_failed)
        video.load_started.connect(self._load_started)
        video.view.selectionModel().currentChanged.connect(self._tile_changed_soon)
        inspector.path_activated.connect(self._node_changed)
        self._last_change = 0.0
        self._burst = 0
        self._settle = QTimer(self)
        self._settle.setObjectName("inspectorSettleTimer")
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        # The first page goes on show one event-loop turn after the viewport's last picture, so
        # that picture is painted first (the stats signal fires before the tile repaints).
        self._first_due = QTimer(self)
        self._first_due.setObjectName("inspectorFirstPageTimer")
        self._first_due.setSingleShot(True)
        self._first_due.setInterval(0)
        self._first_due.timeout.connect(self._show_first)

    def _tile_changed_soon(self, current: QModelIndex, previous: QModelIndex) -> None:
        """At once for a click or a key or two; while keys repeat (a third change within
        REPEAT_S of the one before), once they pause. The load's own focus on tile 1 (the first
        current tile, before this load's page is on show) waits for the first viewport: the page
        goes on show then, with that tile's node revealed (:meth:`_show_first`)."""
        if self.raw is None and not previous.isValid():
            return
        now = time.monotonic()
        self._burst = self._burst + 1 if now - self._last_change < REPEAT_S else 0
        self._last_change = now
        if self._burst >= 2 or self._settle.isActive():
            self._settle.start()
        else:
            self._tile_changed(current, previous)

    def _settled(self) -> None:
        self._tile_changed(self.video.view.currentIndex(), QModelIndex())

    def _grid_on_screen(self) -> bool:
        return bool(self.video.stack.isVisibleTo(self.window))

    def snapshots(self) -> SnapshotList | None:
        """The snapshot list of the response on show, read the way the current pager pages."""
        pager = self.video.pager
        if self.raw is None:
            return None
        return snapshot_list(
            self.raw,
            kind=pager.snapshot_type if pager is not None else "sample",
            page_no=self.page_no or 1,
            page_size=pager.page_size if pager is not None else 100,
        )

    def show_page(self, page: SnapshotPage, page_no: int) -> None:
        if not page.raw:
            return
        self.page_no, self.raw = page_no, page.raw
        if HUAWEI_DETAIL_INFO in page.raw:
            title = self.tr("ShowAssetDetail")
        elif "thumbnail_result" in page.raw:
            title = tr_format(self.tr("ListThumbnailDetails page {page}"), page=page_no)
        else:
            title = tr_format(self.tr("ListSnapshots page {page}"), page=page_no)
        self.inspector.show_document(page.raw, title, source=page.video_id or None)

    def _load_started(self, _video_id: str) -> None:
        """A new load: the previous video's page must not stay on show as if it were this one's."""
        self.page_no, self.raw = None, None
        self._first = None  # the previous video's first page is not this one's
        self._first_due.stop()
        self.inspector.show_placeholder()

    def _first_page(self, page: SnapshotPage) -> None:
        self._first = page
        if not page.total:
            self._show_first()  # no tile will come

    def _tiles_changed(self) -> None:
        video = self.video
        if self._first is not None and video.model.final_rows(video.view.visible_rows()):
            self._first_due.start()

    def _show_first(self) -> None:
        self._first_due.stop()
        page, self._first = self._first, None
        if page is not None:
            self.show_page(page, page.page_no or 1)
            # A load puts the keyboard on tile 1 before the page is on show: reveal its node now,
            # since selecting the same tile again later changes nothing and says nothing.
            current = self.video.view.currentIndex()
            if current.isValid():
                self._tile_changed(current, QModelIndex())

    def _page_failed(self, page_no: int, error: BaseException) -> None:
        """A Huawei asset whose snapshots cannot be listed (task running, failed, none run) still
        has the ShowAssetDetail answer that says so: shown, with nothing to keep in step."""
        if page_no != 1 or self.video.model.total is not None:
            return
        raw = huawei_asset_detail(self.video.pager)
        if raw is None:
            body = getattr(error, "raw", None)
            if body:  # the cloud's error answer, RequestId included, for whoever files a ticket
                self.inspector.show_document(
                    dict(body), self.tr("Error response"), source=self.video.video_id or None
                )
            return
        self.page_no, self.raw = None, None
        self.inspector.show_document(
            raw, self.tr("ShowAssetDetail"), source=self.video.video_id or None
        )

    def _page_arrived(self, _page_no: int) -> None:
        row, self._waiting_row = self._waiting_row, None
        current = self.video.view.currentIndex()
        if row is not None and current.isValid() and current.row() == row:
            self._tile_changed(current, QModelIndex())

    def _tile_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        self._show_first()
        self._waiting_row = None
        tile = self.video.model.tile(current.row())
        pager = self.video.pager
        page_no = pager.page_of_index(tile.index) if pager is not None else 1
        page = pager.cached(page_no) if pager is not None else None
        shown = self.inspector.document
        if (
            page_no != self.page_no
            or shown is None
            or (page is not None and page.raw is not self.raw)
        ):
            if page is None:
                self._waiting_row = current.row()
                return
            self.show_page(page, page_no)
        found = self.snapshots()
        position = found.position_of(tile.index, tile.url) if found is not None else None
        if found is not None and position is not None:
            self.inspector.reveal_path((*found.path, position))

    def _node_changed(self, path_text: str) -> None:
        if self.raw is None or not self._grid_on_screen() or self.inspector.document is None:
            return
        if self.inspector.document.root is not self.raw:
            return
        found = self.snapshots()
        try:
            path = parse_path(path_text)
        except ValueError:
            return
        if found is None or len(path) <= len(found.path) or path[: len(found.path)] != found.path:
            return
        position = path[len(found.path)]
        if not isinstance(position, int):
            return
        index = found.index_at(position)
        if index is None:
            return
        row = self._row_for(index, found.url_at(position), trust_index=found.by_offset)
        if row is None:
            return
        model = self.video.model
        self._selecting = True
        try:
            model_index = model.index(row, 0)
            self.video.view.selectionModel().setCurrentIndex(
                model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.video.view.scrollTo(model_index)
        finally:
            self._selecting = False

    def _row_for(self, index: int | None, url: str | None, *, trust_index: bool) -> int | None:
        """The row of snapshot ``index``; an Alibaba ``Index`` must agree with the tile's URL, a
        Huawei index (a rank by offset) holds even when the tile's link was refreshed since."""
        model = self.video.model
        rows = model.rowCount()
        if index is not None and 0 < index <= rows:
            tile = model.tile(index - 1)
            if trust_index or not url or tile.url in (None, url):
                return index - 1
        if url:
            for row in range(rows):
                if model.tile(row).url == url:
                    return row
        return None
