"""The frames view of a video: WebVTT cues, or the cells of its sprite sheets split into tiles,
each with its time (:mod:`snapview.services.frames` lists them). Announced like a grid page, so
the job bar and the inspector follow this video too."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from snapview.core.snapshots import SnapshotType
from snapview.services.snapshot_listing import SnapshotListing
from snapview.ui.grid.tiles import Cell

if TYPE_CHECKING:
    from snapview.services.vod_client import VodClient
    from snapview.ui.video.feature import VideoFeature


class VideoFrames(QObject):
    """Opens the frames of the feature's current video in its grid."""

    def __init__(self, feature: VideoFeature) -> None:
        super().__init__(feature)
        self.feature = feature

    async def open(self, video_id: str, client: VodClient, sheets: SnapshotListing | None) -> None:
        """``sheets`` is the sprite-sheet pager when splitting sprites, ``None`` for WebVTT."""
        from snapview.services.frames import list_frames  # with httpx: not before the window shows

        feature = self.feature
        window = feature.window
        feature.show_grid()
        feature.model.page_requests = 0
        vtt = client.pager(video_id, SnapshotType.WEBVTT)
        try:
            frame_list = await list_frames(vtt, sheets, feature.services.http.get())
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            window.page_progress.hide()
            feature.page_failed(1, exc)
            return
        window.page_progress.hide()
        page = frame_list.first_page
        if page is not None:
            cells = [
                Cell(f.url, f.region, f.start_ms, f.end_ms, f.sheet_index)
                for f in frame_list.frames
            ]
            feature.model.set_cells(cells, sheets, page)
            # Announced like a grid page, so the job bar and the inspector both follow this video.
            feature.model.first_page_loaded.emit(page)
            feature.status.add_frame_count(len(cells))
        feature.view.refocus()
