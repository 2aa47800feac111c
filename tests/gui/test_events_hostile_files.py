"""Event files a QA person really opens that are not plain event JSON: the vendor's documentation
page saved as text (its sample is read from the page's code block, and the view says so), a file
that is not JSON at all (said in words), and a log whose one bad line costs only that line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from snapview.app import create_application
from snapview.ui.shell.language import interface_language
from tests.gui.test_events import _wait_loaded, app_window  # noqa: F401  (fixture)

pytestmark = pytest.mark.gui
FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("en", "Read from a JSON code block of this page: the file itself is not JSON."),
        ("zh_CN", "取自此页面中的 JSON 代码块：文件本身不是 JSON。"),
    ],
)
def test_the_vendor_doc_page_opens_with_its_sample_and_says_where_it_came_from(
    app_window,  # noqa: F811
    qtbot,
    language: str,
    note: str,
) -> None:
    with interface_language(create_application(), language):
        window, feature = app_window()
        page = str(FIXTURES / "vendor_doc_page.txt")
        assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([page])) == 1
        view = feature.view
        _label, tiles, model = view.groups["sample"]
        shown = [model.index(r).data() for r in range(model.rowCount())]
        assert shown == [f"00:{seconds:02d}" for seconds in range(0, 30, 5)]
        assert view.note_label.isVisible() and note in view.note_label.text()
        assert not feature.panel.problems_label.isVisible()
        # The inspector shows the code block's JSON, not the page.
        document = feature.inspector.document
        assert document is not None and document.text.lstrip().startswith("{")
        if os.environ.get("SNAPVIEW_SHOTS"):  # look at it: SNAPVIEW_SHOTS=DIR pytest this file
            window.grab().save(str(Path(os.environ["SNAPVIEW_SHOTS"]) / f"doc-page-{language}.png"))


def test_a_file_that_is_not_json_says_so_in_words(app_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "notes.md"
    path.write_text("# 截图消息体\n\nThe sample is in the ticket.\n", encoding="utf-8")
    window, feature = app_window()
    assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(path)])) == 0
    text = window.status_message.text()
    assert (
        f"{path}, line 1, column 1: this file is not JSON (it starts with “# 截图消息体”)" in text
    )
    assert "Expecting value" not in text
    assert window.inspector.raw_edit.toPlainText().startswith("# 截图消息体")


def test_one_line_that_is_not_utf8_costs_only_that_line(app_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "d1.jsonl"
    path.write_bytes(b'{"event_type":"a"}\n{"event_type":"\xff"}\n{"event_type":"c"}\n')
    window, feature = app_window()
    assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(path)])) == 2
    assert f"{path}:2:16: this line is not UTF-8 text" in feature.panel.problems_label.text()
