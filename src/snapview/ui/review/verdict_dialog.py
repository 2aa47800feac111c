"""Review → Set Video Verdict…: the reviewer's explicit verdict for the video on screen — passed,
failed or needs attention, with a comment saying why — or back to the verdict derived from the
snapshot decisions. The dialog opens on what is in effect now (and names the derived verdict, so the
reviewer sees what they override); :mod:`.video_verdict` stores the answer and shows it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from snapview.core.review.verdicts import MAX_OVERRIDE_COMMENT, VerdictOverride, VideoVerdict
from snapview.ui.tr import tr_format, tr_message

_ERROR_STYLE = "color: #b3261e;"
CHOICES = (VideoVerdict.PASSED, VideoVerdict.FAILED, VideoVerdict.NEEDS_ATTENTION)


class VerdictDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewVerdictDialog")
        self.setWindowTitle(self.tr("Video Verdict"))
        self.video_label = QLabel()
        self.video_label.setObjectName("verdictVideo")
        self.video_label.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.derived = QRadioButton()
        self.derived.setObjectName("verdict_derived")
        self.buttons: dict[VideoVerdict, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.video_label)
        layout.addWidget(self.derived)
        self.group.addButton(self.derived)
        for verdict in CHOICES:
            button = QRadioButton(tr_message(verdict.label))
            button.setObjectName(f"verdict_{verdict.value}")
            self.group.addButton(button)
            self.buttons[verdict] = button
            layout.addWidget(button)
        layout.addWidget(QLabel(self.tr("Comment (why this verdict):")))
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("verdictComment")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.comment.textChanged.connect(self._check)
        layout.addWidget(self.comment)
        self.error = QLabel()
        self.error.setObjectName("verdictError")
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)

    def prepare(
        self, video_id: str, derived: VideoVerdict, current: VerdictOverride | None
    ) -> None:
        """Open on the verdict in effect: the override if there is one, else "derived"."""
        self.video_label.setText(tr_format(self.tr("Verdict of video {video}"), video=video_id))
        self.derived.setText(
            tr_format(
                self.tr("From the snapshot decisions (now: {verdict})"),
                verdict=tr_message(derived.label),
            )
        )
        if current is not None and current.verdict is not None:
            self.buttons[current.verdict].setChecked(True)
            self.comment.setPlainText(current.comment)
        else:
            self.derived.setChecked(True)
            self.comment.clear()
        self._check()

    def chosen(self) -> tuple[VideoVerdict | None, str]:
        """(the explicit verdict, or None for the derived one; the comment)."""
        for verdict, button in self.buttons.items():
            if button.isChecked():
                return verdict, self.comment.toPlainText().strip()
        return None, self.comment.toPlainText().strip()

    def _check(self) -> None:
        too_long = len(self.comment.toPlainText()) > MAX_OVERRIDE_COMMENT
        self.error.setText(
            tr_format(
                self.tr("The comment is longer than {limit} characters."),
                limit=f"{MAX_OVERRIDE_COMMENT:,}",
            )
            if too_long
            else ""
        )
        self.error.setVisible(too_long)
        ok = self.box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not too_long)
