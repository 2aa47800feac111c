"""The preview window opened from the grid like a user does (Enter, double-click), against the emulator."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from snapview.emulator.catalog import DEFECTS_VIDEO_ID
from tests.helpers.app_window import open_window, use_emulator_profile
from tests.helpers.async_qt import run
from tests.helpers.grid_hooks import point_of_row
from tests.helpers.qasync_loop import qasync_loop  # noqa: F401  (fixture)
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    # libjpeg reports the planted corrupt JPEG of the defects video while it is decoded.
    pytest.mark.qt_log_ignore(
        "Corrupt JPEG data",
        "Unsupported marker type",
        "Timers cannot be stopped from another thread",
        "This plugin does not support raise",
    ),
]


@pytest.fixture
def open_app(qtbot, qasync_loop, emulator, tmp_path, monkeypatch):  # noqa: F811
    """Opens the app on the defects video; every app of one test shares this test's image cache."""
    # A cache of this test alone: the first preview of a snapshot downloads it (HTTP 200).
    monkeypatch.setenv("SNAPVIEW_CACHE_DIR", str(tmp_path / "cache"))
    running: list[tuple[object, object]] = []
    homes = iter(range(1_000))

    def open_defects(zoom: int = 64) -> tuple[object, object]:
        home = tmp_path / f"app{next(homes)}"
        home.mkdir()
        window, services = open_window(qtbot, home)
        feature = services.extras["video_feature"]
        use_emulator_profile(feature, emulator)
        window.zoom_slider.setValue(zoom)
        window.video_edit.setText(DEFECTS_VIDEO_ID)
        qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)

        def done() -> bool:
            visible = feature.view.visible_rows()
            model = feature.model
            return model.total == 48 and len(visible) > 0 and model.final_rows(visible)

        qtbot.waitUntil(done, timeout=WAIT_MS)
        running.append((feature, services))
        return window, feature

    def close(feature: object) -> None:
        for entry in [e for e in running if e[0] is feature]:
            running.remove(entry)
            if entry[0].preview is not None:
                entry[0].preview.close()
            run(qtbot, entry[1].aclose())

    open_defects.close = close
    yield open_defects
    for feature, _services in list(running):
        close(feature)


@pytest.fixture
def loaded(open_app):
    return open_app()


def _preview_row(qtbot, feature, row: int):
    view = feature.view
    view.setFocus()
    view.setCurrentIndex(feature.model.index(row))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    preview = feature.preview
    qtbot.waitUntil(lambda: preview.isVisible() and preview.original is not None, timeout=WAIT_MS)
    return preview


def test_enter_opens_the_full_image_with_its_facts_and_the_token_masked(loaded, qtbot) -> None:
    window, feature = loaded
    preview = _preview_row(qtbot, feature, 1)
    fields = {k: v.text() for k, v in preview.fields.items()}
    assert fields["index"].startswith("#2")
    assert (preview.original.width(), preview.original.height()) == (480, 270)
    assert fields["pixels"] == "480×270"
    assert fields["status"] == "200"
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


def test_a_snapshot_previewed_before_comes_from_the_cache_after_a_restart(open_app, qtbot) -> None:
    # At the default zoom snapshot #41 is far below the viewport: the grid never fetched it.
    _window, feature = open_app(zoom=200)
    assert 40 not in feature.view.visible_rows()
    first = _preview_row(qtbot, feature, 40)
    assert first.fields["status"].text() == "200"
    assert first.fields["elapsed"].text().endswith(" ms")  # downloaded now
    open_app.close(feature)
    # The app again, a new session with the same cache: the picture is not downloaded again.
    _window, feature = open_app(zoom=200)
    again = _preview_row(qtbot, feature, 40)
    assert again.fields["index"].text().startswith("#41")
    assert again.fields["elapsed"].text() == "from cache"
    assert again.fields["pixels"].text() == "480×270"


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
