"""The preview window: one snapshot at full size (Enter or double-click on a tile).

Fit to window, 100 % and zoom; Left/Right step through the grid's snapshots; beside the picture the
facts a reviewer checks: index, time, the URL with its token masked, HTTP status, bytes, pixel size
and load time. The full-size image comes through the same image pipeline with a large target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from snapview.core.redaction import redact_url
from snapview.services.images import crop
from snapview.ui.grid.loader import ImageSource
from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.grid.tiles import PREVIEW_KEY_PREFIX, format_time_ms
from snapview.ui.tr import tr_message

if TYPE_CHECKING:
    from snapview.services.images import ImageResult

FULL_TARGET = QSize(8192, 8192)


class PreviewWindow(QWidget):
    """A top-level window showing ``model``'s row at full size."""

    # -- review hook (ui/review/preview_decision.py adds rows to info_form, keys to the window) --
    row_shown = Signal(int)

    def __init__(
        self, model: SnapshotGridModel, pipeline: ImageSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("previewWindow")
        self.setWindowTitle(self.tr("Preview"))
        self.resize(1100, 700)
        self.model = model
        self.pipeline = pipeline
        self.row = -1
        self.scale: float | None = None  # None: fit to window
        self.original: QPixmap | None = None
        self.result: ImageResult | None = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        layout.addLayout(left, 1)
        buttons = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.fit_button = QPushButton(self.tr("Fit"))
        self.actual_button = QPushButton(self.tr("100%"))
        self.zoom_in_button = QPushButton("+")
        self.zoom_out_button = QPushButton("−")
        for button in (
            self.prev_button,
            self.next_button,
            self.fit_button,
            self.actual_button,
            self.zoom_out_button,
            self.zoom_in_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        self.image_label = QLabel()
        self.image_label.setObjectName("previewImage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image_label)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setStyleSheet("background: #202020; color: #eeeeee;")
        left.addWidget(self.scroll_area, 1)
        info = QWidget()
        info.setMinimumWidth(300)
        info.setMaximumWidth(380)
        form = QFormLayout(info)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("index", self.tr("Index")),
            ("time", self.tr("Time")),
            ("state", self.tr("State")),
            ("url", self.tr("URL")),
            ("status", self.tr("HTTP status")),
            ("bytes", self.tr("Bytes")),
            ("pixels", self.tr("Pixel size")),
            ("elapsed", self.tr("Load time")),
        ):
            value = QLabel()
            value.setObjectName(f"preview_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[key] = value
        layout.addWidget(info)
        self.info_form = form  # review hook
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.fit_button.clicked.connect(self.fit)
        self.actual_button.clicked.connect(lambda: self.set_scale(1.0))
        self.zoom_in_button.clicked.connect(
            lambda: self.set_scale((self._effective_scale() or 1.0) * 1.25)
        )
        self.zoom_out_button.clicked.connect(
            lambda: self.set_scale((self._effective_scale() or 1.0) / 1.25)
        )
        pipeline.image_ready.connect(self._on_image_ready)

    def key(self) -> str:
        return f"{PREVIEW_KEY_PREFIX}{self.model.key_for(self.row)}"

    def show_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        self.row = row
        self.original = None
        self.result = None
        tile = self.model.tile(row)
        self.setWindowTitle(
            self.tr("Preview — snapshot #{index}").replace("{index}", str(tile.index))
        )
        self.image_label.setText(self.tr("Loading…"))
        self.image_label.setPixmap(QPixmap())
        self._fill_fields()
        self.row_shown.emit(row)  # review hook
        self.show()
        self.raise_()
        self.activateWindow()
        if tile.url:
            result = self.pipeline.request(self.key(), tile.url, FULL_TARGET, priority=1000)
            if result is not None:
                self._on_image_ready(result)
        else:
            self.model.loader.queue_pages([self.model.loader.page_of_row(row)])
            self.image_label.setText(self.tr("The page of this snapshot is still loading."))

    def step(self, delta: int) -> None:
        self.show_row(max(0, min(self.model.rowCount() - 1, self.row + delta)))

    def _on_image_ready(self, result: ImageResult) -> None:
        if str(result.key) != self.key():
            return
        self.result = result
        tile = self.model.tile(self.row)
        image = result.image
        if image is not None and tile.region is not None:
            image = crop(image, tile.region, original_size=result.pixel_size)
        if image is None or image.isNull():
            text = (
                tr_message(result.reason)
                if result.reason is not None
                else self.tr("The image could not be loaded")
            )
            self.image_label.setPixmap(QPixmap())
            self.image_label.setText("⚠ " + text)
            self.image_label.setStyleSheet("background: #202020; color: #ff8a80; font-size: 16px;")
        else:
            self.image_label.setStyleSheet("background: #202020; color: #eeeeee;")
            self.original = QPixmap.fromImage(image)
            self._apply_scale()
        self._fill_fields()

    def _fill_fields(self) -> None:
        tile = self.model.tile(self.row)
        result = self.result
        f = self.fields
        f["index"].setText(f"#{tile.index}  ({self.row + 1} / {self.model.rowCount()})")
        when = format_time_ms(tile.start_ms)
        if when and tile.end_ms is not None:
            when += f" → {format_time_ms(tile.end_ms)}"
        f["time"].setText(when or "—")
        f["state"].setText(tile.reason or tile.state.value)
        url = (result.url if result is not None else None) or tile.url
        # Zero-width spaces let a long URL wrap at its separators; the tooltip keeps it plain.
        shown = redact_url(url) if url else "—"
        f["url"].setText(
            shown.replace("/", "/\u200b").replace("?", "\u200b?").replace("&", "\u200b&")
        )
        f["url"].setToolTip(shown)
        status = (result.http_status if result is not None else None) or tile.http_status
        f["status"].setText(str(status) if status else "—")
        size = (result.byte_size if result is not None else None) or tile.byte_size
        f["bytes"].setText(f"{size:,}" if size else "—")
        pixels = result.pixel_size if result is not None else QSize()
        f["pixels"].setText(f"{pixels.width()}×{pixels.height()}" if pixels.isValid() else "—")
        if result is not None and result.from_cache:
            f["elapsed"].setText(self.tr("from cache"))
        elif result is not None and result.elapsed_ms:
            f["elapsed"].setText(f"{result.elapsed_ms:.0f} ms")
        else:
            f["elapsed"].setText("—")

    def _effective_scale(self) -> float | None:
        if self.original is None:
            return None
        if self.scale is not None:
            return self.scale
        view = self.scroll_area.viewport().size()
        return float(
            min(
                1.0,
                view.width() / max(1, self.original.width()),
                view.height() / max(1, self.original.height()),
            )
        )

    def fit(self) -> None:
        self.scale = None
        self._apply_scale()

    def set_scale(self, scale: float) -> None:
        self.scale = max(0.05, min(8.0, scale))
        self._apply_scale()

    def _apply_scale(self) -> None:
        if self.original is None:
            return
        scale = self._effective_scale() or 1.0
        size = self.original.size() * scale
        self.image_label.setPixmap(
            self.original.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.scale is None:
            self._apply_scale()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.step(-1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.step(1)
        elif key == Qt.Key.Key_Escape:
            self.close()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_scale((self._effective_scale() or 1.0) * 1.25)
        elif key == Qt.Key.Key_Minus:
            self.set_scale((self._effective_scale() or 1.0) / 1.25)
        elif key == Qt.Key.Key_0:
            self.set_scale(1.0)
        elif key == Qt.Key.Key_F:
            self.fit()
        else:
            super().keyPressEvent(event)
