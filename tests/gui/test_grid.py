"""The thumbnail grid against the local VOD emulator over real HTTP: what a reviewer sees while
scrolling a 10,000-snapshot job, and that only what is seen is fetched."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx
import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from snapview.core.credentials import AliyunCredentials
from snapview.core.snapshots import Snapshot, SnapshotPage, SnapshotType
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.emulator.catalog import (
    DEFECTS_VIDEO_ID,
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    EXPIRING_VIDEO_ID,
    LONG_VIDEO_ID,
)
from snapview.emulator.server import RunningEmulator
from snapview.services.images import ImagePipeline
from snapview.services.vod_client import SnapshotPager, VodClient
from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.grid.tiles import Cell, TileState
from snapview.ui.grid.view import ThumbnailGridView
from tests.helpers.async_qt import run
from tests.helpers.grid_hooks import wait_grid_settled
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui
CREDS = AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)


@dataclass
class Opened:
    """A video opened in the grid through the app's own pager, and the pages sent for it."""

    pager: SnapshotPager
    requested: list[int]  # PageNo of every ListSnapshots request on the wire, refreshes included


class Api:
    """The app's VOD client against an emulator, on an HTTP client that records each page asked."""

    def __init__(self, base_url: str) -> None:
        self.requested: list[int] = []
        self.http = httpx.AsyncClient(timeout=10.0, event_hooks={"request": [self._record]})
        self.client = VodClient(CREDS, endpoint=base_url, http=self.http)

    async def _record(self, request: httpx.Request) -> None:
        if request.headers.get("x-acs-action") == "ListSnapshots":
            self.requested.append(int(request.url.params["PageNo"]))

    def open(self, model: SnapshotGridModel, video_id: str, page_size: int = 100) -> Opened:
        self.requested.clear()
        pager = self.client.pager(video_id, SnapshotType.NORMAL, page_size=page_size)
        model.set_pager(pager)
        model.fetchMore(QModelIndex())
        return Opened(pager, self.requested)

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.http.aclose()


@pytest.fixture
def grid(qtbot, qasync_loop, emulator):
    http = httpx.AsyncClient(timeout=10.0)
    api = Api(emulator.base_url)
    holder: dict[str, SnapshotGridModel] = {}

    async def refresher(key, old_url):
        return await holder["model"].refresh_url_for_key(str(key), old_url)

    pipeline = ImagePipeline(url_refresher=refresher)
    model = SnapshotGridModel(pipeline)
    holder["model"] = model
    view = ThumbnailGridView(model)
    view.resize(1000, 700)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)

    def open_video(video_id: str, page_size: int = 100) -> Opened:
        return api.open(model, video_id, page_size)

    yield view, model, pipeline, open_video
    view.close()
    run(qtbot, model.aclose())  # the app's shutdown path: the pager's requests stop too
    run(qtbot, pipeline.aclose())
    run(qtbot, api.aclose())
    run(qtbot, http.aclose())


def wait_settled(qtbot, view, model) -> Sequence[int]:
    return wait_grid_settled(qtbot, view)


def pages_of(rows, page_size=100) -> set[int]:
    return {r // page_size + 1 for r in rows}


def _page(page_no: int, total: int, page_size: int = 100) -> SnapshotPage:
    first = (page_no - 1) * page_size + 1
    last = min(total, first + page_size - 1)
    return SnapshotPage(
        request_id=f"req-{page_no}",
        video_id="v",
        snapshot_type=SnapshotType.NORMAL,
        page_no=page_no,
        page_size=page_size,
        total=total,
        job_id="job",
        creation_time="2024-01-01T00:00:00Z",
        regular="",
        snapshots=tuple(
            Snapshot(i, f"https://cdn.example.com/{i}.jpg?auth_key=t")
            for i in range(first, last + 1)
        ),
    )


def test_model_passes_qtmodeltester_with_no_network_at_all(qtbot, qtmodeltester) -> None:
    # No pager, no pipeline, no event loop: pages and frames are handed to the model directly.
    model = SnapshotGridModel(None)
    qtmodeltester.check(model)  # watches every later change too
    model.apply_page(1, _page(1, total=250))
    assert model.rowCount() == 250
    url = model.tile(0).url
    assert model.tile(0).state == TileState.LOADING and url and url.endswith("/1.jpg?auth_key=t")
    assert model.tile(150).state == TileState.PENDING and model.tile(150).url is None
    model.apply_page(1, _page(1, total=250))  # again: nothing changes, nothing is announced
    model.fail_page(3, VodError("Throttling", "slow down", error_class=ErrorClass.TRANSIENT))
    assert model.tile(220).state == TileState.FAILED and model.failed_count == 1
    assert model.data(model.index(220), model.StateRole) == TileState.FAILED
    model.set_cells([Cell(url="https://cdn.example.com/s.jpg", region=(0, 0, 16, 9))] * 3)
    assert model.rowCount() == 3 and model.tile(2).region == (0, 0, 16, 9)
    model.clear()
    assert model.rowCount() == 0


# libjpeg reports the defects video's planted corrupt JPEG while its tile is decoded.
@pytest.mark.qt_log_ignore("Corrupt JPEG data", "Unsupported marker type")
def test_model_passes_qtmodeltester_while_a_real_job_loads(grid, qtbot, qtmodeltester) -> None:
    view, model, _, open_video = grid
    # The tester walks every row after each change: a short job with every kind of tile (loaded,
    # failed, black, duplicate) keeps that quick.
    qtmodeltester.check(model)
    view.resize(1400, 4000)  # the whole 72-snapshot job in one viewport
    open_video(DEFECTS_VIDEO_ID)
    visible = wait_settled(qtbot, view, model)
    assert visible[-1] == 71 and model.failed_count == 8


def test_a_first_viewport_is_done_when_its_pictures_are_and_the_margin_follows_them(
    grid, qtbot
) -> None:
    view, model, pipeline, open_video = grid
    # The settle timer that new rows start would run for ten minutes: the load must not need it,
    # neither to say the viewport is done nor to ask for the line after it.
    settle = view.findChild(QTimer, "gridSettleTimer")
    settle.setInterval(600_000)
    open_video(LONG_VIDEO_ID)
    visible = wait_settled(qtbot, view, model)
    assert all(model.tile(r).state == TileState.LOADED for r in visible)
    margin = view.margin_rows()
    assert margin
    qtbot.waitUntil(lambda: all(model.tile(r).state == TileState.LOADED for r in margin))
    assert pipeline.stats.requests_started == len(visible) + len(margin)
    # Scrolling still holds it back until scrolling settles.
    view.verticalScrollBar().setValue(view.viewport().height() * 3)
    assert not view.viewport_complete()
    settle.setInterval(10)
    wait_settled(qtbot, view, model)
    assert view.visible_rows()[0] > visible[-1]


def test_first_viewport_shows_the_whole_job_and_loads_only_what_is_visible(grid, qtbot) -> None:
    view, model, pipeline, open_video = grid
    opened = open_video(LONG_VIDEO_ID)
    visible = wait_settled(qtbot, view, model)
    # The scrollbar covers the whole job, but only page 1 was asked for.
    assert model.rowCount() == 10_000
    assert opened.requested == [1]
    assert model.pages_fetched == 1 and model.page_count == 100
    assert all(model.tile(r).state == TileState.LOADED for r in visible)
    margin = view.margin_rows()
    assert pipeline.stats.requests_started <= len(visible) + len(margin)
    unseen = visible[-1] + 1 + 2 * len(margin) + 5
    assert model.tile(unseen).state != TileState.LOADED
    assert model.key_for(unseen) not in pipeline.pending_keys()


def test_the_margin_line_is_fetched_once_the_visible_tiles_are_in(grid, qtbot, monkeypatch) -> None:
    # Fetched beside the visible tiles, the next line's downloads and decodes slowed the last of
    # them; it is asked for only when the visible pictures are all in, and still comes.
    view, model, pipeline, open_video = grid
    asked_when_done: dict[str, bool] = {}
    request = pipeline.request

    def noting_request(key, url, target, **kwargs):
        asked_when_done.setdefault(str(key), model.final_rows(view.visible_rows()))
        return request(key, url, target, **kwargs)

    monkeypatch.setattr(pipeline, "request", noting_request)
    open_video(LONG_VIDEO_ID)
    visible = wait_settled(qtbot, view, model)
    margin = list(view.margin_rows())
    assert margin and margin[0] == visible[-1] + 1
    qtbot.waitUntil(lambda: model.final_rows(margin), timeout=WAIT_MS)
    assert not any(asked_when_done[model.key_for(r)] for r in visible)
    assert all(asked_when_done[model.key_for(r)] for r in margin)


def test_dragging_the_scrollbar_to_the_end_fetches_the_last_page_not_those_in_between(
    grid, qtbot
) -> None:
    view, model, _, open_video = grid
    opened = open_video(LONG_VIDEO_ID)
    wait_settled(qtbot, view, model)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 100_000, timeout=WAIT_MS)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    visible = wait_settled(qtbot, view, model)
    assert visible[-1] == 9_999
    assert view.model().data(view.model().index(9_999, 0)) == "#10000"
    assert set(opened.requested) == {1} | pages_of(visible)
    assert len(opened.requested) <= 3
    assert model.pages_fetched == len(opened.requested)


def test_scrolling_down_fetches_pages_as_they_come_into_view(grid, qtbot) -> None:
    view, model, _, open_video = grid
    opened = open_video(LONG_VIDEO_ID)
    seen: set[int] = set(wait_settled(qtbot, view, model))
    bar = view.verticalScrollBar()
    for _ in range(12):
        qtbot.keyClick(view.viewport(), Qt.Key.Key_PageDown)
        bar.setValue(bar.value() + view.viewport().height())
        visible = wait_settled(qtbot, view, model)
        seen |= set(visible) | set(view.margin_rows())
        # Never a page nobody has looked at (or is about to).
        assert set(opened.requested) <= pages_of(seen)
    assert len(opened.requested) == len(set(opened.requested))
    assert len(opened.requested) > 1  # the scroll did reach further pages


def test_a_fast_fling_cancels_the_fetches_it_skipped(grid, qtbot) -> None:
    view, model, pipeline, open_video = grid
    opened = open_video(LONG_VIDEO_ID)
    wait_settled(qtbot, view, model)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 100_000, timeout=WAIT_MS)
    started = pipeline.stats.requests_started
    bar = view.verticalScrollBar()
    step = bar.maximum() // 40
    for i in range(1, 41):
        bar.setValue(i * step)
        view.viewport().repaint()  # paint every stop of the fling, as a real fling would
    visible = wait_settled(qtbot, view, model)
    wanted = {model.key_for(r) for r in list(visible) + list(view.margin_rows())}
    assert pipeline.pending_keys() <= wanted
    # The tiles flown past were never fetched: requests ~ the resting viewport, not the fling.
    assert pipeline.stats.requests_started - started <= 1.3 * (
        len(visible) + len(view.margin_rows())
    )
    assert len(opened.requested) <= 4


def test_an_expired_link_is_refreshed_once_and_the_tile_loads(grid, qtbot, emulator) -> None:
    view, model, pipeline, open_video = grid
    opened = open_video(EXPIRING_VIDEO_ID)
    qtbot.waitUntil(lambda: model.total is not None, timeout=WAIT_MS)
    # The page's links are now older than their 45 s validity.
    emulator.advance_clock(120)
    visible = wait_settled(qtbot, view, model)
    assert pipeline.stats.url_refreshes >= 1
    assert all(model.tile(r).state == TileState.LOADED for r in visible)
    # The first page, then one fresh copy of it for all its expired links together.
    assert opened.requested == [1, 1]


# libjpeg reports the planted corrupt JPEG while it is decoded; that is the point of the test.
@pytest.mark.qt_log_ignore("Corrupt JPEG data", "Unsupported marker type")
def test_each_planted_defect_shows_its_reason_on_the_tile(grid, qtbot) -> None:
    view, model, _, open_video = grid
    view.resize(1400, 4000)  # the whole 72-snapshot job in one viewport
    open_video(DEFECTS_VIDEO_ID)
    visible = wait_settled(qtbot, view, model)
    assert visible[-1] == 71
    tiles = {model.tile(r).index: model.tile(r) for r in visible}
    assert tiles[21].state == TileState.FAILED and "404" in tiles[21].short_reason
    assert tiles[27].state == TileState.FAILED and tiles[27].short_reason == "Undecodable"
    assert tiles[33].state == TileState.FAILED and tiles[33].short_reason == "Not an image"
    for index in (21, 27, 33):
        tooltip = model.data(model.index(index - 1), Qt.ItemDataRole.ToolTipRole)
        assert tiles[index].reason and tiles[index].reason in tooltip
    assert tiles[5].is_black and tiles[6].is_black and not tiles[7].is_black
    assert all(tiles[i].duplicate for i in (13, 14, 15, 16)) and not tiles[12].duplicate
    # 21, 27, 33 and the scan's planted fetch failures 64, 68, 70, 71, 72.
    assert model.failed_count == 8
    assert tiles[1].state == TileState.LOADED
    assert QSize(tiles[1].pixel_size[0], tiles[1].pixel_size[1]).isValid()


def test_page_by_page_mode_nudges_fetch_more_until_the_viewport_is_full(grid, qtbot) -> None:
    view, model, _, open_video = grid
    model.whole_job = False
    opened = open_video(LONG_VIDEO_ID, page_size=5)
    # Qt asks for more only when the last row shows; a short first page must not stop there.
    qtbot.waitUntil(
        lambda: model.pages_in_flight == 0 and view.verticalScrollBar().maximum() > 0,
        timeout=WAIT_MS,
    )
    assert opened.requested == list(range(1, len(opened.requested) + 1))
    assert len(opened.requested) >= 4  # 20 tiles fit; 5 per page
    assert model.rowCount() == 5 * len(opened.requested) < 10_000


def test_ctrl_wheel_zooms_and_the_tiles_follow(grid, qtbot) -> None:
    view, model, _, open_video = grid
    open_video(LONG_VIDEO_ID)
    wait_settled(qtbot, view, model)
    wanted: list[int] = []
    view.zoom_requested.connect(wanted.append)
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)
    assert wanted == [232]
    before = len(view.visible_rows())
    view.set_zoom(wanted[0])
    visible = wait_settled(qtbot, view, model)
    assert len(visible) < before
    assert model.target.width() == 232


def test_closing_the_grid_stops_the_pagers_request_on_the_wire(
    qtbot,
    qasync_loop,
    emulator_factory: Callable[..., RunningEmulator],
) -> None:
    slow = emulator_factory(latency_ms=2_000)
    api = Api(slow.base_url)
    model = SnapshotGridModel(None)
    opened = api.open(model, LONG_VIDEO_ID)
    qtbot.waitUntil(lambda: opened.requested == [1], timeout=WAIT_MS)
    assert model.pages_in_flight == 1
    run(qtbot, model.aclose())
    # The page was cancelled, not waited for: the pager holds nothing and nothing is pending.
    assert opened.pager.pending == 0 and opened.pager.cached(1) is None
    assert model.rowCount() == 0 and model.pages_in_flight == 0
    run(qtbot, api.aclose())


# libjpeg reports the defects video's planted corrupt JPEG while its tile is decoded.
@pytest.mark.qt_log_ignore("Corrupt JPEG data", "Unsupported marker type")
def test_saving_originals_reports_what_failed_and_why(grid, qtbot, tmp_path) -> None:
    view, model, _, open_video = grid
    view.resize(1400, 2600)
    open_video(DEFECTS_VIDEO_ID)
    wait_settled(qtbot, view, model)
    said: list[str] = []
    view.status_text.connect(said.append)
    task = view.save_images([19, 20], str(tmp_path))  # #20 is fine, #21 is the planted 404
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.result() == 1
    assert said == [f"Saved 1 image(s) to {tmp_path} — 1 failed (HTTP 404)"]
    assert [p.name for p in tmp_path.iterdir()] == ["snapshot_00020.jpg"]


def _ctrl_wheel(view, pos: QPoint, notches: int) -> None:
    event = QWheelEvent(
        QPointF(pos),
        QPointF(view.viewport().mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_ctrl_wheel_keeps_the_tile_under_the_mouse_where_it_was(grid, qtbot) -> None:
    view, model, _, open_video = grid
    view.zoom_requested.connect(view.set_zoom)  # what the window's zoom slider does
    open_video(LONG_VIDEO_ID)
    wait_settled(qtbot, view, model)
    # Scroll so that #133 (row 132) is the top-left tile, as in the report's repro.
    view.scrollTo(model.index(132), ThumbnailGridView.ScrollHint.PositionAtTop)
    wait_settled(qtbot, view, model)
    mouse = view.visualRect(model.index(132)).center()
    for _ in range(3):  # zoom out, one notch at a time; the columns change under the mouse
        under = view.indexAt(mouse).row()
        top = view.visualRect(model.index(under)).top()
        _ctrl_wheel(view, mouse, -1)
        assert view.visualRect(model.index(under)).top() == top
    assert view.tile_delegate.zoom == 152
    wait_settled(qtbot, view, model)
    assert 132 in view.visible_rows()  # before the fix the top row was #201-#205


def test_zooming_in_keeps_the_selected_tile_in_view(grid, qtbot) -> None:
    view, model, _, open_video = grid
    open_video(LONG_VIDEO_ID)
    view.set_zoom(64)
    wait_settled(qtbot, view, model)
    view.setCurrentIndex(model.index(39))
    before = view.visualRect(model.index(39)).top()
    for width in range(96, 96 + 6 * 32, 32):  # Ctrl++ six times
        view.set_zoom(width)
        rect = view.visualRect(model.index(39))
        assert view.viewport().rect().contains(rect.center()), width
    assert rect.top() == before
    wait_settled(qtbot, view, model)
    assert 39 in view.visible_rows()


def test_one_wheel_notch_scrolls_one_line_and_page_down_scrolls_a_page(grid, qtbot) -> None:
    view, model, _, open_video = grid
    open_video(LONG_VIDEO_ID)
    wait_settled(qtbot, view, model)
    line = view.gridSize().height()
    bar = view.verticalScrollBar()
    event = QWheelEvent(
        QPointF(view.viewport().rect().center()),
        QPointF(view.viewport().mapToGlobal(view.viewport().rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)
    assert abs(bar.value() - line) <= 3  # about one line, not three
    bar.setValue(0)
    view.setFocus()
    view.setCurrentIndex(model.index(1))
    top = view.visualRect(model.index(1)).top()
    lines = view.viewport().height() // line
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    row = view.currentIndex().row()
    assert row == 1 + lines * view.columns()
    assert bar.value() == lines * line  # a page, not 13 px
    assert view.visualRect(model.index(row)).top() == top  # the selection kept its place
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.currentIndex().row() == 1 and bar.value() == 0


def test_a_loads_visible_tiles_are_on_their_way_before_its_first_paint(
    grid, qtbot, monkeypatch
) -> None:
    # The first paint of a page waits for the page's rows, the status bar and the other tiles'
    # placeholders; asking only from the paint put 10-20 ms before the first request went out.
    view, model, pipeline, open_video = grid
    asked: list[str] = []
    request = pipeline.request

    def counting_request(key, url, target, **options):
        asked.append(str(key))
        return request(key, url, target, **options)

    sent: list[int] = []  # how many requests had been asked for at each hand-over
    send = pipeline.send_now

    def counting_send() -> None:
        sent.append(len(asked))
        send()

    monkeypatch.setattr(pipeline, "request", counting_request)
    monkeypatch.setattr(pipeline, "send_now", counting_send)
    at_first_paint: list[int] = []
    paint = view.paintEvent

    def noting_paint(event) -> None:
        if model.rowCount() and not at_first_paint:
            at_first_paint.append(len(sent) and sent[-1])
        paint(event)

    monkeypatch.setattr(view, "paintEvent", noting_paint)
    open_video(LONG_VIDEO_ID)
    visible = wait_settled(qtbot, view, model)
    assert at_first_paint and at_first_paint[0] >= len(visible)  # all sent before that paint
