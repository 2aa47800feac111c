"""D18: after choosing an interface language, "Restart Now" closes the window the normal way and
starts snapview again with the same command line, less a ``--lang`` that would undo the choice."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from snapview.ui.shell import restart

pytestmark = pytest.mark.gui


def choose_english(window, qtbot) -> QMessageBox:
    menu_action = window.action_map["language_menu"]
    actions = {a.data(): a for a in menu_action.menu().actions()}
    actions["en"].trigger()
    box = window.findChild(QMessageBox, "languageRestartBox")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return box


def test_restart_now_closes_and_starts_again_without_the_old_lang(
    app_window, qtbot, monkeypatch
) -> None:
    window = app_window().window
    started: list[list[str]] = []
    monkeypatch.setattr(restart, "launcher", recorder(started))
    monkeypatch.setattr(
        sys, "orig_argv", ["/usr/bin/python3", "-m", "snapview", "--lang", "zh_CN", "--demo"]
    )
    box = choose_english(window, qtbot)
    assert "Restart now?" in box.text()
    with qtbot.waitSignal(window.closed):
        qtbot.mouseClick(box.findChild(QPushButton, "restartNowButton"), Qt.MouseButton.LeftButton)
    assert started == [["/usr/bin/python3", "-m", "snapview", "--demo"]]


def test_later_keeps_the_window_and_starts_nothing(app_window, qtbot, monkeypatch) -> None:
    window = app_window().window
    started: list[list[str]] = []
    monkeypatch.setattr(restart, "launcher", recorder(started))
    box = choose_english(window, qtbot)
    qtbot.mouseClick(box.findChild(QPushButton, "restartLaterButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.isVisible() and started == []


def test_restart_command_drops_every_form_of_lang() -> None:
    assert restart.restart_command(["py", "/bin/snapview", "--lang=en", "x.json"]) == [
        "py",
        "/bin/snapview",
        "x.json",
    ]


def recorder(calls: list[list[str]]):
    """A launcher that records the command it was asked to start and says it started."""

    def launch(command: list[str]) -> bool:
        calls.append(command)
        return True

    return launch
