"""The shared review store's password dialog: asked once, when the settings name a team server
(``review.store = postgresql://USER@HOST:PORT/DB``) and the OS keyring has no password for it.

It shows the server's URL as the settings hold it — which never carries a password — a hidden
password field and "Remember in keyring" (on by default). OK checks the password by connecting
(:func:`~snapview.services.review_store.server_login.check_login`, off the GUI thread and bounded
in time: the window stays responsive); a refused password or an unreachable server is said in the
dialog in the user's words, the field is emptied for another try, and nothing is kept. Only an
accepted password is stored in the keyring (when asked to) and handed to the store.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from snapview.core.errors import UserFacingError
from snapview.core.review.server import ServerLocation
from snapview.services.review_store.interface import ProblemKind, ReviewStoreError
from snapview.services.review_store.server_login import check_login, store_password
from snapview.ui.tr import tr_message

log = logging.getLogger("snapview.review")
_ERROR_STYLE = "color: #b3261e;"


class ServerPasswordDialog(QDialog):
    """Asks for the team server's password and checks it (module docstring). After ``accepted``
    the checked password is in :attr:`password`; it is never shown or logged."""

    def __init__(self, server: ServerLocation, keyring: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverPasswordDialog")
        self.setWindowTitle(self.tr("Shared Review Store"))
        self.server = server
        self.keyring = keyring
        self.password: str | None = None
        self.remembered = False
        self._check: asyncio.Task[None] | None = None

        intro = QLabel(
            self.tr(
                "The review decisions of your team are kept on a database server. Enter the "
                "password of your login on it; it is checked before it is kept."
            )
        )
        intro.setWordWrap(True)
        self.url_label = QLabel(server.display)
        self.url_label.setObjectName("serverUrl")
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("serverPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.textChanged.connect(self._update_ok)
        self.remember_box = QCheckBox(self.tr("Remember in keyring"))
        self.remember_box.setObjectName("serverRemember")
        self.remember_box.setChecked(True)
        self.message = QLabel()
        self.message.setObjectName("serverPasswordMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Connect"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Server:"), self.url_label)
        form.addRow(self.tr("User:"), QLabel(server.user))
        form.addRow(self.tr("Password:"), self.password_edit)
        form.addRow("", self.remember_box)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.password_edit.text()) and self._check is None)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(_ERROR_STYLE if error else "")
        self.message.setVisible(bool(text))
        self.adjustSize()  # a wrapped two-line message otherwise squeezes the form's rows together

    def submit(self) -> None:
        """OK: check the typed password against the server (the dialog stays open meanwhile)."""
        password = self.password_edit.text()
        if not password or self._check is not None:
            return
        self._say(self.tr("Checking the password with the server…"), error=False)
        self.password_edit.setEnabled(False)
        self._check = asyncio.get_event_loop().create_task(
            self._checked(password), name="review server password check"
        )
        self._update_ok()

    async def _checked(self, password: str) -> None:
        try:
            await check_login(self.server, password)
        except ReviewStoreError as exc:
            self._failed(exc)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug: said, never a dialog stuck on "Checking…"
            log.exception("checking the review server password failed")
            self._failed(exc)
            return
        finally:
            self._check = None
        if self.remember_box.isChecked():
            try:
                await store_password(self.keyring, self.server, password)
                self.remembered = True
            except UserFacingError as exc:  # no keyring: the password still works this session
                log.warning("review server password not kept in the keyring: %s", exc)
        self.password = password
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ReviewStoreError) and exc.kind is ProblemKind.AUTH:
            text = self.tr(
                "The server refused this password for {user}. Nothing was kept; try again."
            ).replace("{user}", self.server.user)
        elif isinstance(exc, UserFacingError):
            text = tr_message(exc.user_message)
        else:
            text = self.tr("The password could not be checked: {error}").replace(
                "{error}", type(exc).__name__
            )
        self.password_edit.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self._say(text, error=True)
        self._update_ok()

    def reject(self) -> None:
        if self._check is not None:
            self._check.cancel()
            self._check = None
        super().reject()


async def ask_password(dialog: ServerPasswordDialog) -> str | None:
    """Show ``dialog`` (window-modal: the event loop keeps running); the checked password, or
    None when the user cancelled."""
    done: asyncio.Future[int] = asyncio.get_event_loop().create_future()

    def finished(result: int) -> None:
        if not done.done():
            done.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()
    result = await done
    return dialog.password if result == QDialog.DialogCode.Accepted else None
