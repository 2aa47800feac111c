"""The inspector as a reviewer uses it: document order, search with a match count, copy path/value,
parse errors marked at their line:column, and a 50 MB document that opens while the GUI keeps ticking."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from snapview.ui.inspector import InspectorWidget, JsonTreeModel
from tests.helpers.timeouts import SLOW_WAIT_MS, WAIT_MS

pytestmark = pytest.mark.gui
FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"


@pytest.fixture
def inspector(qtbot: QtBot) -> InspectorWidget:
    widget = InspectorWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 600)
    widget.show()
    return widget


def _open(
    qtbot: QtBot, inspector: InspectorWidget, data, title: str = "doc", wait_ms: int = WAIT_MS
) -> None:
    with qtbot.waitSignal(inspector.document_shown, timeout=wait_ms):
        inspector.show_document(data, title)


def _top_keys(inspector: InspectorWidget) -> list[str]:
    proxy = inspector.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_tree_keeps_document_order_and_shows_types(
    qtbot: QtBot, inspector: InspectorWidget
) -> None:
    _open(qtbot, inspector, b'{"zeta": 1, "alpha": [true, null], "mid": {"k": "v"}}')
    assert _top_keys(inspector) == ["zeta", "alpha", "mid"]
    alpha = inspector.proxy.index(1, 0)
    assert inspector.proxy.index(1, 1).data() == "array"
    assert inspector.proxy.index(1, 2).data() == "[2]"
    inspector.tree.expand(alpha)
    qtbot.waitUntil(lambda: inspector.proxy.rowCount(alpha) == 2)
    assert inspector.proxy.index(1, 1, alpha).data() == "null"


def test_children_are_built_only_when_expanded(qtbot: QtBot, inspector: InspectorWidget) -> None:
    _open(qtbot, inspector, json.dumps({"big": list(range(100_000))}))
    root = inspector.model
    big = root.index(0, 0)
    assert root.hasChildren(big) and root.rowCount(big) == 0 and root.canFetchMore(big)
    inspector.tree.expand(inspector.proxy.mapFromSource(big))
    # Rows are made a chunk at a time, and more as the user scrolls to the end of them.
    qtbot.waitUntil(lambda: root.rowCount(big) >= 1_000)
    before = root.rowCount(big)
    assert before < 100_000 and before % 1_000 == 0
    assert inspector.proxy.index(0, 2).data() == "[100000]"
    inspector.tree.scrollToBottom()
    qtbot.waitUntil(lambda: root.rowCount(big) > before)
    assert inspector.reveal_path("$.big[54321]")
    assert inspector.current_path() == "$.big[54321]"
    assert 54_321 < root.rowCount(big) < 100_000


def test_model_passes_qt_model_tester(
    qtmodeltester, qtbot: QtBot, inspector: InspectorWidget
) -> None:
    _open(qtbot, inspector, (FIXTURES / "thumbnail_succeed_seed.json").read_bytes())
    inspector.expand_all()
    model: JsonTreeModel = inspector.model
    qtmodeltester.check(model, force_py=True)


def test_tree_model_passes_qt_model_tester_while_it_loads_chunks(model_validator) -> None:
    model = JsonTreeModel()
    model.set_value({"big": list(range(2_500)), "nested": {"a": [1, {"b": None}]}, "s": "x"})
    # Checked from here on (after the reset, see tests/helpers/fixtures.py): the chunks that
    # ensure_path fetches below are inserts the tester checks.
    model_validator.check(model)
    big = model.ensure_path(("big", 2_400))  # three chunks of children fetched on the way
    assert big.isValid() and model.rowCount(model.index(0, 0)) == 3_000
    assert model.ensure_path(("nested", "a", 1, "b")).data() == "b"
    scalar = JsonTreeModel()
    scalar.set_value(42)  # a scalar document is one "$" row
    model_validator.check(scalar)
    assert scalar.rowCount() == 1 and scalar.node_path(scalar.index(0, 0)) == ()


def test_each_document_names_its_owner_and_the_selection_carries_it(
    qtbot: QtBot, inspector: InspectorWidget
) -> None:
    events, grid = object(), object()
    seen: list[tuple[str, object]] = []
    inspector.path_activated.connect(lambda path, owner: seen.append((path, owner)))
    _open_owned(qtbot, inspector, b'{"a": 1}', events)
    assert inspector.owner is events
    inspector.tree.setCurrentIndex(inspector.proxy.index(0, 0))
    _open_owned(qtbot, inspector, {"b": 2}, grid)  # a parsed value, shown at once
    inspector.tree.setCurrentIndex(inspector.proxy.index(0, 0))
    assert seen == [("$.a", events), ("$.b", grid)]
    # Text still being parsed for one owner never lands under the next owner's title.
    inspector.show_document(b'{"late": true}', "late", owner=events)
    _open_owned(qtbot, inspector, {"now": 1}, grid)
    # Let the stale parse finish and its result reach the GUI thread: it must be dropped.
    assert inspector._pool.waitForDone(WAIT_MS)
    QCoreApplication.processEvents()
    assert _top_keys(inspector) == ["now"] and inspector.owner is grid


def _open_owned(qtbot: QtBot, inspector: InspectorWidget, data, owner: object) -> None:
    with qtbot.waitSignal(inspector.document_shown, timeout=WAIT_MS):
        inspector.show_document(data, "doc", owner=owner)


def test_search_filters_and_counts_matches(
    qtbot: QtBot, inspector: InspectorWidget, model_validator
) -> None:
    _open(qtbot, inspector, (FIXTURES / "thumbnail_succeed_seed.json").read_bytes(), "seed")
    # The filter proxy through every search below; loaded first, so that the tester's own fetchMore
    # probes find nothing left to fetch (see tests/helpers/fixtures.py).
    inspector.expand_all()
    model_validator.check(inspector.proxy)
    with qtbot.waitSignal(inspector.search_finished) as blocker:
        qtbot.keyClicks(inspector.search_edit, "sample/1")
    # sample/10.jpg and sample/15.jpg
    assert blocker.args == [2]
    assert inspector.match_label.text() == "match 1 of 2"
    info = inspector.proxy.index(0, 0)
    assert info.data() == "thumbnail_info"
    sample = inspector.proxy.index(0, 0, info)
    assert sample.data() == "sample"
    assert [
        inspector.proxy.index(r, 0, sample).data() for r in range(inspector.proxy.rowCount(sample))
    ] == ["[2]", "[3]"]
    inspector.set_search("no-such-text")
    assert inspector.match_label.text() == "No matches" and inspector.proxy.rowCount() == 0
    inspector.set_search("")
    assert _top_keys(inspector) == ["event_type", "thumbnail_info"]


def test_raw_search_selects_and_scrolls_to_each_match(
    qtbot: QtBot, inspector: InspectorWidget
) -> None:
    """D18: the Raw tab said "1 match" but neither scrolled to nor highlighted it; Enter/F3 step on."""
    rows = [{"name": f"row{i:03}", "note": "filler"} for i in range(300)]
    rows[150]["note"], rows[280]["note"] = "Needle-A", "needle-B"
    _open(qtbot, inspector, json.dumps({"rows": rows}, indent=2).encode())
    inspector.tabs.setCurrentWidget(inspector.raw_edit)
    raw = inspector.raw_edit
    assert raw.lineWrapMode() == raw.LineWrapMode.WidgetWidth  # wraps by default
    assert raw.verticalScrollBar().value() == 0
    with qtbot.waitSignal(inspector.search_finished):
        qtbot.keyClicks(inspector.search_edit, "needle")
    assert inspector.match_label.text() == "match 1 of 2"
    [mark] = raw.extraSelections()
    assert mark.cursor.selectedText() == "Needle"  # the match itself, in its case
    assert "Needle-A" in raw.document().findBlock(mark.cursor.position()).text()
    first_scroll = raw.verticalScrollBar().value()
    assert first_scroll > 0  # scrolled down to it
    assert raw.cursorRect().top() >= 0 and raw.cursorRect().bottom() <= raw.viewport().height()
    qtbot.keyClick(inspector.search_edit, Qt.Key.Key_Return)
    assert inspector.match_label.text() == "match 2 of 2"
    [mark] = raw.extraSelections()
    assert "needle-B" in raw.document().findBlock(mark.cursor.position()).text()
    assert raw.verticalScrollBar().value() > first_scroll
    qtbot.keyClick(inspector.search_edit, Qt.Key.Key_F3)
    assert inspector.match_label.text() == "match 1 of 2"
    # A key matches too: its text is marked, not the value after it.
    inspector.set_search("rows")
    [mark] = raw.extraSelections()
    assert mark.cursor.selectedText() == "rows"
    raw.wrap_action.trigger()
    assert raw.lineWrapMode() == raw.LineWrapMode.NoWrap


def test_copy_path_value_and_subtree(qtbot: QtBot, inspector: InspectorWidget) -> None:
    _open(qtbot, inspector, (FIXTURES / "thumbnail_succeed_seed.json").read_bytes())
    assert inspector.reveal_path("$.thumbnail_info.sample[3].url")
    inspector.tree.setFocus()
    clipboard = QGuiApplication.clipboard()
    qtbot.keyClick(
        inspector.tree,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert clipboard.text() == "$.thumbnail_info.sample[3].url"
    qtbot.keyClick(inspector.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert (
        clipboard.text()
        == "https://179.cdn-vod.huaweicloud.com/asset/14d7b2faba0dddd6b4e8936272d6bc3f/snapshot/sample/15.jpg"
    )
    inspector.reveal_path("$.thumbnail_info.sample[3]")
    qtbot.keyClick(
        inspector.tree,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    assert json.loads(clipboard.text()) == {
        "offset": 15,
        "url": "https://179.cdn-vod.huaweicloud.com/asset/14d7b2faba0dddd6b4e8936272d6bc3f/snapshot/sample/15.jpg",
    }


def test_selecting_a_node_emits_its_path_and_marks_it_in_raw(
    qtbot: QtBot, inspector: InspectorWidget
) -> None:
    _open(qtbot, inspector, (FIXTURES / "thumbnail_succeed_seed.json").read_bytes())
    inspector.reveal_path("$.thumbnail_info")
    info = inspector.tree.currentIndex()
    inspector.tree.expand(info)
    sample = inspector.proxy.index(2, 0, info)
    inspector.tree.expand(sample)
    qtbot.waitUntil(lambda: inspector.proxy.rowCount(sample) == 6)
    target = inspector.proxy.index(1, 0, sample)
    rect = inspector.tree.visualRect(target)
    with qtbot.waitSignal(inspector.path_activated) as blocker:
        qtbot.mouseClick(inspector.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["$.thumbnail_info.sample[1]", None]  # shown by nobody in particular
    [mark] = inspector.raw_edit.extraSelections()
    assert '"offset": 5' in mark.cursor.selectedText()


def test_reveal_path_does_not_echo_path_activated(qtbot: QtBot, inspector: InspectorWidget) -> None:
    _open(qtbot, inspector, (FIXTURES / "thumbnail_succeed_seed.json").read_bytes())
    seen: list[str] = []
    inspector.path_activated.connect(lambda path, _owner: seen.append(path))
    assert inspector.reveal_path("$.thumbnail_info.sample[5].offset")
    assert inspector.current_path() == "$.thumbnail_info.sample[5].offset"
    assert not inspector.reveal_path("$.thumbnail_info.sample[99]")
    assert seen == []


def test_parse_error_is_shown_raw_and_marked_at_its_position(
    qtbot: QtBot, inspector: InspectorWidget
) -> None:
    text = '{\n  "event_type": "thumbnailComplete",\n  "thumbnail_info": {"status": "FAILED",}\n}'
    _open(qtbot, inspector, text, "broken.json")
    assert inspector.error is not None
    assert inspector.error_label.isVisible()
    assert "line 3, column 41" in inspector.error_label.text()
    assert inspector.tabs.currentWidget() is inspector.raw_edit
    assert inspector.raw_edit.toPlainText() == text
    [mark] = inspector.raw_edit.extraSelections()
    assert mark.format.underlineStyle().name == "WaveUnderline"
    assert mark.cursor.selectionStart() == text.index("}\n}")


def _big_document(target_bytes: int) -> bytes:
    item = {
        "Index": 0,
        "Url": "https://cdn.example.com/snap/00000000.jpg?auth_key=1700000000-abc-0-" + "f" * 32,
        "Meta": {"w": 480, "h": 270, "tags": ["a", "b"]},
    }
    one = len(json.dumps(item, indent=1)) + 2
    count = target_bytes // one + 1
    items = [dict(item, Index=i) for i in range(count)]
    return json.dumps(
        {"RequestId": "big", "MediaSnapshot": {"Snapshots": {"Snapshot": items}}}, indent=1
    ).encode()


def _worst_gap(ticks: list[tuple[float, float]], since: float) -> tuple[float, float]:
    """The longest wall-clock gap between two probe ticks after ``since``, and the GUI thread's
    own CPU time inside it (ms). A gap with little CPU in it is the machine's scheduler (a loaded
    CI or development box), not work the app did on the GUI thread."""
    window = [t for t in ticks if t[0] >= since - 0.02]
    worst = max(itertools.pairwise(window), key=lambda pair: pair[1][0] - pair[0][0])
    (wall_a, cpu_a), (wall_b, cpu_b) = worst
    return (wall_b - wall_a) * 1000, (cpu_b - cpu_a) * 1000


# Parsing or searching 50 MB on the GUI thread costs seconds of its CPU; what the probe may see
# of the app's own work between two of its ticks is a repaint or a batch of results.
GUI_CPU_PER_GAP_MS = 100


def test_50mb_document_opens_while_the_gui_keeps_ticking(
    qtbot: QtBot, inspector: InspectorWidget
) -> None:
    data = _big_document(50 * 2**20)
    assert len(data) >= 50 * 2**20
    ticks: list[tuple[float, float]] = []
    timer = QTimer()
    timer.setObjectName("tickProbe")
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append((time.perf_counter(), time.thread_time())))
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(ticks) >= 3)
        start = time.perf_counter()
        inspector.show_document(data, "big")
        with qtbot.waitSignal(inspector.document_shown, timeout=SLOW_WAIT_MS):
            pass
        elapsed = time.perf_counter() - start
        ticks.append((time.perf_counter(), time.thread_time()))
    finally:
        timer.stop()
    gap_ms, cpu_ms = _worst_gap(ticks, start)
    print(
        f"50 MB document: opened in {elapsed * 1000:.0f} ms, max GUI gap {gap_ms:.0f} ms "
        f"({cpu_ms:.0f} ms of it the GUI thread's own CPU)"
    )
    assert cpu_ms < GUI_CPU_PER_GAP_MS
    assert _top_keys(inspector) == ["RequestId", "MediaSnapshot"]
    assert inspector.raw_note.isVisible()
    assert inspector.reveal_path("$.MediaSnapshot.Snapshots.Snapshot[17]")

    # Searching the whole document also runs off the GUI thread.
    ticks.clear()
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(ticks) >= 3)
        start = time.perf_counter()
        with qtbot.waitSignal(inspector.search_finished, timeout=SLOW_WAIT_MS) as blocker:
            inspector.search_edit.setText("big")
            qtbot.keyClick(inspector.search_edit, Qt.Key.Key_Return)
        search_ms = (time.perf_counter() - start) * 1000
        ticks.append((time.perf_counter(), time.thread_time()))
    finally:
        timer.stop()
    gap_ms, cpu_ms = _worst_gap(ticks, start)
    print(f"50 MB search: {search_ms:.0f} ms, max GUI gap {gap_ms:.0f} ms ({cpu_ms:.0f} ms CPU)")
    assert blocker.args == [1]
    # A document this large is not re-filtered (seconds of GUI work); Enter steps through matches.
    assert inspector.match_label.text() == "match 1 of 1"
    assert inspector.current_path() == "$.RequestId"
    assert cpu_ms < GUI_CPU_PER_GAP_MS
