"""The outcome of an action, shown in place: success (green), error (red) or information (blue,
with a spinner icon while busy), an optional Retry button, and rich text for errors that carry a
bold title. Plain text is escaped here, so a name or a server message cannot inject markup."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QWidget

from snapview.ui.widgets.labels import make_label


class ResultBanner(QFrame):
    """Hidden until ``show_success``/``show_error``/``show_info``; ``text()`` is what it shows."""

    def __init__(self, object_name: str = "resultFrame", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.icon = QLabel()
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.label = make_label(object_name="resultLabel", selectable=True, wrap=True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.label, 1)
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self._do_retry)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self._retry: Callable[[], None] | None = None
        self.hide()

    def show_success(self, text: str) -> None:
        self._show(
            html.escape(text, quote=False),
            QStyle.StandardPixmap.SP_DialogApplyButton,
            "background: #e6f4ea; color: #0d5223;",
        )

    def show_error(self, rich_text: str, *, retry: Callable[[], None] | None = None) -> None:
        """``rich_text`` is markup: escape what it quotes (see :func:`html.escape`)."""
        self._show(
            rich_text,
            QStyle.StandardPixmap.SP_MessageBoxCritical,
            "background: #fce8e6; color: #8c1d18;",
            retry,
        )

    def show_info(self, text: str, *, busy: bool = False) -> None:
        self._show(
            html.escape(text, quote=False),
            QStyle.StandardPixmap.SP_BrowserReload
            if busy
            else QStyle.StandardPixmap.SP_MessageBoxInformation,
            "background: #e8f0fe; color: #174ea6;",
        )

    def clear(self) -> None:
        self._retry = None
        self.hide()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _show(
        self,
        text: str,
        pixmap: QStyle.StandardPixmap,
        style: str,
        retry: Callable[[], None] | None = None,
    ) -> None:
        self.label.setText(text)
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(20, 20))
        self.setStyleSheet(f"#{self.objectName()} {{ {style} border-radius: 4px; }}")
        self._retry = retry
        self.retry_button.setVisible(retry is not None)
        self.show()

    def _do_retry(self) -> None:
        retry, self._retry = self._retry, None
        if retry is not None:
            retry()
