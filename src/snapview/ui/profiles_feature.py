"""Plugs credential profiles into the main window: the profile combo (remembering the last one), the
Profiles action, the first-run Profiles dialog, and the banner shown when there is no keyring and
secrets are kept for this session only.

Shares ``services.extras["credentials"]`` (the :class:`CredentialStore`) and
``services.extras["profiles_model"]`` (a :class:`ProfilesModel` whose ``profiles_changed`` fires
whenever a profile is saved, deleted or added in memory, e.g. the ``--demo`` emulator account).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from snapview.services.credentials import CredentialStore
from snapview.ui.main_window import MainWindow
from snapview.ui.profiles_dialog import ProfilesDialog

log = logging.getLogger("snapview.profiles")
LAST_PROFILE_KEY = "last_profile"


class ProfilesModel(QObject):
    """Qt face of the credential store's change notifications."""

    profiles_changed = Signal()


class SessionOnlyBanner(QFrame):
    """The persistent warning that secrets live only as long as this process."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionOnlyBanner")
        self.setStyleSheet(
            "#sessionOnlyBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
            "#sessionOnlyBanner QLabel { color: #5c4400; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel(
            self.tr(
                "<b>No keyring found — AccessKey secrets are kept for this session only.</b> "
                "You will have to enter them again after snapview restarts; they are never written to "
                "disk. To keep them safely, install and unlock GNOME Keyring (gnome-keyring) or KWallet, "
                "then restart snapview."
            )
        )
        self.label.setObjectName("sessionOnlyText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.label, 1)


class ProfilesFeature(QObject):
    """Keeps the profile combo in step with the store and owns the Profiles dialog."""

    def __init__(self, window: MainWindow, services: Any, args: argparse.Namespace) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.args = args
        self.store: CredentialStore = services.extras.get("credentials") or CredentialStore(
            services.settings
        )
        services.extras["credentials"] = self.store
        self.model = ProfilesModel(self)
        services.extras["profiles_model"] = self.model
        self.store.add_listener(self.model.profiles_changed.emit)
        self.model.profiles_changed.connect(self.refresh_combo)
        self.dialog: ProfilesDialog | None = None
        self.banner: SessionOnlyBanner | None = None
        window.action_map["profiles"].triggered.connect(self.open_dialog)
        window.profile_combo.currentIndexChanged.connect(self._remember)
        self.refresh_combo()

    # -- combo -------------------------------------------------------------------------------------

    def refresh_combo(self) -> None:
        combo = self.window.profile_combo
        current = combo.currentData()
        profiles = self.store.profiles_now()
        wanted = (
            current
            or getattr(self.args, "profile", None)
            or self.services.settings.get(LAST_PROFILE_KEY)
        )
        memory = [p.name for p in profiles if not p.stored and p.name != "environment"]
        if getattr(self.args, "demo", False) and memory and current is None:
            wanted = memory[0]
        combo.blockSignals(True)
        combo.clear()
        for profile in profiles:
            combo.addItem(profile.name, profile.name)
        index = combo.findData(wanted) if wanted else -1
        if index < 0 and combo.count():
            index = 0
        combo.setCurrentIndex(index)
        combo.blockSignals(False)
        if combo.currentData() != current:
            self._remember()

    def _remember(self, _index: int = 0) -> None:
        name = self.window.profile_combo.currentData()
        profile = self.store.find_profile(name) if name else None
        if (
            profile is not None
            and profile.stored
            and self.services.settings.get(LAST_PROFILE_KEY) != name
        ):
            self.services.settings.set(LAST_PROFILE_KEY, name)

    def current_profile_name(self) -> str | None:
        data = self.window.profile_combo.currentData()
        return str(data) if data else None

    # -- dialog ------------------------------------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> Any:
        return self.services.tasks.spawn(coro, name=name, replace=True)

    def open_dialog(self) -> ProfilesDialog:
        if self.dialog is None:
            self.dialog = ProfilesDialog(self.store, self.spawn, self.window)
        else:
            self.dialog.reload(select=self.current_profile_name())
        if self.dialog.isVisible():
            self.dialog.activateWindow()
        else:
            self.dialog.open()
        return self.dialog

    # -- start-up ----------------------------------------------------------------------------------

    async def start(self) -> None:
        """Find the keyring off the GUI thread, then show the banner and the first-run dialog."""
        await self.store.probe()
        self.after_probe()

    def after_probe(self) -> None:
        if self.store.session_only and self.banner is None:
            self.banner = SessionOnlyBanner()
            self.window.add_banner(self.banner)
        if self.dialog is not None:
            self.dialog.reload()
        if self._wants_first_run_dialog():
            self.open_dialog()

    def _wants_first_run_dialog(self) -> bool:
        if getattr(self.args, "demo", False) or getattr(self.args, "screenshot", None):
            return False
        return not self.store.profiles_now()


def _current_loop() -> asyncio.AbstractEventLoop | None:
    """The running or installed event loop, without creating one (no loop in some unit tests)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    local = getattr(asyncio.get_event_loop_policy(), "_local", None)
    loop = getattr(local, "_loop", None)
    return loop if isinstance(loop, asyncio.AbstractEventLoop) and not loop.is_closed() else None


def install(window: MainWindow, services: Any, args: argparse.Namespace) -> None:
    feature = ProfilesFeature(window, services, args)
    services.extras["profiles_feature"] = feature
    if _current_loop() is not None:
        services.tasks.spawn(feature.start(), name="profiles-startup")
    else:
        # Without an event loop (a bare window in a unit test) detect synchronously.
        feature.store.detect_backend()
        feature.after_probe()
