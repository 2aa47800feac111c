"""The real app window: what a user sees on start, and a clean close."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QDockWidget, QMessageBox, QStatusBar, QToolBar, QWidget

from snapview.app import CrashHandler, create_application
from snapview.launcher import show_shell
from snapview.services.settings import Settings

pytestmark = pytest.mark.gui


@pytest.fixture
def window(app_window):
    return app_window().window


def test_main_window_has_toolbar_grid_area_inspector_and_status_bar(window, qtbot) -> None:
    assert window.windowTitle().startswith("snapview")
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None and toolbar.isVisible()
    assert window.findChild(QWidget, "gridArea") is not None
    dock = window.findChild(QDockWidget, "inspectorDock")
    assert dock is not None and dock.isVisible()
    status = window.findChild(QStatusBar, "statusBar")
    assert status is not None and status.isVisible()
    # Before anything is loaded the user is told what to do next.
    assert window.central_stack.currentWidget() is window.empty_state
    assert "VideoId" in window.empty_state.hint.text()


def test_the_first_frame_is_the_app_shell_greyed_while_it_starts(qtbot, tmp_path) -> None:
    """What the launcher shows before any feature exists: the app's own window, saying it is
    starting, with nothing a user could press that is not wired yet."""
    shell = show_shell(create_application(), Settings(tmp_path / "settings.json"))
    qtbot.addWidget(shell)
    assert shell.isVisible() and shell.first_shown_at > 0
    toolbar = shell.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None and toolbar.isVisible()
    assert not shell.menuBar().isEnabled() and not shell.toolbar.isEnabled()
    assert shell.status_message.text() == "Starting…"
    assert shell.central_stack.currentWidget() is shell.empty_state
    assert shell.inspector_dock.isVisible()


def test_the_features_built_into_the_shown_shell_make_it_usable(app_window, qtbot) -> None:
    opened = app_window(shell_first=True)
    window = opened.window
    assert window.first_shown_at > 0
    assert window.menuBar().isEnabled() and window.toolbar.isEnabled()
    assert window.status_message.text() != "Starting…"
    assert window.inspector_dock.widget() is window.inspector
    # The features are wired: Enter in the VideoId box reaches the video feature.
    window.video_edit.setText("")
    qtbot.keyClick(window.video_edit, "\r")
    qtbot.waitUntil(lambda: "VideoId" in window.status_message.text())


def test_inspector_can_be_hidden_and_shown_from_the_view_menu(window, qtbot) -> None:
    toggle = window.action_map["toggle_inspector"]
    toggle.trigger()
    qtbot.waitUntil(lambda: not window.inspector_dock.isVisible())
    toggle.trigger()
    qtbot.waitUntil(window.inspector_dock.isVisible)


def test_pressing_enter_in_the_video_box_requests_a_load(window, qtbot) -> None:
    window.video_edit.setText("  5aed81b74ba84920be578cdfe004af4b ")
    with qtbot.waitSignal(window.load_requested) as blocker:
        qtbot.keyClick(window.video_edit, "\r")
    assert blocker.args == ["5aed81b74ba84920be578cdfe004af4b", "NormalSnapshot"]


def test_closing_emits_closed(window, qtbot) -> None:
    with qtbot.waitSignal(window.closed):
        window.close()


def test_unexpected_exception_shows_a_dialog_and_logs_without_secrets(
    window, qtbot, caplog
) -> None:
    handler = CrashHandler(window)
    try:
        raise RuntimeError("boom with AccessKeySecret=TopSecretValue12345")
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR, logger="snapview.app"):
            handler.excepthook(type(exc), exc, exc.__traceback__)
    dialog = window.findChild(QMessageBox, "crashDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "boom" in dialog.text()
    assert "TopSecretValue12345" not in dialog.text() + dialog.detailedText()
    assert "RuntimeError" in dialog.detailedText()
    assert any("boom" in r.getMessage() for r in caplog.records)
    dialog.close()
