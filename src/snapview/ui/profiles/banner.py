"""The persistent warning above the grid that there is no keyring, so AccessKey secrets live only as
long as this process, with what to install to keep them safely."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from snapview.ui.widgets.labels import make_label


class SessionOnlyBanner(QFrame):
    """The persistent warning that secrets live only as long as this process."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionOnlyBanner")
        self.setStyleSheet(
            "#sessionOnlyBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
            "#sessionOnlyBanner QLabel { color: #5c4400; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = make_label(
            self.tr(
                "<b>No keyring found — AccessKey secrets are kept for this session only.</b> "
                "You will have to enter them again after snapview restarts; they are never written to "
                "disk. To keep them safely, install and unlock GNOME Keyring (gnome-keyring) or KWallet, "
                "then restart snapview."
            ),
            object_name="sessionOnlyText",
            wrap=True,
        )
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.label, 1)
