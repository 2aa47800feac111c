"""A broken paste or event file while a video grid is under review (walkthrough D4): the grid, its
selection and its job bar stay; the status bar says where the JSON is broken, in words; the
inspector's Raw tab shows the broken text with the error place underlined."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from snapview.app import create_application
from snapview.emulator.catalog import DEFECTS_VIDEO_ID
from snapview.ui.shell.language import interface_language
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui

BROKEN = '{"event_type": "thumbnailComplete", "thumbnail_info": {"asset_id": "x",}}'


@pytest.fixture
def reviewing(app_window, qtbot):
    """The defects video loaded and tile #15 selected, as in the walkthrough."""

    def make(language: str | None = None):
        window, _services, app = app_window(size=(1400, 860), demo_profile=True, language=language)
        video = app.video
        window.video_edit.setText(DEFECTS_VIDEO_ID)
        qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: video.model.rowCount() > 20, timeout=WAIT_MS)
        video.view.selectionModel().setCurrentIndex(
            video.model.index(14, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        return window, app

    return make


def _assert_grid_kept(window, app, job: str) -> None:
    video = app.video
    assert window.central_stack.currentWidget() is window.grid_area
    assert video.stack.isVisibleTo(window)
    assert not app.events.splitter.isVisibleTo(window)
    assert video.view.currentIndex().row() == 14
    assert window.job_label.text() == job


def _assert_error_underlined(window, column: int) -> None:
    inspector = window.inspector
    assert inspector.document is None and inspector.error is not None
    assert inspector.tabs.currentWidget() is inspector.raw_edit
    assert inspector.raw_edit.toPlainText() == BROKEN
    marks = inspector.raw_edit.extraSelections()
    assert len(marks) == 1
    assert marks[0].cursor.selectionStart() == column - 1
    assert f"column {column}" in inspector.error_label.text()


def test_a_broken_paste_keeps_the_grid_and_underlines_the_error(reviewing, qtbot) -> None:
    window, app = reviewing()
    job = window.job_label.text()
    QGuiApplication.clipboard().setText(BROKEN)
    app.video.view.setFocus()
    with qtbot.waitSignal(app.events.events_loaded, timeout=WAIT_MS) as loaded:
        app.events.paste()
    assert loaded.args == [0]
    _assert_grid_kept(window, app, job)
    status = window.status_message.text()
    assert status.startswith("Could not open events: clipboard, line 1, column 72:")
    assert "Expecting property name" in status or "comma" in status
    _assert_error_underlined(window, 72)


def test_a_broken_file_keeps_the_grid_and_shows_its_text(reviewing, qtbot, tmp_path) -> None:
    window, app = reviewing()
    job = window.job_label.text()
    path = tmp_path / "broken.json"
    path.write_text(BROKEN, encoding="utf-8")
    with qtbot.waitSignal(app.events.events_loaded, timeout=WAIT_MS):
        app.events.load_paths([str(path)])
    _assert_grid_kept(window, app, job)
    assert f"{path}, line 1, column 72:" in window.status_message.text()
    assert "broken.json" in window.inspector.title_label.text()
    _assert_error_underlined(window, 72)
    # A click on a tile brings the grid's page back into the inspector.
    video = app.video
    video.view.selectionModel().setCurrentIndex(
        video.model.index(15, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert window.inspector.document is not None


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_render_the_error_state(reviewing, qtbot, language: str) -> None:
    shots = os.environ.get("SNAPVIEW_SHOTS")
    if not shots:
        pytest.skip("set SNAPVIEW_SHOTS=DIR to render the error state")
    window, app = reviewing(language)
    QGuiApplication.clipboard().setText(BROKEN)
    with (
        interface_language(create_application(), language),
        qtbot.waitSignal(app.events.events_loaded, timeout=WAIT_MS),
    ):
        app.events.paste()
    window.grab().save(str(Path(shots) / f"events-broken-paste-{language}.png"))
