"""Previous/Next video through the library in its order and filter, past the rows loaded so far.

Opening a video from the library hands the video feature the loaded IDs as its list; this walk
keeps that list growing: when the open video comes within :data:`AHEAD` rows of the end of what is
loaded, the library's next page is asked for, and its videos are appended to the list — so Next
never stops at row 50 of a 6,000-video search. The library's selection follows the open video. A
list the user typed or pasted into the toolbar is never extended (the walk checks it is still the
one it handed over).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QTableView

from snapview.ui.library.model import LibraryModel
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from snapview.ui.video.feature import VideoFeature

AHEAD = 3  # rows before the end of the loaded ones at which the next page is fetched


class LibraryWalk(QObject):
    """Links the video feature's Previous/Next list to the library model (see the docstring)."""

    def __init__(
        self, window: MainWindow, model: LibraryModel, view: QTableView, video: VideoFeature
    ) -> None:
        super().__init__(model)
        self.window, self.model, self.view, self.video = window, model, view, video
        self._list: list[str] | None = None  # the video feature's list while it is the library's
        model.rowsInserted.connect(self._rows_inserted)
        model.modelReset.connect(self._reset)
        for action in (ActionId.PREVIOUS_VIDEO, ActionId.NEXT_VIDEO):
            window.action(action).triggered.connect(self._stepped)

    @property
    def active(self) -> bool:
        return self._list is not None and self.video.videos is self._list

    def open(self, video_id: str) -> None:
        """``video_id`` in the grid, with the library's loaded rows as the Previous/Next list."""
        ids = [v.video_id for v in self.model.videos]
        position = ids.index(video_id) if video_id in ids else 0
        row = self.model.row_of(video_id)
        if row >= 0:
            self.view.selectRow(row)
        self.window.video_edit.setText(video_id)
        self.video.load("\n".join(ids) or video_id, str(self.window.type_combo.currentData() or ""))
        self._list = self.video.videos if ids else None
        if self.video.videos and position and position < len(self.video.videos):
            self.video.position = position
            self.video.open_current()
        self._fetch_ahead()

    def _stepped(self) -> None:
        if not self.active:
            return
        row = self.model.row_of(self.video.video_id)
        if row >= 0:
            self.view.selectRow(row)
        self._fetch_ahead()

    def _fetch_ahead(self) -> None:
        if self.active and self.video.position >= len(self.video.videos) - 1 - AHEAD:
            self.model.fetchMore()

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if not self.active or self._list is None or len(self._list) != first:
            return  # not the library's list, or not its continuation
        self.video.extend_videos([v.video_id for v in self.model.videos[first : last + 1]])

    def _reset(self) -> None:
        self._list = None  # a new search: the open list stays as it was, no longer extended
