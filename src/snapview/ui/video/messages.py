"""The central area's message instead of the grid, in words a QA reviewer can act on: still
processing (Retry), the video does not exist, the cloud account was refused (Profiles…), no profile,
not a VideoId, or anything else with its own sentence (:func:`snapview.ui.tr.tr_error`)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from snapview.core.vod_errors import ErrorClass, VodError
from snapview.ui.tr import tr_error, tr_format
from snapview.ui.widgets.labels import make_label

# Error classes the user fixes in the profile (keys, permissions, the account itself).
_ACCOUNT_PROBLEMS = (ErrorClass.CREDENTIALS, ErrorClass.PERMISSION, ErrorClass.ACCOUNT)


class MessagePanel(QWidget):
    """The calm or alarming message, with Retry and Profiles… where they help."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoMessagePanel")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.title = make_label(
            object_name="videoMessageTitle", bold=True, scale=1.5, centered=True
        )
        layout.addWidget(self.title)
        self.body = make_label(
            object_name="videoMessageBody", centered=True, selectable=True, wrap=True
        )
        layout.addWidget(self.body)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setObjectName("videoRetryButton")
        buttons.addWidget(self.retry_button)
        self.profiles_button = QPushButton(self.tr("Profiles…"))
        self.profiles_button.setObjectName("videoProfilesButton")
        buttons.addWidget(self.profiles_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def show_message(
        self, title: str, body: str, *, kind: str, retry: bool = False, profiles: bool = False
    ) -> None:
        """``kind`` is "error", "waiting" or "info" (the title's colour)."""
        self.setProperty("kind", kind)
        colour = {"error": "#b3261e", "waiting": "#6d5e0f"}.get(kind, "")
        self.title.setStyleSheet(f"color: {colour};" if colour else "")
        self.title.setText(title)
        self.body.setText(body)
        self.retry_button.setVisible(retry)
        self.profiles_button.setVisible(profiles)

    # -- the messages of the load flow ---------------------------------------------------------------

    def show_first_page_failure(self, error: BaseException, video_id: str) -> None:
        """The first page of ``video_id`` failed: the grid has nothing to show."""
        text = tr_error(error)
        error_class = error.error_class if isinstance(error, VodError) else None
        if error_class is ErrorClass.NOT_READY:
            body = tr_format(
                self.tr(
                    "The video {video} is still being processed; its snapshots are listed "
                    "once processing has finished."
                ),
                video=video_id,
            )
            self.show_message(
                self.tr("Still processing"), body + "\n" + text, kind="waiting", retry=True
            )
        elif error_class is ErrorClass.NOT_FOUND:
            body = tr_format(
                self.tr("No video with the VideoId {video} in this account and region."),
                video=video_id,
            )
            self.show_message(self.tr("The video does not exist"), body + "\n" + text, kind="error")
        elif error_class in _ACCOUNT_PROBLEMS:
            self.show_message(
                self.tr("The cloud account was refused"),
                text + "\n" + self.tr("Check the profile under Profiles…"),
                kind="error",
                profiles=True,
                retry=True,
            )
        else:
            self.show_message(
                self.tr("The snapshots could not be loaded"), text, kind="error", retry=True
            )

    def show_credentials_problem(self, error: BaseException) -> None:
        self.show_message(
            self.tr("The profile's keys are not available"),
            tr_error(error) + "\n" + self.tr("Check the profile under Profiles…"),
            kind="error",
            profiles=True,
            retry=True,
        )

    def show_no_profile(self) -> None:
        self.show_message(
            self.tr("No profile selected"),
            self.tr("Add a cloud account under Profiles… and select it, then load again."),
            kind="error",
            profiles=True,
        )

    def show_no_video_id(self) -> None:
        self.show_message(
            self.tr("No VideoId"), self.tr("Enter or paste one or more VideoIds."), kind="error"
        )

    def show_invalid_video_id(self, error: BaseException) -> None:
        self.show_message(self.tr("Not a valid VideoId"), tr_error(error), kind="error")

    def show_no_snapshots(self, snapshot_type: str) -> None:
        self.show_message(
            self.tr("No snapshots"),
            tr_format(
                self.tr("The latest snapshot job of this video has no {type}."), type=snapshot_type
            ),
            kind="info",
            retry=True,
        )
