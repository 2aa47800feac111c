"""Session continuity: the video list of the last run, the video on show in it, its snapshot type
and the selected snapshot are saved under ``last_session`` and restored when snapview starts
again, so a reviewer who closed the window mid-list carries on where they were.

Saved at each load (a crash keeps the list) and when the window closes (the selection). Restored
only on a plain start (not for ``--video``, ``--demo`` or ``--screenshot``) and once a profile is
selected: a start without one keeps the list in the VideoId field for a later Load.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from snapview.core.goto_target import GoToTarget
from snapview.core.snapshots import SnapshotPage
from snapview.core.video_ids import parse_video_ids

if TYPE_CHECKING:
    from snapview.services.settings import Settings
    from snapview.ui.video.feature import VideoFeature

log = logging.getLogger(__name__)

SESSION_KEY = "last_session"
MAX_VIDEOS = 500  # a pasted list longer than this is not worth restoring whole


class VideoSession(QObject):
    def __init__(self, video: VideoFeature, settings: Settings) -> None:
        super().__init__(video)
        self.video = video
        self.settings = settings
        self._select_index: int | None = None  # the snapshot to select once the restored page is in
        self._waiting_for_profile = False
        video.load_started.connect(self._loaded)
        video.window.closed.connect(self.save)
        video.model.first_page_loaded.connect(self._first_page)

    # -- saving --

    def state(self) -> dict[str, Any] | None:
        video = self.video
        if not video.videos:
            return None
        current = video.view.currentIndex()
        selected = video.model.tile(current.row()).index if current.isValid() else None
        return {
            "videos": video.videos[:MAX_VIDEOS],
            "position": min(video.position, MAX_VIDEOS - 1),
            "snapshot_type": video.snapshot_type,
            "selected": selected,
        }

    def save(self) -> None:
        state = self.state()
        if state is not None:
            self.settings.set(SESSION_KEY, state)

    def _loaded(self, _video_id: str) -> None:
        self.save()

    # -- restoring --

    def restore(self) -> bool:
        """Put the last session back: the list in the field, and its video loaded (now, or when
        a profile is selected). False when nothing usable was saved."""
        saved = self.settings.get(SESSION_KEY)
        if not isinstance(saved, dict):
            return False
        raw = saved.get("videos")
        videos = (
            parse_video_ids(" ".join(v for v in raw if isinstance(v, str)))
            if isinstance(raw, list)
            else []
        )
        if not videos:
            return False
        position = saved.get("position")
        position = position if isinstance(position, int) and not isinstance(position, bool) else 0
        selected = saved.get("selected")
        self._select_index = selected if isinstance(selected, int) and selected > 0 else None
        video = self.video
        window = video.window
        window.video_edit.setText(" ".join(videos))
        kind = saved.get("snapshot_type")
        if isinstance(kind, str):
            found = window.type_combo.findData(kind)
            if found >= 0:
                window.type_combo.setCurrentIndex(found)
        video.videos = videos
        video.position = max(0, min(len(videos) - 1, position))
        video.snapshot_type = str(window.type_combo.currentData() or video.snapshot_type)
        # A profile the combo names but the store does not hold (yet) would only fail the load.
        if video.current_profile_record() is not None:
            video.open_current()
        else:
            self._waiting_for_profile = True
            # The combo is refilled with its signals blocked: the store's change is the cue too.
            window.profile_combo.currentIndexChanged.connect(self._profile_chosen)
            video.services.credentials.add_listener(self._profile_chosen)
            video._update_position()
        return True

    def _profile_chosen(self, *_args: object) -> None:
        if not self._waiting_for_profile or self.video.current_profile_record() is None:
            return
        self._waiting_for_profile = False  # the store keeps its listener; this one is spent
        self.video.window.profile_combo.currentIndexChanged.disconnect(self._profile_chosen)
        if self.video.videos:
            self.video.open_current()

    def _first_page(self, _page: SnapshotPage) -> None:
        index, self._select_index = self._select_index, None
        if index is None:
            return
        row = self.video.navigation.row_of(GoToTarget(index=index))
        if row is not None:
            self.video.view.select_row(row)
