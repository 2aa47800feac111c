"""Huawei event thumbnails do what the Alibaba grid's do (walkthrough D13): double-click or Enter
opens the preview, right-click gives the grid's menu (copy URL, copy image, open, save), and the
window's zoom slider and Ctrl+wheel resize the tiles."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication

from snapview.emulator.catalog import HUAWEI_ASSET_ID_OK
from snapview.ui.preview import PreviewWindow
from tests.gui.test_events import _wait_loaded, app_window  # noqa: F401  (fixture)
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    # The offscreen platform plugin cannot raise a window (the preview raises itself); not emitted
    # on real platforms.
    pytest.mark.qt_log_ignore("This plugin does not support raise"),
]
SEED = Path(__file__).parents[1] / "fixtures" / "huawei" / "thumbnail_succeed_seed.json"
FIRST_URL = "https://179.cdn-vod.huaweicloud.com/asset/14d7b2faba0dddd6b4e8936272d6bc3f/snapshot/sample/0.jpg"


@pytest.fixture
def sample_tiles(app_window, qtbot):  # noqa: F811
    window, feature = app_window()
    assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(SEED)])) == 1
    _label, tiles, model = feature.view.groups["sample"]
    qtbot.waitUntil(lambda: tiles.isVisible() and model.rowCount() == 6, timeout=WAIT_MS)
    return window, feature, tiles, model


def test_double_click_and_enter_open_the_preview(sample_tiles, qtbot) -> None:
    window, feature, tiles, model = sample_tiles
    rect = tiles.visualRect(model.index(0))
    qtbot.mouseClick(tiles.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tiles.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    previews = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, PreviewWindow) and w.objectName() == "eventPreviewWindow"
    ]
    assert len(previews) == 1
    preview = previews[0]
    qtbot.waitUntil(preview.isVisible, timeout=WAIT_MS)
    assert preview.windowTitle().endswith("#1")
    assert preview.fields["url"].text().endswith("sample/0.jpg")
    assert preview.fields["time"].text().startswith("00:00")
    tiles.setCurrentIndex(model.index(2))
    tiles.setFocus()
    qtbot.keyClick(tiles, Qt.Key.Key_Return)
    assert preview.windowTitle().endswith("#3")
    preview.close()


def test_the_context_menu_copies_the_url_and_offers_save(sample_tiles, qtbot) -> None:
    window, feature, tiles, model = sample_tiles
    tiles.setCurrentIndex(model.index(0))
    menu = tiles.build_context_menu()
    assert menu is not None
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == [
        "action_copy_url",
        "action_copy_image",
        "action_open_browser",
        "action_retry_tiles",  # the grid's Retry, for failed event thumbnails too
        "action_save_images",
    ]
    menu.findChild(type(menu.actions()[0]), "action_copy_url").trigger()
    assert QGuiApplication.clipboard().text() == FIRST_URL
    assert window.status_message.text() == "Copied 1 URL(s)"
    assert menu.findChild(type(menu.actions()[0]), "action_save_images").isEnabled()
    menu.close()


def test_the_zoom_slider_and_ctrl_wheel_resize_the_tiles(sample_tiles, qtbot) -> None:
    window, feature, tiles, model = sample_tiles
    window.zoom_slider.setValue(320)
    assert tiles.iconSize().width() == 320 and tiles.iconSize().height() == 180
    assert model.loader.target.width() == 320
    centre = QPointF(tiles.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(tiles.viewport().mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(tiles.viewport(), wheel)
    assert window.zoom_slider.value() == 336
    assert tiles.iconSize().width() == 336


def test_the_list_tells_the_envelopes_apart_and_shows_whole_asset_ids(
    app_window,  # noqa: F811
    qtbot,
    emulator,
    tmp_path,
) -> None:
    """The bare, SMN and MFS copies of one event are three different rows, each with the whole id."""
    lines = [
        httpx.get(
            f"{emulator.base_url}/huawei/events/{HUAWEI_ASSET_ID_OK}", params={"envelope": kind}
        ).text.replace("\n", " ")
        for kind in ("bare", "smn", "mfs")
    ]
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    window, feature = app_window()
    assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(path)])) == 3
    rows = [feature.panel.proxy.index(r, 0).data() for r in range(3)]
    assert len(set(rows)) == 3
    assert all(HUAWEI_ASSET_ID_OK in row for row in rows)
    assert not rows[0].endswith(("SMN", "MFS")) and rows[1].endswith("SMN")
    assert rows[2].endswith("MFS")
