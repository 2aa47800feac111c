"""What the window says about the loaded video: the job bar (VideoId, JobId, CreationTime, Total,
and the number of frames in a frames view; for a Huawei media asset its ID, snapshot task, list and
total) and the status bar's counters (loaded, pages fetched, failed, the page-progress spinner).

The status bar's left text says what is happening now: :meth:`VideoStatus.show_progress` puts a
line there that goes once every visible tile is done, unless another action has said something since.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

from snapview.core.snapshots import SnapshotPage
from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.tr import tr_format

_FAILED_STYLE = "color: #b3261e; font-weight: bold;"


class VideoStatus(QObject):
    def __init__(
        self,
        window: MainWindow,
        model: SnapshotGridModel,
        visible_rows: Callable[[], Sequence[int]],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.model = model
        self.visible_rows = visible_rows
        self._progress = ""  # the left status text that goes when the visible tiles are done

    def show_progress(self, text: str) -> None:
        """Say ``text`` in the status bar until every visible tile has loaded or failed."""
        self._progress = text
        self.window.show_status(text)
        self.update()

    def show_job(self, page: SnapshotPage, video_id: str) -> None:
        parts = [
            tr_format(self.tr("Video {video}"), video=video_id),
            tr_format(self.tr("Job {job}"), job=page.job_id or "—"),
            tr_format(self.tr("Created {time}"), time=page.creation_time or "—"),
            tr_format(self.tr("Total {total}"), total=f"{page.total:,}"),
        ]
        self.window.set_job_info("   ·   ".join(parts))

    def show_asset(self, page: SnapshotPage, asset_id: str, kind: str) -> None:
        """The job bar of a Huawei media asset: its ID, the snapshot task and which list."""
        parts = [
            tr_format(self.tr("Asset {asset}"), asset=asset_id),
            tr_format(self.tr("Task {task}"), task=page.job_id or "—"),
            kind,
            tr_format(self.tr("Total {total}"), total=f"{page.total:,}"),
        ]
        self.window.set_job_info("   ·   ".join(parts))

    def add_frame_count(self, count: int) -> None:
        self.window.set_job_info(
            self.window.job_label.text()
            + "   ·   "
            + tr_format(self.tr("{n} frames"), n=f"{count:,}")
        )

    def update(self) -> None:
        """The status bar's counters, from the grid model."""
        model = self.model
        window = self.window
        total = model.total
        if total is None:
            window.loaded_label.setText("")
            window.pages_label.setText("")
        else:
            window.loaded_label.setText(
                tr_format(
                    self.tr("Loaded {loaded} of {total}"),
                    loaded=f"{model.loaded_count:,}",
                    total=f"{total:,}",
                )
            )
            window.pages_label.setText(
                ""
                if model.showing_cells
                else tr_format(
                    self.tr("{fetched} of {count} pages fetched"),
                    fetched=model.pages_fetched,
                    count=model.page_count,
                )
            )
        failed = model.failed_count
        window.failures_label.setText(
            tr_format(self.tr("{n} failed"), n=f"{failed:,}") if failed else ""
        )
        style = _FAILED_STYLE if failed else ""
        if window.failures_label.styleSheet() != style:  # each setting polishes the label anew
            window.failures_label.setStyleSheet(style)
        window.page_progress.setVisible(model.pages_in_flight > 0)
        self._end_progress()

    def _end_progress(self) -> None:
        if not self._progress:
            return
        if self.window.status_message.text() != self._progress:
            self._progress = ""  # a later action has said something: its words stay
            return
        visible = self.visible_rows()
        if len(visible) and not self.model.hold and self.model.final_rows(visible):
            self._progress = ""
            self.window.show_status("")
