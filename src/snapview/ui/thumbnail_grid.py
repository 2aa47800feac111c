"""The names the rest of the app imported from the grid before it became :mod:`snapview.ui.grid`.

Kept until arch-wiring lands: the video feature, the preview and the inspector sync import these
from here. New code imports from the ``snapview.ui.grid`` modules.
"""

from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.grid.tiles import PREVIEW_KEY_PREFIX, Cell, Tile, TileState, format_time_ms
from snapview.ui.grid.view import ThumbnailGridView

__all__ = [
    "PREVIEW_KEY_PREFIX",
    "Cell",
    "SnapshotGridModel",
    "ThumbnailGridView",
    "Tile",
    "TileState",
    "format_time_ms",
]
