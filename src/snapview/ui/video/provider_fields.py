"""The toolbar's video field and snapshot-type combo follow the cloud of the selected profile.

An Alibaba Cloud profile loads VideoIds with Alibaba's snapshot types (covers, snapshots, sprite
sheets, sprite cells, WebVTT); a Huawei Cloud profile loads media asset IDs with Huawei's snapshot
lists — interval snapshots (``sample``), time-point snapshots (``dots``) and evenly spaced snapshots
(``quantity``). Switching the profile swaps the combo's items and the field's placeholder and
tooltip; the type last chosen for each cloud comes back when the user switches back. The text in
the field stays: it may be an ID the user is about to load with the other profile.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QComboBox

from snapview.core.credentials import Profile, Provider
from snapview.core.snapshots import HuaweiSnapshotKind, SnapshotType
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.main_window import SNAPSHOT_TYPES, MainWindow, snapshot_type_label

HUAWEI_KINDS = tuple(kind.value for kind in HuaweiSnapshotKind)
DEFAULT_TYPE = {Provider.ALIYUN: SnapshotType.NORMAL.value, Provider.HUAWEI: HUAWEI_KINDS[0]}


def snapshot_kind_label(kind: str) -> str:
    """The combo's words for a Huawei snapshot list (the console's names, with the API's)."""
    labels = {
        "sample": QCoreApplication.translate("SnapshotKind", "Interval (sample)"),
        "dots": QCoreApplication.translate("SnapshotKind", "Time points (dots)"),
        "quantity": QCoreApplication.translate("SnapshotKind", "Evenly spaced (quantity)"),
    }
    return labels.get(kind, kind)


def snapshot_list_label(provider: Provider, snapshot_type: str) -> str:
    """The words for what is loaded: an Alibaba snapshot type or a Huawei snapshot list."""
    if provider is Provider.HUAWEI:
        return snapshot_kind_label(snapshot_type)
    return snapshot_type_label(snapshot_type)


class ProviderFields(QObject):
    """Keeps the video field and the type combo in the words of the selected profile's cloud.

    ``current_profile`` gives the selected profile (None without one: the Alibaba fields, as
    before any profile exists). Call :meth:`update` when the selection or the profiles change.
    """

    provider_changed = Signal(str)

    def __init__(self, window: MainWindow, current_profile: Callable[[], Profile | None]) -> None:
        super().__init__(window)
        self.window = window
        self.current_profile = current_profile
        self.provider = Provider.ALIYUN
        self._chosen: dict[Provider, str] = dict(DEFAULT_TYPE)
        window.type_combo.activated.connect(self._remember_choice)
        # The two clouds' items differ in length: the combo follows them, not the first set.
        window.type_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill(self.provider)

    def update(self) -> None:
        profile = self.current_profile()
        provider = profile.provider if profile is not None else Provider.ALIYUN
        if provider is self.provider:
            return
        self._remember_choice()
        self.provider = provider
        self._fill(provider)
        self.provider_changed.emit(provider.value)

    def select_type(self, snapshot_type: str) -> None:
        """Choose ``snapshot_type`` in the combo (one of the current cloud's)."""
        combo = self.window.type_combo
        index = combo.findData(snapshot_type)
        if index >= 0:
            combo.setCurrentIndex(index)
            self._remember_choice()

    def _remember_choice(self, _index: int = 0) -> None:
        data = self.window.type_combo.currentData()
        if data in self._types(self.provider):
            self._chosen[self.provider] = str(data)

    @staticmethod
    def _types(provider: Provider) -> tuple[str, ...]:
        return HUAWEI_KINDS if provider is Provider.HUAWEI else SNAPSHOT_TYPES

    def _fill(self, provider: Provider) -> None:
        window = self.window
        combo = window.type_combo
        combo.blockSignals(True)
        combo.clear()
        for name in self._types(provider):
            combo.addItem(snapshot_list_label(provider, name), name)
        combo.setCurrentIndex(max(0, combo.findData(self._chosen[provider])))
        combo.blockSignals(False)
        load = window.action(ActionId.LOAD)
        if provider is Provider.HUAWEI:
            window.video_edit.setPlaceholderText(self.tr("Media asset ID — paste one or several"))
            window.video_edit.setToolTip(
                self.tr("Huawei Cloud VOD media asset IDs (32 hexadecimal characters)")
            )
            combo.setToolTip(self.tr("Which snapshots of the asset to show"))
            tip = self.tr("Load the snapshots of the media asset")
        else:
            window.video_edit.setPlaceholderText(
                QCoreApplication.translate("MainWindow", "VideoId — paste one or several")
            )
            window.video_edit.setToolTip("")
            combo.setToolTip(self.tr("Which snapshots of the video to show"))
            tip = QCoreApplication.translate("MainWindow", "Load the snapshots of the VideoId")
        load.setToolTip(tip)
        load.setStatusTip(tip)
