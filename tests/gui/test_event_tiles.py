"""The tiles of a Huawei event (``EventTilesModel``) on the grid's loader: checked by Qt's model tester,
one fetch per picture whatever group shows it, and real images from the emulator over HTTP."""

from __future__ import annotations

import json

import httpx
import pytest
from PySide6.QtCore import Qt

from snapview.core.huawei_events import EventSnapshot, VodEvent, parse_events
from snapview.emulator.catalog import HUAWEI_ASSET_ID_OK
from snapview.services.images import ImagePipeline
from snapview.ui.events.tile_list import TILE
from snapview.ui.events.view import EventTilesModel, EventView
from snapview.ui.grid.tiles import TileState
from tests.helpers.async_qt import run
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui


SAMPLE_PATH = ("thumbnail_info", "sample")


def _shots(urls: list[str]) -> list[EventSnapshot]:
    return [EventSnapshot(offset=5 * i, url=url, index=i) for i, url in enumerate(urls)]


def test_event_tiles_pass_qtmodeltester_with_no_network(qtbot, qtmodeltester) -> None:
    model = EventTilesModel(None)
    qtmodeltester.check(model)
    shots = _shots(["https://cdn.example.com/a.jpg", "", "https://cdn.example.com/c.jpg"])
    model.set_shots(shots, SAMPLE_PATH)
    assert [model.index(r).data() for r in range(3)] == ["00:00", "00:05", "00:10"]
    assert model.index(2).data(EventTilesModel.PathRole) == "$.thumbnail_info.sample[2]"
    # A snapshot without a link is final and says so; the others wait for a pipeline.
    assert model.index(1).data(EventTilesModel.StateRole) == TileState.FAILED
    assert "no URL" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0).data(EventTilesModel.StateRole) == TileState.LOADING
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole).size() == TILE
    assert model.row_for_index(2) == 2 and model.row_for_index(7) is None
    model.set_shots([], ())
    assert model.rowCount() == 0


def show_event(qtbot, pipeline: ImagePipeline, event: VodEvent) -> EventView:
    """The event in the event view, as event mode shows it (each group's list grows to fit)."""
    view = EventView(pipeline)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show_event(event)
    view.show()
    qtbot.waitExposed(view)
    return view


def _models(view: EventView) -> tuple[EventTilesModel, EventTilesModel]:
    return view.groups["sample"][2], view.groups["dots"][2]


@pytest.fixture
def emulator_event(emulator) -> dict:
    return httpx.get(f"{emulator.base_url}/huawei/events/{HUAWEI_ASSET_ID_OK}").json()


def _event(document: dict) -> VodEvent:
    [event] = parse_events(json.dumps(document)).events
    return event


def test_a_picture_in_both_groups_is_fetched_once_and_shown_in_both(
    qtbot,
    qasync_loop,
    emulator_event,
) -> None:
    # A dots time that falls on a sample time: the event names the same picture twice.
    info = emulator_event["thumbnail_info"]
    info["dots"][0]["url"] = info["sample"][1]["url"]
    pipeline = ImagePipeline()
    try:
        view = show_event(qtbot, pipeline, _event(emulator_event))
        sample, dots = _models(view)
        qtbot.waitUntil(
            lambda: (
                sample.final_rows(range(sample.rowCount()))
                and dots.final_rows(range(dots.rowCount()))
            ),
            timeout=WAIT_MS,
        )
        assert sample.loaded_count == sample.rowCount() and dots.loaded_count == dots.rowCount()
        urls = {s.url for s in sample.shots} | {s.url for s in dots.shots}
        assert (
            pipeline.stats.requests_started == len(urls) == sample.rowCount() + dots.rowCount() - 1
        )
        shared = dots.pixmap_for(0)
        assert shared is not None and shared.width() == TILE.width()
    finally:
        run(qtbot, pipeline.aclose())


def test_an_evicted_picture_is_fetched_again_when_painted(
    qtbot,
    qasync_loop,
    emulator_event,
) -> None:
    pipeline = ImagePipeline()
    try:
        view = show_event(qtbot, pipeline, _event(emulator_event))
        sample, _dots = _models(view)
        qtbot.waitUntil(lambda: sample.loaded_count == sample.rowCount(), timeout=WAIT_MS)
        sample.pixmaps.clear()  # as if other pictures had pushed them out of the bounded cache
        before = sample.loader.image_requests
        view.groups["sample"][1].viewport().repaint()
        # Asked again (the pipeline answers from its memory), not shown blank or stuck.
        assert sample.loader.image_requests == before + sample.rowCount()
        assert len(sample.pixmaps) == sample.rowCount()
        assert all(sample.tile(r).state == TileState.LOADED for r in range(sample.rowCount()))
    finally:
        run(qtbot, pipeline.aclose())


def test_a_picture_already_fetched_for_one_group_shows_in_the_other(
    qtbot,
    qasync_loop,
    emulator_event,
) -> None:
    [event] = parse_events(json.dumps(emulator_event)).events
    assert event.thumbnail is not None
    pipeline = ImagePipeline()
    shown, hidden = EventTilesModel(pipeline), EventTilesModel(pipeline)
    shots = list(event.thumbnail.sample)
    hidden.set_shots(shots[:1], event.snapshots_path("sample"))  # never painted, never asks
    shown.set_shots(shots, event.snapshots_path("sample"))
    try:
        shown.loader.ensure_tile_requested(0)
        qtbot.waitUntil(lambda: shown.tile(0).state == TileState.LOADED, timeout=WAIT_MS)
        assert hidden.tile(0).state == TileState.LOADED and hidden.pixmap_for(0) is not None
        assert hidden.loader.image_requests == 0
    finally:
        run(qtbot, pipeline.aclose())


def test_tiles_far_down_a_large_event_name_their_own_snapshot(qtbot) -> None:
    """Rows keep no per-row keys or paths: the row, its path and its picture's rows are worked out
    when asked, and still agree far down a large event, out of list order, with a URL listed twice."""
    count = 50_000
    # Listed newest first, so offset order reverses the list: row r shows list index count-1-r.
    listed = [
        EventSnapshot(offset=count - i, url=f"https://cdn.example.com/{i}.jpg", index=i)
        for i in range(count)
    ]
    listed[7] = EventSnapshot(offset=count - 7, url=listed[40_000].url, index=7)  # a repeat
    shots = sorted(listed, key=lambda s: s.offset or 0)
    model = EventTilesModel(None)
    model.set_shots(shots, SAMPLE_PATH)
    far = count - 1 - 45_678
    assert model.row_for_index(45_678) == far
    assert model.index(far).data(EventTilesModel.PathRole) == "$.thumbnail_info.sample[45678]"
    assert model.row_for_index(count) is None and model.row_for_index(-1) is None
    assert model.rows_for_key(model.key_for(far)) == [far]
    assert sorted(model.rows_for_key(model.key_for(count - 1 - 7))) == [
        count - 1 - 40_000,
        count - 1 - 7,
    ]
    assert model.rows_for_key("grid1.0:3") == []  # another model's key
    model.set_shots(shots[:10], SAMPLE_PATH)  # a new event: nothing of the old lookup stays
    assert model.row_for_index(45_678) is None
