"""Scan video in the app against the local VOD emulator, driven like a reviewer: the Defects panel
lists the planted defects by kind, a click selects the tile, F8 / Shift+F8 walk the flagged
snapshots, tiles carry badges, a cancelled scan keeps what it found, a failing listing says why,
and reopening the video shows its last scan."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt

from snapview import paths
from snapview.core.review.keys import VideoKey
from snapview.emulator.catalog import DEFECTS_VIDEO_ID, LONG_VIDEO_ID, SHORT_VIDEO_ID
from snapview.services.review_store.interface import DecisionQuery
from snapview.services.scan_results import RESULTS_FOLDER
from snapview.ui.shell.actions import ActionId
from tests.helpers.async_qt import run
from tests.helpers.fixtures import use_emulator_profile
from tests.helpers.timeouts import WAIT_MS
from tests.services.test_scanner import PLANTED

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("JPEG", "jpeg", "Corrupt", "Premature", "marker", "Huffman"),
]

SCAN_WAIT_MS = WAIT_MS * 4

# The panel's group of each planted kind (fetch failures are one group, "failed").
FAILURES = {"not_found", "corrupt", "not_image", "empty", "expired", "forbidden", "too_large"}
EXPECTED_ROWS = sorted(
    ("failed" if kind in FAILURES else kind, index) for index, kind in PLANTED.items()
)
# Symmetric letterbox bars (#54) are listed as info, never flagged: F8 skips them.
FLAGGED = sorted(i for i in PLANTED if i != 54)


@pytest.fixture
def opened(app_window, qtbot):
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    return window, services, app


def load(qtbot, window, app, video_id: str) -> None:
    window.video_edit.setText(video_id)
    qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            video_id in window.job_label.text()
            and app.video.model.total is not None
            and window.action(ActionId.SCAN_VIDEO).isEnabled()
        ),
        timeout=WAIT_MS,
    )


def scan_and_wait(qtbot, window, app) -> None:
    window.action(ActionId.SCAN_VIDEO).trigger()
    assert app.scan.running
    qtbot.waitUntil(lambda: not app.scan.running, timeout=SCAN_WAIT_MS)
    qtbot.waitUntil(lambda: window.action(ActionId.SCAN_VIDEO).isEnabled(), timeout=WAIT_MS)


def test_scan_lists_every_planted_defect_by_kind_and_badges_the_tiles(opened, qtbot) -> None:
    window, _, app = opened
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    scan_and_wait(qtbot, window, app)
    panel = app.scan.panel
    assert sorted(panel.rows()) == EXPECTED_ROWS
    heads = [panel.tree.topLevelItem(n).text(0) for n in range(panel.tree.topLevelItemCount())]
    assert "Black frames (2)" in heads and "Frozen (5)" in heads
    assert "Could not be loaded (8)" in heads
    frozen = panel.item_for("frozen", 14)
    assert frozen is not None and frozen.text(1) == "run #12–#16, 5 frames"
    assert panel.item_for("uniform", 50).text(1).startswith("solid green")
    assert f"{len(FLAGGED)} of 72 snapshots flagged" in panel.summary.text()
    assert "scanned" in panel.summary.text()
    # Badges on tiles never scrolled to, and nothing on a clean one.
    model = app.video.model
    assert [b for b, _ in model.tile(59).scan_findings] == ["REPEAT"]
    assert [b for b, _ in model.tile(20).scan_findings] == ["FAILED"]
    assert model.tile(53).scan_findings == ()  # even bars: info, no badge
    assert model.tile(0).scan_findings == ()
    assert "same picture as #40" in model.tooltip(model.tile(59))


def test_a_click_on_a_row_selects_its_tile_and_f8_walks_the_flags(opened, qtbot) -> None:
    window, _, app = opened
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    scan_and_wait(qtbot, window, app)
    panel, view = app.scan.panel, app.video.view
    item = panel.item_for("repeat", 60)
    rect = panel.tree.visualItemRect(item)
    panel.tree.scrollToItem(item)
    rect = panel.tree.visualItemRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentIndex().row() == 59
    assert view.selected_rows() == [59]
    assert "Snapshot #60" in window.status_message.text()

    view.setCurrentIndex(app.video.model.index(0))
    walked = []
    for _ in FLAGGED:
        window.action(ActionId.NEXT_DEFECT).trigger()
        walked.append(view.currentIndex().row() + 1)
    assert walked == FLAGGED
    window.action(ActionId.NEXT_DEFECT).trigger()  # wraps to the first
    assert view.currentIndex().row() + 1 == FLAGGED[0]
    window.action(ActionId.PREVIOUS_DEFECT).trigger()  # and back to the last
    assert view.currentIndex().row() + 1 == FLAGGED[-1]
    window.action(ActionId.PREVIOUS_DEFECT).trigger()
    assert view.currentIndex().row() + 1 == FLAGGED[-2]
    assert window.action(ActionId.NEXT_DEFECT).shortcut().toString() == "F8"


def test_a_cancelled_scan_keeps_its_partial_results_and_no_running_task(
    app_window, emulator_factory, qtbot
) -> None:
    window, _, app = app_window(size=(1280, 800))
    emulator = emulator_factory(latency_ms=40)  # slow enough to cancel half-way through
    use_emulator_profile(app.profiles, emulator)
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    window.action(ActionId.SCAN_VIDEO).trigger()
    panel = app.scan.panel
    assert panel.progress_row.isVisibleTo(panel)
    qtbot.waitUntil(lambda: panel.progress.value() >= 30, timeout=SCAN_WAIT_MS)
    assert panel.progress.maximum() == 72
    assert "left" in panel.eta.text()
    task = app.scan.services.tasks.get("video-scan")
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled()
    assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("scan-")]
    assert "Scan cancelled" in panel.summary.text() and "of 72 checked" in panel.summary.text()
    assert not panel.progress_row.isVisibleTo(panel)
    rows = panel.rows()
    assert ("black", 5) in rows and ("black", 6) in rows  # what was found stays
    assert len(rows) < len(EXPECTED_ROWS)
    assert set(rows) <= set(EXPECTED_ROWS)
    qtbot.waitUntil(lambda: window.action(ActionId.SCAN_VIDEO).isEnabled(), timeout=WAIT_MS)
    assert not window.action(ActionId.CANCEL_SCAN).isEnabled()


def test_switching_video_cancels_the_scan_and_clears_the_panel(opened, qtbot) -> None:
    window, services, app = opened
    load(qtbot, window, app, LONG_VIDEO_ID)
    window.action(ActionId.SCAN_VIDEO).trigger()
    qtbot.waitUntil(lambda: app.scan.panel.progress.value() >= 5, timeout=SCAN_WAIT_MS)
    load(qtbot, window, app, SHORT_VIDEO_ID)
    qtbot.waitUntil(lambda: not app.scan.running, timeout=WAIT_MS)
    assert app.scan.panel.rows() == []
    assert "Not scanned yet" in app.scan.panel.summary.text()


def test_a_failing_listing_shows_its_message_in_the_panel(
    app_window, emulator_factory, qtbot
) -> None:
    window, _, app = app_window(size=(1280, 800))
    emulator = emulator_factory()
    use_emulator_profile(app.profiles, emulator)
    load(qtbot, window, app, LONG_VIDEO_ID)  # the grid has page 1; the scan needs the other 99
    emulator.stop()  # the VOD API goes away: every further page fails to connect
    window.action(ActionId.SCAN_VIDEO).trigger()
    qtbot.waitUntil(lambda: not app.scan.running, timeout=SCAN_WAIT_MS)
    panel = app.scan.panel
    qtbot.waitUntil(lambda: panel.error.isVisibleTo(panel), timeout=WAIT_MS)
    assert panel.error.text().startswith("The scan could not run: ")
    assert "Check the network connection" in panel.error.text()
    assert "Traceback" not in panel.error.text()
    assert not panel.progress_row.isVisibleTo(panel)
    assert panel.rows() == []
    qtbot.waitUntil(lambda: window.action(ActionId.SCAN_VIDEO).isEnabled(), timeout=WAIT_MS)


def test_reopening_a_scanned_video_shows_its_last_findings(opened, qtbot) -> None:
    window, services, app = opened
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    scan_and_wait(qtbot, window, app)
    # Kept in the app's review store (the one the decisions use), not in a cache file, and
    # no decision came of it: a flag is not a reviewer's word.
    store = services.review_store.peek()
    assert store is not None
    video = VideoKey(app.review.account(), DEFECTS_VIDEO_ID)
    record = run(qtbot, store.last_scan(video, "NormalSnapshot"))  # saved before the task ended
    assert record is not None and record.scanned == 72
    assert not list((paths.cache_dir() / RESULTS_FOLDER).glob("*.json"))
    assert run(qtbot, store.current(DecisionQuery(videos=(video,)))) == []
    load(qtbot, window, app, SHORT_VIDEO_ID)
    assert app.scan.panel.rows() == []
    load(qtbot, window, app, DEFECTS_VIDEO_ID)
    panel = app.scan.panel
    qtbot.waitUntil(lambda: sorted(panel.rows()) == EXPECTED_ROWS, timeout=WAIT_MS)
    assert "scanned 20" in panel.summary.text()
    assert panel.scan_button.text() == "Rescan"
    assert [b for b, _ in app.video.model.tile(4).scan_findings] == ["BLACK"]


def test_a_stored_finding_far_down_a_long_video_badges_its_tile_when_its_page_arrives(
    opened, qtbot
) -> None:
    window, _, app = opened
    document = {
        "video_id": LONG_VIDEO_ID,
        "provider": "aliyun",
        "snapshot_type": "NormalSnapshot",
        "job_id": "j",
        "total": 10_000,
        "snapshots": [
            {
                "index": 9_000,
                "offset": None,
                "state": "ok",
                "failure": None,
                "flags": ["black"],
                "details": {
                    "black": {"black_fraction": 1.0, "mean_luma": 0.0, "severity": "defect"}
                },
            }
        ],
        "job_flags": [],
        "summary": {},
    }
    run(qtbot, app.scan.store.save(document, 1_700_000_000))
    load(qtbot, window, app, LONG_VIDEO_ID)
    panel, model = app.scan.panel, app.video.model
    qtbot.waitUntil(lambda: panel.rows() == [("black", 9_000)], timeout=WAIT_MS)
    assert "1 of 10000 snapshots flagged" in panel.summary.text()
    assert model.tile(8_999).url is None  # its page has not been fetched
    window.action(ActionId.NEXT_DEFECT).trigger()
    qtbot.waitUntil(lambda: model.tile(8_999).url is not None, timeout=WAIT_MS)
    assert app.video.view.currentIndex().row() == 8_999
    assert [b for b, _ in model.tile(8_999).scan_findings] == ["BLACK"]
    assert model.tile(8_998).scan_findings == ()


def test_closing_the_window_stops_a_running_scan(opened, qtbot) -> None:
    window, services, app = opened
    load(qtbot, window, app, LONG_VIDEO_ID)
    window.action(ActionId.SCAN_VIDEO).trigger()
    task = services.tasks.get("video-scan")
    qtbot.waitUntil(lambda: app.scan.panel.progress.value() >= 5, timeout=SCAN_WAIT_MS)
    window.close()
    run(qtbot, services.aclose())  # what the app does at quit
    assert task.cancelled()
    assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("scan-")]


def test_a_huawei_asset_is_scanned_in_the_app_with_its_seconds(opened, qtbot, emulator) -> None:
    from snapview.emulator import huawei_catalog as hc
    from tests.e2e.test_scan_huawei_cli import PLANTED as HUAWEI_PLANTED
    from tests.helpers.fixtures import use_huawei_emulator_profile

    window, _, app = opened
    use_huawei_emulator_profile(app.profiles, emulator)
    load(qtbot, window, app, hc.DEFECTS_ASSET_ID)
    scan_and_wait(qtbot, window, app)
    panel = app.scan.panel
    assert {index for _, index in panel.rows()} == set(HUAWEI_PLANTED)
    first = min(HUAWEI_PLANTED)
    item = panel.item_for(HUAWEI_PLANTED[first], first)
    assert item is not None
    seconds = (first - 1) * 5  # the demo asset samples every 5 s
    assert item.text(0) == f"Snapshot #{first}  {seconds // 60:02d}:{seconds % 60:02d}"


def test_the_defects_panel_opened_after_a_load_says_the_video_can_be_scanned(opened, qtbot) -> None:
    # Out of sight (its dock closed, or its tab behind the inspector's), the panel is not laid out
    # again on every load (issue #14): it must still say the right thing, and offer the scan, the
    # moment the reviewer opens it.
    window, services, app = opened
    app.scan.dock.close()
    qtbot.waitUntil(lambda: not app.scan.panel.isVisible(), timeout=WAIT_MS)
    load(qtbot, window, app, SHORT_VIDEO_ID)
    app.scan.dock.show()
    qtbot.waitUntil(app.scan.panel.isVisible, timeout=WAIT_MS)
    assert "Not scanned yet" in app.scan.panel.summary.text()
    assert app.scan.panel.scan_button.isEnabled()
