"""The "Go to" dialog (Ctrl+G): one field for a snapshot number or a time in the video, with the
reason under it when the text is neither; the grid then selects that tile."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from snapview.core.goto_target import GoToTarget, InvalidGoToTarget, parse_goto
from snapview.ui.tr import tr_format, tr_message


class GoToDialog(QDialog):
    """Asks where to go; :attr:`target` is what was typed, parsed, once the dialog is accepted."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goToDialog")
        self.setWindowTitle(self.tr("Go To"))
        self.target: GoToTarget | None = None
        layout = QVBoxLayout(self)
        prompt = QLabel(
            tr_format(
                self.tr("Snapshot number (1–{count}) or time in the video (mm:ss):"),
                count=f"{count:,}",
            )
        )
        layout.addWidget(prompt)
        self.field = QLineEdit()
        self.field.setObjectName("goToField")
        self.field.setPlaceholderText(self.tr("e.g. 140 or 1:05"))
        prompt.setBuddy(self.field)
        layout.addWidget(self.field)
        self.error = QLabel()
        self.error.setObjectName("goToError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.field.textEdited.connect(lambda _text: self.error.hide())

    def accept(self) -> None:
        try:
            self.target = parse_goto(self.field.text())
        except InvalidGoToTarget as exc:
            self.error.setText(tr_message(exc.user_message))
            self.error.show()
            self.adjustSize()  # room for the reason, above the buttons
            self.field.selectAll()
            self.field.setFocus()
            return
        super().accept()
