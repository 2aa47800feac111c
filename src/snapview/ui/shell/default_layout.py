"""The dock layout of a fresh window (no saved layout, or one Qt could not use): widths shared out
so the snapshot grid, the work surface, shows at least three columns of tiles at the default zoom,
with the library beside it still showing title, status and duration, and the inspector at its
minimum usable width. A saved layout always wins (:mod:`.window_state` applies it instead).

The widths are a share of the window, computed once when it is first shown at its real size
(``resizeDocks`` before that is undone by the first layout). On a window too small for three
columns the grid gets what is left, never less than the central widget's minimum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from snapview.ui.shell.main_window import INSPECTOR_MIN_WIDTH, ZOOM_DEFAULT

if TYPE_CHECKING:
    from snapview.ui.shell.main_window import MainWindow

GRID_COLUMNS = 3
TILE_MARGIN = 4  # the delegate's margin on each side of a tile (grid/delegate.py)
# The grid's scroll bar, frames and the central layout's margins around the tiles.
GRID_CHROME = 40
LIBRARY_MIN_WIDTH, LIBRARY_MAX_WIDTH = 300, 520
INSPECTOR_SHARE, INSPECTOR_MAX_WIDTH = 0.18, 380
SEPARATORS = 12  # the two dock separators and the window frame


class DockWidths(NamedTuple):
    library: int
    inspector: int


def default_dock_widths(window_width: int) -> DockWidths:
    """The inspector takes its share (at least its minimum), the grid room for three default
    tiles, the library the rest (within its bounds: below its minimum it would hide its status
    and duration, the grid gives way instead)."""
    inspector = max(
        INSPECTOR_MIN_WIDTH, min(INSPECTOR_MAX_WIDTH, round(window_width * INSPECTOR_SHARE))
    )
    grid = GRID_COLUMNS * (ZOOM_DEFAULT + 2 * TILE_MARGIN) + GRID_CHROME
    library = window_width - inspector - grid - SEPARATORS
    return DockWidths(max(LIBRARY_MIN_WIDTH, min(LIBRARY_MAX_WIDTH, library)), inspector)


def apply_default_dock_layout(window: MainWindow) -> None:
    """Size the docks of a fresh layout for the window's current width: the library and the
    inspector, where they are docked and not closed."""
    widths = default_dock_widths(window.width())
    library = window.findChild(QDockWidget, "libraryDock")
    docks: list[QDockWidget] = []
    sizes: list[int] = []
    for dock, width in ((library, widths.library), (window.inspector_dock, widths.inspector)):
        if dock is not None and not dock.isHidden() and not dock.isFloating():
            docks.append(dock)
            sizes.append(width)
    if docks:
        window.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)


def apply_default_dock_layout_once_built(window: MainWindow) -> None:
    """The same for a window already on screen whose features are still being built (the
    launcher's shell): once they are (``features_built``) and the event loop has turned, so
    their docks exist and have had their first layout (which undoes sizes given before it)."""

    def built() -> None:
        window.features_built.disconnect(built)
        QTimer.singleShot(0, window, lambda: apply_default_dock_layout(window))

    window.features_built.connect(built)


class DefaultLayoutOnShow(QObject):
    """For a window whose layout is never restored (a ``--screenshot`` run): the default layout
    once the features are built if the window is already on screen (the launcher's shell), else
    once it is first shown at its size."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        if window.isVisible():  # the launcher's shell, shown before the features were built
            apply_default_dock_layout_once_built(window)
        else:
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            apply_default_dock_layout(self.window)
        return False
