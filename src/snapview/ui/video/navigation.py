"""Getting around a video and its list without the mouse: Go to a snapshot or a time (Ctrl+G),
focus the VideoId field (Ctrl+L), reload the video on show (F5, staying on the same video of a
pasted list), and retry the failed tiles (the status bar's "Retry failed" and the View menu).

Changing the snapshot type reloads the current video at once (D7) instead of waiting for Load,
which would go back to video 1 of the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QToolButton

from snapview.core.goto_target import GoToTarget
from snapview.ui.shell.actions import ActionId
from snapview.ui.tr import tr_format

if TYPE_CHECKING:
    from snapview.ui.video.feature import VideoFeature


class VideoNavigation(QObject):
    """The actions, wired to ``video``'s grid and list."""

    def __init__(self, video: VideoFeature) -> None:
        super().__init__(video)
        self.video = video
        self.dialog: QDialog | None = None
        window = video.window
        self.go_to_action = self._action(ActionId.GO_TO, self.tr("&Go To…"), "Ctrl+G", self.go_to)
        self.focus_action = self._action(
            ActionId.FOCUS_VIDEO_ID, self.tr("Focus the &VideoId Field"), "Ctrl+L", self.focus_field
        )
        self.reload_action = self._action(
            ActionId.RELOAD, self.tr("&Reload Video"), "F5", self.reload
        )
        self.retry_action = self._action(
            ActionId.RETRY_FAILED, self.tr("Retry &Failed Tiles"), "", self.retry_failed
        )
        window.view_menu.addSeparator()
        for action in (self.go_to_action, self.reload_action, self.retry_action):
            window.view_menu.addAction(action)
        window.addAction(self.focus_action)  # a shortcut only: the field is on the toolbar
        self.retry_button = QToolButton()
        self.retry_button.setObjectName("retryFailedButton")
        self.retry_button.setDefaultAction(self.retry_action)
        self.retry_button.setAutoRaise(True)
        window.statusBar().addPermanentWidget(self.retry_button)
        self.retry_button.hide()
        video.model.stats_changed.connect(self._update)
        video.model.modelReset.connect(self._update)
        window.type_combo.activated.connect(self._type_chosen)
        self._update()

    def _action(self, key: ActionId, text: str, keys: str, slot: object) -> QAction:
        window = self.video.window
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        return window.add_action(key, action)

    def _update(self) -> None:
        model = self.video.model
        loaded = model.rowCount() > 0
        self.go_to_action.setEnabled(loaded)
        self.reload_action.setEnabled(bool(self.video.videos))
        failed = model.failed_count
        self.retry_action.setEnabled(failed > 0)
        self.retry_action.setText(
            tr_format(self.tr("Retry {n} failed"), n=f"{failed:,}")
            if failed
            else self.tr("Retry &Failed Tiles")
        )
        self.retry_button.setVisible(failed > 0)

    # -- the commands --

    def focus_field(self) -> None:
        field = self.video.window.video_edit
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()

    def reload(self) -> None:
        """The video on show, again (its position in a pasted list kept)."""
        if self.video.videos:
            self.video.open_current()

    def retry_failed(self) -> int:
        model = self.video.model
        return model.loader.retry(model.loader.failed_rows())

    def go_to(self) -> None:
        from snapview.ui.video.goto_dialog import GoToDialog

        model = self.video.model
        if model.rowCount() == 0:
            return
        dialog = GoToDialog(model.rowCount(), self.video.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # open(), not exec(): a nested event loop would stall the asyncio tasks (page loads).
        dialog.accepted.connect(lambda: dialog.target and self.go_to_target(dialog.target))
        dialog.open()
        self.dialog = dialog  # what tests (and screenshots) drive

    def go_to_target(self, target: GoToTarget) -> bool:
        """Select the tile of ``target``; False (and a status line) when none matches."""
        row = self.row_of(target)
        if row is None:
            self.video.window.show_status(
                self.tr("No loaded snapshot has a time; go to a snapshot number instead.")
            )
            return False
        self.video.view.select_row(row, centre=True)
        self.video.view.setFocus()
        return True

    def row_of(self, target: GoToTarget) -> int | None:
        model = self.video.model
        rows = model.rowCount()
        if target.index is not None:
            for row in (target.index - 1, *range(rows)):  # usually the index is the row + 1
                if 0 <= row < rows and model.tile(row).index == target.index:
                    return int(row)
            return min(rows, target.index) - 1
        assert target.time_ms is not None
        best: tuple[int, int] | None = None
        for row in range(rows):
            start = model.tile(row).start_ms
            if start is None:
                continue
            if start > target.time_ms and best is not None:
                break
            if start <= target.time_ms or best is None:
                best = (row, start)
        return best[0] if best is not None else None

    def _type_chosen(self, _index: int) -> None:
        """D7: a new snapshot type shows at once, for the video on show, not the list's first."""
        video = self.video
        chosen = video.window.type_combo.currentData()
        if video.videos and chosen and chosen != video.snapshot_type:
            video.snapshot_type = str(chosen)
            video.open_current()
