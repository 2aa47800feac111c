"""Huawei Cloud media assets in the main window, driven like a user against the emulator's Huawei VOD
API over real HTTP: a Huawei profile turns the VideoId box into an asset-ID box with Huawei's
snapshot lists, the grid shows an asset's snapshots with their offsets as mm:ss, the inspector shows
the ShowAssetDetail response in step with the tiles, a failed snapshot task gets its error card, a
running one the calm "still processing" state, an expired link is refreshed by asking the API again,
and an event opened from a file loads its asset live."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from snapview.emulator import huawei_catalog as hc
from snapview.emulator.catalog import HUAWEI_ASSET_ID_FAILED, HUAWEI_ASSET_ID_OK, default_catalog
from snapview.ui.grid.tiles import TileState
from tests.gui.test_video_flow import type_and_load as load
from tests.gui.test_video_flow import viewport_done
from tests.helpers.app_hooks import current_tile_path
from tests.helpers.fixtures import use_huawei_emulator_profile
from tests.helpers.timeouts import WAIT_MS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"

pytestmark = pytest.mark.gui
LIBRARY = hc.HuaweiLibrary(default_catalog(), generated=0)


@pytest.fixture
def app(app_window, emulator):
    """The app with the Alibaba demo profile and a Huawei one for the session emulator, selected."""
    window, services, app = app_window(size=(1400, 900), demo_profile=True)
    use_huawei_emulator_profile(app.profiles, emulator)
    return window, app, services


def select_tile(video, row: int) -> None:
    video.view.selectionModel().setCurrentIndex(
        video.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def select_node(inspector, path: tuple[str | int, ...]) -> None:
    source = inspector.model.ensure_path(path)
    assert source.isValid(), path
    inspector.tree.selectionModel().setCurrentIndex(
        inspector.proxy.mapFromSource(source), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def test_the_profile_decides_the_id_box_and_the_snapshot_lists(app, qtbot) -> None:
    window, app_, _ = app
    combo = window.type_combo
    assert "asset ID" in window.video_edit.placeholderText()
    assert [combo.itemData(i) for i in range(combo.count())] == ["sample", "dots", "quantity"]
    assert combo.currentText() == "Interval (sample)"
    combo.setCurrentIndex(combo.findData("dots"))
    combo.activated.emit(combo.currentIndex())  # what a user's pick sends
    # Back to the Alibaba demo profile: its types and words, and its choice, come back.
    window.profile_combo.setCurrentIndex(window.profile_combo.findData("Emulator"))
    assert "VideoId" in window.video_edit.placeholderText()
    assert combo.findData("NormalSnapshot") >= 0 and combo.findData("sample") < 0
    assert combo.currentData() == "NormalSnapshot"
    window.profile_combo.setCurrentIndex(window.profile_combo.findData("Huawei emulator"))
    assert combo.currentData() == "dots"  # the Huawei choice was remembered
    assert window.action_map["load"].toolTip() == "Load the snapshots of the media asset"


def test_an_asset_loads_into_the_grid_with_mmss_offsets_and_its_showassetdetail(
    app, qtbot, emulator
) -> None:
    window, app_, _ = app
    video, inspector = app_.video, window.inspector
    asked = emulator.stats["show_asset_detail"]
    load(qtbot, window, HUAWEI_ASSET_ID_OK)
    qtbot.waitUntil(lambda: video.model.total == 10 and viewport_done(video), timeout=WAIT_MS)
    assert emulator.stats["show_asset_detail"] == asked + 1
    assert video.stack.currentWidget() is video.view
    tiles = [video.model.tile(r) for r in range(10)]
    assert all(t.state == TileState.LOADED for t in tiles)
    # The sample list is every 12 s over 120 s; each tile carries its offset, shown as mm:ss.
    assert [t.start_ms for t in tiles] == [12_000 * n for n in range(10)]
    tooltip = video.model.data(video.model.index(9), Qt.ItemDataRole.ToolTipRole)
    assert "01:48" in tooltip
    job = window.job_label.text()
    assert f"Asset {HUAWEI_ASSET_ID_OK}" in job and "Total 10" in job
    assert "Interval (sample)" in job
    # The counts follow at the end of the turn that brought the last picture.
    qtbot.waitUntil(lambda: window.loaded_label.text() == "Loaded 10 of 10", timeout=WAIT_MS)
    assert window.failures_label.text() == ""
    # The inspector shows the raw ShowAssetDetail response beside the grid.
    qtbot.waitUntil(lambda: inspector.document is not None, timeout=WAIT_MS)
    assert inspector.title == "ShowAssetDetail"
    root = inspector.document.root
    assert root["asset_id"] == HUAWEI_ASSET_ID_OK
    assert root["thumbnail_info"]["thumbnail_status"] == "THUMBNAIL_SUCCEED"
    # tile -> node and node -> tile.
    select_tile(video, 3)
    assert inspector.current_path() == "$.thumbnail_info.sample[3]"
    assert current_tile_path(app_.video_inspector) == "$.thumbnail_info.sample[3]"
    select_node(inspector, ("thumbnail_info", "sample", 7, "url"))
    assert video.view.currentIndex().row() == 7


# The offscreen platform plugin cannot raise the preview window; not emitted on real platforms.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_preview_shows_the_offset_of_a_huawei_snapshot(app, qtbot) -> None:
    window, app_, _ = app
    video = app_.video
    load(qtbot, window, HUAWEI_ASSET_ID_OK)
    qtbot.waitUntil(lambda: video.model.total == 10 and viewport_done(video), timeout=WAIT_MS)
    video.open_preview(9)
    preview = video.preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.isVisible() and preview.original is not None, timeout=WAIT_MS)
    assert preview.fields["time"].text() == "01:48"
    assert preview.fields["index"].text().startswith("#10")
    preview.close()


def test_dots_given_out_of_order_keep_offset_order_and_select_the_right_node(app, qtbot) -> None:
    """The long asset's dots come unsorted (1800, 60, 300, 3599 s): a tile's index is its rank by
    offset, and the inspector's node of each tile is found by that, not by position."""
    window, app_, _ = app
    video, inspector = app_.video, window.inspector
    window.type_combo.setCurrentIndex(window.type_combo.findData("dots"))
    load(qtbot, window, hc.LONG_ASSET_ID)
    qtbot.waitUntil(lambda: video.model.total == 4 and viewport_done(video), timeout=WAIT_MS)
    assert [video.model.tile(r).start_ms for r in range(4)] == [
        60_000,
        300_000,
        1_800_000,
        3_599_000,
    ]
    assert "59:59" in video.model.data(video.model.index(3), Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: inspector.document is not None, timeout=WAIT_MS)
    assert [d["offset"] for d in inspector.document.root["thumbnail_info"]["dots"]] == [
        1800,
        60,
        300,
        3599,
    ]
    select_tile(video, 0)  # 01:00
    assert inspector.current_path() == "$.thumbnail_info.dots[1]"
    select_node(inspector, ("thumbnail_info", "dots", 0))  # 30:00
    assert video.view.currentIndex().row() == 2
    assert "Time points (dots)" in window.job_label.text()


def test_a_long_list_is_paged_and_a_later_page_shows_its_own_response(app, qtbot) -> None:
    window, app_, _ = app
    video, inspector = app_.video, window.inspector
    load(qtbot, window, hc.LONG_ASSET_ID)
    qtbot.waitUntil(lambda: video.model.total == 3600, timeout=WAIT_MS)
    assert window.pages_label.text().endswith(" of 36 pages fetched")
    video.model.loader.queue_pages([3])
    qtbot.waitUntil(lambda: video.model.tile(205).url is not None, timeout=WAIT_MS)
    select_tile(video, 205)  # #206 on page 3, taken at 205 s
    assert inspector.title == "ListThumbnailDetails page 3"
    assert inspector.current_path() == "$.thumbnail_result[5]"
    assert video.model.tile(205).start_ms == 205_000


def test_a_failed_snapshot_task_shows_its_error_card_with_exec_desc(app, qtbot) -> None:
    window, app_, _ = app
    video = app_.video
    load(qtbot, window, HUAWEI_ASSET_ID_FAILED)
    qtbot.waitUntil(lambda: video.stack.currentWidget() is video.messages, timeout=WAIT_MS)
    panel = video.messages
    asset = LIBRARY.asset(HUAWEI_ASSET_ID_FAILED)
    assert asset is not None and asset.exec_desc
    expected = asset.exec_desc
    assert panel.title.text() == "The snapshot task failed"
    assert panel.property("kind") == "error"
    assert panel.card.isVisible()
    assert panel.card_reason.text() == expected
    assert "THUMBNAIL_FAILED" in panel.card_status.text()
    assert HUAWEI_ASSET_ID_FAILED in panel.body.text()
    assert window.status_message.text() == "The snapshot task failed"
    # The inspector shows the ShowAssetDetail answer that says why.
    inspector = window.inspector
    qtbot.waitUntil(lambda: inspector.document is not None, timeout=WAIT_MS)
    assert inspector.title == "ShowAssetDetail"
    info = inspector.document.root["thumbnail_info"]
    assert (info["thumbnail_status"], info["exec_desc"]) == ("THUMBNAIL_FAILED", expected)


@pytest.mark.parametrize(
    ("asset_id", "status", "words"),
    [
        (hc.THUMBNAILING_ASSET_ID, "THUMBNAILING", "still taking"),
        (hc.UN_THUMBNAIL_ASSET_ID, "UN_THUMBNAIL", "No snapshots have been taken"),
    ],
)
def test_snapshots_not_taken_yet_get_the_calm_state_and_retry_asks_again(
    app, qtbot, emulator, asset_id: str, status: str, words: str
) -> None:
    window, app_, _ = app
    video = app_.video
    load(qtbot, window, asset_id)
    qtbot.waitUntil(lambda: video.stack.currentWidget() is video.messages, timeout=WAIT_MS)
    panel = video.messages
    assert panel.title.text() == "Still processing"
    assert panel.property("kind") == "waiting"
    assert status in panel.body.text() and words in panel.body.text()
    assert not panel.card.isVisible()
    assert panel.retry_button.isVisible() and not panel.profiles_button.isVisible()
    qtbot.waitUntil(lambda: window.inspector.document is not None, timeout=WAIT_MS)
    document = window.inspector.document
    assert document.root["thumbnail_info"]["thumbnail_status"] == status
    asked = emulator.stats["show_asset_detail"]
    with qtbot.waitSignal(video.model.page_failed, timeout=WAIT_MS):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert emulator.stats["show_asset_detail"] > asked
    assert panel.title.text() == "Still processing" and panel.isVisible()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("not-an-asset", "is not a Huawei media asset ID"),
        ("d7a3f567cdd7b99f55c08d2ea85e18f", "32 hexadecimal characters"),
    ],
)
def test_an_id_that_cannot_be_an_asset_is_said_before_any_request(
    app, qtbot, emulator, text: str, words: str
) -> None:
    window, app_, _ = app
    video = app_.video
    asked = emulator.stats["huawei_api_requests"]
    load(qtbot, window, text)
    qtbot.waitUntil(lambda: video.stack.currentWidget() is video.messages, timeout=WAIT_MS)
    assert video.messages.title.text() == "Not a media asset ID"
    assert words in video.messages.body.text()
    assert emulator.stats["huawei_api_requests"] == asked


def test_a_profile_without_a_project_id_says_so_before_any_request(
    app_window, qtbot, emulator, monkeypatch
) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", hc.HUAWEI_DEMO_AK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", hc.HUAWEI_DEMO_SK)
    monkeypatch.delenv("HUAWEICLOUD_SDK_PROJECT_ID", raising=False)
    window, services, app_ = app_window(size=(1200, 800))
    assert app_.profiles.select("environment-huawei")
    asked = emulator.stats["huawei_api_requests"]
    load(qtbot, window, HUAWEI_ASSET_ID_OK)
    video = app_.video
    qtbot.waitUntil(lambda: video.stack.currentWidget() is video.messages, timeout=WAIT_MS)
    assert video.messages.title.text() == "The profile is incomplete"
    assert "A project ID is needed" in video.messages.body.text()
    assert video.messages.profiles_button.isVisible()
    assert emulator.stats["huawei_api_requests"] == asked


def test_an_unknown_asset_says_it_does_not_exist(app, qtbot) -> None:
    window, app_, _ = app
    video = app_.video
    load(qtbot, window, "0123456789abcdef0123456789abcdef")
    qtbot.waitUntil(lambda: video.stack.currentWidget() is video.messages, timeout=WAIT_MS)
    assert video.messages.title.text() == "The media asset does not exist"
    assert "0123456789abcdef0123456789abcdef" in video.messages.body.text()


def test_a_wrong_sk_points_to_profiles_and_never_shows_the_sk(app_window, qtbot, emulator) -> None:
    from tests.helpers.secrets import HUAWEI_SK

    window, services, app_ = app_window(size=(1200, 800))
    use_huawei_emulator_profile(app_.profiles, emulator, "Wrong SK", HUAWEI_SK)
    load(qtbot, window, HUAWEI_ASSET_ID_OK)
    video = app_.video
    qtbot.waitUntil(lambda: video.stack.currentWidget() is video.messages, timeout=WAIT_MS)
    panel = video.messages
    assert panel.title.text() == "The cloud account was refused"
    assert "secret key (SK) is wrong" in panel.body.text()
    assert panel.profiles_button.isVisible()
    assert HUAWEI_SK not in panel.body.text() + window.status_message.text()


def test_an_expired_link_is_refreshed_by_asking_the_api_again(
    app_window, qtbot, emulator_factory
) -> None:
    emulator = emulator_factory()
    window, services, app_ = app_window(size=(900, 600))
    use_huawei_emulator_profile(app_.profiles, emulator)
    window.zoom_slider.setValue(400)  # few tiles a screen: the last ones are fetched only later
    video = app_.video
    load(qtbot, window, hc.EXPIRING_ASSET_ID)
    qtbot.waitUntil(lambda: video.model.total == 40 and viewport_done(video), timeout=WAIT_MS)
    assert video.view.visible_rows()[-1] < 29
    refreshes = services.images.get().stats.url_refreshes
    asked = emulator.stats["show_asset_detail"]
    # The asset's links live 45 s; the listed ones of the last tiles are now stale.
    emulator.advance_clock(120)
    video.view.scrollToBottom()
    qtbot.waitUntil(
        lambda: 39 in video.view.visible_rows() and viewport_done(video), timeout=WAIT_MS
    )
    assert all(video.model.tile(r).state == TileState.LOADED for r in video.view.visible_rows())
    assert services.images.get().stats.url_refreshes > refreshes
    assert emulator.stats["show_asset_detail"] > asked  # the fresh link came from the API
    assert emulator.stats["403s"] >= 1


def _event_file(tmp_path, emulator, asset_id: str) -> str:
    response = httpx.get(f"{emulator.base_url}/huawei/events/{asset_id}?envelope=bare", timeout=10)
    response.raise_for_status()
    path = tmp_path / "event.json"
    path.write_bytes(response.content)
    return str(path)


def test_an_opened_event_loads_its_asset_live_with_the_huawei_profile(
    app_window, qtbot, emulator, tmp_path
) -> None:
    event = _event_file(tmp_path, emulator, HUAWEI_ASSET_ID_OK)
    window, services, app_ = app_window(size=(1400, 900), demo_profile=True)
    events, video, live = app_.events, app_.video, app_.events.live_asset
    with qtbot.waitSignal(events.events_loaded, timeout=WAIT_MS):
        events.load_paths([event])
    # Only an Alibaba profile: nothing to load the asset with, so nothing is offered.
    assert not live.bar.isVisible() and not window.action_map["load_asset_live"].isEnabled()
    use_huawei_emulator_profile(app_.profiles, emulator, select=False)
    assert live.bar.isVisible() and HUAWEI_ASSET_ID_OK in live.bar.label.text()
    assert "Huawei emulator" in live.bar.label.text()
    assert window.profile_combo.currentData() == "Emulator"  # still the Alibaba demo
    qtbot.mouseClick(live.bar.button, Qt.MouseButton.LeftButton)
    assert window.profile_combo.currentData() == "Huawei emulator"
    assert window.video_edit.text() == HUAWEI_ASSET_ID_OK
    assert window.type_combo.currentData() == "sample"
    qtbot.waitUntil(lambda: video.model.total == 10 and viewport_done(video), timeout=WAIT_MS)
    assert window.central_stack.currentWidget() is window.grid_area
    assert video.stack.isVisibleTo(window)
    assert [video.model.tile(r).start_ms for r in range(3)] == [0, 12_000, 24_000]


# The offscreen platform plugin cannot raise a popup menu or let it grab the keyboard; not emitted
# on real platforms.
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
def test_the_event_list_offers_load_live_in_its_context_menu(
    app_window, qtbot, emulator, tmp_path
) -> None:
    first = _event_file(tmp_path, emulator, HUAWEI_ASSET_ID_OK)
    second = tmp_path / "failed.json"
    second.write_bytes(
        httpx.get(
            f"{emulator.base_url}/huawei/events/{HUAWEI_ASSET_ID_FAILED}?envelope=bare", timeout=10
        ).content
    )
    window, services, app_ = app_window(size=(1400, 900))
    use_huawei_emulator_profile(app_.profiles, emulator)
    events = app_.events
    with qtbot.waitSignal(events.events_loaded, timeout=WAIT_MS):
        events.load_paths([first, str(second)])
    events_list = events.panel.list
    assert events.panel.isVisible()
    row = next(
        r
        for r in range(events.panel.proxy.rowCount())
        if HUAWEI_ASSET_ID_FAILED[:12] in events.panel.proxy.index(r, 0).data()
    )
    rect = events_list.visualRect(events.panel.proxy.index(row, 0))
    events_list.customContextMenuRequested.emit(rect.center())
    menu = events.live_asset.menu
    assert [a.objectName() for a in menu.actions()] == ["action_load_asset_live"]
    assert events.view.current_event.asset_id == HUAWEI_ASSET_ID_FAILED  # the row was selected
    menu.actions()[0].trigger()
    menu.close()
    video = app_.video
    qtbot.waitUntil(lambda: video.stack.currentWidget() is video.messages, timeout=WAIT_MS)
    assert video.messages.title.text() == "The snapshot task failed"


def test_the_demo_adds_a_huawei_profile_for_its_emulator_and_keeps_alibaba_selected(
    app_window, qtbot
) -> None:
    from snapview.app import LaunchOptions, start_demo
    from snapview.services.demo_account import DEMO_PROFILE_NAME, HUAWEI_DEMO_PROFILE_NAME

    window, services, app_ = app_window(size=(1280, 800), demo=True)
    started = start_demo(app_, services, LaunchOptions(demo=True))
    qtbot.waitUntil(started.done, timeout=WAIT_MS)
    assert started.exception() is None
    combo = window.profile_combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert names[-2:] == [DEMO_PROFILE_NAME, HUAWEI_DEMO_PROFILE_NAME]
    assert combo.currentData() == DEMO_PROFILE_NAME  # the Alibaba demo stays the default
    demo = services.credentials.find_profile(HUAWEI_DEMO_PROFILE_NAME)
    assert demo is not None and demo.read_only and not demo.stored
    # The Huawei demo profile reaches the demo emulator's Huawei API.
    combo.setCurrentIndex(combo.findData(HUAWEI_DEMO_PROFILE_NAME))
    video = app_.video
    load(qtbot, window, HUAWEI_ASSET_ID_OK)
    qtbot.waitUntil(lambda: video.model.total == 10 and viewport_done(video), timeout=WAIT_MS)
    settings = services.settings.path
    assert not settings.exists() or hc.HUAWEI_DEMO_SK not in settings.read_text(encoding="utf-8")


def test_demo_with_an_event_file_shows_the_file_not_the_demo_video(
    app_window, qtbot, tmp_path
) -> None:
    """D18: `snapview --demo FILE.json` opened the demo video over the file given on the command
    line; the file is shown as without --demo, the demo video waits in the VideoId field."""
    from snapview.app import LaunchOptions, start_demo

    event = tmp_path / "event.json"
    event.write_bytes((FIXTURES / "thumbnail_succeed_seed.json").read_bytes())
    window, services, app_ = app_window(size=(1280, 800), demo=True, files=[str(event)])
    with qtbot.waitSignal(app_.events.events_loaded, timeout=WAIT_MS):
        started = start_demo(app_, services, LaunchOptions(demo=True, files=(str(event),)))
    qtbot.waitUntil(started.done, timeout=WAIT_MS)
    assert started.exception() is None
    qtbot.waitUntil(lambda: window.video_edit.text() != "", timeout=WAIT_MS)
    assert app_.events.splitter.isVisible()  # the events view, not the demo grid
    assert app_.video.model.rowCount() == 0
    assert "event" in window.status_message.text().casefold()  # what the events view says
