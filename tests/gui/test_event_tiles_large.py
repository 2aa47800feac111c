"""A 50 MB thumbnailComplete event lists about 220,000 snapshots: its tiles open without a layout
pass per row, every one of them can be reached (the last one too, far beyond the 16,777,215 px a Qt
widget may be tall), and selecting it names its snapshot for the inspector."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from snapview.core.huawei_events import VodEvent, parse_events
from snapview.services.images import ImagePipeline
from snapview.ui.events.tile_list import TILE
from snapview.ui.events.view import EventTilesModel, EventView
from snapview.ui.grid.uniform_view import UniformTileView
from snapview.ui.shell.language import interface_language
from tests.helpers.async_qt import run
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui
SEED = Path(__file__).parents[1] / "fixtures" / "huawei" / "thumbnail_succeed_seed.json"
SAMPLES = 220_000
DOTS = 2_000


def _large_event(samples: int = SAMPLES, dots: int = DOTS) -> VodEvent:
    """The seed event with ``samples`` interval and ``dots`` time-point snapshots, parsed by the
    parser File → Open Events uses (links to a closed local port: nothing is fetched here)."""
    document = json.loads(SEED.read_text(encoding="utf-8"))
    info = document["thumbnail_info"]
    base = "http://127.0.0.1:9/asset/" + info["asset_id"] + "/snapshot"
    info["sample"] = [
        {"offset": 5 * t, "url": f"{base}/sample/{5 * t}.jpg"} for t in range(samples)
    ]
    info["dots"] = [{"offset": 7 * t, "url": f"{base}/dots/{7 * t}.jpg"} for t in range(dots)]
    [event] = parse_events(json.dumps(document)).events
    return event


def _open(qtbot, event: VodEvent, pipeline: ImagePipeline | None = None) -> EventView:
    view = EventView(pipeline)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    view.show_event(event)
    QApplication.processEvents()  # the page lays out the lists it just showed
    return view


def _scroll_area(view: EventView) -> QScrollArea:
    area = view.findChild(QScrollArea)
    assert area is not None
    return area


def _on_screen(view: EventView, tiles: UniformTileView, row: int) -> bool:
    """Whether the whole tile of ``row`` shows: inside its list's viewport and inside the page's."""
    rect = tiles.visualRect(tiles.model().index(row, 0))
    if not tiles.viewport().rect().contains(rect):
        return False
    page = _scroll_area(view).viewport()
    top_left = tiles.viewport().mapTo(page, rect.topLeft())
    bottom_right = tiles.viewport().mapTo(page, rect.bottomRight())
    return page.rect().contains(top_left) and page.rect().contains(bottom_right)


def test_a_huge_event_opens_without_a_layout_pass_per_row(qtbot, monkeypatch) -> None:
    event = _large_event()
    asked: list[int] = []
    real = EventTilesModel.rowCount

    def counting(self, parent=None):
        asked.append(1)
        return real(self) if parent is None else real(self, parent)

    monkeypatch.setattr(EventTilesModel, "rowCount", counting)
    view = _open(qtbot, event)
    _label, tiles, model = view.groups["sample"]
    tiles.viewport().repaint()
    assert isinstance(tiles, UniformTileView)
    assert model.rowCount() == SAMPLES
    # Qt's icon-mode list asked about a million times here; arithmetic asks a handful.
    assert len(asked) < 1_000
    # The list is no taller than the page shows (a widget may not be taller than 16,777,215 px):
    # the tiles beyond scroll inside it.
    page_height = _scroll_area(view).viewport().height()
    assert 0 < tiles.height() <= page_height
    assert tiles.verticalScrollBar().isVisible() and tiles.verticalScrollBar().maximum() > 0


def test_the_last_of_220000_tiles_is_reached_with_end_and_selected(qtbot) -> None:
    view = _open(qtbot, _large_event())
    _label, tiles, model = view.groups["sample"]
    selected: list[str] = []
    view.snapshot_selected.connect(selected.append)
    tiles.setCurrentIndex(model.index(0))
    tiles.setFocus()
    qtbot.keyClick(tiles, Qt.Key.Key_End)
    last = SAMPLES - 1
    assert tiles.currentIndex().row() == last
    assert _on_screen(view, tiles, last)
    assert selected[-1] == f"$.thumbnail_info.sample[{last}]"
    # What is on screen there is that tile: a click on it selects it.
    tiles.setCurrentIndex(model.index(last - 1))
    centre = tiles.visualRect(model.index(last)).center()
    qtbot.mouseClick(tiles.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert tiles.currentIndex().row() == last
    assert tiles.selectionModel().isSelected(model.index(last))
    assert selected[-1] == f"$.thumbnail_info.sample[{last}]"


def test_the_inspector_reveals_a_tile_far_down_and_the_dots_below(qtbot) -> None:
    view = _open(qtbot, _large_event())
    _label, sample_tiles, _sample = view.groups["sample"]
    _label, dots_tiles, _dots = view.groups["dots"]
    assert view.select_path(("thumbnail_info", "sample", 200_000))
    assert sample_tiles.currentIndex().row() == 200_000
    assert _on_screen(view, sample_tiles, 200_000)
    # The dots come after the interval snapshots, one page further, not 200,000 tiles down.
    assert view.select_path(("thumbnail_info", "dots", DOTS - 1))
    assert _on_screen(view, dots_tiles, DOTS - 1)
    assert not sample_tiles.selectionModel().hasSelection()


def test_a_short_event_still_grows_to_fit_its_tiles(qtbot) -> None:
    view = _open(qtbot, _large_event(samples=6, dots=0))
    _label, tiles, _model = view.groups["sample"]
    assert not tiles.verticalScrollBar().isVisible()
    assert all(_on_screen(view, tiles, row) for row in range(6))


def test_scrolling_a_long_group_fetches_only_where_it_stops(qtbot, qasync_loop) -> None:
    pipeline = ImagePipeline()
    try:
        view = _open(qtbot, _large_event(), pipeline)
        _label, tiles, model = view.groups["sample"]
        tiles.viewport().repaint()
        layout = tiles.tile_layout
        lines = -(-tiles.viewport().height() // layout.cell_height) + 1
        on_screen = lines * layout.columns
        first = model.loader.image_requests
        assert 0 < first <= on_screen  # the first screen, nothing below it
        bar = tiles.verticalScrollBar()
        passed = SAMPLES // 2  # a row the fling went past
        for step in range(1, 41):  # a fling to the last tenth, painting on the way
            bar.setValue(bar.maximum() * step // 44)
            tiles.viewport().repaint()
        assert model.loader.image_requests == first  # nothing for tiles that flew past
        qtbot.waitUntil(lambda: not model.loader.paused, timeout=WAIT_MS)
        tiles.viewport().repaint()
        assert first < model.loader.image_requests <= first + on_screen
        stopped = tiles.indexAt(tiles.viewport().rect().center()).row()
        assert model.tile(stopped).fetched_width == TILE.width()
        assert model.tile(passed).fetched_width == 0
    finally:
        run(qtbot, pipeline.aclose())


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_render_a_large_event(qtbot, language: str) -> None:
    shots = os.environ.get("SNAPVIEW_SHOTS")
    if not shots:
        pytest.skip("set SNAPVIEW_SHOTS=DIR to render a large event's tiles")
    from snapview.app import create_application

    with interface_language(create_application(), language):
        view = _open(qtbot, _large_event(samples=20_000, dots=300))
        _label, tiles, model = view.groups["sample"]
        tiles.setCurrentIndex(model.index(0))
        view.select_path(("thumbnail_info", "sample", 19_990))
        qtbot.wait(50)
        view.grab().save(str(Path(shots) / f"event-tiles-large-{language}.png"))
        area = _scroll_area(view)
        area.verticalScrollBar().setValue(0)
        tiles.scrollToTop()
        qtbot.wait(50)
        view.grab().save(str(Path(shots) / f"event-tiles-top-{language}.png"))
