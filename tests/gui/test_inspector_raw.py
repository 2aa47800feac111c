"""The inspector's Raw tab on a large event, as File → Open Events shows it: the event keeps only the
head of its source that the tab shows, yet the selected node is still marked there (or said to lie
past it), and the tree copies every node in full. And "Wrap lines" is kept across restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit

from snapview.services import event_files
from snapview.ui.inspector.raw_view import RAW_LIMIT
from tests.gui.test_events import _wait_loaded, app_window  # noqa: F401  (fixture)

pytestmark = pytest.mark.gui


def _large_event(tmp_path: Path) -> tuple[Path, dict]:
    """A thumbnailComplete event larger than the slice the loader parses in one go (so it takes
    the large-file path) and than the Raw tab shows."""
    count = 40_000
    event = {
        "event_type": "thumbnailComplete",
        "thumbnail_info": {
            "asset_id": "a" * 32,
            "status": "SUCCEED",
            "sample": [
                {"offset": i, "url": f"https://cdn.example.com/a/{i:06d}.jpg?auth_key=k{i}"}
                for i in range(count)
            ],
        },
    }
    path = tmp_path / "big-thumbnailComplete.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    assert path.stat().st_size > event_files.PARSE_SLICE > RAW_LIMIT
    return path, event


def test_a_large_event_marks_nodes_in_the_shown_part_and_says_when_one_is_past_it(
    app_window,  # noqa: F811
    qtbot,
    tmp_path: Path,
) -> None:
    path, event = _large_event(tmp_path)
    window, feature = app_window()
    _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(path)]))
    inspector = window.inspector
    document = feature.events[0].inspector_document
    assert inspector.document is document
    # What is kept of the source is the head the Raw tab shows, and it is the file's own text.
    assert len(document.text) == RAW_LIMIT < document.length == path.stat().st_size
    assert path.read_text(encoding="utf-8").startswith(document.text)
    assert "first 256,000 of" in inspector.raw_note.text()

    assert inspector.reveal_path("$.thumbnail_info.sample[3]")
    [mark] = inspector.raw_edit.extraSelections()
    assert mark.cursor.selectedText() == json.dumps(event["thumbnail_info"]["sample"][3])
    assert "first 256,000 of" in inspector.raw_note.text()

    assert inspector.reveal_path("$.thumbnail_info.sample[39999]")
    assert inspector.raw_edit.extraSelections() == []
    assert inspector.raw_note.isVisible()
    assert "beyond the first 256,000 characters" in inspector.raw_note.text()

    # The tree still has the whole document: its copy is every snapshot, the last one too.
    assert inspector.reveal_path("$.thumbnail_info")
    inspector.copy_subtree()
    assert json.loads(QGuiApplication.clipboard().text()) == event["thumbnail_info"]
    assert inspector.reveal_path("$.thumbnail_info.sample[39999].url")
    inspector.copy_value()
    assert QGuiApplication.clipboard().text() == event["thumbnail_info"]["sample"][39999]["url"]


def test_wrap_lines_is_kept_across_restarts(app_window, qtbot) -> None:  # noqa: F811
    window, _feature = app_window()
    raw = window.inspector.raw_edit
    assert raw.wrap_action.isChecked()  # lines wrap by default
    raw.wrap_action.trigger()  # the user turns wrapping off in the context menu
    assert raw.lineWrapMode() is QPlainTextEdit.LineWrapMode.NoWrap
    window.close()

    window, _feature = app_window()  # the next start, on the same settings file
    raw = window.inspector.raw_edit
    assert not raw.wrap_action.isChecked()
    assert raw.lineWrapMode() is QPlainTextEdit.LineWrapMode.NoWrap
    raw.wrap_action.trigger()
    window.close()

    window, _feature = app_window()
    assert window.inspector.raw_edit.wrap_action.isChecked()
    assert window.inspector.raw_edit.lineWrapMode() is QPlainTextEdit.LineWrapMode.WidgetWidth
