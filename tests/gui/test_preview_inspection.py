"""Close inspection in the preview, like a reviewer: a small sprite frame fitted up to the window,
crisp or smooth, full screen (F11, double-click), the loupe, and the tile's flags and frame size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from snapview.emulator.catalog import SPRITE_VIDEO_ID
from tests.gui.test_preview import loaded, open_defects, preview_row  # noqa: F401 (fixture)
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "Corrupt JPEG data", "Unsupported marker type", "This plugin does not support raise"
    ),
]


def open_sprite_frames(app_window, qtbot, language: str | None = None):
    window, services, app = app_window(size=(1280, 800), demo_profile=True, language=language)
    feature = app.video
    window.type_combo.setCurrentIndex(window.type_combo.findData("SpriteSnapshot"))
    window.video_edit.setText(SPRITE_VIDEO_ID)
    qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: feature.model.total == 2, timeout=WAIT_MS)
    window.action_map["split_frames"].trigger()
    qtbot.waitUntil(lambda: feature.model.rowCount() == 50, timeout=WAIT_MS)
    return window, feature


def test_a_sprite_frame_is_fitted_up_to_the_window_and_named_by_its_own_size(
    app_window, qtbot
) -> None:
    window, feature = open_sprite_frames(app_window, qtbot)
    preview = preview_row(qtbot, feature, 3)
    frame = preview.original
    region = feature.model.tile(3).region
    assert (frame.width(), frame.height()) == region[2:]
    sheet = preview.result.pixel_size
    assert preview.fields["pixels"].text() == (
        f"{frame.width()}×{frame.height()} (cell of a {sheet.width()}×{sheet.height()} sheet)"
    )
    shown = preview.image_label.pixmap()
    view = preview.scroll_area.viewport().size()
    # Fit enlarges: the frame fills the window's width or height, not a stamp at 1:1.
    assert shown.width() > 2 * frame.width()
    assert shown.width() >= view.width() - 2 or shown.height() >= view.height() - 2

    # Crisp: each original pixel becomes a block of one colour; smooth blends them.
    def matches_nearest() -> bool:
        image, source = preview.image_label.pixmap().toImage(), frame.toImage()
        step = image.width() / source.width()
        return all(
            image.pixel(int((x + 0.5) * step), int((y + 0.5) * step)) == source.pixel(x, y)
            for x in range(0, source.width(), 7)
            for y in range(0, source.height(), 7)
        )

    assert not matches_nearest()
    qtbot.keyClick(preview, Qt.Key.Key_S)
    assert not preview.smooth_button.isChecked() and matches_nearest()
    preview.close()


def test_full_screen_by_f11_and_double_click_and_the_loupe_follows_the_mouse(
    app_window, qtbot
) -> None:
    window, feature = open_sprite_frames(app_window, qtbot)
    preview = preview_row(qtbot, feature, 0)
    qtbot.keyClick(preview, Qt.Key.Key_F11)
    assert preview.isFullScreen() and preview.full_screen_button.isChecked()
    qtbot.mouseDClick(preview.image_label, Qt.MouseButton.LeftButton)
    assert not preview.isFullScreen() and not preview.full_screen_button.isChecked()
    qtbot.keyClick(preview, Qt.Key.Key_L)
    assert preview.loupe_button.isChecked()
    centre = preview.image_label.rect().center()
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(centre),
        QPointF(preview.image_label.mapToGlobal(centre)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(preview.image_label, move)  # what moving the mouse there delivers
    assert preview.loupe.isVisible()
    expected = QPoint(preview.original.width() // 2, preview.original.height() // 2)
    got = preview.loupe.source_point
    assert abs(got.x() - expected.x()) <= 2 and abs(got.y() - expected.y()) <= 2
    qtbot.keyClick(preview, Qt.Key.Key_Escape)  # not full screen: Esc closes
    assert not preview.isVisible()


def test_the_tiles_flags_show_in_the_preview(loaded, qtbot) -> None:  # noqa: F811
    window, feature = loaded
    black = next(r for r in range(72) if feature.model.tile(r).is_black)
    preview = preview_row(qtbot, feature, black)
    assert "black frame" in preview.fields["flags"].text()
    preview.close()
    preview = preview_row(qtbot, feature, 1)
    assert preview.fields["flags"].text() == "—"
