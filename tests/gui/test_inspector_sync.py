"""The inspector beside the Alibaba grid: the page's ListSnapshots response is shown, a selected tile
selects its Snapshot node (switching to the page that holds it), and a selected node selects its tile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from snapview.emulator.catalog import LONG_VIDEO_ID
from tests.helpers.app_hooks import current_tile_path
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui


@pytest.fixture
def app(app_window):
    window, services, app = app_window(size=(1400, 860), demo_profile=True)
    return window, app.video, app.video_inspector


def _load(qtbot, window, video_id: str) -> None:
    window.video_edit.setText(video_id)
    qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)


def test_page_response_is_shown_and_tile_and_node_select_each_other(app, qtbot) -> None:
    window, video, sync = app
    inspector = window.inspector
    _load(qtbot, window, LONG_VIDEO_ID)
    qtbot.waitUntil(
        lambda: inspector.document is not None and "MediaSnapshot" in inspector.document.root,
        timeout=WAIT_MS,
    )
    assert inspector.title.startswith("ListSnapshots page 1")
    # tile -> node: click the 5th tile
    view, model = video.view, video.model
    qtbot.waitUntil(
        lambda: model.rowCount() > 10 and model.tile(4).url is not None, timeout=WAIT_MS
    )
    rect = view.visualRect(model.index(4, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert inspector.current_path() == "$.MediaSnapshot.Snapshots.Snapshot[4]"
    assert current_tile_path(sync) == "$.MediaSnapshot.Snapshots.Snapshot[4]"
    # node -> tile: the user picks Snapshot[7].Url in the tree
    source = inspector.model.ensure_path(("MediaSnapshot", "Snapshots", "Snapshot", 7, "Url"))
    inspector.tree.selectionModel().setCurrentIndex(
        inspector.proxy.mapFromSource(source), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert view.currentIndex().row() == 7


def test_tile_on_a_later_page_switches_the_inspector_to_that_page(app, qtbot) -> None:
    window, video, sync = app
    inspector = window.inspector
    _load(qtbot, window, LONG_VIDEO_ID)
    model, view = video.model, video.view
    qtbot.waitUntil(lambda: inspector.document is not None, timeout=WAIT_MS)
    page_size = video.pager.page_size
    row = page_size + 3
    model.loader.queue_pages([2])
    qtbot.waitUntil(lambda: video.pager.cached(2) is not None, timeout=WAIT_MS)
    view.selectionModel().setCurrentIndex(
        model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert inspector.title.startswith("ListSnapshots page 2")
    assert inspector.current_path() == "$.MediaSnapshot.Snapshots.Snapshot[3]"


def test_the_inspector_follows_end_and_home(app, qtbot) -> None:
    """Walkthrough D6: End jumps to the last tile, whose page is not fetched yet; the inspector
    shows that page and its last Snapshot once it arrives, and Home brings page 1 back."""
    window, video, _sync = app
    inspector = window.inspector
    _load(qtbot, window, LONG_VIDEO_ID)
    view, model = video.view, video.model
    qtbot.waitUntil(
        lambda: model.rowCount() == 10_000 and model.tile(27).url is not None, timeout=WAIT_MS
    )
    # The view lays its items out in batches; End goes to the last one laid out.
    qtbot.waitUntil(lambda: view.visualRect(model.index(9_999, 0)).isValid(), timeout=WAIT_MS)
    rect = view.visualRect(model.index(27, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert inspector.current_path() == "$.MediaSnapshot.Snapshots.Snapshot[27]"
    qtbot.keyClick(view, Qt.Key.Key_End)
    row = view.currentIndex().row()
    assert row == 9_999
    last_page = video.pager.page_of_index(row + 1)
    qtbot.waitUntil(
        lambda: inspector.title.startswith(f"ListSnapshots page {last_page}"), timeout=WAIT_MS
    )
    position = row % video.pager.page_size
    assert inspector.current_path() == f"$.MediaSnapshot.Snapshots.Snapshot[{position}]"
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: inspector.title.startswith("ListSnapshots page 1"), timeout=WAIT_MS)
    assert inspector.current_path() == "$.MediaSnapshot.Snapshots.Snapshot[0]"


def test_the_first_viewport_is_painted_before_the_inspector_lays_out_the_page(app, qtbot) -> None:
    # Laying out and colouring the page's response costs the GUI thread tens of milliseconds; done
    # in the same turn as the viewport's last picture arrives, it held that picture's paint back.
    window, video, _sync = app
    inspector = window.inspector
    shown_when_complete: list[bool] = []

    def on_stats() -> None:
        if not shown_when_complete and video.view.viewport_complete():
            shown_when_complete.append(inspector.document is not None)

    video.model.stats_changed.connect(on_stats)
    _load(qtbot, window, LONG_VIDEO_ID)
    qtbot.waitUntil(lambda: bool(shown_when_complete), timeout=WAIT_MS)
    assert shown_when_complete == [False]  # the page was not on show yet
    qtbot.waitUntil(
        lambda: inspector.document is not None and "MediaSnapshot" in inspector.document.root,
        timeout=WAIT_MS,
    )
    assert inspector.title.startswith("ListSnapshots page 1")


def test_a_demo_screenshot_waits_for_the_inspector_to_show_the_page(app_window, qtbot) -> None:
    # The page goes on show a turn after the first viewport; a --demo --screenshot picture taken
    # at the viewport caught an empty inspector.
    from snapview.ui.inspector import InspectorWidget
    from snapview.ui.video.demo import window_drawn

    window, _services, features = app_window(size=(1400, 860), demo_profile=True)
    _load(qtbot, window, LONG_VIDEO_ID)
    drawn = window_drawn(features.library, features.review, window.inspector)
    qtbot.waitUntil(drawn, timeout=WAIT_MS)
    assert window.inspector.title.startswith("ListSnapshots page 1")
    empty = InspectorWidget()  # everything else drawn, no page on show
    assert not window_drawn(features.library, features.review, empty)()
