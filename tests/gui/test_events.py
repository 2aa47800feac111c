"""Event mode as a reviewer uses it, against the local emulator over real HTTP: open an event file,
see its snapshots by offset with real images, a FAILED card instead of an empty grid, tiles and
inspector nodes selected in step, a log with a broken line, filters, signatures, paste and drop."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from snapview.emulator.catalog import DEMO_MFS_KEY, HUAWEI_ASSET_ID_FAILED, HUAWEI_ASSET_ID_OK
from snapview.ui.events.view import EventTilesModel
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui
FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"


@pytest.fixture
def app_window(app_window):
    """The shared ``app_window`` factory, returning the window and its events feature."""

    def make(files: list[str] | None = None):
        window, services, app = app_window(size=(1400, 900), files=files or [])
        return window, app.events

    return make


def _wait_loaded(qtbot, feature, action) -> int:
    with qtbot.waitSignal(feature.events_loaded, timeout=WAIT_MS) as blocker:
        action()
    return blocker.args[0]


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_seed_event_from_the_command_line_shows_sample_tiles_by_offset(app_window, qtbot) -> None:
    window, feature = app_window()
    count = _wait_loaded(
        qtbot, feature, lambda: feature.load_paths([str(FIXTURES / "thumbnail_succeed_seed.json")])
    )
    assert count == 1
    view = feature.view
    assert window.central_stack.currentWidget() is window.grid_area
    assert "14d7b2faba0dddd6b4e8936272d6bc3f" in view.title_label.text()
    _label, tiles, model = view.groups["sample"]
    assert tiles.isVisible()
    assert [model.index(r).data() for r in range(model.rowCount())] == [
        "00:00",
        "00:05",
        "00:10",
        "00:15",
        "00:20",
        "00:25",
    ]
    assert not view.error_card.isVisible()
    assert feature.inspector.document is not None
    assert (
        feature.inspector.document.root["thumbnail_info"]["asset_id"]
        == "14d7b2faba0dddd6b4e8936272d6bc3f"
    )
    assert not feature.panel.isVisible()  # one event: no list


def test_files_given_on_the_command_line_open_on_start(app_window, qtbot, tmp_path) -> None:
    path = _write(tmp_path, "f.json", (FIXTURES / "thumbnail_failed.json").read_text())
    window, feature = app_window([path])
    qtbot.waitUntil(lambda: feature.view.error_card.isVisible())


def test_emulator_event_loads_real_images_and_syncs_with_the_inspector(
    app_window, qtbot, emulator, tmp_path
) -> None:
    body = httpx.get(f"{emulator.base_url}/huawei/events/{HUAWEI_ASSET_ID_OK}").text
    window, feature = app_window()
    _wait_loaded(qtbot, feature, lambda: feature.load_paths([_write(tmp_path, "ok.json", body)]))
    view, inspector = feature.view, feature.inspector
    _label, tiles, model = view.groups["sample"]
    _dl, dots_tiles, dots = view.groups["dots"]
    assert [dots.index(r).data() for r in range(dots.rowCount())] == [
        "00:05",
        "00:17",
        "00:42",
        "01:30",
    ]
    qtbot.waitUntil(
        lambda: all(
            model.index(r).data(EventTilesModel.StateRole) == "loaded"
            for r in range(model.rowCount())
        )
    )
    pixmap = model.pixmap_for(0)
    # Decoded at the tile size the window's zoom gives (the grid's zoom), aspect kept.
    size = tiles.iconSize()
    assert size.width() == window.zoom_slider.value()
    assert pixmap is not None and pixmap.height() == size.height()
    assert size.width() - 2 <= pixmap.width() <= size.width()
    # tile -> node
    rect = tiles.visualRect(model.index(2))
    qtbot.mouseClick(tiles.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert inspector.current_path() == "$.thumbnail_info.sample[2]"
    # node -> tile: the user picks a dots entry in the tree
    source = inspector.model.ensure_path(("thumbnail_info", "dots", 1, "url"))
    inspector.tree.selectionModel().setCurrentIndex(
        inspector.proxy.mapFromSource(source), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert view.selected_path() == "$.thumbnail_info.dots[1]"
    assert dots_tiles.currentIndex().data() == "00:17"
    assert not tiles.selectionModel().hasSelection()


def test_failed_event_shows_the_error_card_not_an_empty_grid(app_window, qtbot) -> None:
    window, feature = app_window()
    _wait_loaded(
        qtbot, feature, lambda: feature.load_paths([str(FIXTURES / "thumbnail_failed.json")])
    )
    view = feature.view
    assert view.error_card.isVisible()
    assert view.error_code_label.text() == "Error code: VOD.10053"
    assert view.error_msg_label.text() == "Message: (no message)"
    assert not view.groups["sample"][1].isVisible() and not view.groups["dots"][1].isVisible()
    assert "1 failed" in window.status_message.text()


def test_log_with_a_broken_line_lists_the_rest_and_filters(
    app_window, qtbot, model_validator
) -> None:
    window, feature = app_window()
    # The events list and its status/asset filter, through the load and every filter change below.
    model_validator.check(feature.panel.model)
    count = _wait_loaded(
        qtbot,
        feature,
        lambda: feature.load_paths([str(FIXTURES / "events_with_broken_line.jsonl")]),
    )
    assert count == 4
    panel = feature.panel
    assert panel.isVisible()
    assert panel.proxy.rowCount() == 4
    assert "events_with_broken_line.jsonl:3:" in panel.problems_label.text()
    assert panel.problems_label.isVisible()
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("FAILED"))
    assert panel.proxy.rowCount() == 1
    assert panel.count_label.text() == "1 of 4 events"
    panel.status_combo.setCurrentIndex(0)
    qtbot.keyClicks(panel.asset_edit, "0005")
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1, timeout=WAIT_MS)  # after a pause
    index = panel.proxy.index(0, 0)
    panel.list.setCurrentIndex(index)
    assert feature.view.current_event.event_type == "transcodeComplete"
    assert "no snapshots to show" in feature.view.note_label.text()


def test_smn_signature_not_verified_until_the_certificate_is_given(
    app_window, qtbot, emulator, tmp_path
) -> None:
    body = httpx.get(f"{emulator.base_url}/huawei/events/{HUAWEI_ASSET_ID_OK}?envelope=smn").text
    cert = httpx.get(f"{emulator.base_url}/huawei/smn/SMN-test-cert.pem").content
    tampered = json.loads(body)
    tampered["message"] = tampered["message"].replace("sample", "sampIe", 1)
    path = _write(tmp_path, "smn.jsonl", body.strip() + "\n" + json.dumps(tampered) + "\n")
    window, feature = app_window()
    _wait_loaded(qtbot, feature, lambda: feature.load_paths([path]))
    view = feature.view
    assert view.signature_label.property("status") == "unverified"
    assert view.cert_button.isVisible() and view.fetch_button.isVisible()
    # The envelope's certificate URL is not an SMN host: the app refuses to download it.
    view.fetch_button.click()
    assert "Not downloading" in window.status_message.text()
    assert "✘" not in feature.panel.model.index(1).data()
    assert feature.signatures.set_certificate(cert)
    assert view.signature_label.property("status") == "valid"
    # The forged entry stands out in the list without selecting it.
    assert feature.panel.model.index(1).data().endswith("✘ signature")
    assert "✘" not in feature.panel.model.index(0).data()
    feature.select_event(1)
    assert view.signature_label.property("status") == "invalid"
    assert "INVALID" in view.signature_label.text()


def test_mfs_key_verifies_and_is_never_shown(app_window, qtbot, emulator, tmp_path) -> None:
    response = httpx.get(f"{emulator.base_url}/huawei/events/{HUAWEI_ASSET_ID_FAILED}?envelope=mfs")
    body = dict(
        response.json(), headers={k: response.headers[k] for k in ("auth_timestamp", "auth_sign")}
    )
    window, feature = app_window()
    _wait_loaded(
        qtbot, feature, lambda: feature.load_paths([_write(tmp_path, "mfs.json", json.dumps(body))])
    )
    view = feature.view
    assert view.error_card.isVisible()
    assert view.signature_label.property("status") == "unverified"
    view.mfs_button.click()
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    dialog = window.findChild(QInputDialog, "mfsKeyDialog")
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
    dialog.setTextValue(DEMO_MFS_KEY)
    dialog.accept()
    assert view.signature_label.property("status") == "valid"
    shown = window.grab()  # noqa: F841 - rendering must not fail
    everything = " ".join(w.text() for w in window.findChildren(type(view.signature_label)))
    assert DEMO_MFS_KEY not in everything
    assert DEMO_MFS_KEY not in feature.inspector.header_label.text()


def test_paste_outside_text_fields_opens_event_json(app_window, qtbot) -> None:
    # Offscreen, the key routing to window shortcuts is not reliable under pytest (focusObject() stays
    # None), so the test triggers the Ctrl+V action itself and checks the text-field guard.
    window, feature = app_window()
    paste = window.action_map["paste_events"]
    assert paste.shortcut().toString() == "Ctrl+V"
    QGuiApplication.clipboard().setText("not json at all")
    paste.trigger()
    assert window.status_message.text() == "The clipboard holds no event JSON."
    QGuiApplication.clipboard().setText((FIXTURES / "thumbnail_failed.json").read_text())
    with qtbot.waitSignal(feature.events_loaded, timeout=WAIT_MS):
        paste.trigger()
    assert feature.view.error_card.isVisible()
    assert feature.view.current_event.source == "clipboard"


def test_dropping_a_folder_opens_its_event_files(app_window, qtbot, tmp_path) -> None:
    (tmp_path / "a.json").write_text((FIXTURES / "thumbnail_succeed_seed.json").read_text())
    (tmp_path / "b.json").write_text((FIXTURES / "thumbnail_failed.json").read_text())
    window, feature = app_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(100, 100), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the cursor shows that a drop is welcome
    drop = QDropEvent(QPoint(100, 100), Qt.DropAction.CopyAction, mime, buttons, mods)
    with qtbot.waitSignal(feature.events_loaded, timeout=WAIT_MS) as blocker:
        QApplication.sendEvent(window, drop)
    assert blocker.args == [2]
    assert feature.panel.proxy.rowCount() == 2


def test_unreadable_file_says_why(app_window, qtbot, tmp_path) -> None:
    window, feature = app_window()
    path = _write(
        tmp_path, "bad.json", '{"event_type": "thumbnailComplete",\n "thumbnail_info": {]}'
    )
    assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([path])) == 0
    assert "bad.json, line 2, column 21:" in window.status_message.text()
    marks = window.inspector.raw_edit.extraSelections()
    assert [m.cursor.selectionStart() for m in marks] == [
        len('{"event_type": "thumbnailComplete",\n') + 20
    ]


def test_file_menu_opens_events_through_a_non_blocking_dialog(app_window, qtbot) -> None:
    from PySide6.QtWidgets import QFileDialog, QMenu

    window, feature = app_window()
    menu = window.findChild(QMenu, "menu_file")
    names = [a.objectName() for a in menu.actions()]
    assert names.index("action_open_events") < names.index("action_paste_events")
    assert "action_open_events_folder" in names
    window.action_map[
        "open_events"
    ].trigger()  # returns at once: the dialog is opened, not exec()'d
    dialog = window.findChild(QFileDialog, "openEventsDialog")
    qtbot.waitUntil(dialog.isVisible)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setDirectory(str(FIXTURES))
    dialog.selectFile(str(FIXTURES / "events_with_broken_line.jsonl"))
    with qtbot.waitSignal(feature.events_loaded, timeout=WAIT_MS) as blocker:
        dialog.accept()
    assert blocker.args == [4]
    assert "1 could not be read" in window.status_message.text()
