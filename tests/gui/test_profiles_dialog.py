"""The Profiles dialog and the profile combo, driven like a user would: first run, saving a pasted
key, a locked keyring, a keyring that hangs, a missing secret, no keyring at all, deleting, the
environment and demo profiles, and Test connection against the emulator.

The main window gets only the profiles feature, built and started as ``app.build_window`` does, so
these tests do not depend on the other features.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import cast

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import QMessageBox, QPushButton

from snapview.app import LaunchOptions, build_profiles
from snapview.core.credentials import AliyunCredentials, Profile, SignatureVersion
from snapview.services.app_services import AppServices
from snapview.services.credentials import KEYRING_SERVICE, CredentialStore
from snapview.services.settings import Settings
from snapview.ui.profiles.banner import SessionOnlyBanner
from snapview.ui.profiles.dialog import ProfilesDialog
from snapview.ui.profiles.feature import ProfilesFeature
from snapview.ui.shell.main_window import MainWindow
from tests.helpers.secrets import ALIYUN_SECRET, ALIYUN_SECRET_2, ENV_SECRET, SESSION_SECRET
from tests.unit.test_credentials_store import (
    FakeSecretService,
    HangingKeyring,
    LockedKeyring,
    MemoryKeyring,
    join_keyring_threads,
)

pytestmark = pytest.mark.gui
# The profiles feature of each started window, by id() of its services (see ``feature``).
_features: dict[int, ProfilesFeature] = {}


class App:
    """One main window with the profiles feature, its services and its credential store."""

    def __init__(self, qtbot, loop, settings_path: Path) -> None:
        self.qtbot = qtbot
        self.loop = loop
        self.settings_path = settings_path
        self.services: list[AppServices] = []

    def start(
        self, backend, *, timeout: float = 5.0, **args: object
    ) -> tuple[MainWindow, AppServices]:
        settings = Settings(self.settings_path)
        store = CredentialStore(settings, timeout=timeout, keyring_backend=backend)
        services = AppServices(settings, credentials=store)
        self.services.append(services)
        window = MainWindow()
        self.qtbot.addWidget(window)
        options = LaunchOptions.from_args(argparse.Namespace(**args))
        _features[id(services)] = build_profiles(window, services, options)
        window.show()
        self.qtbot.waitExposed(window)
        startup = services.tasks.get("profiles-startup")
        if startup is not None:
            self.qtbot.waitUntil(startup.done)
        return window, services

    def close(self) -> None:
        _features.clear()
        for services in self.services:
            task = self.loop.create_task(services.aclose())
            self.qtbot.waitUntil(task.done)


@pytest.fixture
def app(qtbot, qasync_loop, session_root: Path, request):
    path = session_root / "gui-profiles" / request.node.name / "settings.json"
    path.unlink(missing_ok=True)
    harness = App(qtbot, qasync_loop, path)
    yield harness
    harness.close()


def feature(services: AppServices) -> ProfilesFeature:
    return _features[id(services)]


def open_dialog(services: AppServices) -> ProfilesDialog:
    """The Profiles dialog the feature opened (the first-run dialog, or after Profiles…)."""
    dialog = feature(services).dialog
    assert dialog is not None
    return dialog


def seed(settings_path: Path, backend, *profiles: tuple[Profile, str | None]) -> None:
    """Profiles saved by an earlier run of the app (settings file + keyring)."""
    records = []
    for profile, secret in profiles:
        records.append(
            {
                "name": profile.name,
                "provider": "aliyun",
                "region": profile.region,
                "endpoint": profile.endpoint,
                "access_key_id": profile.access_key_id,
                "signature_version": profile.signature_version.value,
                "uses_security_token": profile.uses_security_token,
            }
        )
        if secret is not None:
            backend.data[(KEYRING_SERVICE, f"aliyun:{profile.name}:secret")] = secret
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings_path.write_text(json.dumps({"profiles": records}), encoding="utf-8")


def click_and_wait(qtbot, dialog: ProfilesDialog, button: QPushButton, operation: str) -> bool:
    with qtbot.waitSignal(
        dialog.operation_finished, check_params_cb=lambda op, ok: op == operation
    ) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return bool(blocker.args[1])


def paste(qtbot, edit, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_first_run_opens_profiles_and_a_saved_profile_lands_in_keyring_and_combo(
    app, qtbot
) -> None:
    backend = FakeSecretService()
    window, services = app.start(backend)
    dialog = open_dialog(services)
    assert dialog.isVisible(), "no profile yet: the dialog opens by itself"
    assert "GNOME Keyring (Secret Service)" in dialog.storage_label.text()

    qtbot.keyClicks(dialog.name_edit, "production")
    paste(qtbot, dialog.key_id_edit, "  LTAI5tGuiKeyId01\n")
    paste(qtbot, dialog.secret_edit, f" {ALIYUN_SECRET}\n")
    assert dialog.key_id_edit.text() == "LTAI5tGuiKeyId01"  # pasted whitespace trimmed
    assert dialog.secret_edit.echoMode() == dialog.secret_edit.EchoMode.Password
    dialog.region_combo.setCurrentIndex(dialog.region_combo.findData("cn-beijing"))
    assert click_and_wait(qtbot, dialog, dialog.save_button, "save")

    assert "Saved" in dialog.result_text() and "GNOME Keyring" in dialog.result_text()
    assert backend.data[(KEYRING_SERVICE, "aliyun:production:secret")] == ALIYUN_SECRET
    assert ALIYUN_SECRET not in app.settings_path.read_text(encoding="utf-8")
    assert dialog.profile_names() == ["production"]
    assert window.profile_combo.currentData() == "production"
    assert services.settings.get("last_profile") == "production"
    assert services.credentials.find_profile("production").region == "cn-beijing"


def test_reveal_toggle_shows_the_secret_only_on_request(app, qtbot) -> None:
    window, services = app.start(MemoryKeyring())
    dialog = open_dialog(services)
    # Both clouds can be chosen; Alibaba Cloud is the default.
    assert dialog.provider_combo.currentData() == "aliyun"
    assert cast(QStandardItemModel, dialog.provider_combo.model()).item(1).isEnabled()
    assert dialog.signature_combo.currentData() == "v3"
    reveal = dialog.secret_edit.actions()[0]
    reveal.trigger()
    assert dialog.secret_edit.echoMode() == dialog.secret_edit.EchoMode.Normal
    reveal.trigger()
    assert dialog.secret_edit.echoMode() == dialog.secret_edit.EchoMode.Password


def test_no_first_run_dialog_in_demo_mode_or_with_an_environment_profile(
    app, qtbot, monkeypatch
) -> None:
    _, services = app.start(MemoryKeyring(), demo=True)
    assert feature(services).dialog is None

    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFromEnv")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET)
    window, services = app.start(MemoryKeyring())
    assert feature(services).dialog is None
    assert window.profile_combo.currentData() == "environment"

    # The environment profile shows read-only in the dialog.
    window.action_map["profiles"].trigger()
    dialog = open_dialog(services)
    qtbot.waitUntil(dialog.isVisible)
    assert (
        dialog.read_only_note.isVisible()
        and "ALIBABA_CLOUD_ACCESS_KEY_ID" in dialog.read_only_note.text()
    )
    assert not dialog.name_edit.isEnabled() and not dialog.key_id_edit.isEnabled()
    assert not dialog.save_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert dialog.test_button.isEnabled()


def test_demo_memory_profile_appears_in_the_combo_and_is_selected(app, qtbot) -> None:
    window, services = app.start(MemoryKeyring(), demo=True)
    with qtbot.waitSignal(feature(services).model.profiles_changed):
        services.credentials.add_memory_profile(
            Profile("demo", endpoint="http://127.0.0.1:1"),
            AliyunCredentials("LTAI5tDemo", ALIYUN_SECRET_2),
        )
    assert window.profile_combo.currentData() == "demo"
    assert services.settings.get("last_profile") is None  # never remembered, never stored
    assert not app.settings_path.exists() or "demo" not in app.settings_path.read_text(
        encoding="utf-8"
    )


def test_last_profile_is_selected_on_the_next_start(app, qtbot) -> None:
    backend = MemoryKeyring()
    seed(
        app.settings_path,
        backend,
        (Profile("alpha", access_key_id="LTAI5tA"), ALIYUN_SECRET),
        (Profile("beta", access_key_id="LTAI5tB"), ALIYUN_SECRET_2),
    )
    window, services = app.start(backend)
    assert feature(services).dialog is None  # profiles exist: no first-run dialog
    window.profile_combo.setCurrentIndex(window.profile_combo.findData("beta"))
    assert services.settings.get("last_profile") == "beta"
    window2, _ = app.start(backend)
    assert window2.profile_combo.currentData() == "beta"


def test_no_keyring_shows_the_session_only_banner_and_keeps_secrets_off_disk(app, qtbot) -> None:
    window, services = app.start(keyring.backends.fail.Keyring())
    banner = window.findChild(SessionOnlyBanner, "sessionOnlyBanner")
    assert banner is not None and banner.isVisible()
    text = banner.label.text()
    assert "this session only" in text and "GNOME Keyring" in text and "KWallet" in text
    dialog = open_dialog(services)
    assert "session only" in dialog.storage_label.text()

    qtbot.keyClicks(dialog.name_edit, "temp")
    qtbot.keyClicks(dialog.key_id_edit, "LTAI5tTemp")
    qtbot.keyClicks(dialog.secret_edit, SESSION_SECRET)
    assert click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "this session only" in dialog.result_text()
    assert SESSION_SECRET not in app.settings_path.read_text(encoding="utf-8")
    assert window.profile_combo.currentData() == "temp"


def test_locked_keyring_says_so_and_retry_saves_once_unlocked(app, qtbot, caplog) -> None:
    # the store logs the failure
    caplog.set_level(logging.WARNING, logger="snapview.services.credentials")
    backend = LockedKeyring()
    _, services = app.start(backend)
    dialog = open_dialog(services)
    qtbot.keyClicks(dialog.name_edit, "prod")
    qtbot.keyClicks(dialog.key_id_edit, "LTAI5tProd")
    qtbot.keyClicks(dialog.secret_edit, ALIYUN_SECRET)
    assert not click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "The keyring is locked." in dialog.result_text()
    assert "Unlock it" in dialog.result_text()
    assert dialog.result_banner.retry_button.isVisible()
    assert dialog.profile_names() == []

    backend.locked = False
    assert click_and_wait(qtbot, dialog, dialog.result_banner.retry_button, "save")
    assert backend.data[(KEYRING_SERVICE, "aliyun:prod:secret")] == ALIYUN_SECRET
    assert dialog.profile_names() == ["prod"] and not dialog.result_banner.retry_button.isVisible()


def test_hanging_keyring_keeps_the_window_responsive_and_times_out(app, qtbot) -> None:
    backend = HangingKeyring()
    backend.hanging = False
    seed(app.settings_path, backend, (Profile("prod", access_key_id="LTAI5tProd"), ALIYUN_SECRET))
    window, services = app.start(backend, timeout=0.5)
    backend.hanging = True
    window.action_map["profiles"].trigger()
    dialog = open_dialog(services)
    qtbot.waitUntil(dialog.isVisible)

    ticks: list[int] = []
    timer = QTimer()
    timer.setObjectName("responsivenessProbe")
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    try:
        assert not click_and_wait(qtbot, dialog, dialog.test_button, "test")
    finally:
        timer.stop()
    assert backend.entered.is_set()
    assert "The keyring does not answer." in dialog.result_text()
    assert "0.5 seconds" in dialog.result_text()
    assert dialog.result_banner.retry_button.isVisible()
    # The GUI thread kept running its timers while the keyring call was stuck (0.5 s / 20 ms).
    assert len(ticks) >= 10

    # Once the keyring answers again, Retry gets past the keyring (the endpoint itself is unreachable).
    backend.hanging = False
    backend.release.set()
    join_keyring_threads()
    dialog.region_combo.setCurrentIndex(dialog.region_combo.findData("__custom__"))
    dialog.endpoint_edit.setText("http://127.0.0.1:9")
    assert not click_and_wait(qtbot, dialog, dialog.result_banner.retry_button, "test")
    assert "Could not reach the VOD service" in dialog.result_text()


def test_missing_secret_asks_to_enter_it_again(app, qtbot) -> None:
    backend = MemoryKeyring()
    seed(app.settings_path, backend, (Profile("prod", access_key_id="LTAI5tProd"), None))
    window, services = app.start(backend)
    window.action_map["profiles"].trigger()
    dialog = open_dialog(services)
    qtbot.waitUntil(dialog.isVisible)
    assert not click_and_wait(qtbot, dialog, dialog.test_button, "test")
    assert "The secret is missing." in dialog.result_text()
    assert "Enter it again" in dialog.result_text()
    assert dialog.secret_edit.placeholderText() == "Enter the AccessKey secret again"
    assert not dialog.result_banner.retry_button.isVisible()


def test_delete_asks_first_and_removes_the_keyring_entry(app, qtbot) -> None:
    backend = MemoryKeyring()
    seed(
        app.settings_path,
        backend,
        (Profile("alpha", access_key_id="LTAI5tA"), ALIYUN_SECRET),
        (Profile("beta", access_key_id="LTAI5tB"), ALIYUN_SECRET_2),
    )
    window, services = app.start(backend)
    window.action_map["profiles"].trigger()
    dialog = open_dialog(services)
    qtbot.waitUntil(dialog.isVisible)
    dialog.profile_list.setCurrentRow(dialog.profile_names().index("alpha"))

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    qtbot.waitUntil(box.isVisible)
    assert "alpha" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.profile_names() == ["alpha", "beta"]

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    qtbot.waitUntil(box.isVisible)
    confirm = box.findChild(QPushButton, "confirmDeleteButton")
    with qtbot.waitSignal(dialog.operation_finished):
        qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert dialog.profile_names() == ["beta"]
    assert (KEYRING_SERVICE, "aliyun:alpha:secret") not in backend.data
    assert [window.profile_combo.itemData(i) for i in range(window.profile_combo.count())] == [
        "beta"
    ]


def test_duplicate_copies_the_settings_and_asks_for_the_secret(app, qtbot) -> None:
    backend = MemoryKeyring()
    seed(
        app.settings_path,
        backend,
        (
            Profile(
                "alpha",
                access_key_id="LTAI5tA",
                region="cn-shenzhen",
                signature_version=SignatureVersion.V1,
            ),
            ALIYUN_SECRET,
        ),
    )
    window, services = app.start(backend)
    window.action_map["profiles"].trigger()
    dialog = open_dialog(services)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.duplicate_button, Qt.MouseButton.LeftButton)
    assert dialog.name_edit.text() == "alpha copy"
    assert dialog.region_combo.currentData() == "cn-shenzhen"
    assert dialog.signature_combo.currentData() == "v1"
    assert "Enter the AccessKey secret for the copy" in dialog.result_text()
    assert not click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "Enter the AccessKey secret." in dialog.result_text()
    qtbot.keyClicks(dialog.secret_edit, ALIYUN_SECRET_2)
    assert click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert dialog.profile_names() == ["alpha", "alpha copy"]
    assert backend.data[(KEYRING_SERVICE, "aliyun:alpha copy:secret")] == ALIYUN_SECRET_2


def test_test_connection_against_the_emulator(app, qtbot, emulator) -> None:
    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    backend = MemoryKeyring()
    seed(
        app.settings_path,
        backend,
        (
            Profile("emu", access_key_id=DEMO_ACCESS_KEY_ID, endpoint=emulator.base_url),
            DEMO_ACCESS_KEY_SECRET,
        ),
        (
            Profile("wrong", access_key_id=DEMO_ACCESS_KEY_ID, endpoint=emulator.base_url),
            ALIYUN_SECRET,
        ),
    )
    window, services = app.start(backend)
    window.action_map["profiles"].trigger()
    dialog = open_dialog(services)
    qtbot.waitUntil(dialog.isVisible)

    dialog.profile_list.setCurrentRow(dialog.profile_names().index("emu"))
    assert click_and_wait(qtbot, dialog, dialog.test_button, "test")
    assert dialog.result_text().startswith("Connected")

    dialog.profile_list.setCurrentRow(dialog.profile_names().index("wrong"))
    assert not click_and_wait(qtbot, dialog, dialog.test_button, "test")
    assert "secret is wrong" in dialog.result_text()

    # A secret typed into the form is tested before it is saved.
    dialog.secret_edit.setText(DEMO_ACCESS_KEY_SECRET)
    assert click_and_wait(qtbot, dialog, dialog.test_button, "test")
    assert backend.data[(KEYRING_SERVICE, "aliyun:wrong:secret")] == ALIYUN_SECRET
