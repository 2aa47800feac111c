"""Getting around like a reviewer, against the emulator: Go to (Ctrl+G) a number or a time, Ctrl+L,
F5 on the video on show of a pasted list, a new snapshot type at once, and retrying failed tiles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from snapview.emulator.catalog import (
    DEFECTS_VIDEO_ID,
    LONG_VIDEO_ID,
    SHORT_VIDEO_ID,
    SPRITE_VIDEO_ID,
)
from snapview.emulator.faults import FaultPlan
from snapview.ui.grid.tiles import TileState
from tests.helpers.fixtures import use_emulator_profile
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("Corrupt JPEG data", "Unsupported marker type"),
]


@pytest.fixture
def app(app_window):
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    return window, app


def load(qtbot, window, text: str) -> None:
    window.video_edit.setText(text)
    qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)


def done(feature) -> bool:
    visible = feature.view.visible_rows()
    return len(visible) > 0 and feature.model.final_rows(visible)


def go_to(qtbot, window, feature, text: str):
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = feature.navigation.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    qtbot.keyClicks(dialog.field, text)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    return dialog


def test_ctrl_g_goes_to_a_snapshot_number_and_says_what_it_cannot_read(app, qtbot) -> None:
    window, built = app
    feature = built.video
    load(qtbot, window, LONG_VIDEO_ID)
    qtbot.waitUntil(lambda: done(feature), timeout=WAIT_MS)
    dialog = go_to(qtbot, window, feature, "soon")
    assert dialog.isVisible() and "neither a snapshot number" in dialog.error.text()
    dialog.field.clear()
    qtbot.keyClicks(dialog.field, "4321")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert feature.view.currentIndex().row() == 4320
    qtbot.waitUntil(lambda: 4320 in feature.view.visible_rows(), timeout=WAIT_MS)
    # The page of #4321 (page 44) is fetched, and its tile shows.
    qtbot.waitUntil(lambda: feature.model.tile(4320).state.is_final, timeout=WAIT_MS)
    assert feature.model.tile(4320).index == 4321


def test_ctrl_g_goes_to_a_time_in_split_frames(app, qtbot) -> None:
    window, built = app
    feature = built.video
    window.type_combo.setCurrentIndex(window.type_combo.findData("SpriteSnapshot"))
    load(qtbot, window, SPRITE_VIDEO_ID)
    qtbot.waitUntil(lambda: feature.model.total == 2, timeout=WAIT_MS)
    window.action_map["split_frames"].trigger()
    qtbot.waitUntil(lambda: feature.model.rowCount() == 50, timeout=WAIT_MS)
    times = [feature.model.tile(r).start_ms for r in range(50)]
    wanted = times[37]
    go_to(qtbot, window, feature, f"{wanted // 60000}:{(wanted % 60000) / 1000:06.3f}")
    assert feature.view.currentIndex().row() == 37


def test_ctrl_l_focuses_the_video_id_field(app, qtbot) -> None:
    window, built = app
    built.video.view.setFocus()
    window.video_edit.setText("abc")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.video_edit.hasFocus() and window.video_edit.selectedText() == "abc"


def test_f5_and_a_new_type_reload_the_video_on_show_not_the_first_of_the_list(
    app, qtbot, emulator
) -> None:
    window, built = app
    feature = built.video
    load(qtbot, window, f"{SHORT_VIDEO_ID} {DEFECTS_VIDEO_ID} {LONG_VIDEO_ID}")
    qtbot.waitUntil(lambda: SHORT_VIDEO_ID in window.job_label.text(), timeout=WAIT_MS)
    window.action_map["next_video"].trigger()
    qtbot.waitUntil(lambda: DEFECTS_VIDEO_ID in window.job_label.text(), timeout=WAIT_MS)
    asked = emulator.stats["list_snapshots"]
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: emulator.stats["list_snapshots"] > asked, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: DEFECTS_VIDEO_ID in window.job_label.text(), timeout=WAIT_MS)
    assert feature.position_label.text() == "video 2 of 3"
    # Load on the same list stays there too.
    qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)
    assert feature.position_label.text() == "video 2 of 3"
    # A new snapshot type shows at once, for video 2.
    combo = window.type_combo
    combo.setCurrentIndex(combo.findData("CoverSnapshot"))
    combo.activated.emit(combo.currentIndex())  # what choosing it with the mouse sends
    assert feature.snapshot_type == "CoverSnapshot"
    qtbot.waitUntil(
        lambda: feature.pager.snapshot_type == "CoverSnapshot" and feature.model.total is not None,
        timeout=WAIT_MS,
    )
    assert DEFECTS_VIDEO_ID in window.job_label.text()
    assert feature.position_label.text() == "video 2 of 3"


def test_failed_tiles_are_retried_one_or_all(app_window, emulator_factory, qtbot) -> None:
    flaky = emulator_factory(image_fault_rate=1.0, seed=1)  # every picture fails, for now
    window, _services, built = app_window(size=(1280, 800))
    use_emulator_profile(built.profiles, flaky)
    feature = built.video
    load(qtbot, window, SHORT_VIDEO_ID)
    qtbot.waitUntil(lambda: feature.model.total is not None and done(feature), timeout=WAIT_MS)
    # The prefetched margin may still be on its way (and failing): wait until nothing is.
    pipeline = feature.model.loader.pipeline
    qtbot.waitUntil(lambda: not pipeline.pending_keys(), timeout=WAIT_MS)
    failed = feature.model.loader.failed_rows()
    visible = list(feature.view.visible_rows())
    assert set(visible) <= set(failed) and len(visible) > 3  # the prefetched margin too
    button = feature.navigation.retry_button
    assert button.isVisible() and button.text() == f"Retry {len(failed)} failed"
    flaky.state.image_faults = FaultPlan(seed=1)  # the CDN is well again
    # One tile, from its context menu.
    feature.view.setCurrentIndex(feature.model.index(2))
    menu = feature.view.build_context_menu()
    retry = next(a for a in menu.actions() if a.objectName() == "action_retry_tiles")
    assert retry.isEnabled()
    retry.trigger()
    qtbot.waitUntil(lambda: feature.model.tile(2).state == TileState.LOADED, timeout=WAIT_MS)
    assert feature.model.failed_count == len(failed) - 1
    # All the others, from the status bar.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: all(feature.model.tile(r).state == TileState.LOADED for r in failed),
        timeout=WAIT_MS,
    )
    assert feature.model.failed_count == 0
    assert not button.isVisible()


def test_after_a_load_the_keyboard_is_in_the_grid(app, qtbot) -> None:
    window, built = app
    feature = built.video
    assert not window.action_map["split_frames"].isEnabled()  # nothing loaded: nothing to split
    load(qtbot, window, SHORT_VIDEO_ID)
    qtbot.waitUntil(lambda: done(feature), timeout=WAIT_MS)
    assert feature.view.hasFocus() and feature.view.currentIndex().row() == 0
    qtbot.keyClick(feature.view, Qt.Key.Key_Right)
    assert feature.view.currentIndex().row() == 1


def test_the_list_position_is_translated(app_window, qtbot) -> None:

    from snapview.app import create_application
    from snapview.ui.shell.language import interface_language

    window, _services, built = app_window(size=(1280, 800), demo_profile=True, language="zh_CN")
    # The running app keeps its translators; the fixture removes them after the build.
    with interface_language(create_application(), "zh_CN"):
        load(qtbot, window, f"{SHORT_VIDEO_ID} {LONG_VIDEO_ID}")
        qtbot.waitUntil(lambda: SHORT_VIDEO_ID in window.job_label.text(), timeout=WAIT_MS)
        assert built.video.position_label.text() == "第 1 个视频，共 2 个"
