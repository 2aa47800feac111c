"""The status bar's "Show:" filter by automatic flag, in the real window against the emulator's
planted-defect video: its flag entries wait for a scan, then keep exactly the flagged tiles (all,
one kind, or those still to review as the reviewer decides), follow a running scan, and go when the
video changes; a stored scan brings them back. Pictures of it at 1024 px, Scan on the toolbar."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

from snapview.core.review.board import DecisionFilter
from snapview.emulator.catalog import DEFECTS_VIDEO_ID, SHORT_VIDEO_ID
from snapview.ui.review.decision_filter import FLAGGED, FLAGGED_UNREVIEWED
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.language import interface_language
from tests.gui.test_scan_panel import FLAGGED as FLAGGED_INDICES
from tests.gui.test_scan_panel import SCAN_WAIT_MS, load, scan_and_wait
from tests.helpers.fixtures import use_emulator_profile
from tests.helpers.grid_hooks import wait_grid_settled
from tests.helpers.review_gui import open_video
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("JPEG", "jpeg", "Corrupt", "Premature", "marker", "Huffman"),
]


@pytest.fixture
def opened(app_window):
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    return window, services, app


def shown(app) -> list[int]:
    """The 1-based indices of the tiles the grid shows."""
    view = app.video.view
    return [r + 1 for r in range(view.model().rowCount()) if not view.isRowHidden(r)]


def entry(box, key: str):
    """The combo's item for ``key`` (its text, whether it can be chosen)."""
    return box.model().item(box.findData(key))


def test_the_flag_entries_wait_for_a_scan(opened, qtbot) -> None:
    window, _, app = opened
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    box = app.review.filter
    flagged = entry(box, FLAGGED)
    assert flagged.text() == "Flagged by scan (no scan yet)"
    assert not flagged.isEnabled() and not entry(box, FLAGGED_UNREVIEWED).isEnabled()
    assert "Ctrl+Shift+S" in flagged.toolTip()
    assert not box.select_key(FLAGGED)
    assert box.key == DecisionFilter.ALL.value
    assert box.findData("flag:black") < 0  # no kind entries before a scan
    assert len(shown(app)) == app.video.model.rowCount()


def test_flagged_by_scan_keeps_exactly_the_flagged_tiles(opened, qtbot, monkeypatch) -> None:
    window, _, app = opened
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    scan_and_wait(qtbot, window, app)
    box = app.review.filter
    assert entry(box, FLAGGED).text() == f"Flagged by scan ({len(FLAGGED_INDICES)})"
    assert box.select_key(FLAGGED)
    assert shown(app) == FLAGGED_INDICES
    assert 54 not in shown(app)  # even letterbox bars are info, not a flag
    # The tiles that moved up into view get their pictures (not a row of placeholders), also
    # those far below the rows a full grid would show here, and the grid says it is done (what
    # --screenshot and the status line wait for) only once they have them.
    view = app.video.view
    wait_grid_settled(qtbot, view)
    on_screen = [
        r
        for r in range(view.model().rowCount())
        if not view.isRowHidden(r)
        and view.visualRect(view.model().index(r, 0)).intersects(view.viewport().rect())
    ]
    assert [r + 1 for r in on_screen] == FLAGGED_INDICES[: len(on_screen)]
    assert on_screen[-1] >= 2 * len(on_screen)
    assert app.video.model.final_rows(on_screen)
    # Laid out afresh: no hidden tile is painted under the shown ones.
    painted: list[int] = []
    loader = app.video.model.loader
    monkeypatch.setattr(loader, "on_painted", lambda row: painted.append(row))
    view.viewport().repaint()
    assert sorted(painted) == on_screen
    # One entry per kind found, in the Defects panel's order, each with its count.
    assert entry(box, "flag:black").text().strip() == "Black frames (2)"
    assert entry(box, "flag:frozen").text().strip() == "Frozen (5)"
    assert box.select_key("flag:frozen")
    assert shown(app) == [12, 13, 14, 15, 16]
    box.select(DecisionFilter.ALL)
    assert len(shown(app)) == app.video.model.rowCount()


def test_flagged_not_reviewed_drops_a_tile_once_it_is_decided(opened, qtbot) -> None:
    window, _, app = opened
    session = open_video(qtbot, window, app, DEFECTS_VIDEO_ID)
    qtbot.waitUntil(lambda: window.action(ActionId.SCAN_VIDEO).isEnabled(), timeout=WAIT_MS)
    scan_and_wait(qtbot, window, app)
    box, view = app.review.filter, app.video.view
    assert box.select_key(FLAGGED_UNREVIEWED)
    assert shown(app) == FLAGGED_INDICES
    view.setFocus()
    view.setCurrentIndex(view.model().index(4, 0))  # snapshot #5, black
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert session.board.mark(5).verdict.value == "approved"
    assert 5 not in shown(app) and shown(app) == [i for i in FLAGGED_INDICES if i != 5]
    expected = f"Flagged, not reviewed ({len(FLAGGED_INDICES) - 1})"
    qtbot.waitUntil(lambda: entry(box, FLAGGED_UNREVIEWED).text() == expected, timeout=WAIT_MS)
    # The decided tile is still among "Flagged by scan", and an approved unflagged one is not.
    box.select(DecisionFilter.ALL)
    view.setCurrentIndex(view.model().index(0, 0))  # snapshot #1, clean
    qtbot.keyClick(view, Qt.Key.Key_P)
    box.select(DecisionFilter.APPROVED)
    assert shown(app) == [1, 5]
    assert box.select_key(FLAGGED)
    assert shown(app) == FLAGGED_INDICES
    assert box.select_key(FLAGGED_UNREVIEWED)
    assert shown(app) == [i for i in FLAGGED_INDICES if i != 5]


def test_the_filter_follows_a_running_scan(app_window, emulator_factory, qtbot) -> None:
    window, _, app = app_window(size=(1280, 800))
    use_emulator_profile(app.profiles, emulator_factory(latency_ms=40))
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    box = app.review.filter
    window.action(ActionId.SCAN_VIDEO).trigger()
    assert box.select_key(FLAGGED)  # a running scan may be filtered on from its start
    assert shown(app) == []
    # The tiles join the filter as the scan's coalesced refreshes arrive, before it ends.
    panel = app.scan.panel
    qtbot.waitUntil(
        lambda: 5 in shown(app) and panel.progress_row.isVisibleTo(panel), timeout=SCAN_WAIT_MS
    )
    assert panel.progress.value() < 72
    assert set(shown(app)) <= set(FLAGGED_INDICES)
    qtbot.waitUntil(lambda: not app.scan.running, timeout=SCAN_WAIT_MS)
    qtbot.waitUntil(lambda: shown(app) == FLAGGED_INDICES, timeout=WAIT_MS)


def test_another_video_takes_the_flags_away_and_its_stored_scan_brings_them_back(
    opened, qtbot
) -> None:
    window, _, app = opened
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    scan_and_wait(qtbot, window, app)
    box = app.review.filter
    assert box.select_key("flag:black")
    load(qtbot, window, app, SHORT_VIDEO_ID)
    assert box.key == DecisionFilter.ALL.value  # not a blank grid filtered on nothing
    assert not entry(box, FLAGGED).isEnabled() and box.findData("flag:black") < 0
    assert len(shown(app)) == app.video.model.rowCount()
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    qtbot.waitUntil(lambda: entry(box, FLAGGED).isEnabled(), timeout=WAIT_MS)
    assert box.select_key(FLAGGED)
    assert shown(app) == FLAGGED_INDICES


@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_screenshots_of_the_flag_filter_at_1024_px(app_window, qtbot, tmp_path, language) -> None:
    # SNAPVIEW_SHOTS=docs/screenshots renders the committed pictures; by default the suite leaves
    # docs/ alone.
    folder = Path(os.environ.get("SNAPVIEW_SHOTS") or tmp_path)
    window, _, app = app_window(
        size=(1024, 700), demo_profile=True, language=None if language == "en" else language
    )
    app_instance = QApplication.instance()
    assert app_instance is not None
    # Text made after the window (the filter's counts, badges) follows the language as it does
    # for a whole session started with --lang.
    with (
        interface_language(app_instance, language) if language != "en" else contextlib.nullcontext()
    ):
        session = open_video(qtbot, window, app, DEFECTS_VIDEO_ID)
        qtbot.waitUntil(lambda: window.action(ActionId.SCAN_VIDEO).isEnabled(), timeout=WAIT_MS)
        scan = window.toolbar.widgetForAction(window.action(ActionId.SCAN_VIDEO))
        assert scan.isVisible() and scan.text() == ("扫描" if language == "zh_CN" else "Scan")
        scan_and_wait(qtbot, window, app)
        view = app.video.view
        view.setCurrentIndex(view.model().index(4, 0))
        qtbot.keyClick(view, Qt.Key.Key_P)  # #5 decided: "Flagged, not reviewed" leaves it out
        box = app.review.filter
        assert box.select_key(FLAGGED_UNREVIEWED)
        app.scan.dock.hide()  # the inspector beside the grid, as a reviewer triaging works
        window.inspector_dock.show()
        view.scrollToTop()
        wait_grid_settled(qtbot, view)
        left = str(len(FLAGGED_INDICES) - 1)
        qtbot.waitUntil(lambda: left in box.currentText(), timeout=WAIT_MS)
        assert session.board.mark(5).verdict.value == "approved"
        assert window.grab().save(str(folder / f"scan-filter-{language}.png"))
        box.showPopup()
        popup = box.view().window()
        qtbot.waitUntil(popup.isVisible, timeout=WAIT_MS)
        picture = window.grab()
        painter = QPainter(picture)
        # Offscreen the screen is larger than the window, so the list opens downwards; a real
        # screen's bottom edge opens it upwards from the status bar, as drawn here.
        at = window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0)))
        if at.y() + popup.height() > window.height():
            at.setY(box.mapTo(window, QPoint(0, 0)).y() - popup.height())
        painter.drawPixmap(at, popup.grab())
        painter.end()
        assert picture.save(str(folder / f"scan-filter-open-{language}.png"))
        box.hidePopup()
