"""D16: what the Profiles dialog says matches the facts: without a keyring, a secret saved in an
earlier session is gone (and the dialog says so instead of "leave empty to keep"), and a message
about the form goes away once the user changes the form."""

from __future__ import annotations

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt

from snapview.core.credentials import Profile
from tests.gui.test_profiles_dialog import app, click_and_wait, open_dialog, seed  # noqa: F401
from tests.helpers.secrets import SESSION_SECRET
from tests.unit.test_credentials_store import MemoryKeyring

pytestmark = pytest.mark.gui


def test_without_a_keyring_a_secret_from_an_earlier_session_is_said_to_be_gone(
    app,  # noqa: F811
    qtbot,
) -> None:
    seed(app.settings_path, MemoryKeyring(), (Profile("earlier", access_key_id="LTAI5tOld"), None))
    window, services = app.start(keyring.backends.fail.Keyring())
    window.action_map["profiles"].trigger()
    dialog = open_dialog(services)
    qtbot.waitUntil(lambda: dialog.name_edit.text() == "earlier")
    placeholder = dialog.secret_edit.placeholderText()
    assert "leave empty to keep" not in placeholder
    assert "Not kept since snapview restarted" in placeholder and "enter it again" in placeholder
    # Saving with the field left empty does not claim a secret is kept: it asks for it.
    assert not click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "The secret is missing." in dialog.result_text()
    assert "kept only while snapview runs" in dialog.result_text()
    # Entered again, it is kept for this session, and the placeholder says so.
    qtbot.keyClicks(dialog.secret_edit, SESSION_SECRET)
    assert click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "this session only" in dialog.result_text()
    assert "leave empty to keep" in dialog.secret_edit.placeholderText()


def test_a_form_message_goes_once_the_form_is_changed(app, qtbot) -> None:  # noqa: F811
    window, services = app.start(MemoryKeyring())
    dialog = open_dialog(services)
    dialog.name_edit.clear()
    assert not click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "Give the profile a name." in dialog.result_text()
    qtbot.keyClicks(dialog.name_edit, "prod")
    assert "Give the profile a name." not in dialog.result_text()
    # The same for a region picked from the list, the report's case.
    dialog.name_edit.clear()
    assert not click_and_wait(qtbot, dialog, dialog.save_button, "save")
    assert "Give the profile a name." in dialog.result_text()
    dialog.region_combo.setFocus()
    qtbot.keyClick(dialog.region_combo, Qt.Key.Key_Down)
    assert "Give the profile a name." not in dialog.result_text()


def test_a_connection_failure_stays_while_the_form_is_edited(app, qtbot) -> None:  # noqa: F811
    """Only a message about the form's content goes: a keyring failure is still true."""
    window, services = app.start(MemoryKeyring())
    dialog = open_dialog(services)
    dialog.show_error("<b>The keyring is locked.</b>")
    qtbot.keyClicks(dialog.name_edit, "x")
    assert "The keyring is locked." in dialog.result_text()
