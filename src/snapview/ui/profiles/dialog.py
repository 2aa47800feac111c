"""The Profiles dialog: the cloud accounts (Alibaba Cloud and Huawei Cloud) on the left, the selected
one's form (:mod:`.form`) on the right, with Save, Test connection, Add, Duplicate and Delete.

Every keyring and network call runs as a background task (``spawn``), never inside the dialog's own
event handling, so a locked or hanging keyring shows a message with Retry instead of freezing the
window. Secrets and security tokens are only ever in the masked fields and the keyring: the form does
not read a stored secret back, it only offers to replace it.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from snapview.core.credentials import (
    CloudCredentials,
    Profile,
    Provider,
    default_region,
    make_credentials,
)
from snapview.services.credentials import (
    ENVIRONMENT_PROFILE,
    HUAWEI_ENVIRONMENT_PROFILE,
    ConnectionResult,
    CredentialError,
    CredentialErrorKind,
    CredentialStore,
    check_connection,
)
from snapview.ui.profiles.form import ProfileForm
from snapview.ui.tr import tr_format, tr_message
from snapview.ui.widgets.labels import make_label
from snapview.ui.widgets.result_banner import ResultBanner

log = logging.getLogger(__name__)

Spawn = Callable[[Coroutine[Any, Any, None], str], None]
Tester = Callable[[Profile, CloudCredentials], Coroutine[Any, Any, ConnectionResult]]


class ProfilesDialog(QDialog):
    """Edit the profiles of ``store``. ``spawn(coro, name)`` runs the dialog's async work."""

    # Emitted when an async operation finished (success or error); tests and the feature wait on it.
    operation_finished = Signal(str, bool)  # (operation name, ok)

    def __init__(
        self,
        store: CredentialStore,
        spawn: Spawn,
        parent: QWidget | None = None,
        *,
        tester: Tester = check_connection,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profilesDialog")
        self.setWindowTitle(self.tr("Profiles"))
        self.resize(860, 520)
        self.store = store
        self._spawn = spawn
        self._tester = tester
        self._current: str | None = None  # name of the stored profile in the form; None: a new one
        self.busy = False
        self._build()
        self.reload()

    # -- construction ------------------------------------------------------------------------------

    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.profile_list.currentItemChanged.connect(self._on_selected)
        left_layout.addWidget(self.profile_list, 1)
        self.empty_hint = make_label(
            self.tr("No profiles yet. Fill in the form on the right and press Save."),
            object_name="emptyHint",
            wrap=True,
        )
        left_layout.addWidget(self.empty_hint)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("addButton")
        self.add_button.clicked.connect(self.new_profile)
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.duplicate_button.setObjectName("duplicateButton")
        self.duplicate_button.clicked.connect(self.duplicate_profile)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.clicked.connect(self.confirm_delete)
        for button in (self.add_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.read_only_note = make_label(object_name="readOnlyNote", wrap=True)
        self.read_only_note.hide()
        right_layout.addWidget(self.read_only_note)

        self.form = ProfileForm()
        self.form.provider_changed.connect(self._provider_changed)
        self.form.edited.connect(self._form_edited)
        self._invalid_shown = False
        # The fields by name, as the rest of the dialog (and its tests) reach them.
        self.name_edit = self.form.name_edit
        self.provider_combo = self.form.provider_combo
        self.region_combo = self.form.region_combo
        self.endpoint_edit = self.form.endpoint_edit
        self.project_edit = self.form.project_edit
        self.key_id_edit = self.form.key_id_edit
        self.secret_edit = self.form.secret_edit
        self.sts_check = self.form.sts_check
        self.token_edit = self.form.token_edit
        self.signature_combo = self.form.signature_combo
        right_layout.addLayout(self.form)

        self.storage_label = make_label(object_name="storageLabel", wrap=True)
        right_layout.addWidget(self.storage_label)

        actions = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setObjectName("testButton")
        self.test_button.clicked.connect(self.test_connection)
        actions.addWidget(self.save_button)
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        right_layout.addLayout(actions)

        self.result_banner = ResultBanner()
        right_layout.addWidget(self.result_banner)
        right_layout.addStretch(1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 600])

        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(close_box)

    # -- list --------------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Refill the list from the store and select ``select`` (or keep the current selection)."""
        keep = select if select is not None else self._current
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for profile in self.store.profiles_now():
            label = profile.name
            if (
                profile.name in (ENVIRONMENT_PROFILE, HUAWEI_ENVIRONMENT_PROFILE)
                and not profile.stored
            ):
                label = tr_format(self.tr("{name} (environment variables)"), name=profile.name)
            elif not profile.stored:
                label = tr_format(self.tr("{name} (this session only)"), name=profile.name)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            self.profile_list.addItem(item)
        self.profile_list.blockSignals(False)
        self.empty_hint.setVisible(self.profile_list.count() == 0)
        self._update_storage_label()
        row = self._row_of(keep) if keep else -1
        if row < 0 and self.profile_list.count():
            row = 0
        if row >= 0:
            self.profile_list.setCurrentRow(row)
            self._on_selected(self.profile_list.item(row), None)
        else:
            self.new_profile()

    def _row_of(self, name: str | None) -> int:
        for row in range(self.profile_list.count()):
            if self.profile_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                return row
        return -1

    def profile_names(self) -> list[str]:
        items = (self.profile_list.item(r) for r in range(self.profile_list.count()))
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items]

    def _on_selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        profile = self.store.find_profile(item.data(Qt.ItemDataRole.UserRole))
        if profile is None:
            return
        self._show_profile(profile)
        self.hide_result()

    def _show_profile(self, profile: Profile, *, new: bool = False) -> None:
        self._current = None if new else profile.name
        self.form.show_profile(profile)
        self._show_secret_placeholders(profile, new=new)
        self.form.set_editable(not profile.read_only)
        if profile.name == ENVIRONMENT_PROFILE and not profile.stored:
            self.read_only_note.setText(
                self.tr(
                    "This profile comes from the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and "
                    "ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN). It is read-only."
                )
            )
            self.read_only_note.show()
        elif profile.name == HUAWEI_ENVIRONMENT_PROFILE and not profile.stored:
            self.read_only_note.setText(
                self.tr(
                    "This profile comes from the environment variables HUAWEICLOUD_SDK_AK, "
                    "HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID (and "
                    "HUAWEICLOUD_SDK_SECURITY_TOKEN), in the region cn-north-4. It is read-only."
                )
            )
            self.read_only_note.show()
        elif not profile.stored:
            self.read_only_note.setText(
                self.tr(
                    "This profile exists only while snapview runs (the built-in demo). It is read-only."
                )
            )
            self.read_only_note.show()
        else:
            self.read_only_note.hide()
        self._update_buttons()

    def _show_secret_placeholders(self, profile: Profile, *, new: bool) -> None:
        huawei = self.form.provider() is Provider.HUAWEI
        if new or (self._stored_provider() not in (None, self.form.provider())):
            # A new profile, or one moved to the other cloud: its secret must be typed.
            if huawei:
                self.form.set_secret_placeholders(
                    self.tr("Paste the secret key (SK)"), self.tr("Paste the security token")
                )
            else:
                self.form.set_secret_placeholders(
                    self.tr("Paste the AccessKey secret"), self.tr("Paste the STS security token")
                )
        elif profile.stored and self.store.secret_kept(profile) is False:
            # No keyring, and this is not the session that saved the secret: it is gone.
            lost = self.tr("Not kept since snapview restarted (no keyring) — enter it again")
            self.form.set_secret_placeholders(lost, lost)
        elif profile.stored:
            keep = tr_format(
                self.tr("Stored in {backend} — leave empty to keep"), backend=self._backend_label()
            )
            self.form.set_secret_placeholders(keep, keep)
        else:
            self.form.set_secret_placeholders(self.tr("Not shown"), self.tr("Not shown"))

    def _stored_provider(self) -> Provider | None:
        stored = self.store.find_profile(self._current) if self._current else None
        return stored.provider if stored is not None else None

    def _provider_changed(self, _provider: str) -> None:
        self._show_secret_placeholders(self.form.form_profile(), new=self._current is None)

    def _secret_wanted(self) -> str:
        """What to ask for when a secret must be entered (the words of the form's cloud)."""
        if self.form.provider() is Provider.HUAWEI:
            return self.tr("Enter the secret key (SK) again")
        return self.tr("Enter the AccessKey secret again")

    def _update_buttons(self) -> None:
        profile = self.store.find_profile(self._current) if self._current else None
        read_only = profile is not None and profile.read_only
        idle = not self.busy
        self.save_button.setEnabled(idle and not read_only)
        self.delete_button.setEnabled(idle and profile is not None and not read_only)
        self.duplicate_button.setEnabled(idle and profile is not None)
        self.add_button.setEnabled(idle)
        self.test_button.setEnabled(idle)
        self.profile_list.setEnabled(idle)

    def _backend_label(self) -> str:
        if self.store.session_only:
            return self.tr("memory (this session only)")
        return self.store.backend_name

    def _update_storage_label(self) -> None:
        self.storage_label.setStyleSheet(
            "background: #fff4ce; color: #5c4400; padding: 6px; border-radius: 4px;"
            if self.store.session_only
            else ""
        )
        if self.store.session_only:
            self.storage_label.setText(
                self.tr(
                    "No keyring is available: secrets are kept in memory for this session only and "
                    "must be entered again after snapview restarts. Install and unlock GNOME Keyring or "
                    "KWallet to keep them safely."
                )
            )
        else:
            self.storage_label.setText(
                tr_format(
                    self.tr(
                        "Secrets (AccessKey secrets, Huawei SKs) and security tokens are stored in "
                        "{backend}, never in a file."
                    ),
                    backend=self.store.backend_name,
                )
            )

    # -- form -> profile ---------------------------------------------------------------------------

    def form_profile(self) -> Profile:
        return self.form.form_profile()

    # -- actions -----------------------------------------------------------------------------------

    def new_profile(self) -> None:
        self.profile_list.clearSelection()
        self.profile_list.setCurrentRow(-1)
        provider = self.form.provider()  # a second profile is often of the same cloud
        self._show_profile(
            Profile(name="", provider=provider, region=default_region(provider)), new=True
        )
        self.hide_result()
        self.name_edit.setFocus()

    def duplicate_profile(self) -> None:
        source = self.store.find_profile(self._current) if self._current else None
        if source is None:
            return
        names = set(self.profile_names())
        copy_name = tr_format(self.tr("{name} copy"), name=source.name)
        n = 2
        while copy_name in names:
            copy_name = tr_format(self.tr("{name} copy {n}"), name=source.name, n=n)
            n += 1
        self.profile_list.setCurrentRow(-1)
        self._show_profile(replace(source, name=copy_name, read_only=False, stored=True), new=True)
        if source.provider is Provider.HUAWEI:
            self.show_info(self.tr("Enter the secret key (SK) for the copy, then Save."))
        else:
            self.show_info(self.tr("Enter the AccessKey secret for the copy, then Save."))
        self.secret_edit.setFocus()

    def confirm_delete(self) -> None:
        name = self._current
        if not name:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete profile"),
            tr_format(
                self.tr("Delete the profile “{name}” and remove its secret from {backend}?"),
                name=name,
                backend=self._backend_label(),
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmDeleteBox")
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("confirmDeleteButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def clicked(button: QAbstractButton) -> None:
            if button is delete:
                self.delete(name)

        box.buttonClicked.connect(clicked)
        box.finished.connect(box.deleteLater)
        self.confirm_box = box
        box.open()

    def delete(self, name: str) -> None:
        async def run() -> None:
            await self.store.delete_profile(name)
            self._current = None
            self.reload()
            self.show_success(tr_format(self.tr("Deleted “{name}”."), name=name))

        self._run("delete", run, self.tr("Deleting…"), retry=lambda: self.delete(name))

    def save(self) -> None:
        profile = self.form_profile()
        secret = self.secret_edit.text() or None
        token = self.token_edit.text() or None if profile.uses_security_token else None
        previous = self._current

        async def run() -> None:
            await self.store.save_profile(profile, secret, token, previous_name=previous)
            self._current = profile.name
            self.reload(select=profile.name)
            self.show_success(
                tr_format(
                    self.tr("Saved. The secret is kept in {backend}."),
                    backend=self._backend_label(),
                )
            )

        self._run("save", run, self.tr("Saving…"), retry=self.save)

    def test_connection(self) -> None:
        form = self.form_profile()
        typed_secret = self.secret_edit.text().strip()
        typed_token = self.token_edit.text().strip() if form.uses_security_token else ""
        current = self._current
        stored = self.store.find_profile(current) if current else None
        read_only = stored is not None and stored.read_only
        same_cloud = stored is None or stored.provider is form.provider

        async def run() -> None:
            if read_only or (not typed_secret and current and same_cloud):
                assert current is not None
                profile, creds = await self.store.credentials(current)
                if not read_only:
                    # Test what the form says (region, project, signing) with the stored secret.
                    profile = self.store.validate(form, creds.secret, is_new=False)
                    token = typed_token or creds.security_token
                    creds = make_credentials(profile, creds.secret, token)
            else:
                # A new profile, or one moved to the other cloud: only a typed secret can be tested.
                profile = self.store.validate(form, typed_secret, is_new=True)
                creds = make_credentials(profile, typed_secret, typed_token or None)
            result = await self._tester(profile, creds)
            if result.ok:
                self.show_success(tr_message(result.message))
            else:
                self.show_error(tr_message(result.message))
            if not result.ok:
                raise _Reported()

        self._run("test", run, self.tr("Testing the connection…"), retry=self.test_connection)

    def _run(
        self,
        operation: str,
        body: Callable[[], Coroutine[Any, Any, None]],
        busy_text: str,
        *,
        retry: Callable[[], None],
    ) -> None:
        if self.busy:
            return
        self.busy = True
        self._update_buttons()
        self.show_info(busy_text, busy=True)

        async def wrapper() -> None:
            ok = False
            try:
                await body()
                ok = True
            except _Reported:
                pass
            except CredentialError as exc:
                self._show_credential_error(exc, retry)
            finally:
                self.busy = False
                self._update_buttons()
                self.operation_finished.emit(operation, ok)

        self._spawn(wrapper(), f"profiles-{operation}")

    def _form_edited(self) -> None:
        """A message about what the form said ("Give the profile a name.") goes once the user
        changes the form: it no longer describes what is there."""
        if self._invalid_shown:
            self.hide_result()

    def _show_credential_error(self, exc: CredentialError, retry: Callable[[], None]) -> None:
        text = tr_message(exc.user_message)
        if exc.kind == CredentialErrorKind.LOCKED:
            title = self.tr("The keyring is locked.")
        elif exc.kind == CredentialErrorKind.TIMEOUT:
            title = self.tr("The keyring does not answer.")
        elif exc.kind == CredentialErrorKind.MISSING_SECRET:
            title = self.tr("The secret is missing.")
            self.secret_edit.setPlaceholderText(self._secret_wanted())
            self.secret_edit.setFocus()
        elif exc.kind == CredentialErrorKind.UNAVAILABLE:
            title = self.tr("The keyring cannot be used.")
        else:
            title = ""
        self.show_error(
            f"<b>{title}</b> {html.escape(text, quote=False)}"
            if title
            else html.escape(text, quote=False),
            retry=retry
            if exc.kind.retryable or exc.kind == CredentialErrorKind.UNAVAILABLE
            else None,
        )
        self._invalid_shown = exc.kind == CredentialErrorKind.INVALID

    # -- result area -------------------------------------------------------------------------------

    def show_success(self, text: str) -> None:
        self._invalid_shown = False
        self.result_banner.show_success(text)

    def show_error(self, rich_text: str, *, retry: Callable[[], None] | None = None) -> None:
        self._invalid_shown = False
        self.result_banner.show_error(rich_text, retry=retry)

    def show_info(self, text: str, *, busy: bool = False) -> None:
        self._invalid_shown = False
        self.result_banner.show_info(text, busy=busy)

    def hide_result(self) -> None:
        self._invalid_shown = False
        self.result_banner.clear()

    def result_text(self) -> str:
        return self.result_banner.text()


class _Reported(Exception):
    """The operation failed and already showed why."""
