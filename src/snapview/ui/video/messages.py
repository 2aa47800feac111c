"""The central area's message instead of the grid, in words a QA reviewer can act on: still
processing (Retry), the video or media asset does not exist, the snapshot task failed (an error
card with the cloud's own reason), the cloud account was refused (Profiles…), the profile is
incomplete, no profile, not a VideoId or asset ID, or anything else with its own sentence
(:func:`snapview.ui.tr.tr_error`). ``provider`` picks each cloud's words (VideoId vs media asset)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from snapview.core.credentials import Provider
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
        # What a support ticket needs: the cloud's RequestId of the failed call, to copy.
        self.request_id = make_label(
            object_name="videoMessageRequestId", centered=True, selectable=True
        )
        self.request_id.hide()
        layout.addWidget(self.request_id)
        self.card = self._build_card()
        layout.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
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

    def _build_card(self) -> QFrame:
        """The error card of a failed snapshot task: the cloud's own reason, big and red."""
        card = QFrame()
        card.setObjectName("videoErrorCard")
        card.setStyleSheet(
            "QFrame#videoErrorCard { background: #fdecea; border: 2px solid #d93025;"
            " border-radius: 6px; }"
            " QLabel { color: #7f1d1d; background: transparent; border: none; }"
        )
        card.setMinimumWidth(420)
        card.setMaximumWidth(720)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 14, 16, 14)
        self.card_title = make_label(object_name="videoErrorCardTitle", bold=True, scale=1.2)
        inner.addWidget(self.card_title)
        self.card_reason = make_label(
            object_name="videoErrorCardReason", selectable=True, wrap=True
        )
        inner.addWidget(self.card_reason)
        self.card_status = make_label(object_name="videoErrorCardStatus", selectable=True)
        inner.addWidget(self.card_status)
        card.hide()
        return card

    def show_message(
        self, title: str, body: str, *, kind: str, retry: bool = False, profiles: bool = False
    ) -> None:
        """``kind`` is "error", "waiting" or "info" (the title's colour)."""
        self.setProperty("kind", kind)
        colour = {"error": "#b3261e", "waiting": "#6d5e0f"}.get(kind, "")
        self.title.setStyleSheet(f"color: {colour};" if colour else "")
        self.title.setText(title)
        self.body.setText(body)
        self.request_id.hide()
        self.card.hide()
        self.retry_button.setVisible(retry)
        self.profiles_button.setVisible(profiles)

    # -- the messages of the load flow ---------------------------------------------------------------

    def show_first_page_failure(
        self, error: BaseException, video_id: str, provider: Provider = Provider.ALIYUN
    ) -> None:
        """The first page of ``video_id`` failed: the grid has nothing to show."""
        self._show_failure(error, video_id, provider)
        request_id = getattr(error, "request_id", "") or ""
        if request_id:
            self.request_id.setText(
                tr_format(self.tr("RequestId (for a support ticket): {id}"), id=request_id)
            )
            self.request_id.show()

    def _show_failure(self, error: BaseException, video_id: str, provider: Provider) -> None:
        text = tr_error(error)
        error_class = error.error_class if isinstance(error, VodError) else None
        huawei = provider is Provider.HUAWEI
        if error_class is ErrorClass.NOT_READY:
            if huawei:
                body = tr_format(
                    self.tr(
                        "The snapshots of the media asset {asset} are not ready yet ({status})."
                    ),
                    asset=video_id,
                    status=getattr(error, "code", "") or "—",
                )
                # Huawei's own sentence says which of its states it is ("still taking", "none yet").
                body += "\n" + text
            else:
                body = tr_format(
                    self.tr(
                        "The video {video} is still being processed; its snapshots are listed "
                        "once processing has finished."
                    ),
                    video=video_id,
                )
            # Each fact once (D11): Alibaba's own sentence would only say "still processing" again.
            self.show_message(self.tr("Still processing"), body, kind="waiting", retry=True)
        elif error_class is ErrorClass.JOB_FAILED:
            self.show_job_failed(error, video_id)
        elif error_class is ErrorClass.NOT_FOUND and huawei:
            body = tr_format(
                self.tr("No media asset with the ID {asset} in this project and region."),
                asset=video_id,
            )
            self.show_message(self.tr("The media asset does not exist"), body, kind="error")
        elif error_class is ErrorClass.NOT_FOUND:
            body = tr_format(
                self.tr("No video with the VideoId {video} in this account and region."),
                video=video_id,
            )
            self.show_message(self.tr("The video does not exist"), body, kind="error")
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

    def show_job_failed(self, error: BaseException, video_id: str) -> None:
        """The snapshot task failed: the card with the cloud's reason (``exec_desc``). Retry only
        asks again, for after the task was run anew in the console; nothing retries by itself."""
        self.show_message(
            self.tr("The snapshot task failed"),
            tr_format(
                self.tr("Huawei Cloud could not take the snapshots of the media asset {asset}."),
                asset=video_id,
            ),
            kind="error",
            retry=True,
        )
        reason = getattr(error, "exec_desc", "") or getattr(error, "message", "")
        self.card_title.setText(self.tr("Reason given by Huawei Cloud (exec_desc)"))
        self.card_reason.setText(reason or self.tr("(no reason given)"))
        self.card_status.setText(
            tr_format(
                self.tr("Snapshot task status: {status}"),
                status=getattr(error, "code", "") or "—",
            )
        )
        self.card.show()

    def show_credentials_problem(self, error: BaseException) -> None:
        if isinstance(error, VodError) and error.error_class is ErrorClass.INPUT:
            # The profile's own fields cannot make a client (a Huawei profile without a project ID).
            self.show_message(
                self.tr("The profile is incomplete"),
                tr_error(error) + "\n" + self.tr("Check the profile under Profiles…"),
                kind="error",
                profiles=True,
            )
            return
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

    def no_video_id_text(self, provider: Provider = Provider.ALIYUN) -> str:
        if provider is Provider.HUAWEI:
            return self.tr("Enter or paste one or more media asset IDs.")
        return self.tr("Enter or paste one or more VideoIds.")

    def show_no_video_id(self, provider: Provider = Provider.ALIYUN) -> None:
        if provider is Provider.HUAWEI:
            self.show_message(
                self.tr("No media asset ID"),
                self.tr("Enter or paste one or more media asset IDs."),
                kind="error",
            )
            return
        self.show_message(
            self.tr("No VideoId"), self.tr("Enter or paste one or more VideoIds."), kind="error"
        )

    def show_invalid_video_id(
        self, error: BaseException, provider: Provider = Provider.ALIYUN
    ) -> None:
        if provider is Provider.HUAWEI:
            self.show_message(self.tr("Not a media asset ID"), tr_error(error), kind="error")
            return
        self.show_message(self.tr("Not a valid VideoId"), tr_error(error), kind="error")

    def show_no_snapshots(self, snapshot_type: str, provider: Provider = Provider.ALIYUN) -> None:
        if provider is Provider.HUAWEI:
            body = tr_format(
                self.tr("The snapshot task of this media asset made no {kind}."), kind=snapshot_type
            )
        else:
            body = tr_format(
                self.tr("The latest snapshot job of this video has no {type}."), type=snapshot_type
            )
        self.show_message(self.tr("No snapshots"), body, kind="info", retry=True)
