"""Checking the signatures of the loaded events: with a certificate file the user picks, a
certificate downloaded only when the user asks (allow-listed SMN hosts only, over the app's
shared HTTP client), or an MFS callback key typed into a masked field and kept for this session
only (registered for redaction, never written anywhere).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit

from snapview.core.event_signatures import (
    CertificateError,
    SignatureCheck,
    is_allowed_cert_url,
    load_certificate,
    verify_event,
)
from snapview.core.huawei_events import VodEvent
from snapview.core.redaction import register_secret
from snapview.services.app_services import AppServices
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.tr import tr_format, tr_message
from snapview.ui.widgets.dialogs import open_dialog

log = logging.getLogger(__name__)


class EventSignatures(QObject):
    """The certificate and MFS key in use, and the check of each event. ``changed`` fires when a new
    certificate or key made every event be checked again."""

    changed = Signal()

    def __init__(
        self,
        window: MainWindow,
        services: AppServices,
        events: Callable[[], Sequence[VodEvent]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.services = services
        self._events = events
        self.certificate: bytes | None = None
        self._mfs_key: str | None = None  # this session only, never written anywhere
        self.checks: list[SignatureCheck] = []
        self._dialogs: list[QDialog] = []

    def check_all(self) -> list[SignatureCheck]:
        """Check every loaded event with the current certificate and key."""
        self.checks = [
            verify_event(e, certificate=self.certificate, mfs_key=self._mfs_key)
            for e in self._events()
        ]
        return self.checks

    def _recheck(self) -> None:
        self.check_all()
        self.changed.emit()

    def set_certificate(self, data: bytes) -> bool:
        try:
            load_certificate(data)
        except CertificateError as exc:
            self.window.show_status(
                tr_format(self.tr("Not a usable certificate: {reason}"), reason=exc)
            )
            return False
        self.certificate = data
        self._recheck()
        return True

    def set_mfs_key(self, key: str) -> None:
        key = key.strip()
        register_secret(key)
        self._mfs_key = key or None
        self._recheck()

    # -- what the user asks for --------------------------------------------------------------------

    def choose_certificate(self) -> None:
        dialog = QFileDialog(self.window, self.tr("SMN signing certificate"))
        dialog.setObjectName("certificateDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("Certificates (*.pem *.crt *.cer)"), self.tr("All files (*)")]
        )
        dialog.fileSelected.connect(self._certificate_chosen)
        open_dialog(dialog, self._dialogs)

    def _certificate_chosen(self, path: str) -> None:
        # The fetcher module brings httpx: loaded when a certificate is used, not at start-up.
        from snapview.services.cert_fetcher import CertFetchError, read_certificate_file

        try:
            data = read_certificate_file(path)
        except CertFetchError as exc:
            self.window.show_status(tr_message(exc.user_message))
            return
        self.set_certificate(data)

    def ask_mfs_key(self) -> None:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("mfsKeyDialog")
        dialog.setWindowTitle(self.tr("MFS callback key"))
        dialog.setLabelText(self.tr("Key used to sign the callbacks (kept for this session only):"))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(self.set_mfs_key)
        open_dialog(dialog, self._dialogs)

    def fetch_certificate(self, event: VodEvent) -> None:
        """Download the certificate ``event``'s envelope names, if its host is allow-listed."""
        url = str(event.envelope_fields.get("signing_cert_url") or "")
        if not is_allowed_cert_url(url):
            self.window.show_status(
                tr_format(
                    self.tr(
                        "Not downloading {url}: certificates are only fetched from https://smn.<region>.myhuaweicloud.com."
                    ),
                    url=url or "—",
                )
            )
            return
        self.services.tasks.spawn(self._fetch(url), name="fetch-smn-certificate", replace=True)

    async def _fetch(self, url: str) -> None:
        from snapview.services.cert_fetcher import CertFetchError

        self.window.show_status(self.tr("Downloading the signing certificate…"))
        try:
            data = await self.services.cert_fetcher.get().fetch(url)
        except CertFetchError as exc:
            self.window.show_status(tr_message(exc.user_message))
            return
        if self.set_certificate(data):
            self.window.show_status(self.tr("Certificate downloaded; signatures checked."))
