"""The Help menu in the real window: F1 lists every shortcut the window has (searchable, never
stale), the log folder is shown with a way to open it, and Report a problem… saves a bundle
without any secret, or says clearly why it could not."""

from __future__ import annotations

import io
import logging
import os
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from snapview.core.credentials import Profile
from snapview.services.credentials import CredentialStore
from snapview.ui.shell.help_menu import HelpMenu
from snapview.ui.shell.shortcuts_dialog import ShortcutsDialog
from tests.helpers.async_qt import run
from tests.helpers.secrets import ALIYUN_SECRET
from tests.unit.test_credentials_store import MemoryKeyring

pytestmark = pytest.mark.gui


@pytest.fixture
def window(app_window):
    return app_window().window


def help_of(window) -> HelpMenu:
    found = window.findChild(HelpMenu, "helpMenu")
    assert found is not None
    return found


def open_shortcuts(window, qtbot) -> ShortcutsDialog:
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_f1_lists_every_shortcut_of_the_window(window, qtbot) -> None:
    dialog = open_shortcuts(window, qtbot)
    native = QKeySequence.SequenceFormat.NativeText
    shown = {
        (dialog.model.item(r, 0).text(), dialog.model.item(r, 1).text())
        for r in range(dialog.model.rowCount())
    }
    shown_keys = {keys for _, keys in shown}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            assert any(sequence.toString(native) in keys for keys in shown_keys), action.text()
    assert ("Keyboard Shortcuts", "F1") in shown
    assert ("Inspector", "F9") in shown
    assert ("Open Events", QKeySequence(QKeySequence.StandardKey.Open).toString(native)) in shown
    menus = {dialog.model.item(r, 2).text() for r in range(dialog.model.rowCount())}
    assert {"File", "View", "Help", "Main toolbar", "Inspector"} <= menus
    dialog.close()


def test_a_shortcut_added_later_is_listed_without_editing_any_list(window, qtbot) -> None:
    extra = QAction("Jump to Bookmark…", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+J"))
    window.addAction(extra)
    dialog = open_shortcuts(window, qtbot)
    qtbot.keyClicks(dialog.search, "ctrl+shift+j")
    assert dialog.visible_commands() == ["Jump to Bookmark"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "zoom in")
    assert dialog.visible_commands() == ["Zoom In"]
    dialog.search.setText("F9")
    assert dialog.visible_commands() == ["Inspector"]
    dialog.search.setText("no such command at all")
    assert dialog.visible_commands() == [] and dialog.empty_label.isVisible()
    dialog.close()


def test_where_is_the_log_shows_the_folder_and_opens_it(window, qtbot, tmp_path) -> None:
    helper = help_of(window)
    opened: list[Path] = []

    def open_folder(folder):
        opened.append(folder)
        return True

    helper.open_folder = open_folder
    window.action_map["log_location"].trigger()
    box = window.findChild(QMessageBox, "logLocationBox")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert str(tmp_path / "logs") in box.informativeText()
    button = box.findChild(QPushButton, "openLogFolder")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [tmp_path / "logs"]
    assert box.isVisible()  # the box stays: the user may still want to copy the path


def test_no_file_manager_copies_the_log_path_and_says_so(window, qtbot, tmp_path) -> None:
    helper = help_of(window)
    helper.open_folder = lambda folder: False
    window.action_map["log_location"].trigger()
    box = window.findChild(QMessageBox, "logLocationBox")
    qtbot.mouseClick(box.findChild(QPushButton, "openLogFolder"), Qt.MouseButton.LeftButton)
    assert "No file manager could be opened" in box.informativeText()
    assert QGuiApplication.clipboard().text() == str(tmp_path / "logs")
    box.close()


def _report_box(window) -> QMessageBox:
    box = window.findChild(QMessageBox, "reportProblemBox")
    assert box is not None and box.isVisible()
    return box


def test_report_a_problem_saves_a_bundle_without_the_stored_secret(
    app_window, qtbot, tmp_path
) -> None:
    window, services, _ = app_window()
    # A profile with its secret, stored first (the secret is then known to the redaction).
    store = CredentialStore(services.settings, keyring_backend=MemoryKeyring())
    run(
        qtbot, store.save_profile(Profile("work", access_key_id="LTAI5tKeyId"), ALIYUN_SECRET, None)
    )
    # A log line as an older version may have left it: the secret in plain words.
    logs = tmp_path / "logs"
    logs.mkdir(exist_ok=True)
    with (logs / "snapview.log").open("a", encoding="utf-8") as handle:
        handle.write(f"ERROR snapview.vod: request failed with secret {ALIYUN_SECRET}\n")
        handle.write("INFO snapview.x: the line support needs\n")
    target = tmp_path / "out" / "report.zip"
    target.parent.mkdir()
    helper = help_of(window)
    helper.choose_report_path = lambda suggested: target
    try:
        window.action_map["report_problem"].trigger()
        box = _report_box(window)
        assert str(target) in box.text()
        with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as bundle:
            text = "\n".join(bundle.read(n).decode() for n in bundle.namelist())
        assert ALIYUN_SECRET not in text
        assert "the line support needs" in text and '"name": "work"' in text
        box.close()
    finally:
        (logs / "snapview.log").unlink()


def test_report_a_problem_into_a_read_only_folder_says_so_and_writes_nothing(
    window, qtbot, caplog
) -> None:
    target = Path("/sys/kernel/snapview-report.zip")  # refused even to root
    help_of(window).choose_report_path = lambda suggested: target
    with caplog.at_level(logging.WARNING, logger="snapview.ui.shell.help_menu"):
        window.action_map["report_problem"].trigger()
    box = _report_box(window)
    assert "is not writable" in box.text() and "/sys/kernel" in box.text()
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_cancelling_the_save_dialog_writes_nothing(window, qtbot) -> None:
    help_of(window).choose_report_path = lambda suggested: None
    assert help_of(window).report_problem() is None
    assert window.findChild(QMessageBox, "reportProblemBox") is None
    QApplication.processEvents()


def test_the_list_reads_without_mnemonics_in_chinese(app_window, qtbot) -> None:
    window = app_window(language="zh_CN").window
    dialog = open_shortcuts(window, qtbot)
    commands = [dialog.model.item(r, 0).text() for r in range(dialog.model.rowCount())]
    places = {dialog.model.item(r, 2).text() for r in range(dialog.model.rowCount())}
    assert "键盘快捷键" in commands and "打开事件文件" in commands
    assert "帮助" in places and not any("(" in c or "&" in c for c in commands)
    dialog.close()


def test_about_names_the_versions_the_shortcut_key_and_the_log_folder(
    window, qtbot, tmp_path
) -> None:
    window.action_map["about"].trigger()
    box = window.findChild(QMessageBox, "aboutBox")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    info = box.informativeText()
    assert "PySide6 6." in info and "F1" in info and str(tmp_path / "logs") in info
    box.close()


AIR = 12  # pixels a column keeps beside its widest text


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_column_of_the_list_holds_its_widest_words(app_window, qtbot, language) -> None:
    window = app_window(language=None if language == "en" else language).window
    dialog = open_shortcuts(window, qtbot)
    table, header = dialog.table, dialog.table.horizontalHeader()
    cell, head = table.fontMetrics(), header.fontMetrics()
    for column in range(dialog.model.columnCount()):
        texts = [dialog.model.item(r, column).text() for r in range(dialog.model.rowCount())]
        widest = max(cell.horizontalAdvance(t) for t in texts)
        title = str(dialog.model.headerData(column, Qt.Orientation.Horizontal))
        # Air on both sides of the widest cell ("主工具栏" touched the edge of 位置) and the title.
        assert header.sectionSize(column) >= widest + AIR, (column, texts)
        assert header.sectionSize(column) >= head.horizontalAdvance(title) + AIR, title
    # All three in sight at once: nothing is behind a horizontal scroll bar.
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    dialog.close()


REVIEW_WINDOW = {"size": (1280, 800), "demo_profile": True}


def review_rows(app_window, qtbot, language: str | None) -> dict[str, str]:
    """Keys → command of the shortcut list once a video is open (the review keys live on its grid)."""
    from snapview.emulator.catalog import SHORT_VIDEO_ID
    from tests.helpers.review_gui import open_video

    # The caller installs the translators for the whole test (the dialog is built after the window).
    window, _services, app = app_window(**REVIEW_WINDOW)
    open_video(qtbot, window, app, SHORT_VIDEO_ID)
    dialog = open_shortcuts(window, qtbot)
    rows = {dialog.model.item(r, 1).text(): dialog.model.item(r, 0).text()
            for r in range(dialog.model.rowCount())}  # fmt: skip
    shots = os.environ.get("SNAPVIEW_SHOTS")
    if shots:
        dialog.search.setText("1" if language is None else "驳回")
        assert dialog.grab().save(str(Path(shots) / f"shortcuts-review-{language or 'en'}.png"))
    dialog.close()
    return rows


def test_the_reason_digits_say_which_reason_they_reject_with(app_window, qtbot) -> None:
    rows = review_rows(app_window, qtbot, None)
    assert rows["1"] == "Reject: Black frame"
    assert rows["3"] == "Reject: Wrong cover"
    assert rows["9"] == "Reject: Blurred"
    assert rows["X"] == "Reject" and rows["P"] == "Approve"
    assert not any("reject_" in command or "_" in command for command in rows.values())


def test_the_reason_digits_read_in_chinese(app_window, qtbot) -> None:
    from snapview.app import create_application
    from snapview.ui.shell.language import interface_language

    # The translators stay installed while the dialog is built, as in the running app.
    with interface_language(create_application(), "zh_CN"):
        rows = review_rows(app_window, qtbot, "zh_CN")
    assert rows["1"] == "驳回：黑帧" and rows["9"] == "驳回：模糊"
    assert rows["X"] == "驳回"
    assert not any("reject" in command.lower() for command in rows.values())


# The preview is its own window; the offscreen platform cannot raise or size it, and says so.
@pytest.mark.qt_log_ignore("propagateSizeHints", "raise()")
def test_the_preview_windows_keys_carry_the_grids_words(app_window, qtbot) -> None:
    from snapview.emulator.catalog import SHORT_VIDEO_ID
    from tests.helpers.review_gui import open_video

    window, _services, app = app_window(**REVIEW_WINDOW)
    open_video(qtbot, window, app, SHORT_VIDEO_ID)
    app.video.view.preview_requested.emit(0)
    qtbot.waitUntil(app.video.preview.isVisible)
    actions = app.review.preview_decision.actions
    assert actions["reject_1"].text() == "Reject: Black frame"
    assert actions["approve"].text() == "&Approve" and actions["undo"].text() == "&Undo Decision"
    app.video.preview.close()


def review_list(app_window, qtbot, *, preview: bool = False) -> list[tuple[str, str, str]]:
    """The shortcut list as shown (command, keys, where), top to bottom, once a video is open."""
    from snapview.emulator.catalog import SHORT_VIDEO_ID
    from tests.helpers.review_gui import open_video

    window, _services, app = app_window(**REVIEW_WINDOW)
    open_video(qtbot, window, app, SHORT_VIDEO_ID)
    if preview:
        app.video.view.preview_requested.emit(0)
        qtbot.waitUntil(app.video.preview.isVisible)
    dialog = ShortcutsDialog(window)  # what F1 opens, built now that the preview has its keys
    model = dialog.proxy
    rows = [tuple(str(model.index(r, c).data()) for c in range(3)) for r in range(model.rowCount())]
    if preview:
        app.video.preview.close()
    return rows  # type: ignore[return-value]


def test_the_review_keys_read_in_the_order_a_reviewer_learns_them(app_window, qtbot) -> None:
    rows = review_list(app_window, qtbot)
    keys = [k for _, k, _ in rows]
    grid = [k for _, k, where in rows if where == "Grid"]
    assert grid == ["P", "X", "U", "Ctrl+Z", "Ctrl+Shift+Z", "N", *"123456789"]
    first = keys.index("P")
    assert keys[first : first + len(grid)] == grid  # together, not scattered among other rows
    # The menus come first in the menu bar's order, each in its own order (Zoom In, Zoom Out).
    places = list(dict.fromkeys(where for _, _, where in rows))
    assert places[:4] == ["File", "View", "Tools", "Help"]
    assert keys.index("Ctrl++") < keys.index("Ctrl+-")


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise()")
def test_every_shortcut_says_where_it_works(app_window, qtbot) -> None:
    rows = review_list(app_window, qtbot, preview=True)
    assert all(where for _, _, where in rows), [r for r in rows if not r[2]]
    places = {keys: where for _, keys, where in rows}
    assert places["1"] == places["P"] == "Grid, Preview"  # the same keys in the preview window
    assert places["N"] == "Grid"
    assert places["Ctrl+L"] == "Main window" and places["Ctrl+C"] == "Inspector"


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise()")
def test_where_a_shortcut_works_reads_in_chinese(app_window, qtbot) -> None:
    from snapview.app import create_application
    from snapview.ui.shell.language import interface_language

    with interface_language(create_application(), "zh_CN"):
        rows = review_list(app_window, qtbot, preview=True)
    places = {keys: where for _, keys, where in rows}
    assert places["1"] == "截图网格、预览" and places["N"] == "截图网格"
    assert places["Ctrl+L"] == "主窗口"
