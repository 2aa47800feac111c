"""The main-window flow for videos of both clouds: IDs in, a thumbnail grid out.

With an Alibaba Cloud profile the IDs are VideoIds and the combo holds Alibaba's snapshot types; with
a Huawei Cloud profile they are media asset IDs and the combo holds the asset's snapshot lists
(:mod:`.provider_fields`). On ``load_requested`` the pasted text becomes a list of IDs to step
through (Previous/Next video, "video 2 of 5"); the selected profile's client (from the app's pool)
lists the snapshots, the first page shows the job or the asset's task (:mod:`.status`), Huawei's
offsets show as mm:ss on the tiles (the grid's ``Tile.offset_ms``), and every error lands in the
central area in words a QA reviewer can act on (:mod:`.messages`). WebVTT and split sprite sheets open as frames
(:mod:`.frames`); recent IDs feed the ID box's completer (:mod:`.recent`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QStyle

from snapview.core.credentials import Profile, Provider
from snapview.core.huawei_requests import validate_asset_id
from snapview.core.snapshots import HuaweiSnapshotKind, SnapshotPage, SnapshotType
from snapview.core.video_ids import parse_video_ids
from snapview.core.vod_errors import VodError
from snapview.services.app_services import AppServices
from snapview.services.snapshot_listing import SnapshotListing
from snapview.ui.grid.gaps import GapBar
from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.grid.view import ThumbnailGridView
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.main_window import SNAPSHOT_TYPES, MainWindow
from snapview.ui.shell.warm_up import warm_up
from snapview.ui.tr import tr_error, tr_format
from snapview.ui.video.frames import VideoFrames
from snapview.ui.video.messages import MessagePanel
from snapview.ui.video.navigation import VideoNavigation
from snapview.ui.video.provider_fields import (
    DEFAULT_TYPE,
    HUAWEI_KINDS,
    ProviderFields,
    snapshot_list_label,
)
from snapview.ui.video.recent import RecentVideos
from snapview.ui.video.status import VideoStatus
from snapview.ui.widgets.labels import make_label

if TYPE_CHECKING:
    from collections.abc import Hashable

    from snapview.services.huawei_client import HuaweiVodClient
    from snapview.services.images import ImagePipeline
    from snapview.ui.preview import PreviewWindow

log = logging.getLogger(__name__)


class VideoFeature(QObject):
    """Owns the grid, the load flow and the video list. ``current_profile`` names the profile to
    load with (the profile combo's), ``None`` when there is none; its provider decides the cloud."""

    load_started = Signal(str)  # VideoId: whatever the previous video showed is stale now

    def __init__(
        self,
        window: MainWindow,
        services: AppServices,
        current_profile: Callable[[], str | None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.current_profile = current_profile
        self.videos: list[str] = []
        self.position = 0
        self.snapshot_type: str = SnapshotType.NORMAL
        self.provider = Provider.ALIYUN  # the cloud of the video on show (of its profile)
        self.pager: SnapshotListing | None = None
        # time.time() of the first event-loop turn, when the window is on screen; with the load
        # and first-page times below, what --demo --screenshot reports.
        self.shown_at = 0.0
        self.load_started_at = 0.0
        self.first_page_at = 0.0
        self.pipeline: ImagePipeline | None = None  # see ensure_grid()
        self.preview: PreviewWindow | None = None
        self.model = SnapshotGridModel(None, self)  # app.build_window closes it at quit
        self.view = ThumbnailGridView(self.model)
        self.view.set_zoom(window.zoom_slider.value())
        self.messages = MessagePanel()
        self.stack = QStackedWidget()
        self.stack.setObjectName("videoArea")
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.messages)
        self.status = VideoStatus(window, self.model, self.view.visible_rows)
        self.gap_bar = GapBar(self.model.loader.gaps)  # pages that failed, with Retry
        # Right after the status message (the bar's one normal widget), before the counts.
        window.statusBar().insertPermanentWidget(1, self.gap_bar)
        self.recent = RecentVideos(window.video_edit, services.settings)
        self.frames = VideoFrames(self)
        self.fields = ProviderFields(window, self.current_profile_record)
        # After the profiles feature has refilled the combo (it listens to the store first).
        window.profile_combo.currentIndexChanged.connect(self.fields.update)
        services.credentials.add_listener(self.fields.update)
        self.fields.update()
        self._build_actions()
        self.navigation = VideoNavigation(self)
        window.load_requested.connect(self.load)
        window.zoom_changed.connect(self.view.set_zoom)
        self.view.zoom_requested.connect(window.zoom_slider.setValue)
        self.view.status_text.connect(window.show_status)
        self.view.preview_requested.connect(self.open_preview)
        self.model.first_page_loaded.connect(self._on_first_page)
        self.model.page_failed.connect(self.page_failed)
        self.model.stats_changed.connect(self.status.update)
        self.messages.retry_button.clicked.connect(self.retry)
        self.messages.profiles_button.clicked.connect(window.action(ActionId.PROFILES).trigger)
        # The image pipeline (its worker thread, httpx and its TLS trust store) and PySide's lazy
        # wrappers cost tens of milliseconds: paid right after the window shows (noted first, so
        # the start-up figure does not include them), or by the first load, whichever comes first.
        QTimer.singleShot(0, self._after_first_frame)

    def current_profile_record(self) -> Profile | None:
        """The selected profile's fields (no keyring access)."""
        name = self.current_profile()
        return self.services.credentials.find_profile(name) if name else None

    def _after_first_frame(self) -> None:
        self.shown_at = time.time()
        self.ensure_grid()
        warm_up(self.view)

    def ensure_grid(self) -> None:
        """Give the grid the app's image pipeline (once); expired links are refreshed by the grid."""
        if self.pipeline is None:
            self.pipeline = self.services.images.get()
            self.pipeline.url_refresher = self._refresh_url
            self.model.set_pipeline(self.pipeline)

    async def _refresh_url(self, key: Hashable, old_url: str) -> str | None:
        try:
            return await self.model.refresh_url_for_key(str(key), old_url)
        except Exception as exc:  # a failed refresh leaves the tile failed with its reason
            log.info("refreshing an expired link failed: %s", type(exc).__name__)
            return None

    def _build_actions(self) -> None:
        window = self.window
        prev_action = QAction(self.tr("&Previous Video"), window)
        prev_action.setShortcut(QKeySequence("Alt+PgUp"))
        prev_action.setToolTip(self.tr("Previous video of the pasted list (Alt+PgUp)"))
        prev_action.triggered.connect(lambda: self.step(-1))
        next_action = QAction(self.tr("&Next Video"), window)
        next_action.setShortcut(QKeySequence("Alt+PgDown"))
        next_action.setToolTip(self.tr("Next video of the pasted list (Alt+PgDown)"))
        next_action.triggered.connect(lambda: self.step(1))
        window.add_action(ActionId.PREVIOUS_VIDEO, prev_action)
        window.add_action(ActionId.NEXT_VIDEO, next_action)
        split_action = QAction(self.tr("Split &Frames"), window)
        split_action.setCheckable(True)
        split_action.setToolTip(
            self.tr("Show each cell of the sprite sheets as its own tile, with its time")
        )
        split_action.toggled.connect(self._on_split_toggled)
        split_action.setEnabled(False)  # until a sprite-sheet list is on show (D18)
        window.add_action(ActionId.SPLIT_FRAMES, split_action)
        self.position_label = make_label(object_name="videoPositionLabel")
        self.position_label.setContentsMargins(6, 0, 6, 0)
        load_action = window.action(ActionId.LOAD)
        # Arrows without words on the toolbar (the tooltips and the View menu name them): at
        # 1024 px the words left no room for Load and Scan video (D8).
        arrows = window.style()
        prev_action.setIcon(arrows.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        next_action.setIcon(arrows.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        window.toolbar.insertAction(load_action, prev_action)
        window.toolbar.insertAction(load_action, next_action)
        window.icon_only_on_toolbar(prev_action)
        window.icon_only_on_toolbar(next_action)
        self._position_action = window.toolbar.insertWidget(load_action, self.position_label)
        window.view_menu.addSeparator()
        window.view_menu.addAction(prev_action)
        window.view_menu.addAction(next_action)
        window.view_menu.addAction(split_action)
        window.toolbar.insertAction(load_action, split_action)
        self._update_position()

    def open_on_start(self, video_id: str) -> None:
        """``--video``: load ``video_id`` once the window is up."""
        self.window.video_edit.setText(video_id)
        QTimer.singleShot(0, self.window.action(ActionId.LOAD).trigger)

    # -- the flow -------------------------------------------------------------------------------

    def load(self, text: str, snapshot_type: str) -> None:
        self.ensure_grid()
        videos = parse_video_ids(text)
        if not videos:  # a hint at the empty field; what is on show stays
            self.window.video_edit.setFocus()
            if self.model.rowCount() == 0:
                self.messages.show_no_video_id(self.fields.provider)
                self.show_messages()
            else:
                self.window.show_status(self.messages.no_video_id_text(self.fields.provider))
            return
        if videos != self.videos:  # Load on the same list stays on its video (D7)
            self.position = 0
        self.videos = videos
        self.snapshot_type = snapshot_type or DEFAULT_TYPE[self.fields.provider]
        self.open_current()

    def open_asset(self, asset_id: str, kind: str = HuaweiSnapshotKind.SAMPLE.value) -> None:
        """Load the Huawei media asset ``asset_id`` with the selected (Huawei) profile, as if the
        user had typed it ("Load this asset live" from an event)."""
        self.fields.update()
        self.fields.select_type(kind)
        self.window.video_edit.setText(asset_id)
        self.load(asset_id, kind)

    def step(self, delta: int) -> None:
        target = self.position + delta
        if 0 <= target < len(self.videos):
            self.position = target
            self.open_current()

    def extend_videos(self, video_ids: list[str]) -> None:
        """More IDs at the end of the current list (the library's next page): Next reaches them."""
        self.videos.extend(video_ids)
        self._update_position()

    def retry(self) -> None:
        if self.videos:
            self.open_current()

    def open_current(self) -> None:
        self._update_position()
        self.services.tasks.spawn(
            self._open(self.videos[self.position]), name="video-open", replace=True
        )

    @property
    def video_id(self) -> str:
        return self.videos[self.position] if self.videos else ""

    async def _open(self, video_id: str) -> None:
        window = self.window
        self.model.clear()
        self.status.update()  # the previous video's counts go with it (D11)
        self.view.context_menu.name_prefix = f"{video_id}_{self.snapshot_type}"
        self.load_started.emit(video_id)
        window.set_job_info(None)
        window.show_status(tr_format(self.tr("Loading {video}…"), video=video_id))
        window.page_progress.show()
        self.load_started_at = time.perf_counter()
        self.first_page_at = 0.0
        profile = self.current_profile()
        if profile is None:
            window.page_progress.hide()
            self.messages.show_no_profile()
            self.show_messages()
            return
        record = self.current_profile_record()
        self.provider = record.provider if record is not None else Provider.ALIYUN
        if self.provider is Provider.HUAWEI:
            try:  # an ID that cannot be an asset is said before the keyring or the network
                video_id = validate_asset_id(video_id)
            except VodError as exc:
                self._fail_before_loading(self.messages.show_invalid_video_id, exc, Provider.HUAWEI)
                return
        try:
            client = await self.services.vod_clients.client(profile)
        except Exception as exc:  # keyring, missing secret, unusable keys: all said the same way
            self._fail_before_loading(self.messages.show_credentials_problem, exc)
            return
        from snapview.services.huawei_client import HuaweiVodClient  # loaded with the client

        if isinstance(client, HuaweiVodClient):
            await self._open_asset(video_id, client)
            return
        if self.snapshot_type not in SNAPSHOT_TYPES:  # a Huawei list from before the switch
            self.snapshot_type = DEFAULT_TYPE[Provider.ALIYUN]
        try:
            self.pager = client.pager(video_id, SnapshotType(self.snapshot_type))
        except Exception as exc:  # an invalid VideoId: say what is wrong with it
            window.page_progress.hide()
            self.messages.show_invalid_video_id(exc)
            self.show_messages()
            return
        split = window.action(ActionId.SPLIT_FRAMES)
        split.setEnabled(self.snapshot_type == SnapshotType.SPRITE)
        if self.snapshot_type == SnapshotType.WEBVTT:
            await self.frames.open(video_id, client, None)
        elif self.snapshot_type == SnapshotType.SPRITE and split.isChecked():
            await self.frames.open(video_id, client, self.pager)
        else:
            self.model.set_pager(self.pager)
            self.show_grid()
            self.model.fetchMore(QModelIndex())

    async def _open_asset(self, asset_id: str, client: HuaweiVodClient) -> None:
        """A Huawei media asset: one of its snapshot lists in the grid (never as frames)."""
        if self.snapshot_type not in HUAWEI_KINDS:  # an Alibaba type from before the switch
            self.snapshot_type = DEFAULT_TYPE[Provider.HUAWEI]
        try:
            self.pager = client.pager(asset_id, HuaweiSnapshotKind(self.snapshot_type))
        except Exception as exc:  # what the client's own checks found
            self._fail_before_loading(self.messages.show_invalid_video_id, exc, Provider.HUAWEI)
            return
        self.window.action(ActionId.SPLIT_FRAMES).setEnabled(False)
        self.model.set_pager(self.pager)
        self.show_grid()
        self.model.fetchMore(QModelIndex())

    def _fail_before_loading(self, show: Callable[..., None], *args: object) -> None:
        """Nothing can be listed: ``show(*args)`` puts the reason in the central area."""
        self.window.page_progress.hide()
        show(*args)
        self.show_messages()

    def _on_split_toggled(self, checked: bool) -> None:
        if self.videos and self.snapshot_type == SnapshotType.SPRITE:
            self.open_current()

    def _on_first_page(self, page: SnapshotPage) -> None:
        self.first_page_at = time.perf_counter()
        video_id = self.video_id
        kind = snapshot_list_label(self.provider, self.snapshot_type)
        if self.provider is Provider.HUAWEI:
            self.status.show_asset(page, video_id, kind)
        else:
            self.status.show_job(page, video_id)
        if video_id:
            self.recent.remember(video_id)
        if page.total == 0:
            if self.provider is Provider.HUAWEI:
                self.messages.show_no_snapshots(kind, Provider.HUAWEI)
            else:
                self.messages.show_no_snapshots(self.snapshot_type)
            self.show_messages()
        else:
            self.stack.setCurrentWidget(self.view)
            self.view.take_focus()
            # What happens next, gone once the visible tiles are done (D11).
            self.status.show_progress(self.tr("Loading the visible snapshots…"))
        self.status.update()

    def page_failed(self, page_no: int, error: BaseException) -> None:
        """A page (or the frame list, as page 1) failed: a status line, or the message panel when
        nothing could be shown."""
        if page_no != 1 or self.model.total is not None:
            self.window.show_status(
                tr_format(
                    self.tr("Page {page} failed: {reason}"), page=page_no, reason=tr_error(error)
                )
            )
            return
        self.window.page_progress.hide()
        self.messages.show_first_page_failure(error, self.video_id, self.provider)
        self.show_messages()

    def show_grid(self) -> None:
        self.stack.setCurrentWidget(self.view)
        self.window.set_grid_widget(self.stack)

    def show_messages(self) -> None:
        """The message panel in the central area, instead of the grid."""
        self.stack.setCurrentWidget(self.messages)
        self.window.set_grid_widget(self.stack)
        self.window.show_status(self.messages.title.text())

    def _update_position(self) -> None:
        many = len(self.videos) > 1
        self.position_label.setText(
            tr_format(self.tr("video {n} of {count}"), n=self.position + 1, count=len(self.videos))
            if many
            else ""
        )
        self._position_action.setVisible(many)
        self.window.action(ActionId.PREVIOUS_VIDEO).setEnabled(many and self.position > 0)
        self.window.action(ActionId.NEXT_VIDEO).setEnabled(
            many and self.position < len(self.videos) - 1
        )

    # -- preview ----------------------------------------------------------------------------------

    def open_preview(self, row: int) -> None:
        from snapview.ui.preview import PreviewWindow

        self.ensure_grid()
        assert self.pipeline is not None  # ensure_grid made it
        if self.preview is None:
            self.preview = PreviewWindow(self.model, self.pipeline, self.window)
            self.preview.row_shown.connect(self.view.select_row)
        self.preview.show_row(row)
