"""Plugs credential profiles into the main window: the profile combo (remembering the last one), the
Profiles action, the first-run Profiles dialog, and the banner shown when there is no keyring and
secrets are kept for this session only.

Other features ask it for the selected profile (``current_profile_name``, ``current_profile``),
select one (``select``, "Load this asset live" with a Huawei profile) and hand it in-memory profiles
(``use_memory_profile``/``add_memory_profile``, the ``--demo`` emulator accounts); ``model`` fires
``profiles_changed`` whenever the store's profiles change.
"""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from snapview.core.credentials import CloudCredentials, Profile
from snapview.services.credentials import ENVIRONMENT_PROFILES, LAST_PROFILE_KEY, CredentialStore
from snapview.services.settings import Settings
from snapview.services.tasks import TaskRegistry
from snapview.ui.profiles.banner import SessionOnlyBanner
from snapview.ui.profiles.dialog import ProfilesDialog
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


class ProfilesModel(QObject):
    """Qt face of the credential store's change notifications."""

    profiles_changed = Signal()


class ProfilesFeature(QObject):
    """Keeps the profile combo in step with the store and owns the Profiles dialog.

    ``preferred`` is the profile asked for on the command line; in ``demo`` mode the in-memory demo
    profile is selected first; ``first_run_dialog`` opens Profiles when there is none at all.
    """

    def __init__(
        self,
        window: MainWindow,
        store: CredentialStore,
        settings: Settings,
        tasks: TaskRegistry,
        *,
        preferred: str | None = None,
        demo: bool = False,
        first_run_dialog: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.settings = settings
        self.tasks = tasks
        self.preferred = preferred
        self.demo = demo
        self.first_run_dialog = first_run_dialog
        self.model = ProfilesModel(self)
        self.store.add_listener(self.model.profiles_changed.emit)
        self.model.profiles_changed.connect(self.refresh_combo)
        self.dialog: ProfilesDialog | None = None
        self.banner: SessionOnlyBanner | None = None
        window.action(ActionId.PROFILES).triggered.connect(self.open_dialog)
        window.profile_combo.currentIndexChanged.connect(self._remember)
        self.refresh_combo()

    # -- combo -------------------------------------------------------------------------------------

    def refresh_combo(self) -> None:
        combo = self.window.profile_combo
        current = combo.currentData()
        profiles = self.store.profiles_now()
        wanted = current or self.preferred or self.settings.get(LAST_PROFILE_KEY)
        memory = [p.name for p in profiles if not p.stored and p.name not in ENVIRONMENT_PROFILES]
        if self.demo and memory and current is None:
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
        name = self.current_profile_name()
        profile = self.store.find_profile(name) if name else None
        if profile is not None and profile.stored and self.settings.get(LAST_PROFILE_KEY) != name:
            self.settings.set(LAST_PROFILE_KEY, name)

    def current_profile_name(self) -> str | None:
        data = self.window.profile_combo.currentData()
        return str(data) if data else None

    def current_profile(self) -> Profile | None:
        """The selected profile (no keyring access), None when there is none."""
        name = self.current_profile_name()
        return self.store.find_profile(name) if name else None

    def select(self, name: str) -> bool:
        """Select the profile ``name`` in the combo; False when there is no such profile."""
        combo = self.window.profile_combo
        index = combo.findData(name)
        if index < 0:
            return False
        combo.setCurrentIndex(index)
        return True

    def add_memory_profile(self, profile: Profile, credentials: CloudCredentials) -> None:
        """Add ``profile`` for this process only (never stored); the selection stays."""
        self.store.add_memory_profile(profile, credentials)

    def use_memory_profile(self, profile: Profile, credentials: CloudCredentials) -> None:
        """Add ``profile`` for this process only (never stored) and select it."""
        self.add_memory_profile(profile, credentials)
        self.select(profile.name)

    # -- dialog ------------------------------------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        self.tasks.spawn(coro, name=name, replace=True)

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
        if self.store.session_only and self.banner is None:
            self.banner = SessionOnlyBanner()
            self.window.add_banner(self.banner)
        if self.dialog is not None:
            self.dialog.reload()
        if self.first_run_dialog and not self.store.profiles_now():
            self.open_dialog()
