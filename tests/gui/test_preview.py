"""The preview window opened from the grid like a user does (Enter, double-click), against the emulator."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from snapview.emulator.catalog import DEFECTS_VIDEO_ID
from tests.helpers.async_qt import run
from tests.helpers.grid_hooks import point_of_row
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        # libjpeg reports the planted corrupt JPEG of the defects video while it is decoded.
        "Corrupt JPEG data",
        "Unsupported marker type",
        # The offscreen platform plugin cannot raise a window (the preview raises itself); not
        # emitted on real platforms.
        "This plugin does not support raise",
    ),
]


def open_defects(app_window, qtbot, zoom: int = 64):
    """A start of the app with the defects video loaded and its first viewport complete."""
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    feature = app.video
    window.zoom_slider.setValue(zoom)
    window.video_edit.setText(DEFECTS_VIDEO_ID)
    qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)

    def done() -> bool:
        visible = feature.view.visible_rows()
        return feature.model.total == 72 and len(visible) > 0 and feature.model.final_rows(visible)

    qtbot.waitUntil(done, timeout=WAIT_MS)
    return window, services, feature


def preview_row(qtbot, feature, row: int):
    """Enter on ``row``: the preview window, once its full image is shown."""
    view = feature.view
    view.setFocus()
    view.setCurrentIndex(feature.model.index(row))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    preview = feature.preview
    qtbot.waitUntil(lambda: preview.isVisible() and preview.original is not None, timeout=WAIT_MS)
    return preview


@pytest.fixture
def loaded(app_window, qtbot):
    window, _services, feature = open_defects(app_window, qtbot)
    yield window, feature
    if feature.preview is not None:
        feature.preview.close()


def test_enter_opens_the_full_image_with_its_facts_and_the_token_masked(loaded, qtbot) -> None:
    window, feature = loaded
    view = feature.view
    view.setFocus()
    view.setCurrentIndex(feature.model.index(1))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    preview = feature.preview
    qtbot.waitUntil(lambda: preview.isVisible() and preview.original is not None, timeout=WAIT_MS)
    fields = {k: v.text() for k, v in preview.fields.items()}
    assert fields["index"].startswith("#2")
    assert (preview.original.width(), preview.original.height()) == (480, 270)
    assert fields["pixels"] == "480×270"
    # The grid downloaded this image a moment ago (the test's cache starts empty): the full image
    # comes from that disk copy, and the status shown is the one of that download.
    assert fields["status"] == "200" and fields["elapsed"] == "from cache"
    url = fields["url"].replace("\u200b", "")
    assert "auth_key=***" in url
    token = feature.model.tile(1).url.split("auth_key=", 1)[1]
    assert token not in url
    # Right arrow steps to the next snapshot.
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    qtbot.waitUntil(
        lambda: preview.fields["index"].text().startswith("#3") and preview.original is not None,
        timeout=WAIT_MS,
    )
    # 100 % shows the real pixels; Fit shrinks nothing smaller than the window.
    qtbot.mouseClick(preview.actual_button, Qt.MouseButton.LeftButton)
    assert preview.image_label.pixmap().width() == 480
    qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    assert preview.image_label.pixmap().width() == 600


def test_double_click_on_a_broken_tile_shows_why_it_failed(loaded, qtbot) -> None:
    window, feature = loaded
    view = feature.view
    # A real double-click: the first click presses the tile, the second one is the double-click.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of_row(view, 20))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of_row(view, 20))
    qtbot.waitUntil(lambda: feature.preview is not None, timeout=WAIT_MS)
    preview = feature.preview
    qtbot.waitUntil(lambda: preview.result is not None, timeout=WAIT_MS)
    assert preview.fields["index"].text().startswith("#21")
    assert "404" in preview.image_label.text()
    assert preview.fields["status"].text() == "404"


def test_a_snapshot_previewed_before_comes_from_the_cache_after_a_restart(
    app_window, qtbot
) -> None:
    # At the default zoom snapshot #41 is far below the viewport: the grid never fetched it.
    window, services, feature = open_defects(app_window, qtbot, zoom=200)
    assert 40 not in feature.view.visible_rows()
    first = preview_row(qtbot, feature, 40)
    assert first.fields["status"].text() == "200"
    assert first.fields["elapsed"].text().endswith(" ms")  # downloaded now
    first.close()
    window.close()
    run(qtbot, services.aclose())  # quit: the disk cache is written and closed
    # The app again, a new session with the same cache: the picture is not downloaded again.
    _window, _services, feature = open_defects(app_window, qtbot, zoom=200)
    again = preview_row(qtbot, feature, 40)
    assert again.fields["index"].text().startswith("#41")
    assert again.fields["elapsed"].text() == "from cache"
    assert again.fields["pixels"].text() == "480×270"
    again.close()


@pytest.mark.parametrize(
    ("forward", "back"),
    [(Qt.Key.Key_Right, Qt.Key.Key_Left), (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)],
)
def test_arrow_and_page_keys_step_and_the_grid_selection_follows(
    loaded, qtbot, forward, back
) -> None:
    window, feature = loaded
    preview = preview_row(qtbot, feature, 0)
    preview.set_scale(3.0)  # zoomed in: the scroll area has something to scroll sideways
    # The key goes where a user's key press goes: to the widget that has the focus.
    target = QApplication.focusWidget() or preview
    for _ in range(4):
        qtbot.keyClick(target, forward)
    assert preview.fields["index"].text().startswith("#5")
    assert feature.view.currentIndex().row() == 4
    qtbot.keyClick(QApplication.focusWidget() or preview, back)
    assert preview.fields["index"].text().startswith("#4")
    preview.close()
    assert feature.view.selected_rows() == [3]


def test_copy_image_copies_the_full_resolution_snapshot_not_the_tile(loaded, qtbot) -> None:
    window, feature = loaded
    view = feature.view
    tile_pixmap = feature.model.pixmap_for(1)
    assert tile_pixmap is not None and tile_pixmap.width() < 480  # zoom 64: a small tile
    view.setCurrentIndex(feature.model.index(1))
    menu = view.build_context_menu()
    copy = next(a for a in menu.actions() if a.objectName() == "action_copy_image")
    QApplication.clipboard().clear()
    copy.trigger()
    task = view.context_menu._copy_task
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.result() is True
    image = QApplication.clipboard().image()
    assert (image.width(), image.height()) == (480, 270)
    assert window.status_message.text() == "Image copied (480×270)"
    menu.close()


def test_copy_image_of_a_broken_snapshot_says_why(loaded, qtbot) -> None:
    window, feature = loaded
    task = feature.view.context_menu.copy_image(20)  # the planted 404
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.result() is False
    assert window.status_message.text().startswith("The image could not be copied: ")
    assert "404" in window.status_message.text()
