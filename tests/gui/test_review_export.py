"""File → Export report… on the real window: CSV, JSON and the PDF contact sheet of the decisions
made with the keys, written in the background, and a clear sentence when the folder cannot be
written (a real read-only filesystem as root; a missing folder everywhere)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from snapview.emulator.catalog import SHORT_VIDEO_ID
from snapview.ui.review.export_job import ExportFormat
from tests.helpers.async_qt import run
from tests.helpers.review_gui import open_video
from tests.helpers.timeouts import WAIT_MS
from tests.helpers.tmpfs import mounted_tmpfs

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
    ),
]


@pytest.fixture
def decided(app_window, qtbot):
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_1)
    run(qtbot, session.drain())
    window.findChild(type(app.review.export_action), "action_review_export").trigger()
    dialog = app.review.export_dialog
    assert dialog is not None and dialog.isVisible()
    return window, app, dialog


def export(qtbot, dialog, fmt: ExportFormat, path) -> None:
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt.value))
    dialog.path_edit.setText(str(path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.task is not None
    qtbot.waitUntil(dialog.task.done, timeout=WAIT_MS)
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=WAIT_MS)


def test_the_video_on_screen_exports_as_csv_and_json(decided, qtbot, tmp_path) -> None:
    _, _, dialog = decided
    assert SHORT_VIDEO_ID in dialog.this_video.text() and dialog.this_video.isChecked()
    export(qtbot, dialog, ExportFormat.CSV, tmp_path / "report.csv")
    data = (tmp_path / "report.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese labels right
    text = data.decode("utf-8-sig")
    assert SHORT_VIDEO_ID in text and "Black frame" in text
    assert "Wrote 2 decisions of 1 videos" in dialog.message.text()
    export(qtbot, dialog, ExportFormat.JSON, tmp_path / "report.json")
    document = json.loads((tmp_path / "report.json").read_text("utf-8"))
    reasons = json.dumps(document)
    assert "black" in reasons and SHORT_VIDEO_ID in reasons


def test_the_pdf_contact_sheet_is_written(decided, qtbot, tmp_path) -> None:
    _, _, dialog = decided
    export(qtbot, dialog, ExportFormat.PDF, tmp_path / "sheet.pdf")
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert "Wrote 2 decisions" in dialog.message.text()


def test_a_missing_folder_is_said_before_any_work(decided, qtbot, tmp_path) -> None:
    _, _, dialog = decided
    target = tmp_path / "gone" / "report.csv"
    export(qtbot, dialog, ExportFormat.CSV, target)
    message = dialog.message.text()
    assert "could not be written" in message and "the folder does not exist" in message
    assert str(target) in message and "Traceback" not in message
    assert not target.exists()


def test_a_read_only_folder_gives_a_clear_message_and_no_file(decided, qtbot) -> None:
    _, _, dialog = decided
    with mounted_tmpfs("1m") as folder:
        folder.remount("ro")
        export(qtbot, dialog, ExportFormat.CSV, folder.path / "report.csv")
        message = dialog.message.text()
        assert "could not be written" in message and "the folder is read-only" in message
        assert "Choose another folder" in message
        assert not (folder.path / "report.csv").exists()
        assert dialog.export_button.isEnabled() and not dialog.progress.isVisible()


def test_opening_the_file_menu_imports_the_export_code_off_the_gui_thread(
    app_window, qtbot, monkeypatch
) -> None:
    """The report code is 40-50 ms of imports: done on the GUI thread at the click, the first
    Export Report… froze the window. Opening a menu that holds the action starts it on a worker
    thread, once."""
    import sys
    import threading

    from snapview.ui.review import feature

    probe = "tests.helpers.import_probe"
    monkeypatch.delitem(sys.modules, probe, raising=False)
    monkeypatch.setattr(feature, "EXPORT_MODULES", (probe,))
    window, services, _app = app_window(size=(1280, 800), demo_profile=True)
    window.file_menu.aboutToShow.emit()
    task = services.tasks.get(feature.EXPORT_PREFETCH_TASK)
    assert task is not None, "opening the File menu did not start the import"
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.exception() is None
    imported_on = sys.modules[probe].imported_on
    assert imported_on is not threading.main_thread()
    window.review_menu.aboutToShow.emit()
    assert services.tasks.get(feature.EXPORT_PREFETCH_TASK) is None  # already there: not again
