"""The preview window: one snapshot at full size (Enter or double-click on a tile).

Fit to window (enlarging small frames too, crisp or smooth), 1:1, zoom, full screen (F11 or a
double-click) and a loupe (L); the arrow and page keys step through the grid's snapshots. Beside the
picture the facts a reviewer checks: index, time, the grid's flags (black, duplicate), the URL with
its token masked, HTTP status, bytes, the frame's own pixel size (and its sheet's, for a sprite
cell) and load time. The full-size image comes through the same image pipeline with a large target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from snapview.core.redaction import redact_url
from snapview.services.images import crop
from snapview.ui.grid.loader import ImageSource
from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.grid.tiles import FULL_TARGET, PREVIEW_KEY_PREFIX, Tile, TileState, format_time_ms
from snapview.ui.preview_loupe import Loupe
from snapview.ui.tr import tr_format, tr_message
from snapview.ui.widgets.elided_label import ElidedLabel

if TYPE_CHECKING:
    from snapview.services.images import ImageResult


class PreviewWindow(QWidget):
    """A top-level window showing ``model``'s row at full size."""

    row_shown = Signal(int)  # the row now on show: the grid's selection follows it

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
        self.frame_size: QSize | None = None  # a sprite cell's own size (the crop)
        self.result: ImageResult | None = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        layout.addLayout(left, 1)
        buttons = QHBoxLayout()
        # Tool buttons, as wide as their words (push buttons keep a wide minimum each, and nine of
        # them cut "Full Screen" off on an 800 px screen); arrows only, the words in the tooltip.
        self.prev_button = QToolButton()
        self.prev_button.setText("◀")
        self.prev_button.setToolTip(self.tr("Previous snapshot (Left, PageUp)"))
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("Next snapshot (Right, PageDown, Space)"))
        self.fit_button = QToolButton()
        self.fit_button.setText(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Fit to the window, small frames enlarged (F)"))
        self.actual_button = QToolButton()
        self.actual_button.setText(self.tr("1:1"))
        self.actual_button.setToolTip(self.tr("Actual pixels (0)"))
        self.zoom_in_button = QToolButton()
        self.zoom_in_button.setText("+")
        self.zoom_out_button = QToolButton()
        self.zoom_out_button.setText("−")
        self.smooth_button = QToolButton()
        self.smooth_button.setText(self.tr("Smooth"))
        self.smooth_button.setCheckable(True)
        self.smooth_button.setChecked(True)
        self.smooth_button.setToolTip(
            self.tr("Smooth scaling; off shows enlarged pixels as crisp squares (S)")
        )
        self.loupe_button = QToolButton()
        self.loupe_button.setText(self.tr("Loupe"))
        self.loupe_button.setCheckable(True)
        self.loupe_button.setToolTip(self.tr("Enlarge the pixels under the mouse 4× (L)"))
        self.full_screen_button = QToolButton()
        self.full_screen_button.setText(self.tr("Full Screen"))
        self.full_screen_button.setCheckable(True)
        self.full_screen_button.setToolTip(self.tr("Full screen (F11 or double-click)"))
        for button in (
            self.prev_button,
            self.next_button,
            self.fit_button,
            self.actual_button,
            self.zoom_out_button,
            self.zoom_in_button,
            self.smooth_button,
            self.loupe_button,
            self.full_screen_button,
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
        # The scroll area would take the arrow and page keys to scroll the picture (D3): the
        # window keeps the focus and steps through the snapshots; the mouse still scrolls.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image_label.setStyleSheet("background: #202020; color: #eeeeee;")
        left.addWidget(self.scroll_area, 1)
        self.loupe = Loupe(self.scroll_area.viewport())
        self.image_label.setMouseTracking(True)
        self.image_label.installEventFilter(self)
        info = QWidget()
        info.setMinimumWidth(240)
        info.setMaximumWidth(380)
        form = QFormLayout(info)
        self.fields: dict[str, QLabel] = {}
        self.url_label = ElidedLabel(elide_middle=True)
        # Its width is what the other facts leave: a whole URL would widen the panel to its limit.
        self.url_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        copy_url = QAction(self.tr("Copy URL"), self.url_label)
        copy_url.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(self.url_label.text())
        )
        self.url_label.addAction(copy_url)
        self.url_label.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for key, label in (
            ("index", self.tr("Index")),
            ("time", self.tr("Time")),
            ("state", self.tr("State")),
            ("flags", self.tr("Flags")),
            ("url", self.tr("URL")),
            ("status", self.tr("HTTP status")),
            ("bytes", self.tr("Bytes")),
            ("pixels", self.tr("Pixel size")),
            ("elapsed", self.tr("Load time")),
        ):
            # The URL on one line, elided in its middle (host and token-masked query both stay in
            # sight; the whole URL is the tooltip): wrapped, its long hash ran off the window.
            value = self.url_label if key == "url" else QLabel()
            value.setObjectName(f"preview_{key}")
            if value is not self.url_label:
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
        self.smooth_button.toggled.connect(lambda _on: self._apply_scale())
        self.loupe_button.toggled.connect(self._loupe_toggled)
        self.full_screen_button.toggled.connect(self.set_full_screen)
        pipeline.image_ready.connect(self._on_image_ready)

    def key(self) -> str:
        return f"{PREVIEW_KEY_PREFIX}{self.model.key_for(self.row)}"

    def show_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        if not self.isVisible():
            self.scale = None  # opened anew: fitted, not at the zoom of last time
        self.row = row
        self.original = None
        self.result = None
        tile = self.model.tile(row)
        self.setWindowTitle(
            self.tr("Preview — snapshot #{index}").replace("{index}", str(tile.index))
        )
        # Pixmap first: setting one clears the label's text, and "Loading…" must show until the
        # picture comes (a picture from the cache replaces it at once below).
        self.image_label.setPixmap(QPixmap())
        self.image_label.setText(self.tr("Loading…"))
        self._fill_fields()
        self.show()
        self.raise_()
        self.activateWindow()
        self.setFocus()
        self.row_shown.emit(row)
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
        self.frame_size = None
        if image is not None and tile.region is not None:
            image = crop(image, tile.region, original_size=result.pixel_size)
            self.frame_size = image.size() if image is not None else None
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
        f["state"].setText(self._state_text(tile))
        flags = [self.tr("black frame")] if tile.is_black else []
        if tile.duplicate:
            flags.append(self.tr("same picture as the previous snapshot"))
        f["flags"].setText(", ".join(flags) or "—")
        url = (result.url if result is not None else None) or tile.url
        f["url"].setText(redact_url(url) if url else "—")  # the tooltip follows
        status = (result.http_status if result is not None else None) or tile.http_status
        f["status"].setText(str(status) if status else "—")
        size = (result.byte_size if result is not None else None) or tile.byte_size
        f["bytes"].setText(f"{size:,}" if size else "—")
        sheet = result.pixel_size if result is not None else None
        frame = self.frame_size
        if frame is not None and sheet is not None and sheet.isValid():
            # A sprite cell: the frame's own size first, the sheet's after it.
            f["pixels"].setText(
                tr_format(
                    self.tr("{frame} (cell of a {sheet} sheet)"),
                    frame=f"{frame.width()}×{frame.height()}",
                    sheet=f"{sheet.width()}×{sheet.height()}",
                )
            )
        elif sheet is not None and sheet.isValid():
            f["pixels"].setText(f"{sheet.width()}×{sheet.height()}")
        else:
            f["pixels"].setText("—")
        if result is not None and result.from_cache:
            f["elapsed"].setText(self.tr("from cache"))
        elif result is not None and result.elapsed_ms:
            f["elapsed"].setText(f"{result.elapsed_ms:.0f} ms")
        else:
            f["elapsed"].setText("—")

    def _state_text(self, tile: Tile) -> str:
        """Where the picture on show is, in the user's language. The preview's own image decides
        once it has come: the grid's tile may still be loading (or never asked for its thumbnail)
        while the preview already shows the full image from the cache."""
        result = self.result
        if result is not None:
            if self.original is not None:
                return self.tr("Loaded")
            return tr_message(result.reason) if result.reason is not None else self.tr("Failed")
        if tile.state == TileState.FAILED:
            return tile.reason or self.tr("Failed")
        if not tile.url:
            return self.tr("Waiting for its page")
        return self.tr("Loading…")

    def _effective_scale(self) -> float | None:
        if self.original is None:
            return None
        if self.scale is not None:
            return self.scale
        view = self.scroll_area.viewport().size()
        # Fit enlarges as well (D14): a 160×90 sprite frame fills the window instead of a stamp.
        return float(
            min(
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
        smooth = self.smooth_button.isChecked() or scale < 1.0  # crisp only when enlarging
        mode = (
            Qt.TransformationMode.SmoothTransformation
            if smooth
            else Qt.TransformationMode.FastTransformation
        )
        self.image_label.setPixmap(
            self.original.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, mode)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.scale is None:
            self._apply_scale()

    # -- full screen and loupe ----------------------------------------------------------------------

    def set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        if self.full_screen_button.isChecked() != on:
            self.full_screen_button.setChecked(on)

    def _loupe_toggled(self, on: bool) -> None:
        if not on:
            self.loupe.hide()

    def image_pixel_at(self, pos: QPoint) -> QPoint | None:
        """The original's pixel under ``pos`` (image-label coordinates), None off the picture."""
        shown = self.image_label.pixmap()
        if self.original is None or shown.isNull():
            return None
        left = (self.image_label.width() - shown.width()) // 2
        top = (self.image_label.height() - shown.height()) // 2
        x, y = pos.x() - left, pos.y() - top
        if not (0 <= x < shown.width() and 0 <= y < shown.height()):
            return None
        return QPoint(
            x * self.original.width() // shown.width(), y * self.original.height() // shown.height()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.image_label:
            if event.type() == QEvent.Type.MouseButtonDblClick:
                self.set_full_screen(not self.isFullScreen())
                return True
            if event.type() == QEvent.Type.MouseMove and self.loupe_button.isChecked():
                assert isinstance(event, QMouseEvent)
                pos = event.position().toPoint()
                pixel = self.image_pixel_at(pos)
                if pixel is None or self.original is None:
                    self.loupe.hide()
                else:
                    where = self.image_label.mapTo(self.scroll_area.viewport(), pos)
                    self.loupe.show_at(self.original, pixel, where)
            elif event.type() == QEvent.Type.Leave:
                self.loupe.hide()
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.step(-1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.step(1)
        elif key == Qt.Key.Key_Escape and self.isFullScreen():
            self.set_full_screen(False)
        elif key == Qt.Key.Key_Escape:
            self.close()
        elif key == Qt.Key.Key_F11:
            self.set_full_screen(not self.isFullScreen())
        elif key == Qt.Key.Key_L:
            self.loupe_button.toggle()
        elif key == Qt.Key.Key_S:
            self.smooth_button.toggle()
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
