"""The thumbnail grid against the local VOD emulator over real HTTP: what a reviewer sees while
scrolling a 10,000-snapshot job, and that only what is seen is fetched."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx
import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from snapview.core.credentials import AliyunCredentials
from snapview.core.listsnapshots import build_request, parse_response
from snapview.core.signing import v1_signed_params
from snapview.emulator.catalog import (
    DEFECTS_VIDEO_ID,
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    EXPIRING_VIDEO_ID,
    LONG_VIDEO_ID,
)
from snapview.services.images import ImagePipeline
from snapview.ui.thumbnail_grid import SnapshotGridModel, ThumbnailGridView, TileState
from tests.helpers.async_qt import run
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui
CREDS = AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)


@dataclass
class EmulatorPager:
    """The smallest ListSnapshots pager the grid needs: signed V1 requests over real HTTP.

    The app uses ``services.vod_client``; the grid only needs ``total``/``page_size``/``page``/``refresh_url``.
    """

    http: httpx.AsyncClient
    base_url: str
    video_id: str
    snapshot_type: str = "NormalSnapshot"
    page_size: int = 100
    total: int | None = None

    def __post_init__(self) -> None:
        self.requested: list[int] = []

    async def page(self, page_no: int, *, record: bool = True):
        request = build_request(self.video_id, self.snapshot_type, page_no, self.page_size, 3600)
        params = v1_signed_params("GET", {"Action": "ListSnapshots", **request.params()}, CREDS)
        if record:
            self.requested.append(page_no)
        response = await self.http.get(self.base_url + "/", params=params)
        page = parse_response(response.content, request, fetched_at=time.time())
        self.total = page.total
        return page

    async def refresh_url(self, index: int) -> str:
        page = await self.page((index - 1) // self.page_size + 1, record=False)
        return next(s.url for s in page.snapshots if s.index == index)


@pytest.fixture
def grid(qtbot, qasync_loop, emulator):
    http = httpx.AsyncClient(timeout=10.0)
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

    def open_video(video_id: str) -> EmulatorPager:
        pager = EmulatorPager(http, emulator.base_url, video_id)
        model.set_pager(pager)
        model.fetchMore(QModelIndex())
        return pager

    yield view, model, pipeline, open_video
    view.close()
    model.clear()
    run(qtbot, pipeline.aclose())
    run(qtbot, http.aclose())


def settled(view: ThumbnailGridView, model: SnapshotGridModel) -> bool:
    visible = view.visible_rows()
    return (
        model.total is not None
        and len(visible) > 0
        and not model.hold
        and not view._settle.isActive()
        and model.final_rows(visible)
    )


def wait_settled(qtbot, view, model) -> range:
    qtbot.waitUntil(lambda: settled(view, model), timeout=WAIT_MS)
    return view.visible_rows()


def pages_of(rows, page_size=100) -> set[int]:
    return {r // page_size + 1 for r in rows}


def test_model_passes_qtmodeltester(grid, qtbot, qtmodeltester) -> None:
    view, model, _, open_video = grid
    open_video(LONG_VIDEO_ID)
    wait_settled(qtbot, view, model)
    qtmodeltester.check(model)


def test_first_viewport_shows_the_whole_job_and_loads_only_what_is_visible(grid, qtbot) -> None:
    view, model, pipeline, open_video = grid
    pager = open_video(LONG_VIDEO_ID)
    visible = wait_settled(qtbot, view, model)
    # The scrollbar covers the whole job, but only page 1 was asked for.
    assert model.rowCount() == 10_000
    assert pager.requested == [1]
    assert all(model.tile(r).state == TileState.LOADED for r in visible)
    margin = view.margin_rows(visible)
    assert pipeline.stats.requests_started <= len(visible) + len(margin)
    unseen = visible.stop + 2 * len(margin) + 5
    assert model.tile(unseen).state != TileState.LOADED
    assert model.key_for(unseen) not in pipeline.pending_keys()


def test_dragging_the_scrollbar_to_the_end_fetches_the_last_page_not_those_in_between(
    grid, qtbot
) -> None:
    view, model, _, open_video = grid
    pager = open_video(LONG_VIDEO_ID)
    wait_settled(qtbot, view, model)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 100_000, timeout=WAIT_MS)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    visible = wait_settled(qtbot, view, model)
    assert visible.stop == 10_000
    assert view.model().data(view.model().index(9_999, 0)) == "#10000"
    assert set(pager.requested) == {1} | pages_of(visible)
    assert len(pager.requested) <= 3


def test_scrolling_down_fetches_pages_as_they_come_into_view(grid, qtbot) -> None:
    view, model, _, open_video = grid
    pager = open_video(LONG_VIDEO_ID)
    seen: set[int] = set(wait_settled(qtbot, view, model))
    bar = view.verticalScrollBar()
    for _ in range(12):
        qtbot.keyClick(view.viewport(), Qt.Key.Key_PageDown)
        bar.setValue(bar.value() + view.viewport().height())
        visible = wait_settled(qtbot, view, model)
        seen |= set(visible) | set(view.margin_rows(visible))
        # Never a page nobody has looked at (or is about to).
        assert set(pager.requested) <= pages_of(seen)
    assert len(pager.requested) == len(set(pager.requested))


def test_a_fast_fling_cancels_the_fetches_it_skipped(grid, qtbot) -> None:
    view, model, pipeline, open_video = grid
    pager = open_video(LONG_VIDEO_ID)
    first = wait_settled(qtbot, view, model)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 100_000, timeout=WAIT_MS)
    started = pipeline.stats.requests_started
    bar = view.verticalScrollBar()
    step = bar.maximum() // 40
    for i in range(1, 41):
        bar.setValue(i * step)
        view.viewport().repaint()  # paint every stop of the fling, as a real fling would
    visible = wait_settled(qtbot, view, model)
    wanted = {model.key_for(r) for r in list(visible) + list(view.margin_rows(visible))}
    assert pipeline.pending_keys() <= wanted
    # The tiles flown past were never fetched: requests ~ the resting viewport, not the fling.
    assert pipeline.stats.requests_started - started <= 1.3 * (
        len(visible) + len(view.margin_rows(visible))
    )
    assert len(pager.requested) <= 4
    assert len(first) > 0


def test_an_expired_link_is_refreshed_once_and_the_tile_loads(grid, qtbot, emulator) -> None:
    view, model, pipeline, open_video = grid
    pager = open_video(EXPIRING_VIDEO_ID)
    qtbot.waitUntil(lambda: model.total is not None, timeout=WAIT_MS)
    # The page's links are now older than their 45 s validity.
    emulator.advance_clock(120)
    visible = wait_settled(qtbot, view, model)
    assert pipeline.stats.url_refreshes >= 1
    assert all(model.tile(r).state == TileState.LOADED for r in visible)
    assert pager.requested == [1]


# libjpeg reports the planted corrupt JPEG while it is decoded; that is the point of the test.
@pytest.mark.qt_log_ignore("Corrupt JPEG data", "Unsupported marker type")
def test_each_planted_defect_shows_its_reason_on_the_tile(grid, qtbot) -> None:
    view, model, _, open_video = grid
    view.resize(1400, 4000)  # the whole 72-snapshot job in one viewport
    open_video(DEFECTS_VIDEO_ID)
    visible = wait_settled(qtbot, view, model)
    assert visible.stop == 72
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


def test_page_by_page_mode_nudges_fetch_more_until_the_viewport_is_full(
    grid, qtbot, emulator
) -> None:
    view, model, _, _ = grid
    model.whole_job = False
    http = httpx.AsyncClient(timeout=10.0)
    pager = EmulatorPager(http, emulator.base_url, LONG_VIDEO_ID, page_size=5)
    model.set_pager(pager)
    model.fetchMore(QModelIndex())
    # Qt asks for more only when the last row shows; a short first page must not stop there.
    qtbot.waitUntil(
        lambda: model.pages_in_flight == 0 and view.verticalScrollBar().maximum() > 0,
        timeout=WAIT_MS,
    )
    assert pager.requested == list(range(1, len(pager.requested) + 1))
    assert len(pager.requested) >= 4  # 20 tiles fit; 5 per page
    assert model.rowCount() == 5 * len(pager.requested) < 10_000
    model.clear()
    run(qtbot, http.aclose())


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
