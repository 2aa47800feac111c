"""Huawei Cloud profiles in the Profiles dialog, driven like a user: choosing Huawei Cloud shows its
fields in its words (AK, SK, project ID, its regions, no signing choice), a profile saves its SK to
the keyring and the rest to settings, a field that is wrong is named before anything is stored,
Test connection makes a real signed call to the emulator's Huawei API, and the environment's
``HUAWEICLOUD_SDK_*`` variables make a read-only profile. Same harness as the Alibaba dialog tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from snapview.core.credentials import HUAWEI_REGIONS, Provider
from snapview.emulator import huawei_catalog as hc
from snapview.services.credentials import KEYRING_SERVICE
from tests.gui.test_profiles_dialog import App, click_and_wait, open_dialog, paste
from tests.helpers.secrets import ALIYUN_SECRET, HUAWEI_SK, HUAWEI_SK_2
from tests.unit.test_credentials_store import FakeSecretService, MemoryKeyring

pytestmark = pytest.mark.gui
PROJECT = hc.HUAWEI_DEMO_PROJECT_ID


@pytest.fixture
def app(qtbot, qasync_loop, session_root: Path, request):
    path = session_root / "gui-profiles-huawei" / request.node.name / "settings.json"
    path.unlink(missing_ok=True)
    harness = App(qtbot, qasync_loop, path)
    yield harness
    harness.close()


@pytest.fixture(autouse=True)
def no_cloud_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("HUAWEICLOUD_SDK_", "ALIBABA_CLOUD_")):
            monkeypatch.delenv(name)


def choose_huawei(dialog) -> None:
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData("huawei"))


def form_label(dialog, widget) -> str:
    label = dialog.form.labelForField(widget)
    return label.text() if label is not None else ""


def test_choosing_huawei_cloud_shows_its_fields_in_its_words(app, qtbot) -> None:
    window, services = app.start(MemoryKeyring())
    dialog = open_dialog(services)
    assert not dialog.project_edit.isVisibleTo(dialog)
    assert form_label(dialog, dialog.key_id_edit) == "AccessKey &ID:"
    choose_huawei(dialog)
    assert form_label(dialog, dialog.key_id_edit) == "Access key (&AK):"
    assert form_label(dialog, dialog.secret_edit) == "&Secret key (SK):"
    assert dialog.project_edit.isVisibleTo(dialog) and not dialog.signature_combo.isVisibleTo(
        dialog
    )
    regions = [dialog.region_combo.itemData(i) for i in range(dialog.region_combo.count())]
    assert regions == [*HUAWEI_REGIONS, "__custom__"]
    assert dialog.region_combo.currentData() == "cn-north-4"
    assert "myhuaweicloud.com" in dialog.endpoint_edit.placeholderText()
    assert dialog.secret_edit.placeholderText() == "Paste the secret key (SK)"
    dialog.sts_check.setChecked(True)
    assert "security token" in dialog.sts_check.text()
    assert form_label(dialog, dialog.token_edit) == "Security &token:"
    # And back: Alibaba's words and fields.
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData("aliyun"))
    assert form_label(dialog, dialog.secret_edit) == "AccessKey &secret:"
    assert dialog.signature_combo.isVisibleTo(dialog) and not dialog.project_edit.isVisibleTo(
        dialog
    )
    assert dialog.region_combo.findData("cn-shanghai") >= 0
    assert dialog.region_combo.findData("cn-north-4") < 0


def test_a_huawei_profile_saves_its_sk_to_the_keyring_and_the_rest_to_settings(app, qtbot) -> None:
    backend = FakeSecretService()
    window, services = app.start(backend)
    dialog = open_dialog(services)
    qtbot.keyClicks(dialog.name_edit, "huawei-prod")
    choose_huawei(dialog)
    dialog.region_combo.setCurrentIndex(dialog.region_combo.findData("ap-southeast-3"))
    paste(qtbot, dialog.key_id_edit, " HPUAGUIKEY0000000001\n")
    paste(qtbot, dialog.project_edit, f" {PROJECT}\n")
    paste(qtbot, dialog.secret_edit, f" {HUAWEI_SK}\n")
    assert click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "Saved" in dialog.result_text()
    assert backend.data[(KEYRING_SERVICE, "huawei:huawei-prod:secret")] == HUAWEI_SK
    text = app.settings_path.read_text(encoding="utf-8")
    assert HUAWEI_SK not in text
    (record,) = json.loads(text)["profiles"]
    assert (record["provider"], record["region"], record["project_id"]) == (
        "huawei",
        "ap-southeast-3",
        PROJECT,
    )
    assert window.profile_combo.currentData() == "huawei-prod"
    # Shown again: the Huawei fields, the SK kept in the keyring, never shown.
    dialog.profile_list.setCurrentRow(0)
    assert dialog.provider_combo.currentData() == "huawei"
    assert dialog.project_edit.text() == PROJECT and dialog.secret_edit.text() == ""
    assert "leave empty to keep" in dialog.secret_edit.placeholderText()
    # A second profile starts on the same cloud.
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.provider_combo.currentData() == "huawei"


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        ("", "A project ID is needed"),
        ("not-a-project", "is not a Huawei Cloud project ID"),
    ],
)
def test_a_missing_or_malformed_project_id_is_named_and_nothing_is_saved(
    app, qtbot, project: str, expected: str
) -> None:
    backend = MemoryKeyring()
    window, services = app.start(backend)
    dialog = open_dialog(services)
    qtbot.keyClicks(dialog.name_edit, "hw")
    choose_huawei(dialog)
    dialog.key_id_edit.setText("HPUAGUIKEY0000000001")
    dialog.project_edit.setText(project)
    dialog.secret_edit.setText(HUAWEI_SK)
    assert not click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert expected in dialog.result_text()
    assert backend.data == {} and dialog.profile_names() == []


def test_moving_a_profile_to_huawei_cloud_asks_for_its_sk(app, qtbot) -> None:
    backend = MemoryKeyring()
    window, services = app.start(backend)
    dialog = open_dialog(services)
    qtbot.keyClicks(dialog.name_edit, "acct")
    dialog.key_id_edit.setText("LTAI5tGuiKeyId01")
    dialog.secret_edit.setText(ALIYUN_SECRET)
    assert click_and_wait(qtbot, dialog, dialog.save_button, "save")
    choose_huawei(dialog)
    # The stored secret is Alibaba's: the form asks for the SK instead of offering to keep it.
    assert dialog.secret_edit.placeholderText() == "Paste the secret key (SK)"
    dialog.key_id_edit.setText("HPUAGUIKEY0000000001")
    dialog.project_edit.setText(PROJECT)
    assert not click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "Enter the secret key (SK)." in dialog.result_text()
    dialog.secret_edit.setText(HUAWEI_SK_2)
    assert click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert set(backend.data) == {(KEYRING_SERVICE, "huawei:acct:secret")}
    moved = services.credentials.find_profile("acct")
    assert moved is not None and moved.provider is Provider.HUAWEI


def test_test_connection_makes_a_real_signed_call_to_the_huawei_api(app, qtbot, emulator) -> None:
    backend = MemoryKeyring()
    window, services = app.start(backend)
    dialog = open_dialog(services)
    asked = emulator.stats["huawei_api_requests"]
    qtbot.keyClicks(dialog.name_edit, "emu-hw")
    choose_huawei(dialog)
    dialog.region_combo.setCurrentIndex(dialog.region_combo.findData("__custom__"))
    dialog.endpoint_edit.setText(emulator.base_url)
    dialog.key_id_edit.setText(hc.HUAWEI_DEMO_AK)
    dialog.project_edit.setText(PROJECT)
    dialog.secret_edit.setText(HUAWEI_SK)  # not the emulator's SK
    assert not click_and_wait(qtbot, dialog, dialog.test_button, "test")
    assert "The secret key (SK) is wrong" in dialog.result_text()
    assert HUAWEI_SK not in dialog.result_text()
    dialog.secret_edit.setText(hc.HUAWEI_DEMO_SK)
    assert click_and_wait(qtbot, dialog, dialog.test_button, "test")
    assert dialog.result_text().startswith("Connected")
    assert PROJECT in dialog.result_text()
    assert emulator.stats["huawei_api_requests"] >= asked + 2  # two real signed calls
    assert backend.data == {}  # tested, not saved

    # Saved, the stored SK is what is tested; another project of the key is refused.
    assert click_and_wait(qtbot, dialog, dialog.save_button, "save")
    dialog.secret_edit.clear()
    dialog.project_edit.setText("a" * 32)
    assert not click_and_wait(qtbot, dialog, dialog.test_button, "test")
    assert "project ID" in dialog.result_text()


def test_the_huawei_environment_variables_make_a_read_only_profile(app, qtbot, monkeypatch) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", hc.HUAWEI_DEMO_AK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", hc.HUAWEI_DEMO_SK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT)
    window, services = app.start(MemoryKeyring())
    assert window.profile_combo.currentData() == "environment-huawei"
    window.action_map["profiles"].trigger()
    dialog = open_dialog(services)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.profile_list.item(0).text() == "environment-huawei (environment variables)"
    assert "HUAWEICLOUD_SDK_AK" in dialog.read_only_note.text()
    assert dialog.provider_combo.currentData() == "huawei"
    assert dialog.project_edit.text() == PROJECT
    assert not dialog.project_edit.isEnabled() and not dialog.save_button.isEnabled()
    # Both clouds' variables make two profiles, the Alibaba one under the name it always had.
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFromEnv")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ALIYUN_SECRET)
    dialog.reload()
    assert dialog.profile_names() == ["environment", "environment-huawei"]
