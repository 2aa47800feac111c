"""``snapview --demo``: the local emulator with its in-memory profiles (Alibaba Cloud, selected, and
Huawei Cloud), and its long video opened — unless event files were given on the command line: then
those stay on screen (as without ``--demo``) and the demo video waits in the VideoId field.

With ``--screenshot PATH`` the driver waits for the first viewport to finish and then, for at
most :data:`SETTLE_TIMEOUT_S`, for what is drawn after it (the library's visible covers, the review
status line, the inspector's page: :func:`window_drawn`), saves the window as PNG, prints timings
as JSON on stdout (the smoke test of a packaged build) and closes the window;
:meth:`DemoDriver.screenshot` returns the process exit status.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from snapview.core.snapshots import SnapshotType
from snapview.services.app_services import AppServices
from snapview.ui.grid.tiles import TileState
from snapview.ui.profiles.feature import ProfilesFeature
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.video.feature import VideoFeature

if TYPE_CHECKING:
    from snapview.ui.inspector import InspectorWidget
    from snapview.ui.library.feature import LibraryFeature
    from snapview.ui.review.feature import ReviewFeature

SCREENSHOT_TIMEOUT_S = 60.0
# After the grid: the library's covers and the review line come a moment later. Bounded, so a
# cover server that never answers costs a few seconds and the picture is still taken.
SETTLE_TIMEOUT_S = 15.0
# The screenshot driver polls what a user would see (the grid offers no "viewport done" signal).
_POLL_S = 0.02


def window_drawn(
    library: LibraryFeature, review: ReviewFeature, inspector: InspectorWidget
) -> Callable[[], bool]:
    """Whether the library has listed its first page (or said why not) with every visible cover
    shown or badged, the review status line has its text (its session opens after the first
    page of snapshots) and the inspector shows the page (it goes on show a turn after the first
    viewport): what a picture taken too early shows half-drawn."""

    def drawn() -> bool:
        model = library.model
        if model.loading or (
            model.listing is not None and model.total is None and not model.failed
        ):
            return False
        covers = all(model.cover_settled(row) for row in library.prefetch.visible_rows())
        shown = inspector.document is not None or inspector.error is not None
        return covers and bool(review.status_line.text()) and shown

    return drawn


class DemoDriver(QObject):
    """Starts the demo account and opens ``video_id`` (the emulator's long video by default)."""

    def __init__(
        self,
        window: MainWindow,
        services: AppServices,
        profiles: ProfilesFeature,
        video: VideoFeature,
        video_id: str | None = None,
        load_video: bool = True,
        drawn: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.profiles = profiles
        self.video = video
        self.video_id = video_id
        self.load_video = load_video
        self.drawn = drawn  # what else the picture waits for (see window_drawn)

    async def start(self) -> None:
        # The emulator's modules load only for --demo.
        from snapview.services.demo_account import start_demo_account

        self.video.ensure_grid()
        if self.load_video:  # else what the events view says stays in the status bar
            self.window.show_status(self.tr("Starting the local VOD emulator…"))
        account = await start_demo_account()
        self.services.add_closer("demo emulator", account.emulator.stop)
        self.profiles.use_memory_profile(account.profile, account.credentials)
        # The emulator's Huawei Cloud side too; the Alibaba demo stays selected.
        self.profiles.add_memory_profile(account.huawei_profile, account.huawei_credentials)
        video_id = self.video_id or account.video_id
        self.window.video_edit.setText(video_id)
        type_combo = self.window.type_combo
        type_combo.setCurrentIndex(max(0, type_combo.findData(SnapshotType.NORMAL.value)))
        if self.load_video:  # else the event files given on the command line stay on screen
            self.video.load(video_id, SnapshotType.NORMAL)

    async def screenshot(self, path: str, process_started: float) -> int:
        """Wait for the first viewport, save the window as PNG, print timings as JSON, close.
        Returns the exit status: 0, or 1 when the demo showed an error or timed out."""
        video = self.video
        # The first frame (the launcher's shell) and the first event-loop turn with every feature
        # built; a window built whole (tests) has only the second.
        ready_at = video.shown_at or time.time()
        shown_at = self.window.first_shown_at or ready_at
        deadline = time.perf_counter() + SCREENSHOT_TIMEOUT_S
        code = 0
        try:
            await self.start()
            while not self._viewport_done() and video.stack.currentWidget() is not video.messages:
                if time.perf_counter() > deadline:
                    raise TimeoutError
                await asyncio.sleep(_POLL_S)
            viewport_at = time.perf_counter()
            settle_by = viewport_at + SETTLE_TIMEOUT_S
            while not self.drawn():
                if time.perf_counter() > settle_by:
                    break  # the picture anyway; "settled": false says what it is
                await asyncio.sleep(_POLL_S)
            settled = self.drawn()
            visible = video.view.visible_rows()
            self.window.grab().save(path, "PNG")
            states = [video.model.tile(r).state for r in visible]
            pipeline = video.pipeline
            result: dict[str, object] = {
                "process_start_to_window_ms": round((shown_at - process_started) * 1000, 1),
                "process_start_to_ready_ms": round((ready_at - process_started) * 1000, 1),
                "process_cpu_to_window_ms": round(self.window.first_shown_cpu * 1000, 1),
                "to_first_page_ms": round((video.first_page_at - video.load_started_at) * 1000, 1)
                if video.first_page_at
                else None,
                "to_first_viewport_ms": round((viewport_at - video.load_started_at) * 1000, 1),
                "tiles": len(visible),
                "loaded": states.count(TileState.LOADED),
                "failed": states.count(TileState.FAILED),
                "image_requests": pipeline.stats.requests_started if pipeline is not None else 0,
                "page_requests": video.model.page_requests,
                "settled": settled,  # False: taken after SETTLE_TIMEOUT_S with something missing
                "screenshot": path,
            }
            if video.stack.currentWidget() is video.messages:
                result["error"] = video.messages.title.text()
                code = 1
            print(json.dumps(result), flush=True)
        except TimeoutError:
            print(json.dumps({"error": "timeout", "timeout_s": SCREENSHOT_TIMEOUT_S}), flush=True)
            print("snapview: the first viewport did not finish loading in time", file=sys.stderr)
            code = 1
        except Exception as exc:  # the smoke test reports any failure as a status, not a traceback
            print(f"snapview: demo failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            code = 1
        QTimer.singleShot(0, self.window.close)
        return code

    def _viewport_done(self) -> bool:
        model, view = self.video.model, self.video.view
        visible = view.visible_rows()
        return (
            model.total is not None
            and len(visible) > 0
            and not model.hold
            and model.final_rows(visible)
        )
