"""The Profiles dialog: the cloud accounts on the left, the selected one's form on the right, with
Save, Test connection, Add, Duplicate and Delete.

Every keyring and network call runs as a background task (``spawn``), never inside the dialog's own
event handling, so a locked or hanging keyring shows a message with Retry instead of freezing the
window. The AccessKey secret and STS token are only ever in the masked fields and the keyring: the
form does not read a stored secret back, it only offers to replace it.
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
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from snapview.core.credentials import (
    ALIYUN_REGIONS,
    AliyunCredentials,
    Profile,
    Provider,
    SignatureVersion,
)
from snapview.services.credentials import (
    ENVIRONMENT_PROFILE,
    ConnectionResult,
    CredentialError,
    CredentialErrorKind,
    CredentialStore,
    check_connection,
)
from snapview.ui.tr import tr_format, tr_message
from snapview.ui.widgets.labels import make_label
from snapview.ui.widgets.password_edit import PasswordLineEdit
from snapview.ui.widgets.result_banner import ResultBanner

log = logging.getLogger(__name__)

Spawn = Callable[[Coroutine[Any, Any, None], str], None]
Tester = Callable[[Profile, AliyunCredentials], Coroutine[Any, Any, ConnectionResult]]
CUSTOM_ENDPOINT = "__custom__"


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

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setPlaceholderText(self.tr("e.g. production-shanghai"))
        form.addRow(self.tr("&Name:"), self.name_edit)

        self.provider_combo = QComboBox()
        self.provider_combo.setObjectName("providerCombo")
        self.provider_combo.addItem(self.tr("Alibaba Cloud"), Provider.ALIYUN.value)
        self.provider_combo.addItem(self.tr("Huawei Cloud (coming later)"), Provider.HUAWEI.value)
        huawei = self.provider_combo.model().index(1, 0)
        self.provider_combo.model().setData(
            huawei, 0, Qt.ItemDataRole.UserRole - 1
        )  # disabled item
        form.addRow(self.tr("&Provider:"), self.provider_combo)

        self.region_combo = QComboBox()
        self.region_combo.setObjectName("regionCombo")
        for region in ALIYUN_REGIONS:
            self.region_combo.addItem(region, region)
        self.region_combo.addItem(self.tr("Custom endpoint…"), CUSTOM_ENDPOINT)
        self.region_combo.currentIndexChanged.connect(self._region_changed)
        form.addRow(self.tr("&Region:"), self.region_combo)
        self.endpoint_edit = QLineEdit()
        self.endpoint_edit.setObjectName("endpointEdit")
        self.endpoint_edit.setPlaceholderText("https://vod.cn-shanghai.aliyuncs.com")
        self.endpoint_label = QLabel(self.tr("&Endpoint:"))
        self.endpoint_label.setBuddy(self.endpoint_edit)
        form.addRow(self.endpoint_label, self.endpoint_edit)

        self.key_id_edit = QLineEdit()
        self.key_id_edit.setObjectName("accessKeyIdEdit")
        self.key_id_edit.setPlaceholderText("LTAI5t…")
        form.addRow(self.tr("AccessKey &ID:"), self.key_id_edit)

        self.secret_edit = PasswordLineEdit("accessKeySecretEdit")
        form.addRow(self.tr("AccessKey &secret:"), self.secret_edit)

        self.sts_check = QCheckBox(self.tr("Use an STS security token"))
        self.sts_check.setObjectName("stsCheck")
        self.sts_check.toggled.connect(self._sts_toggled)
        form.addRow("", self.sts_check)
        self.token_edit = PasswordLineEdit("securityTokenEdit")
        self.token_label = QLabel(self.tr("STS &token:"))
        self.token_label.setBuddy(self.token_edit)
        form.addRow(self.token_label, self.token_edit)

        self.signature_combo = QComboBox()
        self.signature_combo.setObjectName("signatureCombo")
        self.signature_combo.addItem(
            self.tr("V3 (ACS3-HMAC-SHA256, recommended)"), SignatureVersion.V3.value
        )
        self.signature_combo.addItem(self.tr("V1 (HMAC-SHA1)"), SignatureVersion.V1.value)
        form.addRow(self.tr("Si&gning:"), self.signature_combo)
        right_layout.addLayout(form)

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

        for edit in (self.key_id_edit, self.secret_edit, self.token_edit, self.endpoint_edit):
            edit.textEdited.connect(lambda text, e=edit: self._trim_pasted(e, text))
        self._region_changed()
        self._sts_toggled(False)

    @staticmethod
    def _trim_pasted(edit: QLineEdit, text: str) -> None:
        # Keys pasted from the console or a chat often carry a space or a line break.
        stripped = (
            "".join(text.split())
            if edit.echoMode() == QLineEdit.EchoMode.Password
            else text.strip()
        )
        if stripped != text:
            edit.setText(stripped)

    # -- list --------------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Refill the list from the store and select ``select`` (or keep the current selection)."""
        keep = select if select is not None else self._current
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for profile in self.store.profiles_now():
            label = profile.name
            if profile.name == ENVIRONMENT_PROFILE and not profile.stored:
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
        editable = not profile.read_only
        self._current = None if new else profile.name
        self.name_edit.setText(profile.name)
        self.provider_combo.setCurrentIndex(0)
        if profile.endpoint:
            self.region_combo.setCurrentIndex(self.region_combo.findData(CUSTOM_ENDPOINT))
            self.endpoint_edit.setText(profile.endpoint)
        else:
            index = self.region_combo.findData(profile.region)
            if index < 0:  # a region outside SPEC A.4's list (e.g. from the environment)
                self.region_combo.insertItem(0, profile.region, profile.region)
                index = 0
            self.region_combo.setCurrentIndex(index)
            self.endpoint_edit.clear()
        self.key_id_edit.setText(profile.access_key_id)
        self.secret_edit.clear()
        self.token_edit.clear()
        self.sts_check.setChecked(profile.uses_security_token)
        self.signature_combo.setCurrentIndex(
            self.signature_combo.findData(profile.signature_version.value)
        )
        if new:
            self.secret_edit.setPlaceholderText(self.tr("Paste the AccessKey secret"))
            self.token_edit.setPlaceholderText(self.tr("Paste the STS security token"))
        elif profile.stored:
            keep = tr_format(
                self.tr("Stored in {backend} — leave empty to keep"), backend=self._backend_label()
            )
            self.secret_edit.setPlaceholderText(keep)
            self.token_edit.setPlaceholderText(keep)
        else:
            self.secret_edit.setPlaceholderText(self.tr("Not shown"))
            self.token_edit.setPlaceholderText(self.tr("Not shown"))
        for widget in (
            self.name_edit,
            self.provider_combo,
            self.region_combo,
            self.endpoint_edit,
            self.key_id_edit,
            self.secret_edit,
            self.sts_check,
            self.token_edit,
            self.signature_combo,
        ):
            widget.setEnabled(editable)
        self._sts_toggled(self.sts_check.isChecked())
        self._region_changed()
        if profile.name == ENVIRONMENT_PROFILE and not profile.stored:
            self.read_only_note.setText(
                self.tr(
                    "This profile comes from the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and "
                    "ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN). It is read-only."
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
                        "AccessKey secrets and STS tokens are stored in {backend}, never in a file."
                    ),
                    backend=self.store.backend_name,
                )
            )

    def _region_changed(self, _index: int = 0) -> None:
        custom = self.region_combo.currentData() == CUSTOM_ENDPOINT
        self.endpoint_edit.setVisible(custom)
        self.endpoint_label.setVisible(custom)

    def _sts_toggled(self, checked: bool) -> None:
        self.token_edit.setVisible(checked)
        self.token_label.setVisible(checked)

    # -- form -> profile ---------------------------------------------------------------------------

    def form_profile(self) -> Profile:
        custom = self.region_combo.currentData() == CUSTOM_ENDPOINT
        return Profile(
            name=self.name_edit.text().strip(),
            provider=Provider(self.provider_combo.currentData()),
            region="cn-shanghai" if custom else str(self.region_combo.currentData()),
            endpoint=self.endpoint_edit.text().strip() or None if custom else None,
            access_key_id=self.key_id_edit.text().strip(),
            signature_version=SignatureVersion(self.signature_combo.currentData()),
            uses_security_token=self.sts_check.isChecked(),
        )

    # -- actions -----------------------------------------------------------------------------------

    def new_profile(self) -> None:
        self.profile_list.clearSelection()
        self.profile_list.setCurrentRow(-1)
        self._show_profile(Profile(name="", region=ALIYUN_REGIONS[0]), new=True)
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

        async def run() -> None:
            if read_only or (not typed_secret and current):
                assert current is not None
                profile, creds = await self.store.credentials(current)
                if (
                    not read_only
                ):  # test what the form says (region, signing), with the stored secret
                    profile = form
                    token = typed_token or creds.security_token
                    creds = AliyunCredentials(form.access_key_id, creds.access_key_secret, token)
            else:
                self.store.validate(form, typed_secret, is_new=True)
                profile = form
                creds = AliyunCredentials(form.access_key_id, typed_secret, typed_token or None)
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

    def _show_credential_error(self, exc: CredentialError, retry: Callable[[], None]) -> None:
        text = tr_message(exc.user_message)
        if exc.kind == CredentialErrorKind.LOCKED:
            title = self.tr("The keyring is locked.")
        elif exc.kind == CredentialErrorKind.TIMEOUT:
            title = self.tr("The keyring does not answer.")
        elif exc.kind == CredentialErrorKind.MISSING_SECRET:
            title = self.tr("The secret is missing.")
            self.secret_edit.setPlaceholderText(self.tr("Enter the AccessKey secret again"))
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

    # -- result area -------------------------------------------------------------------------------

    def show_success(self, text: str) -> None:
        self.result_banner.show_success(text)

    def show_error(self, rich_text: str, *, retry: Callable[[], None] | None = None) -> None:
        self.result_banner.show_error(rich_text, retry=retry)

    def show_info(self, text: str, *, busy: bool = False) -> None:
        self.result_banner.show_info(text, busy=busy)

    def hide_result(self) -> None:
        self.result_banner.clear()

    def result_text(self) -> str:
        return self.result_banner.text()


class _Reported(Exception):
    """The operation failed and already showed why."""
