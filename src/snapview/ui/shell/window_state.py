"""Remembers the main window between runs: its geometry (size, position, maximized), the layout of
its toolbars and docks, and the zoom level of the grid. Saved to the settings when the window closes,
restored when it is built (geometry, zoom) and when it is first shown (dock layout — by then every
feature has added its docks, and ``restoreState`` only places docks that exist).

Qt's ``saveGeometry``/``saveState`` blobs are stored base64-encoded under ``window_geometry`` and
``window_state``. A ``--screenshot`` run neither restores nor saves (``app.build_window`` does not
make a keeper for it). ``STATE_VERSION`` is bumped when the dock set changes incompatibly, so an old
layout is ignored instead of hiding a new dock.
"""

from __future__ import annotations

import base64
import binascii
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject

from snapview.services.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

    from snapview.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

GEOMETRY_KEY = "window_geometry"
STATE_KEY = "window_state"
ZOOM_KEY = "zoom"
STATE_VERSION = 1


def _encode(data: QByteArray) -> str:
    return base64.b64encode(data.data()).decode("ascii")


def _decode(value: object) -> QByteArray | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return QByteArray(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError):
        return None


def restore_geometry_and_zoom(window: MainWindow, settings: Settings) -> None:
    """The saved size, position and zoom (before the window shows, so it opens where it was)."""
    geometry = _decode(settings.get(GEOMETRY_KEY))
    if geometry is not None and not window.restoreGeometry(geometry):
        log.info("saved window geometry not usable; using the default size")
    zoom = settings.get(ZOOM_KEY)
    # bool is an int too, and a hand-edited file may hold anything: only accept a real number.
    if isinstance(zoom, int | float) and not isinstance(zoom, bool):
        slider = window.zoom_slider
        slider.setValue(max(slider.minimum(), min(slider.maximum(), int(zoom))))


class WindowStateKeeper(QObject):
    """Restores the saved state into one window and saves it back when the window closes."""

    def __init__(self, window: MainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.setObjectName("windowStateKeeper")
        self.window = window
        self.settings = settings
        self._state_restored = False
        if window.isVisible():
            # The launcher showed the shell before the features (and restored its geometry then).
            # A saved layout is restored now: Qt keeps the place of a dock not added yet and
            # puts it there when it is. The default one waits for the docks (once_built).
            self.restore_dock_layout(once_built=True)
        else:
            restore_geometry_and_zoom(window, settings)
        window.installEventFilter(self)
        window.closed.connect(self.save)

    def restore_dock_layout(self, *, once_built: bool = False) -> None:
        self._state_restored = True
        state = _decode(self.settings.get(STATE_KEY))
        if state is not None and self.window.restoreState(state, STATE_VERSION):
            return
        if state is not None:
            log.info("saved dock layout not usable; using the default layout")
        # Imported here, like QEvent below: the launcher's first frame builds no dock layout.
        from snapview.ui.shell.default_layout import (
            apply_default_dock_layout,
            apply_default_dock_layout_once_built,
        )

        if once_built:
            apply_default_dock_layout_once_built(self.window)
        else:
            apply_default_dock_layout(self.window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Imported here: this module is on the launcher's first frame, which makes no ``QEvent``.
        from PySide6.QtCore import QEvent

        if watched is self.window and event.type() == QEvent.Type.Show and not self._state_restored:
            self.restore_dock_layout()
        return False

    def save(self) -> None:
        self.settings.set(GEOMETRY_KEY, _encode(self.window.saveGeometry()))
        self.settings.set(STATE_KEY, _encode(self.window.saveState(STATE_VERSION)))
        self.settings.set(ZOOM_KEY, self.window.zoom_slider.value())
