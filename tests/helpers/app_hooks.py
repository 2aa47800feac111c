"""Questions tests ask the running app that the app itself never needs to ask (moved out of the
production modules so they do not read as live code)."""

from __future__ import annotations

from snapview.core.json_document import format_path
from snapview.ui.inspector import InspectorWidget
from snapview.ui.video.feature import VideoFeature
from snapview.ui.video.inspector_sync import InspectorSync


def current_tile_path(sync: InspectorSync) -> str | None:
    """The inspector path of the grid's current tile, if the inspector shows the page holding it."""
    video: VideoFeature = sync.video
    inspector: InspectorWidget = sync.inspector
    current = video.view.currentIndex()
    document = inspector.document
    found = sync.snapshots()
    if not current.isValid() or document is None or found is None or document.root is not sync.raw:
        return None
    tile = video.model.tile(current.row())
    position = found.position_of(tile.index, tile.url)
    return None if position is None else format_path((*found.path, position))
