"""A line edit for secrets: masked, hidden from input methods, with a show/hide eye at its end
(after Vorta's ``views/partials/password_input.py``). Pasted secrets lose stray whitespace."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QLineEdit, QWidget


class PasswordLineEdit(QLineEdit):
    """Masked until the user presses the eye (``reveal_action``, checkable)."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.reveal_action = QAction(self._reveal_icon(False), self.tr("Show"), self)
        self.reveal_action.setObjectName(f"{object_name}Reveal")
        self.reveal_action.setCheckable(True)
        self.reveal_action.setToolTip(self.tr("Show or hide the text"))
        self.reveal_action.toggled.connect(self._set_revealed)
        self.addAction(self.reveal_action, QLineEdit.ActionPosition.TrailingPosition)

    def _set_revealed(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.reveal_action.setIcon(self._reveal_icon(shown))

    def _reveal_icon(self, shown: bool) -> QIcon:
        themed = QIcon.fromTheme("view-hidden" if shown else "view-visible")
        if not themed.isNull():
            return themed
        return _eye_icon(self.palette().color(QPalette.ColorRole.Text), crossed=shown)


def _eye_icon(color: QColor, *, crossed: bool) -> QIcon:
    """An eye (crossed out while the text is shown), drawn because few desktops theme one for us."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 2.4))
    path = QPainterPath()
    path.moveTo(3, 16)
    path.quadTo(16, 3, 29, 16)
    path.quadTo(16, 29, 3, 16)
    painter.drawPath(path)
    painter.setBrush(color)
    painter.drawEllipse(QPointF(16, 16), 4.5, 4.5)
    if crossed:
        painter.drawLine(QPointF(6, 27), QPointF(26, 5))
    painter.end()
    return QIcon(pixmap)
