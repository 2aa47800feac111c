"""The library pane, driven like a user against the emulator over real HTTP: it loads lazily (a
page request only when the list is scrolled to its end), the search box and the filters narrow it,
opening a video loads its snapshots in the grid with Next video following the library's order, a
pasted ID list says which IDs the account does not have, and a failure or a bad filter value is said
in the pane in words — never a blank list. Screenshots of the pane in English and Chinese."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from snapview.app import create_application
from snapview.emulator import huawei_catalog as hc
from snapview.emulator.catalog import default_catalog
from snapview.ui.library.model import Column
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.language import interface_language
from tests.gui.test_video_flow import viewport_done
from tests.helpers.fixtures import use_emulator_profile, use_huawei_emulator_profile
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui


def loaded(qtbot, library, rows: int | None = None) -> None:
    model = library.model

    def done() -> None:
        assert model.listing is not None and not model.loading
        assert model.total is not None or model.failed is not None
        if rows is not None:
            assert model.rowCount() >= rows

    qtbot.waitUntil(done, timeout=WAIT_MS)


@pytest.fixture
def huawei(app_window, emulator, qtbot):
    window, services, app = app_window(size=(1500, 900))
    use_huawei_emulator_profile(app.profiles, emulator)
    loaded(qtbot, app.library, 1)
    return window, app


def test_pages_load_only_as_the_list_scrolls(huawei, qtbot) -> None:
    _window, app = huawei
    model = app.library.model
    assert model.page_requests == 1 and model.rowCount() == 50
    assert app.library.pane.count_label.text() == "20,000 videos (50 loaded)"
    view = app.library.pane.view
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 100, timeout=WAIT_MS)
    assert model.page_requests == 2
    qtbot.waitUntil(lambda: model.cover_count > 0, timeout=WAIT_MS)  # through the pipeline


def test_search_and_status_filter_narrow_the_list(huawei, qtbot) -> None:
    _window, app = huawei
    pane, model = app.library.pane, app.library.model
    qtbot.keyClicks(pane.search_edit, "Broken")
    qtbot.waitUntil(lambda: model.total is not None and model.total < 20_000, timeout=WAIT_MS)
    loaded(qtbot, app.library)
    assert model.rowCount() >= 1 and all("broken" in v.title.lower() for v in model.videos)
    expected = sum(
        1 for a in hc.HuaweiLibrary(default_catalog()).assets
        if "THUMBNAIL_FAILED" in a.statuses()
    )  # fmt: skip
    pane.search_edit.clear()
    pane.status_combo.setCurrentIndex(pane.status_combo.findData("THUMBNAIL_FAILED"))
    qtbot.waitUntil(lambda: model.total == expected, timeout=WAIT_MS)
    loaded(qtbot, app.library, 50)
    assert {v.status for v in model.videos} == {"THUMBNAIL_FAILED"}
    assert pane.count_label.text().startswith(f"{expected:,} videos")


def test_a_wrong_way_round_date_range_is_said_and_the_rest_still_filters(huawei, qtbot) -> None:
    _window, app = huawei
    pane, model = app.library.pane, app.library.model
    pane.status_combo.setCurrentIndex(pane.status_combo.findData("THUMBNAIL_FAILED"))
    pane.since_edit.setText("2026-11-20")
    pane.until_edit.setText("2026-11-01")
    pane.until_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: "wrong way round" in pane.message_label.text(), timeout=WAIT_MS)
    loaded(qtbot, app.library, 1)
    assert pane.message_label.isVisible()
    assert {v.status for v in model.videos} == {"THUMBNAIL_FAILED"}  # the valid part applies


def test_opening_a_video_loads_it_and_next_follows_the_library(huawei, qtbot) -> None:
    window, app = huawei
    pane, model = app.library.pane, app.library.model
    second = model.video(1)
    assert second is not None
    pane.view.doubleClicked.emit(model.index(1, 0))
    qtbot.waitUntil(lambda: app.video.video_id == second.video_id, timeout=WAIT_MS)
    assert window.video_edit.text() == second.video_id
    window.action(ActionId.NEXT_VIDEO).trigger()
    third = model.video(2)
    assert third is not None and app.video.video_id == third.video_id


def test_pasted_ids_list_the_unknown_ones(huawei, qtbot) -> None:
    _window, app = huawei
    pane, model = app.library.pane, app.library.model
    known = [model.videos[i].video_id for i in (3, 0)]
    unknown = "0123456789abcdef0123456789abcdef"
    pane.paste_button.click()
    pane.ids_edit.setPlainText(f"{known[0]}\nnot an id\n{unknown}\n{known[1]}")
    pane.show_ids_button.click()
    qtbot.waitUntil(lambda: bool(model.unknown_ids), timeout=WAIT_MS)
    loaded(qtbot, app.library)
    assert [v.video_id for v in model.videos] == known
    text = pane.message_label.text()
    assert f"Not in this account (1): {unknown}" in text and "Line 2" in text


def test_a_failure_is_said_in_the_pane_with_retry(app_window, emulator, qtbot) -> None:
    window, _services, app = app_window(size=(1500, 900))
    use_emulator_profile(app.profiles, emulator, name="Wrong key", secret="not-the-secret")
    pane = app.library.pane
    qtbot.waitUntil(lambda: pane.message_label.isVisible(), timeout=WAIT_MS)
    assert pane.retry_button.isVisible()
    assert "AccessKey" in pane.message_label.text() or "secret" in pane.message_label.text().lower()
    assert app.library.model.rowCount() == 0


def test_ctrl_1_focuses_the_library(huawei, qtbot) -> None:
    window, app = huawei
    window.action(ActionId.FOCUS_LIBRARY).trigger()
    assert (
        app.library.pane.view.hasFocus()
        or app.library.pane.view.isAncestorOf(window.focusWidget())
        or window.focusWidget() is app.library.pane.view
    )


def test_the_alibaba_library_lists_through_searchmedia(app_window, emulator, qtbot) -> None:
    _window, _services, app = app_window(size=(1500, 900), demo_profile=True)
    loaded(qtbot, app.library, 1)
    model = app.library.model
    assert model.total is not None and model.total > 6_000
    assert "Normal" in [app.library.pane.status_combo.itemData(i) for i in range(20)]
    assert model.videos[0].provider.value == "aliyun"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_screenshot_of_the_pane(app_window, emulator, qtbot, language, tmp_path) -> None:
    # The translators stay installed while the pane fills in, as in the running app.
    # SNAPVIEW_SHOTS=docs/screenshots renders the committed pictures; by default the suite leaves
    # the working tree alone.
    folder = Path(os.environ.get("SNAPVIEW_SHOTS") or tmp_path)
    with contextlib.ExitStack() as stack:
        if language != "en":
            stack.enter_context(interface_language(create_application(), language))
        shoot(app_window, emulator, qtbot, language, folder)


def shoot(app_window, emulator, qtbot, language: str, folder: Path) -> None:
    window, _services, app = app_window(size=(1500, 900))
    use_huawei_emulator_profile(app.profiles, emulator)
    loaded(qtbot, app.library, 1)
    model = app.library.model
    qtbot.waitUntil(lambda: model.cover_count >= 3, timeout=WAIT_MS)
    app.library.pane.view.doubleClicked.emit(model.index(0, 0))
    qtbot.waitUntil(lambda: viewport_done(app.video), timeout=WAIT_MS)
    path = folder / f"library-{language}.png"
    assert window.grab().save(str(path))


def status_cells(model) -> list[tuple[str, str, str]]:
    """(raw status, shown text, tooltip) of every loaded row's Status cell."""
    cells = []
    for row, video in enumerate(model.videos):
        index = model.index(row, Column.STATUS)
        cells.append((video.status, index.data(), index.data(Qt.ItemDataRole.ToolTipRole)))
    return cells


# The offscreen platform cannot raise or size a popup window; it says so, harmlessly.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "raise()", "grabbing the keyboard"
)


def filter_entries(pane) -> list[tuple[str, str, str]]:
    """(shown text, raw API value, tooltip) of every status filter entry after "All statuses"."""
    combo = pane.status_combo
    return [
        (combo.itemText(i), combo.itemData(i), combo.itemData(i, Qt.ItemDataRole.ToolTipRole))
        for i in range(1, combo.count())
    ]


@OFFSCREEN_POPUP
def test_status_words_are_translated_with_the_clouds_own_word_in_the_tooltip(
    app_window, emulator, qtbot, tmp_path
) -> None:
    with interface_language(create_application(), "zh_CN"):
        _window, _services, app = app_window(size=(1500, 900))
        use_huawei_emulator_profile(app.profiles, emulator)
        loaded(qtbot, app.library, 1)
        pane, model = app.library.pane, app.library.model
        cells = status_cells(model)
        assert ("THUMBNAIL_SUCCEED", "截图成功", "接口返回的状态：THUMBNAIL_SUCCEED") in cells
        assert not any(shown == raw for raw, shown, _tip in cells)  # no raw word in Chinese
        # The filter reads as the column, the raw word in each entry's tooltip...
        entries = filter_entries(pane)
        assert pane.status_combo.itemText(0) == "全部状态"
        assert ("截图失败", "THUMBNAIL_FAILED", "接口返回的状态：THUMBNAIL_FAILED") in entries
        assert not any(shown == raw for shown, raw, _tip in entries)
        shoot_filter(pane, qtbot, tmp_path / "library-status-filter-zh_CN.png")
        # ...and still sends the raw word: only failed snapshot jobs come back, shown in words.
        pane.status_combo.setCurrentIndex(pane.status_combo.findText("截图失败"))
        qtbot.waitUntil(
            lambda: {v.status for v in model.videos} == {"THUMBNAIL_FAILED"}, timeout=WAIT_MS
        )
        loaded(qtbot, app.library, 1)
        assert {shown for _raw, shown, _tip in status_cells(model)} == {"截图失败"}
        # The column is as wide as its widest word in Chinese, not as the raw words.
        view = pane.view
        assert view.columnWidth(Column.STATUS) >= view.fontMetrics().horizontalAdvance("截图失败")
        assert model.status_text("SOMETHING_NEW") == "SOMETHING_NEW"  # unknown: as the cloud says


def test_alibaba_statuses_read_as_words_in_english(app_window, emulator, qtbot) -> None:
    _window, _services, app = app_window(size=(1500, 900), demo_profile=True)
    loaded(qtbot, app.library, 1)
    model = app.library.model
    cells = status_cells(model)
    assert ("UploadFail", "Upload failed", "Status in the API: UploadFail") in cells
    assert ("Normal", "Normal", "Status in the API: Normal") in cells
    # The rarer ones, whatever page they are on, in the words of the console.
    assert model.status_text("TranscodeFail") == "Transcoding failed"
    assert model.status_text("Checking") == "Under review"


@OFFSCREEN_POPUP
def test_the_status_filter_reads_in_english_and_filters_by_the_api_word(
    app_window, emulator, qtbot, tmp_path
) -> None:
    _window, _services, app = app_window(size=(1500, 900), demo_profile=True)
    loaded(qtbot, app.library, 1)
    entries = filter_entries(app.library.pane)
    assert ("Upload failed", "UploadFail", "Status in the API: UploadFail") in entries
    assert ("Under review", "Checking", "Status in the API: Checking") in entries
    assert [raw for _shown, raw, _tip in entries] == list(app.library.library.statuses)
    shoot_filter(app.library.pane, qtbot, tmp_path / "library-status-filter-en.png")


def shoot_filter(pane, qtbot, path: Path) -> None:
    """The open drop-down, as a user sees it (SNAPVIEW_SHOTS keeps the picture)."""
    folder = os.environ.get("SNAPVIEW_SHOTS")
    if folder:
        path = Path(folder) / path.name
    pane.status_combo.showPopup()
    popup = pane.status_combo.view().window()
    qtbot.waitUntil(popup.isVisible)
    assert popup.grab().save(str(path))
    pane.status_combo.hidePopup()
