""" "Load this asset live": from an event opened from a file (or pasted) to the asset's snapshots as
Huawei Cloud lists them now, in the grid.

An event is a snapshot of the past — its URLs may have expired and the asset may have been
snapshotted again since. When a Huawei Cloud profile exists and the event names a media asset, a
bar above the event offers to load that asset live (its button, the File menu's action and the
event list's context menu are the one :class:`QAction`); it asks for the selected profile when that
is a Huawei one, else the first Huawei profile. Triggering it emits ``requested`` with the asset
ID, the profile and the snapshot list to show (the event's ``sample``, or ``dots`` when it has only
those); the app switches the profile and loads the asset (``app.build_window`` wires it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListView, QMenu, QPushButton

from snapview.core.credentials import Profile, Provider
from snapview.core.huawei_events import VodEvent
from snapview.core.huawei_requests import HuaweiInvalidRequest, validate_asset_id
from snapview.services.credentials import CredentialStore
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.tr import tr_format
from snapview.ui.widgets.labels import make_label


def live_asset_id(event: VodEvent | None) -> str | None:
    """The media asset an event names, when it is a real asset ID (32 hexadecimal characters)."""
    asset = event.asset_id if event is not None else None
    if not asset:
        return None
    try:
        return validate_asset_id(asset)
    except HuaweiInvalidRequest:
        return None


def live_kind(event: VodEvent) -> str:
    """The list to show first: the event's interval snapshots, or its time points when it has only
    those."""
    info = event.thumbnail
    return "dots" if info is not None and info.dots and not info.sample else "sample"


class LiveAssetBar(QFrame):
    """The strip above the event view: what would be loaded, with which profile, and the button."""

    def __init__(self, action: QAction) -> None:
        super().__init__()
        self.setObjectName("liveAssetBar")
        self.setStyleSheet(
            "#liveAssetBar { background: #e8f0fe; border-bottom: 1px solid #aecbfa; }"
            " #liveAssetBar QLabel { color: #174ea6; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = make_label(object_name="liveAssetText", wrap=True)
        layout.addWidget(self.label, 1)
        self.button = QPushButton(action.icon(), self.tr("Load this asset live"))
        self.button.setObjectName("liveAssetButton")
        self.button.setToolTip(action.toolTip())
        self.button.clicked.connect(action.trigger)
        layout.addWidget(self.button)


class LiveAsset(QObject):
    """Offers the event on show's asset live; ``requested(asset_id, profile, kind)``."""

    requested = Signal(str, str, str)

    def __init__(
        self,
        window: MainWindow,
        store: CredentialStore,
        current_profile: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.store = store
        self.current_profile = current_profile
        self.shown_event: VodEvent | None = None
        self.action = QAction(self.tr("Load This Asset &Live"), window)
        self.action.setIcon(window.action(ActionId.LOAD).icon())
        self.action.setToolTip(
            self.tr("Load the event's media asset with a Huawei Cloud profile: its snapshots now")
        )
        self.action.triggered.connect(self.trigger)
        window.add_action(ActionId.LOAD_ASSET_LIVE, self.action)
        menu = window.file_menu
        actions = menu.actions()
        after = actions[actions.index(window.action(ActionId.QUIT)) - 1]  # before the separator
        menu.insertAction(after, self.action)
        self.bar = LiveAssetBar(self.action)
        store.add_listener(self.refresh)
        window.profile_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    # -- what can be loaded --------------------------------------------------------------------

    def profile(self) -> Profile | None:
        """The profile to load with: the selected one if it is Huawei's, else the first Huawei one."""
        name = self.current_profile()
        selected = self.store.find_profile(name) if name else None
        if selected is not None and selected.provider is Provider.HUAWEI:
            return selected
        return next((p for p in self.store.profiles_now() if p.provider is Provider.HUAWEI), None)

    def set_event(self, event: VodEvent | None) -> None:
        self.shown_event = event
        self.refresh()

    def refresh(self, _index: int = 0) -> None:
        asset = live_asset_id(self.shown_event)
        profile = self.profile() if asset else None
        available = asset is not None and profile is not None
        self.action.setEnabled(available)
        self.bar.setVisible(available)
        if available and asset is not None and profile is not None:
            self.bar.label.setText(
                tr_format(
                    self.tr(
                        "The event is a record of the past. See the snapshots of asset {asset} as "
                        "Huawei Cloud lists them now, with the profile “{profile}”."
                    ),
                    asset=asset,
                    profile=profile.name,
                )
            )

    def trigger(self) -> None:
        asset = live_asset_id(self.shown_event)
        profile = self.profile()
        if asset is None or profile is None or self.shown_event is None:
            return
        self.requested.emit(asset, profile.name, live_kind(self.shown_event))

    # -- the event list's context menu -----------------------------------------------------------

    def add_to_list(self, view: QListView, select: Callable[[QModelIndex], None]) -> None:
        """Offer the action on the rows of the event list (``select`` makes a row current first)."""
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def menu_at(point: QPoint) -> None:
            index = view.indexAt(point)
            if not index.isValid():
                return
            select(index)
            menu = QMenu(view)
            menu.setObjectName("eventListMenu")
            menu.addAction(self.action)
            menu.popup(view.viewport().mapToGlobal(point))
            self.menu = menu

        view.customContextMenuRequested.connect(menu_at)
