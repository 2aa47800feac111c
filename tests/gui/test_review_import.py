"""File → Import Decisions… on the real window and its real SQLite store: a JSON another reviewer
exported from their own store lands on the tiles of the video on screen (the newer decision wins,
the reviewer's own newer one stays), and a file that is not JSON, cannot be read or comes from a
newer snapview gets its own sentence. The file dialog is replaced by the path a user would pick;
the message box is the app's own (opened, never exec-ed), read from the widget."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import SnapshotKey
from snapview.core.review.reasons import Reason
from snapview.core.review.report import ReportScope
from snapview.emulator.catalog import SHORT_VIDEO_ID
from snapview.services.reports.collect import collect_report
from snapview.services.reports.tabular import write_json
from snapview.services.review_store.interface import DecisionQuery
from snapview.services.review_store.sqlite_store import SqliteReviewStore
from tests.helpers.async_qt import run
from tests.helpers.review_gui import open_video
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
    ),
]


def export_theirs(qtbot, path: Path, session, marks: dict[int, tuple[Mark, datetime]]) -> None:
    """Another reviewer's store (its own SQLite file) with ``marks`` on the video on screen,
    exported as JSON the way File → Export report… writes it."""
    board = session.board

    async def body() -> None:
        store = SqliteReviewStore(path.with_suffix(".sqlite3"), watch_interval=0)
        await store.open()
        try:
            await store.record(
                [
                    Decision(
                        SnapshotKey(board.video, board.snapshot_type, index),
                        mark,
                        "王芳",
                        at,
                        job_id=board.job_id or "",
                    )
                    for index, (mark, at) in marks.items()
                ]
            )
            write_json(await collect_report(store, ReportScope(), generated_by="wang"), path)
        finally:
            await store.aclose()

    run(qtbot, body())


@pytest.fixture
def on_screen(app_window, qtbot):
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    return window, app, session


def import_via_menu(qtbot, window, app, monkeypatch, path: Path) -> QMessageBox:
    """Pick ``path`` in the (replaced) file dialog of the menu entry; the message box it ends in."""
    asked: list[str] = []

    def pick(parent, caption, folder, filters):
        asked.append(filters)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    action = window.findChild(type(app.review.importer.action), "action_review_import")
    assert action in window.file_menu.actions() and action in window.review_menu.actions()
    action.trigger()
    assert asked and "*.json" in asked[0]
    importer = app.review.importer
    assert importer.task is not None
    qtbot.waitUntil(importer.task.done, timeout=WAIT_MS)
    box = importer.message_box
    assert box is not None and box.isVisible()
    assert importer.action.isEnabled()
    return box


def tile_mark(view, row: int) -> Mark:
    model = view.model()
    return model.index(row, 0).data(model.ReviewMarkRole).mark


def test_decisions_from_another_store_show_on_the_tiles_and_the_newer_wins(
    on_screen, qtbot, tmp_path, monkeypatch
) -> None:
    window, app, session = on_screen
    view = app.video.view
    qtbot.keyClick(view, Qt.Key.Key_P)  # ours: tile 1 approved now
    run(qtbot, session.drain())
    earlier = datetime.now(UTC) - timedelta(hours=1)
    theirs = tmp_path / "theirs.json"
    export_theirs(
        qtbot,
        theirs,
        session,
        {
            1: (Mark(Verdict.REJECTED, Reason.BLURRED), earlier),  # older than ours: ours stays
            2: (Mark(Verdict.REJECTED, Reason.BLACK, "开场黑屏"), earlier),
            3: (Mark(Verdict.APPROVED), earlier),
        },
    )
    box = import_via_menu(qtbot, window, app, monkeypatch, theirs)
    assert box.text() == (
        "Imported 3 decisions from theirs.json (2 now current, "
        "1 older than yours (yours kept; theirs in the history))."
    )
    assert box.icon() is QMessageBox.Icon.Information and box.informativeText() == ""
    assert tile_mark(view, 0).verdict is Verdict.APPROVED
    assert tile_mark(view, 1).reason is Reason.BLACK and tile_mark(view, 1).comment == "开场黑屏"
    assert tile_mark(view, 2).verdict is Verdict.APPROVED
    qtbot.waitUntil(lambda: "Rejected 1" in app.review.status_line.text(), timeout=WAIT_MS)
    assert "Approved 2" in app.review.status_line.text()

    box.close()
    again = import_via_menu(qtbot, window, app, monkeypatch, theirs)  # nothing new the 2nd time
    assert "0 now current" in again.text() and "3 already here" in again.text()


def test_a_broken_file_says_why_and_changes_nothing(on_screen, qtbot, tmp_path, monkeypatch):
    window, app, session = on_screen
    broken = tmp_path / "half.json"
    broken.write_text('{"format": "snapview-review", "decisions": [', encoding="utf-8")
    box = import_via_menu(qtbot, window, app, monkeypatch, broken)
    assert box.text() == "Nothing was imported from half.json."
    assert box.informativeText() == (
        "half.json ends too early, as if it was cut off (line 1, column 45)."
    )
    assert box.icon() is QMessageBox.Icon.Critical
    assert run(qtbot, session.store.current(DecisionQuery())) == []
    assert all(tile_mark(app.video.view, row).verdict is Verdict.NOT_REVIEWED for row in range(3))

    box.close()
    missing = import_via_menu(qtbot, window, app, monkeypatch, tmp_path / "gone.json")
    assert missing.informativeText() == (
        f"The file {tmp_path / 'gone.json'} could not be read: the file does not exist."
    )


def test_a_file_from_a_newer_snapview_is_said_and_its_readable_rows_come_in(
    on_screen, qtbot, tmp_path, monkeypatch
) -> None:
    window, app, session = on_screen
    theirs = tmp_path / "newer.json"
    export_theirs(qtbot, theirs, session, {1: (Mark(Verdict.APPROVED), datetime.now(UTC))})
    document = json.loads(theirs.read_text(encoding="utf-8"))
    document["format_version"] = 99
    document["decisions"].append({"decision": "maybe"})  # a row this version cannot read
    theirs.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    box = import_via_menu(qtbot, window, app, monkeypatch, theirs)
    assert box.icon() is QMessageBox.Icon.Warning
    assert box.text().startswith("Imported 1 decisions from newer.json (1 now current)")
    notes = box.informativeText()
    assert "written by a newer snapview (format 99; this version reads format 1)" in notes
    assert "1 rows skipped:\n• decisions[1]: " in notes
    assert tile_mark(app.video.view, 0).verdict is Verdict.APPROVED


def test_a_file_that_is_not_json_is_refused_in_chinese_with_its_name_and_place(
    app_window, qtbot, tmp_path, monkeypatch
) -> None:
    """The Chinese sentence names the file and the line and column, with no word of the JSON
    parser's English ("Expecting value: line 1 column 1")."""
    from snapview.app import create_application
    from snapview.ui.shell.language import interface_language

    notes = tmp_path / "审核笔记.txt"
    notes.write_text("these are my notes\n", encoding="utf-8")
    broken = tmp_path / "half.json"
    broken.write_text('{"format": "snapview-review",\n "decisions": [1 2]}', encoding="utf-8")
    with interface_language(create_application(), "zh_CN"):
        window, _services, app = app_window(size=(1280, 800), demo_profile=True)
        open_video(qtbot, window, app, SHORT_VIDEO_ID)
        box = import_via_menu(qtbot, window, app, monkeypatch, notes)
        assert box.text() == "未从 审核笔记.txt 导入任何内容。"
        assert box.informativeText() == (
            "审核笔记.txt 不是 JSON 文件：开头是“these are my notes”（第 1 行第 1 列）。"
        )
        box.close()
        box = import_via_menu(qtbot, window, app, monkeypatch, broken)
        assert box.informativeText() == "half.json 不是有效的 JSON：缺少逗号（第 2 行第 18 列）。"
        shots = os.environ.get("SNAPVIEW_SHOTS")
        if shots:
            box.grab().save(str(Path(shots) / "import-not-json-zh_CN.png"))
        box.close()
