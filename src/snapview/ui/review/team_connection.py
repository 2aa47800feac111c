"""Opening the app's review store, and for a team server the password that goes with it.

When the ``review.store`` setting is a ``postgresql://`` URL, the store is opened when the window
starts (so the library's "being reviewed by" and "Assigned to me" work before any video is open):
the password is taken from the OS keyring, and when the keyring has none — or the server refuses
the one it has — the password dialog (:mod:`.password_dialog`) asks once. A server that cannot be
reached is not waited for: the store opens *offline* (decisions queue on this computer) and the
review status line says so; every later status change of the store (offline, back, a refused
login) reaches the status line through :attr:`TeamConnection.problem`. For a local file nothing of
this happens: the store opens on first use, as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from snapview.core.review.server import ServerLocation, is_server_url, parse_server_url
from snapview.services.app_services import AppServices
from snapview.services.credentials import CredentialError
from snapview.services.review_store import SETTING_KEY
from snapview.services.review_store.interface import (
    ProblemKind,
    ReviewStore,
    StoreEvent,
    StoreStatus,
)
from snapview.services.review_store.reviewer import os_user
from snapview.services.review_store.server_login import stored_password
from snapview.ui.review.password_dialog import ServerPasswordDialog, ask_password
from snapview.ui.tr import tr_message

log = logging.getLogger("snapview.review")


def status_text(status: StoreStatus | None) -> str:
    """The store's problem in the user's words ("" when it writes)."""
    if status is None or status.problem is None:
        return ""
    return tr_message(status.problem.user_message)


class TeamConnection(QObject):
    """Opens the review store once, asking for a server password when needed (module docstring)."""

    problem = Signal(str)  # the store's problem in the user's words, "" when it cleared
    opened = Signal(object)  # the ReviewStore, once open

    def __init__(self, services: AppServices, parent_window: QWidget) -> None:
        super().__init__(parent_window)
        self.services = services
        self.parent_window = parent_window
        self.dialog: ServerPasswordDialog | None = None  # while it is shown (tests, screenshots)
        self.store_now: ReviewStore | None = None
        self._lock = asyncio.Lock()
        self._unlisten: Callable[[], None] | None = None
        self._asked = False
        services.add_closer("review team connection", self._stop_listening)

    @property
    def server(self) -> ServerLocation | None:
        """The team server the settings name, or None for a local store file."""
        location = self.services.settings.get(SETTING_KEY)
        if not isinstance(location, str) or not is_server_url(location):
            return None
        return parse_server_url(location, default_user=os_user())

    async def store(self) -> ReviewStore:
        """The app's review store, opened (once). A bad URL raises its UserFacingError."""
        async with self._lock:
            if self.store_now is None:
                server = self.server
                store = self.services.review_store.get()
                if server is not None:
                    await self._give_password(store, server, await self._keyring_password(server))
                status = await store.open()
                if server is not None and _refused(status) and not self._asked:
                    # The keyring's password is out of date: ask once, then try again.
                    await self._give_password(store, server, None)
                    status = await store.flush()
                self.store_now = store
                self._unlisten = store.add_listener(self._on_event)
                self.problem.emit(status_text(store.status))
                self.opened.emit(store)
            return self.store_now

    async def _keyring_password(self, server: ServerLocation) -> str | None:
        try:
            return await stored_password(self.services.credentials.keyring, server)
        except CredentialError as exc:  # no keyring: the dialog asks (and keeps nothing there)
            log.warning("no keyring answer for %s: %s", server.display, exc)
            return None

    async def _give_password(
        self, store: ReviewStore, server: ServerLocation, password: str | None
    ) -> None:
        if password is None and not self._asked:
            self._asked = True
            self.dialog = ServerPasswordDialog(
                server, self.services.credentials.keyring, self.parent_window
            )
            try:
                password = await ask_password(self.dialog)
            finally:
                self.dialog.deleteLater()
                self.dialog = None
        use = getattr(store, "use_password", None)
        if password is not None and use is not None:
            use(password)

    def _on_event(self, event: StoreEvent) -> None:
        self.problem.emit(status_text(event.status))

    def _stop_listening(self) -> None:
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None


def _refused(status: StoreStatus) -> bool:
    return status.problem is not None and status.problem.kind is ProblemKind.AUTH
