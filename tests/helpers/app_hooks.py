"""Questions tests ask the running app that the app itself never needs to ask (moved out of the
production modules so they do not read as live code)."""

from __future__ import annotations

from snapview.core.json_document import format_path
from snapview.ui.inspector import InspectorWidget
from snapview.ui.video.feature import VideoFeature
from snapview.ui.video.inspector_sync import SNAPSHOT_LIST, position_in_page


def current_tile_path(inspector: InspectorWidget, video: VideoFeature) -> str | None:
    """The inspector path of the grid's current tile, if the inspector shows the page holding it."""
    current = video.view.currentIndex()
    document = inspector.document
    if not current.isValid() or document is None:
        return None
    tile = video.model.tile(current.row())
    position = position_in_page(document.root, tile.index, tile.url)
    return None if position is None else format_path((*SNAPSHOT_LIST, position))
