"""The library pane over a long list, against the emulator over real HTTP: scrolling walks page
after page well past the first hundred rows, covers are fetched for the visible rows and a margin
only (never for every fetched row), and Next video goes on past the rows loaded so far."""

from __future__ import annotations

import pytest

from snapview.emulator import huawei_catalog as hc
from snapview.emulator.catalog import default_catalog
from snapview.ui.library.cover_prefetch import MARGIN_ROWS
from snapview.ui.library.model import COVER_KEY_PREFIX
from snapview.ui.shell.actions import ActionId
from tests.gui.test_library_pane import huawei, loaded  # noqa: F401 - the fixture
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui


def scroll_until(qtbot, app, rows: int) -> None:
    model, view = app.library.model, app.library.pane.view
    while model.rowCount() < rows:
        before = model.rowCount()
        view.scrollToBottom()
        qtbot.waitUntil(
            lambda before=before: model.rowCount() > before and not model.loading, timeout=WAIT_MS
        )


def test_scrolling_walks_far_past_the_first_hundred_rows(huawei, qtbot) -> None:  # noqa: F811
    _window, app = huawei
    model = app.library.model
    scroll_until(qtbot, app, 260)
    expected = [a.asset_id for a in hc.HuaweiLibrary(default_catalog()).assets[:260]]
    assert [v.video_id for v in model.videos[:260]] == expected  # in order, none twice
    assert model.page_requests >= 6
    assert app.library.pane.count_label.text().startswith("20,000 videos (")


def test_covers_only_for_the_visible_rows_and_a_margin(huawei, qtbot, monkeypatch) -> None:  # noqa: F811
    _window, app = huawei
    model, view, prefetch = app.library.model, app.library.pane.view, app.library.prefetch
    pipeline = model.pipeline
    assert pipeline is not None
    asked_for: set[str] = set()
    request = pipeline.request

    def counting(key, url, size, **options):  # every cover the list asks the pipeline for
        asked_for.add(str(key))
        return request(key, url, size, **options)

    monkeypatch.setattr(pipeline, "request", counting)
    last_visible = view.rowAt(view.viewport().height() - 1)
    assert 0 < last_visible < 40
    below = range(last_visible + 1, last_visible + 1 + MARGIN_ROWS)  # never painted yet
    qtbot.waitUntil(lambda: all(model.cover_settled(r) for r in below), timeout=WAIT_MS)
    assert prefetch.margin_rows().stop == last_visible + 1 + MARGIN_ROWS
    scroll_until(qtbot, app, 300)
    asked = len(asked_for)
    screens = model.page_requests + 1  # the first screen and one screen per page reached
    assert asked <= screens * (last_visible + 1 + 2 * MARGIN_ROWS)
    assert asked < model.rowCount() // 2
    # (Whether one given middle row was painted on the way down depends on how far each scroll
    # step jumped under load; the counts above are what the user notices.)


def test_next_video_goes_on_past_the_loaded_rows(huawei, qtbot) -> None:  # noqa: F811
    window, app = huawei
    model = app.library.model
    assert model.rowCount() == 50
    app.library.pane.view.doubleClicked.emit(model.index(47, 0))
    qtbot.waitUntil(lambda: model.rowCount() == 100, timeout=WAIT_MS)  # fetched ahead
    next_video = window.action(ActionId.NEXT_VIDEO)
    for _ in range(4):
        qtbot.waitUntil(next_video.isEnabled, timeout=WAIT_MS)
        next_video.trigger()
    target = model.video(51)
    assert target is not None and app.video.video_id == target.video_id
    assert app.library.pane.view.currentIndex().row() == 51  # the list follows the open video
    assert "video 52 of" in app.video.position_label.text()


def test_the_visible_covers_are_asked_for_before_the_margin(huawei, qtbot, monkeypatch) -> None:  # noqa: F811
    # The pipeline serves higher priorities first: a margin cover asked at the visible rows'
    # priority would be downloaded before them (it did: the first screen waited for the next one).
    _window, app = huawei
    model, prefetch = app.library.model, app.library.prefetch
    pipeline = model.pipeline
    assert pipeline is not None
    asked: dict[str, int] = {}
    request = pipeline.request

    def recording(key, url, size, *, priority=0, **options):
        asked[str(key)] = max(priority, asked.get(str(key), priority))
        return request(key, url, size, priority=priority, **options)

    monkeypatch.setattr(pipeline, "request", recording)
    before = model.listing
    app.library.pane.order_combo.setCurrentIndex(1)  # a new listing: covers never asked for yet
    qtbot.waitUntil(lambda: model.listing is not before and model.rowCount() > 0, timeout=WAIT_MS)
    visible, around = prefetch.visible_rows(), prefetch.margin_rows()
    qtbot.waitUntil(lambda: all(model.cover_settled(r) for r in around), timeout=WAIT_MS)

    def priority(row: int) -> int:
        video = model.video(row)
        assert video is not None
        return asked[COVER_KEY_PREFIX + video.video_id]

    margin = [r for r in around if r not in visible and model.videos[r].cover_url]
    shown = [r for r in visible if model.videos[r].cover_url]
    assert margin and shown
    assert min(priority(r) for r in shown) > max(priority(r) for r in margin)


def test_a_closed_library_asks_for_no_covers_until_it_is_shown(huawei, qtbot, monkeypatch) -> None:  # noqa: F811
    # A closed dock's covers would be fetched and decoded for no one, beside the grid's first
    # viewport (the grid benchmark counted 17 of them as the grid's requests).
    _window, app = huawei
    model, dock = app.library.model, app.library.dock
    pipeline = model.pipeline
    assert pipeline is not None
    asked_for: list[str] = []
    request = pipeline.request

    def counting(key, url, size, **options):
        asked_for.append(str(key))
        return request(key, url, size, **options)

    monkeypatch.setattr(pipeline, "request", counting)
    dock.close()
    before = model.listing
    app.library.pane.order_combo.setCurrentIndex(1)  # a new listing arrives while it is closed
    qtbot.waitUntil(lambda: model.listing is not before and model.rowCount() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not model.loading, timeout=WAIT_MS)
    app.library.prefetch.prefetch()  # whatever is still queued has run
    assert asked_for == []
    dock.show()
    around = app.library.prefetch.margin_rows()
    assert around
    qtbot.waitUntil(lambda: all(model.cover_settled(r) for r in around), timeout=WAIT_MS)
    with_covers = {
        COVER_KEY_PREFIX + model.videos[r].video_id for r in around if model.videos[r].cover_url
    }
    assert with_covers and with_covers <= set(
        asked_for
    )  # the visible rows and the margin, once shown
