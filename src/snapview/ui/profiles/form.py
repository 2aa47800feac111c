"""The form of one profile in the Profiles dialog, for either cloud: name, provider, region (or a
custom endpoint), the key pair, an optional security token, and what only one provider has — the
signing scheme for Alibaba Cloud, the project ID for Huawei Cloud.

Switching the provider changes the fields and their words to the ones of that cloud's console:
"AccessKey ID / AccessKey secret / STS token" for Alibaba, "Access key (AK) / Secret key (SK) /
security token of temporary credentials" for Huawei, and the region list. The secret fields never
show a stored secret; their placeholder says whether one is kept.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from snapview.core.credentials import (
    Profile,
    Provider,
    SignatureVersion,
    default_region,
    provider_regions,
)
from snapview.ui.widgets.password_edit import PasswordLineEdit

CUSTOM_ENDPOINT = "__custom__"
_ENDPOINT_EXAMPLES = {
    Provider.ALIYUN: "https://vod.cn-shanghai.aliyuncs.com",
    Provider.HUAWEI: "https://vod.cn-north-4.myhuaweicloud.com",
}


class ProfileForm(QFormLayout):
    """The fields of one profile; ``provider_changed`` fires when the user picks the other cloud."""

    provider_changed = Signal(str)
    edited = Signal()  # any field changed (typed, pasted, or picked from a list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._shown_provider: Provider | None = None
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setPlaceholderText(self.tr("e.g. production-shanghai"))
        self.addRow(self.tr("&Name:"), self.name_edit)

        self.provider_combo = QComboBox()
        self.provider_combo.setObjectName("providerCombo")
        self.provider_combo.addItem(self.tr("Alibaba Cloud"), Provider.ALIYUN.value)
        self.provider_combo.addItem(self.tr("Huawei Cloud"), Provider.HUAWEI.value)
        self.provider_combo.currentIndexChanged.connect(self._provider_picked)
        self.addRow(self.tr("&Provider:"), self.provider_combo)

        self.region_combo = QComboBox()
        self.region_combo.setObjectName("regionCombo")
        self.region_combo.currentIndexChanged.connect(self._region_changed)
        self.addRow(self.tr("&Region:"), self.region_combo)
        self.endpoint_edit = QLineEdit()
        self.endpoint_edit.setObjectName("endpointEdit")
        self.endpoint_label = QLabel(self.tr("&Endpoint:"))
        self.endpoint_label.setBuddy(self.endpoint_edit)
        self.addRow(self.endpoint_label, self.endpoint_edit)

        self.project_edit = QLineEdit()
        self.project_edit.setObjectName("projectIdEdit")
        self.project_edit.setPlaceholderText(
            self.tr("32 hexadecimal characters (My Credentials > Projects)")
        )
        self.project_label = QLabel(self.tr("Pro&ject ID:"))
        self.project_label.setBuddy(self.project_edit)
        self.addRow(self.project_label, self.project_edit)

        self.key_id_edit = QLineEdit()
        self.key_id_edit.setObjectName("accessKeyIdEdit")
        self.key_id_label = QLabel()
        self.key_id_label.setBuddy(self.key_id_edit)
        self.addRow(self.key_id_label, self.key_id_edit)

        self.secret_edit = PasswordLineEdit("accessKeySecretEdit")
        self.secret_label = QLabel()
        self.secret_label.setBuddy(self.secret_edit)
        self.addRow(self.secret_label, self.secret_edit)

        self.sts_check = QCheckBox()
        self.sts_check.setObjectName("stsCheck")
        self.sts_check.toggled.connect(self._sts_toggled)
        self.addRow("", self.sts_check)
        self.token_edit = PasswordLineEdit("securityTokenEdit")
        self.token_label = QLabel()
        self.token_label.setBuddy(self.token_edit)
        self.addRow(self.token_label, self.token_edit)

        self.signature_combo = QComboBox()
        self.signature_combo.setObjectName("signatureCombo")
        self.signature_combo.addItem(
            self.tr("V3 (ACS3-HMAC-SHA256, recommended)"), SignatureVersion.V3.value
        )
        self.signature_combo.addItem(self.tr("V1 (HMAC-SHA1)"), SignatureVersion.V1.value)
        self.signature_label = QLabel(self.tr("Si&gning:"))
        self.signature_label.setBuddy(self.signature_combo)
        self.addRow(self.signature_label, self.signature_combo)

        for edit in (
            self.key_id_edit,
            self.secret_edit,
            self.token_edit,
            self.endpoint_edit,
            self.project_edit,
        ):
            edit.textEdited.connect(lambda text, e=edit: self._trim_pasted(e, text))
        # Only what the user does (typing, picking, clicking), not the form being filled.
        for line in (self.name_edit, self.key_id_edit, self.secret_edit, self.token_edit):
            line.textEdited.connect(self.edited)
        for line in (self.endpoint_edit, self.project_edit):
            line.textEdited.connect(self.edited)
        for combo in (self.provider_combo, self.region_combo, self.signature_combo):
            combo.activated.connect(self.edited)
        self.sts_check.clicked.connect(self.edited)
        self._apply_provider(Provider.ALIYUN)
        self._sts_toggled(False)

    # -- the provider ------------------------------------------------------------------------------

    def provider(self) -> Provider:
        return Provider(self.provider_combo.currentData())

    def _provider_picked(self, _index: int) -> None:
        provider = self.provider()
        self._apply_provider(provider)
        self.provider_changed.emit(provider.value)

    def _apply_provider(self, provider: Provider) -> None:
        """That cloud's regions, words and fields; the region stays when the other cloud has it."""
        if provider is self._shown_provider:
            return
        self._shown_provider = provider
        huawei = provider is Provider.HUAWEI
        custom = self.region_combo.currentData() == CUSTOM_ENDPOINT
        region = self.region_combo.currentData()
        self._fill_regions(provider)
        if custom:
            self.region_combo.setCurrentIndex(self.region_combo.findData(CUSTOM_ENDPOINT))
        else:
            index = self.region_combo.findData(region)
            self.region_combo.setCurrentIndex(
                index if index >= 0 else self.region_combo.findData(default_region(provider))
            )
        self.endpoint_edit.setPlaceholderText(_ENDPOINT_EXAMPLES[provider])
        if huawei:
            self.key_id_label.setText(self.tr("Access key (&AK):"))
            self.key_id_edit.setPlaceholderText(self.tr("e.g. HPUAXXXXXXXXXXXXXXXX"))
            self.secret_label.setText(self.tr("&Secret key (SK):"))
            self.sts_check.setText(self.tr("Temporary credentials (with a security token)"))
            self.token_label.setText(self.tr("Security &token:"))
        else:
            self.key_id_label.setText(self.tr("AccessKey &ID:"))
            self.key_id_edit.setPlaceholderText("LTAI5t…")
            self.secret_label.setText(self.tr("AccessKey &secret:"))
            self.sts_check.setText(self.tr("Use an STS security token"))
            self.token_label.setText(self.tr("STS &token:"))
        self.setRowVisible(self.project_edit, huawei)
        self.setRowVisible(self.signature_combo, not huawei)

    def _fill_regions(self, provider: Provider) -> None:
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        for region in provider_regions(provider):
            self.region_combo.addItem(region, region)
        self.region_combo.addItem(self.tr("Custom endpoint…"), CUSTOM_ENDPOINT)
        self.region_combo.blockSignals(False)

    # -- profile <-> fields ------------------------------------------------------------------------

    def show_profile(self, profile: Profile) -> None:
        """Fill the fields from ``profile`` (the secret fields are cleared, never filled)."""
        provider_index = self.provider_combo.findData(profile.provider.value)
        self.provider_combo.blockSignals(True)
        self.provider_combo.setCurrentIndex(max(0, provider_index))
        self.provider_combo.blockSignals(False)
        self._apply_provider(profile.provider)
        self.name_edit.setText(profile.name)
        if profile.endpoint:
            self.region_combo.setCurrentIndex(self.region_combo.findData(CUSTOM_ENDPOINT))
            self.endpoint_edit.setText(profile.endpoint)
        else:
            index = self.region_combo.findData(profile.region)
            if index < 0:  # a region outside the known list (e.g. from the environment)
                self.region_combo.insertItem(0, profile.region, profile.region)
                index = 0
            self.region_combo.setCurrentIndex(index)
            self.endpoint_edit.clear()
        self.project_edit.setText(profile.project_id)
        self.key_id_edit.setText(profile.access_key_id)
        self.secret_edit.clear()
        self.token_edit.clear()
        self.sts_check.setChecked(profile.uses_security_token)
        self.signature_combo.setCurrentIndex(
            self.signature_combo.findData(profile.signature_version.value)
        )
        self._sts_toggled(self.sts_check.isChecked())
        self._region_changed()

    def form_profile(self) -> Profile:
        """The profile the fields describe (not validated: the store does that)."""
        provider = self.provider()
        custom = self.region_combo.currentData() == CUSTOM_ENDPOINT
        huawei = provider is Provider.HUAWEI
        return Profile(
            name=self.name_edit.text().strip(),
            provider=provider,
            region=default_region(provider) if custom else str(self.region_combo.currentData()),
            endpoint=self.endpoint_edit.text().strip() or None if custom else None,
            access_key_id=self.key_id_edit.text().strip(),
            signature_version=SignatureVersion.V3
            if huawei
            else SignatureVersion(self.signature_combo.currentData()),
            uses_security_token=self.sts_check.isChecked(),
            project_id=self.project_edit.text().strip() if huawei else "",
        )

    def set_editable(self, editable: bool) -> None:
        for widget in (
            self.name_edit,
            self.provider_combo,
            self.region_combo,
            self.endpoint_edit,
            self.project_edit,
            self.key_id_edit,
            self.secret_edit,
            self.sts_check,
            self.token_edit,
            self.signature_combo,
        ):
            widget.setEnabled(editable)

    def set_secret_placeholders(self, secret: str, token: str) -> None:
        self.secret_edit.setPlaceholderText(secret)
        self.token_edit.setPlaceholderText(token)

    # -- behaviour ---------------------------------------------------------------------------------

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

    def _region_changed(self, _index: int = 0) -> None:
        custom = self.region_combo.currentData() == CUSTOM_ENDPOINT
        self.setRowVisible(self.endpoint_edit, custom)

    def _sts_toggled(self, checked: bool) -> None:
        self.setRowVisible(self.token_edit, checked)
