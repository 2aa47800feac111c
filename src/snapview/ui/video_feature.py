"""The main-window flow for Alibaba Cloud VOD videos: VideoIds in, a thumbnail grid out.

On ``load_requested`` the pasted text becomes a list of VideoIds to step through (Previous/Next
video, "video 2 of 5"); the selected profile's credentials open one ``VodClient`` per profile
(closed on quit), the first ListSnapshots page shows the job (JobId, CreationTime, Total), and every
error lands in the central area in words a QA reviewer can act on: still processing (Retry), video
not found, or a credentials problem (Profiles…). ``snapview --demo`` starts the local emulator in its
own process with an in-memory demo profile, and ``--demo --screenshot PATH`` waits for the first
viewport, saves the window and prints timings as JSON (the smoke test of a packaged build).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from snapview.core.credentials import AliyunCredentials, Profile
from snapview.core.i18n import Message
from snapview.ui.main_window import MainWindow
from snapview.ui.text import tr_message
from snapview.ui.thumbnail_grid import SnapshotGridModel, ThumbnailGridView

if TYPE_CHECKING:
    from snapview.ui.thumbnail_grid import Cell

log = logging.getLogger("snapview.video")

RECENT_KEY = "recent_videos"
RECENT_MAX = 30
DEMO_PROFILE_NAME = "Demo (local emulator)"
SCREENSHOT_TIMEOUT_S = 60.0
PIPELINE_MEMORY_BYTES = 64 * 2**20
_SPLIT = re.compile(r"[\s,;，；]+")


def parse_video_ids(text: str) -> list[str]:
    """VideoIds from pasted text (spaces, commas, semicolons, newlines), in order, without repeats."""
    seen: list[str] = []
    for token in _SPLIT.split(text.strip()):
        token = token.strip().strip("\"'")
        if token and token not in seen:
            seen.append(token)
    return seen


class MessagePanel(QWidget):
    """The central area's calm or alarming message, with Retry and Profiles… where they help."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoMessagePanel")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.title = QLabel()
        self.title.setObjectName("videoMessageTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.body = QLabel()
        self.body.setObjectName("videoMessageBody")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.body)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setObjectName("videoRetryButton")
        buttons.addWidget(self.retry_button)
        self.profiles_button = QPushButton(self.tr("Profiles…"))
        self.profiles_button.setObjectName("videoProfilesButton")
        buttons.addWidget(self.profiles_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def show_message(
        self, title: str, body: str, *, kind: str, retry: bool, profiles: bool
    ) -> None:
        self.setProperty("kind", kind)
        colour = {"error": "#b3261e", "waiting": "#6d5e0f"}.get(kind, "")
        self.title.setStyleSheet(f"color: {colour};" if colour else "")
        self.title.setText(title)
        self.body.setText(body)
        self.retry_button.setVisible(retry)
        self.profiles_button.setVisible(profiles)


class VideoFeature(QObject):
    """Owns the grid, the load flow, the video list and (in demo mode) the emulator process."""

    def __init__(self, window: MainWindow, services: Any, args: argparse.Namespace) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.args = args
        self.videos: list[str] = []
        self.position = 0
        self.snapshot_type = "NormalSnapshot"
        self._clients: dict[str, Any] = {}
        self._memory_profiles: dict[str, tuple[Profile, AliyunCredentials]] = {}
        self.pager: Any = None
        self.client: Any = None
        self.load_started_at = 0.0
        self.first_page_at = 0.0
        self.emulator: Any = None
        self.preview: Any = None
        self.shown_at = 0.0
        self.pipeline: Any = None  # see ensure_grid()
        self.model = SnapshotGridModel(None, self)
        # Closers run in reverse order: the grid's page fetches stop before the pipeline closes.
        services.add_closer("thumbnail grid", self.model.aclose)
        self.view = ThumbnailGridView(self.model)
        self.view.set_zoom(window.zoom_slider.value())
        self.messages = MessagePanel()
        self.stack = QStackedWidget()
        self.stack.setObjectName("videoArea")
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.messages)
        self._build_actions()
        self._build_completer()
        window.load_requested.connect(self.load)
        window.zoom_changed.connect(self.view.set_zoom)
        self.view.zoom_requested.connect(window.zoom_slider.setValue)
        self.view.status_text.connect(window.show_status)
        self.view.preview_requested.connect(self.open_preview)
        self.model.first_page_loaded.connect(self._on_first_page)
        self.model.page_failed.connect(self._on_page_failed)
        self.model.stats_changed.connect(self._update_status)
        self.messages.retry_button.clicked.connect(self.retry)
        self.messages.profiles_button.clicked.connect(window.action_map["profiles"].trigger)
        profiles_model = services.extras.get("profiles_model")
        if profiles_model is not None:
            # An edited profile (new secret, region, endpoint) gets a new client on the next load;
            # the old one stays open for the grid still using it and is closed at quit.
            profiles_model.profiles_changed.connect(lambda *_: self._clients.clear())
        # The image pipeline with httpx and its TLS trust store costs ~200 ms: made right after the
        # window shows, or by the first load, whichever comes first.
        QTimer.singleShot(0, self._note_shown)  # the first event-loop turn: the window is on screen
        QTimer.singleShot(0, self.ensure_grid)

    def _note_shown(self) -> None:
        self.shown_at = time.time()

    def ensure_grid(self) -> None:
        """Give the grid its image pipeline (once)."""
        if self.pipeline is None:
            self.pipeline = self._make_pipeline()
            self.model.set_pipeline(self.pipeline)

    # -- construction ---------------------------------------------------------------------------

    def _make_pipeline(self) -> Any:
        from snapview.services.images import ImagePipeline

        existing = self.services.extras.get("image_pipeline")
        if isinstance(existing, ImagePipeline):
            existing.url_refresher = self._refresh_url  # the grid knows how to get a fresh link
            return existing
        from snapview.paths import cache_dir

        # Decoded tiles are cheap to fetch again from the disk cache; the grid keeps its own pixmaps
        # too, so a modest memory cache keeps a 10,000-tile scroll flat in memory.
        pipeline = ImagePipeline(
            disk_cache_dir=cache_dir() / "images",
            url_refresher=self._refresh_url,
            memory_bytes=PIPELINE_MEMORY_BYTES,
        )
        self.services.extras["image_pipeline"] = pipeline
        self.services.add_closer("image pipeline", pipeline.aclose)
        return pipeline

    async def _refresh_url(self, key: Any, old_url: str) -> str | None:
        try:
            return await self.model.refresh_url_for_key(str(key), old_url)
        except Exception as exc:  # a failed refresh leaves the tile failed with its reason
            log.info("refreshing an expired link failed: %s", type(exc).__name__)
            return None

    def _build_actions(self) -> None:
        window = self.window
        prev_action = QAction(self.tr("&Previous Video"), window)
        prev_action.setObjectName("action_previous_video")
        prev_action.setShortcut(QKeySequence("Alt+PgUp"))
        prev_action.setToolTip(self.tr("Previous video of the pasted list (Alt+PgUp)"))
        prev_action.triggered.connect(lambda: self.step(-1))
        next_action = QAction(self.tr("&Next Video"), window)
        next_action.setObjectName("action_next_video")
        next_action.setShortcut(QKeySequence("Alt+PgDown"))
        next_action.setToolTip(self.tr("Next video of the pasted list (Alt+PgDown)"))
        next_action.triggered.connect(lambda: self.step(1))
        window.action_map["previous_video"] = prev_action
        window.action_map["next_video"] = next_action
        split_action = QAction(self.tr("Split &Frames"), window)
        split_action.setObjectName("action_split_frames")
        split_action.setCheckable(True)
        split_action.setToolTip(
            self.tr("Show each cell of the sprite sheets as its own tile, with its time")
        )
        split_action.toggled.connect(self._on_split_toggled)
        window.action_map["split_frames"] = split_action
        self.position_label = QLabel()
        self.position_label.setObjectName("videoPositionLabel")
        self.position_label.setContentsMargins(6, 0, 6, 0)
        load_action = window.action_map["load"]
        window.toolbar.insertAction(load_action, prev_action)
        window.toolbar.insertAction(load_action, next_action)
        self._position_action = window.toolbar.insertWidget(load_action, self.position_label)
        window.view_menu.addSeparator()
        window.view_menu.addAction(prev_action)
        window.view_menu.addAction(next_action)
        window.view_menu.addAction(split_action)
        window.toolbar.insertAction(load_action, split_action)
        self._update_position()

    def _build_completer(self) -> None:
        self.recent_model = QStringListModel(self._recent(), self)
        completer = QCompleter(self.recent_model, self.window.video_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.window.video_edit.setCompleter(completer)

    def _recent(self) -> list[str]:
        value = self.services.settings.get(RECENT_KEY, [])
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def _remember(self, video_id: str) -> None:
        recent = [video_id] + [v for v in self._recent() if v != video_id]
        self.services.settings.set(RECENT_KEY, recent[:RECENT_MAX])
        self.recent_model.setStringList(recent[:RECENT_MAX])

    # -- the flow -------------------------------------------------------------------------------

    def load(self, text: str, snapshot_type: str) -> None:
        self.ensure_grid()
        videos = parse_video_ids(text)
        if not videos:
            self.show_message(
                self.tr("No VideoId"), self.tr("Enter or paste one or more VideoIds."), kind="error"
            )
            return
        self.videos = videos
        self.position = 0
        self.snapshot_type = snapshot_type or "NormalSnapshot"
        self.open_current()

    def step(self, delta: int) -> None:
        target = self.position + delta
        if 0 <= target < len(self.videos):
            self.position = target
            self.open_current()

    def retry(self) -> None:
        if self.videos:
            self.open_current()

    def open_current(self) -> None:
        self._update_position()
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # only a bare widget test runs the window without the app's loop
            log.info("no running event loop; %s not loaded", self.videos[self.position])
            return
        self.services.tasks.spawn(
            self._open(self.videos[self.position]), name="video-open", replace=True
        )

    async def _open(self, video_id: str) -> None:
        window = self.window
        self.model.clear()
        window.set_job_info(None)
        window.show_status(self.tr("Loading {video}…").replace("{video}", video_id))
        window.page_progress.show()
        self.load_started_at = time.perf_counter()
        self.first_page_at = 0.0
        try:
            client = await self._client()
        except Exception as exc:
            window.page_progress.hide()
            self._show_credentials_problem(exc)
            return
        if client is None:
            window.page_progress.hide()
            self.show_message(
                self.tr("No profile selected"),
                self.tr("Add a cloud account under Profiles… and select it, then load again."),
                kind="error",
                profiles=True,
            )
            return
        try:
            self.pager = client.pager(video_id, self.snapshot_type)
        except Exception as exc:  # an invalid VideoId: say what is wrong with it
            window.page_progress.hide()
            self.show_message(self.tr("Not a valid VideoId"), _error_text(exc), kind="error")
            return
        self.client = client
        split = self.window.action_map["split_frames"]
        split.setEnabled(self.snapshot_type == "SpriteSnapshot")
        if self.snapshot_type == "WebVttSnapshot" or (
            self.snapshot_type == "SpriteSnapshot" and split.isChecked()
        ):
            await self._open_cells(video_id)
            return
        self.model.set_pager(self.pager)
        self.stack.setCurrentWidget(self.view)
        window.set_grid_widget(self.stack)
        self.model.fetchMore(QModelIndex())

    def _on_split_toggled(self, checked: bool) -> None:
        if self.videos and self.snapshot_type == "SpriteSnapshot":
            self.open_current()

    async def _open_cells(self, video_id: str) -> None:
        """Frames as tiles: the WebVTT cues (times, ``#xywh`` regions) or the sprite geometry."""
        window = self.window
        self.stack.setCurrentWidget(self.view)
        window.set_grid_widget(self.stack)
        self.model.page_requests = 0
        try:
            cells, first_page = await self._cells(video_id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            window.page_progress.hide()
            self._on_page_failed(1, exc)
            return
        window.page_progress.hide()
        if first_page is not None:
            self.model.set_cells(
                cells, self.pager if self.snapshot_type == "SpriteSnapshot" else None, first_page
            )
            # Announced like a grid page, so the job bar and the inspector both follow this video.
            self.model.first_page_loaded.emit(first_page)
            window.set_job_info(
                window.job_label.text()
                + "   ·   "
                + self.tr("{n} frames").replace("{n}", f"{len(cells):,}")
            )
        self.view.refocus()

    async def _cells(self, video_id: str) -> tuple[list[Cell], Any]:
        import httpx

        from snapview.core.webvtt import parse_webvtt
        from snapview.ui.thumbnail_grid import Cell

        vtt_pager = self.client.pager(video_id, "WebVttSnapshot")
        vtt_snaps = await vtt_pager.all_snapshots()
        first_page = vtt_pager.cached(1)
        sheets: list[Any] = []
        sheet_page = None
        if self.snapshot_type == "SpriteSnapshot":
            sheets = await self.pager.all_snapshots()
            sheet_page = self.pager.cached(1)
        if vtt_snaps:
            async with httpx.AsyncClient(
                timeout=httpx.Timeout(20.0, connect=5.0), follow_redirects=True
            ) as http:
                response = await http.get(vtt_snaps[0].url)
                response.raise_for_status()
            track = parse_webvtt(response.text, base_url=vtt_snaps[0].url)
            sheet_index = {s.url.split("?", 1)[0]: s.index for s in sheets}
            cells = [
                Cell(
                    url=cue.image_url,
                    region=cue.region.to_pixels(0, 0) if cue.region else None,
                    start_ms=cue.start_ms,
                    end_ms=cue.end_ms,
                    sheet_index=sheet_index.get(cue.image_url.split("?", 1)[0]),
                )
                for cue in track.cues
            ]
            return cells, sheet_page or first_page
        if not sheets:
            return [], sheet_page or first_page
        return await self._cells_from_geometry(sheets), sheet_page

    async def _cells_from_geometry(self, sheets: list[Any]) -> list[Cell]:
        """Without a WebVTT track: the sheet's size gives the grid (``core.sprites.infer_grid``)."""
        import httpx
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtGui import QImageReader

        from snapview.core.sprites import infer_grid
        from snapview.ui.thumbnail_grid import Cell

        async with httpx.AsyncClient(
            timeout=httpx.Timeout(20.0, connect=5.0), follow_redirects=True
        ) as http:
            response = await http.get(sheets[0].url)
            response.raise_for_status()
        buffer = QBuffer()
        buffer.setData(QByteArray(response.content))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        size = QImageReader(buffer).size()
        layout = infer_grid(size.width(), size.height())
        if layout is None:
            return [Cell(url=s.url, sheet_index=s.index) for s in sheets]
        return [
            Cell(url=s.url, region=rect.as_tuple(), sheet_index=s.index)
            for s in sheets
            for rect in layout.cells(layout.cells_per_sheet)
        ]

    async def _client(self) -> Any:
        name = self.window.profile_combo.currentData()
        if not name:
            return None
        name = str(name)
        if name in self._clients:
            return self._clients[name]
        if name in self._memory_profiles:
            profile, creds = self._memory_profiles[name]
        else:
            store = self.services.extras.get("credentials")
            if store is None:
                return None
            profile, creds = await store.credentials(name)
        kwargs: dict[str, Any] = {"region": profile.region, "signature": profile.signature_version}
        if profile.endpoint:
            kwargs["endpoint"] = profile.endpoint
        # Building the client loads the TLS trust store (~70 ms): not on the GUI thread.
        client = await asyncio.get_running_loop().run_in_executor(
            None, lambda: _make_client(creds, kwargs)
        )
        if name in self._clients:  # another load made one meanwhile
            await client.aclose()
            return self._clients[name]
        self._clients[name] = client
        closer = getattr(client, "aclose", None) or getattr(client, "close", None)
        if closer is not None:
            self.services.add_closer(f"VOD client {name}", closer)
        return client

    def _on_first_page(self, page: Any) -> None:
        self.first_page_at = time.perf_counter()
        video_id = self.videos[self.position] if self.videos else ""
        total = int(getattr(page, "total", 0) or 0)
        parts = [
            self.tr("Video {video}").replace("{video}", video_id),
            self.tr("Job {job}").replace("{job}", str(getattr(page, "job_id", "") or "—")),
            self.tr("Created {time}").replace(
                "{time}", str(getattr(page, "creation_time", "") or "—")
            ),
            self.tr("Total {total}").replace("{total}", f"{total:,}"),
        ]
        self.window.set_job_info("   ·   ".join(parts))
        if video_id:
            self._remember(video_id)
        if total == 0:
            self.show_message(
                self.tr("No snapshots"),
                self.tr("The latest snapshot job of this video has no {type}.").replace(
                    "{type}", self.snapshot_type
                ),
                kind="info",
                retry=True,
            )
        else:
            self.stack.setCurrentWidget(self.view)
        self.window.show_status(self.tr("Loaded the first page"))
        self._update_status()

    def _on_page_failed(self, page_no: int, error: BaseException) -> None:
        if page_no != 1 or self.model.total is not None:
            self.window.show_status(
                self.tr("Page {page} failed: {reason}")
                .replace("{page}", str(page_no))
                .replace("{reason}", _error_text(error))
            )
            return
        self.window.page_progress.hide()
        error_class = str(getattr(getattr(error, "error_class", None), "name", "") or "")
        text = _error_text(error)
        video_id = self.videos[self.position] if self.videos else ""
        if error_class == "NOT_READY":
            self.show_message(
                self.tr("Still processing"),
                self.tr(
                    "The video {video} is still being processed; its snapshots are listed "
                    "once processing has finished."
                ).replace("{video}", video_id)
                + "\n"
                + text,
                kind="waiting",
                retry=True,
            )
        elif error_class == "NOT_FOUND":
            self.show_message(
                self.tr("The video does not exist"),
                self.tr("No video with the VideoId {video} in this account and region.").replace(
                    "{video}", video_id
                )
                + "\n"
                + text,
                kind="error",
            )
        elif error_class in ("CREDENTIALS", "PERMISSION", "ACCOUNT"):
            self.show_message(
                self.tr("The cloud account was refused"),
                text + "\n" + self.tr("Check the profile under Profiles…"),
                kind="error",
                profiles=True,
                retry=True,
            )
        else:
            self.show_message(
                self.tr("The snapshots could not be loaded"), text, kind="error", retry=True
            )

    def _show_credentials_problem(self, exc: BaseException) -> None:
        self.show_message(
            self.tr("The profile's keys are not available"),
            _error_text(exc) + "\n" + self.tr("Check the profile under Profiles…"),
            kind="error",
            profiles=True,
            retry=True,
        )

    def show_message(
        self, title: str, body: str, *, kind: str, retry: bool = False, profiles: bool = False
    ) -> None:
        self.messages.show_message(title, body, kind=kind, retry=retry, profiles=profiles)
        self.stack.setCurrentWidget(self.messages)
        self.window.set_grid_widget(self.stack)
        self.window.show_status(title)

    def _update_position(self) -> None:
        many = len(self.videos) > 1
        self.position_label.setText(
            self.tr("video {n} of {count}")
            .replace("{n}", str(self.position + 1))
            .replace("{count}", str(len(self.videos)))
            if many
            else ""
        )
        self._position_action.setVisible(many)
        self.window.action_map["previous_video"].setEnabled(many and self.position > 0)
        self.window.action_map["next_video"].setEnabled(
            many and self.position < len(self.videos) - 1
        )

    def _update_status(self) -> None:
        model = self.model
        window = self.window
        total = model.total
        if total is None:
            window.loaded_label.setText("")
            window.pages_label.setText("")
        else:
            window.loaded_label.setText(
                self.tr("Loaded {loaded} of {total}")
                .replace("{loaded}", f"{model.loaded_count:,}")
                .replace("{total}", f"{total:,}")
            )
            window.pages_label.setText(
                ""
                if model.showing_cells
                else self.tr("Pages {fetched}/{count}")
                .replace("{fetched}", str(model.pages_fetched))
                .replace("{count}", str(model.page_count))
            )
        failed = model.failed_count
        window.failures_label.setText(
            self.tr("{n} failed").replace("{n}", f"{failed:,}") if failed else ""
        )
        window.failures_label.setStyleSheet("color: #b3261e; font-weight: bold;" if failed else "")
        window.page_progress.setVisible(model.pages_in_flight > 0)

    # -- preview ----------------------------------------------------------------------------------

    def open_preview(self, row: int) -> None:
        from snapview.ui.preview import PreviewWindow

        self.ensure_grid()
        if self.preview is None:
            self.preview = PreviewWindow(self.model, self.pipeline, self.window)
        self.preview.show_row(row)

    # -- demo -------------------------------------------------------------------------------------

    def add_memory_profile(self, profile: Profile, creds: AliyunCredentials) -> None:
        """Use ``profile`` without storing it anywhere (the demo account)."""
        store = self.services.extras.get("credentials")
        if store is not None and hasattr(store, "add_memory_profile"):
            store.add_memory_profile(profile, creds)
        else:
            from snapview.core.redaction import register_secret

            register_secret(creds.access_key_secret)
            self._memory_profiles[profile.name] = (profile, creds)
        combo = self.window.profile_combo
        if combo.findData(profile.name) < 0:
            combo.addItem(profile.name, profile.name)
        combo.setCurrentIndex(combo.findData(profile.name))

    async def start_demo(self) -> None:
        from snapview.emulator.catalog import (
            DEMO_ACCESS_KEY_ID,
            DEMO_ACCESS_KEY_SECRET,
            LONG_VIDEO_ID,
        )

        self.ensure_grid()
        self.window.show_status(self.tr("Starting the local VOD emulator…"))
        emulator = await asyncio.get_running_loop().run_in_executor(None, _start_emulator)
        self.emulator = emulator
        self.services.add_closer("demo emulator", emulator.stop)
        profile = Profile(
            name=DEMO_PROFILE_NAME,
            endpoint=emulator.base_url,
            access_key_id=DEMO_ACCESS_KEY_ID,
            read_only=True,
            stored=False,
        )
        self.add_memory_profile(
            profile, AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        )
        video = getattr(self.args, "video", None) or LONG_VIDEO_ID
        self.window.video_edit.setText(video)
        type_combo = self.window.type_combo
        type_combo.setCurrentIndex(max(0, type_combo.findData("NormalSnapshot")))
        self.load(video, "NormalSnapshot")

    async def screenshot(self, path: str, process_started: float) -> None:
        """Wait for the first viewport, save the window as PNG, print timings as JSON, close."""
        from snapview.ui.thumbnail_grid import TileState

        shown_at = self.shown_at or time.time()
        deadline = time.perf_counter() + SCREENSHOT_TIMEOUT_S
        code = 0
        try:
            await self.start_demo()
            while True:
                visible = self.view.visible_rows()
                done = (
                    self.model.total is not None
                    and len(visible) > 0
                    and not self.model.hold
                    and self.model.final_rows(visible)
                )
                if done or self.stack.currentWidget() is self.messages:
                    break
                if time.perf_counter() > deadline:
                    raise TimeoutError
                await asyncio.sleep(
                    0.02
                )  # polling a GUI condition from the demo driver, not a test
            viewport_at = time.perf_counter()
            visible = self.view.visible_rows()
            self.window.grab().save(path, "PNG")
            result = {
                "process_start_to_window_ms": round((shown_at - process_started) * 1000, 1),
                "to_first_page_ms": round((self.first_page_at - self.load_started_at) * 1000, 1)
                if self.first_page_at
                else None,
                "to_first_viewport_ms": round((viewport_at - self.load_started_at) * 1000, 1),
                "tiles": len(visible),
                "loaded": sum(1 for r in visible if self.model.tile(r).state == TileState.LOADED),
                "failed": sum(1 for r in visible if self.model.tile(r).state == TileState.FAILED),
                "image_requests": int(
                    getattr(getattr(self.pipeline, "stats", None), "requests_started", 0)
                ),
                "page_requests": self.model.page_requests,
                "screenshot": path,
            }
            if self.stack.currentWidget() is self.messages:
                result["error"] = self.messages.title.text()
                code = 1
            print(json.dumps(result), flush=True)
        except TimeoutError:
            print(json.dumps({"error": "timeout", "timeout_s": SCREENSHOT_TIMEOUT_S}), flush=True)
            print("snapview: the first viewport did not finish loading in time", file=sys.stderr)
            code = 1
        except Exception as exc:
            print(f"snapview: demo failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            code = 1
        self.services.extras["exit_code"] = code
        QTimer.singleShot(0, self.window.close)


def _make_client(creds: AliyunCredentials, kwargs: dict[str, Any]) -> Any:
    from snapview.services.vod_client import VodClient

    return VodClient(creds, **kwargs)


def _start_emulator() -> Any:
    from snapview.emulator.config import EmulatorConfig
    from snapview.emulator.process import start_emulator_process

    return start_emulator_process(EmulatorConfig())


def _error_text(error: BaseException) -> str:
    message = getattr(error, "user_message", None) or getattr(error, "message", None)
    if isinstance(message, Message):
        return tr_message(message)
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _process_started() -> float:
    try:
        import psutil

        return float(psutil.Process().create_time())
    except Exception:
        from snapview import cli

        return float(getattr(cli, "STARTED_AT", time.time()))


def install(window: MainWindow, services: Any, args: argparse.Namespace) -> VideoFeature:
    feature = VideoFeature(window, services, args)
    services.extras["video_feature"] = feature
    if getattr(args, "demo", False):
        started = _process_started()
        screenshot = getattr(args, "screenshot", None)
        if screenshot:
            services.tasks.spawn(feature.screenshot(screenshot, started), name="demo-screenshot")
        else:
            services.tasks.spawn(feature.start_demo(), name="demo-start")
    elif getattr(args, "video", None):
        window.video_edit.setText(args.video)
        QTimer.singleShot(0, window.action_map["load"].trigger)
    return feature
