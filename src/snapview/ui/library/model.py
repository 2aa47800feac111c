"""The library list's model: the rows of one listing (a search or a pasted ID list), fetched a page
at a time as the view scrolls (``canFetchMore``/``fetchMore``, like the snapshot grid), with each
row's cover through the app's image pipeline — requested only for the rows on screen (when
painted, or by :mod:`.cover_prefetch`) and a small margin behind them.

Columns: title (with the cover), status, snapshot job, duration, created, ID. The "snapshot job"
column says in words what the status means for a reviewer (ready, still running, failed — with the
provider's reason when it gives one). A cover that fails to load (the pipeline's failure reason), or
that is a black frame or one flat colour (the scan's ``black`` and ``uniform`` rules,
:mod:`.cover_checks`), is badged with ⚠ before its title, its tooltip and text colour, so a bad
cover shows without opening the video. A video another reviewer has open (a claim in the team's
review store) says "Being reviewed by NAME" under its title, so work is not done twice
(:mod:`snapview.ui.review.team_library`).
Errors of a page are emitted (``page_failed``) for the pane to show; the model never raises.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Hashable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPixmap

from snapview.core.library import VideoPage, VideoState, VideoSummary, format_duration
from snapview.ui.grid.loader import ImageSource
from snapview.ui.library.cover_checks import uniform_flag
from snapview.ui.scan.findings import flag_detail
from snapview.ui.tr import tr_format, tr_message

if TYPE_CHECKING:
    from snapview.services.images import ImageResult
    from snapview.services.library import LibraryListing

log = logging.getLogger("snapview.library")

COVER_SIZE = QSize(96, 54)
COVER_KEY_PREFIX = "library-cover:"
# Covers kept as pixmaps (about 20 kB each): a few screens' worth, so scrolling through 6,000 videos
# stays flat in memory; an evicted cover comes back from the pipeline's caches when painted again.
MAX_COVERS = 400
AnyIndex = QModelIndex | QPersistentModelIndex
CLAIM_COLOUR = QColor("#1565c0")
ClaimRole = Qt.ItemDataRole.UserRole + 1  # who else has the row's video open ("" if nobody)
# A painted or on-screen row's cover before the margin's (the pipeline serves higher first).
VISIBLE_PRIORITY = 0
MARGIN_PRIORITY = -1
Spawn = Callable[[Coroutine[Any, Any, None]], object]


class CoverSource(ImageSource, Protocol):
    """The image pipeline as the list uses it: also told to drop the covers the list let go."""

    def forget(self, keys: Iterable[Hashable]) -> None: ...


class Column:
    # What a reviewer scans first (title, status, duration) stays in view in the default dock's
    # width (shell/default_layout.py); the snapshot job, the date and the long ID scroll in after.
    TITLE, STATUS, DURATION, JOB, CREATED, ID = range(6)
    COUNT = 6


class LibraryModel(QAbstractTableModel):
    """The videos of one listing, in its order. ``spawn`` runs a coroutine on the app's loop."""

    page_loaded = Signal(object)  # VideoPage
    page_failed = Signal(object)  # the exception
    loading_changed = Signal(bool)

    def __init__(self, spawn: Spawn, parent: Any = None) -> None:
        super().__init__(parent)
        self._spawn = spawn
        self.videos: list[VideoSummary] = []
        self.listing: LibraryListing | None = None
        self.total: int | None = None
        self.unknown_ids: list[str] = []
        self.loading = False
        self.failed: BaseException | None = None  # the last page's failure (fetchMore stops)
        self.page_requests = 0
        self._generation = 0
        self.pipeline: CoverSource | None = None
        self._covers: OrderedDict[str, QPixmap] = OrderedDict()
        self._cover_problem: dict[str, str] = {}
        self._cover_requested: dict[str, int] = {}  # key -> the priority it was asked at
        # Texts asked for on every paint of every row, made once (a language change restarts).
        self._job_texts: dict[VideoState, str] | None = None
        self._status_texts: dict[str, str] | None = None  # built in the interface language
        self._headers: dict[int, str] | None = None
        self._rows: dict[str, int] = {}  # video ID -> row: a cover's answer finds its row at once
        self.claims: dict[str, str] = {}  # video id -> the other reviewers who have it open

    # -- the listing ------------------------------------------------------------------------------

    def set_listing(self, listing: LibraryListing | None) -> None:
        """Show ``listing`` from its start (None: empty); the old one is closed."""
        old = self.listing
        if old is not None:
            self._spawn(old.aclose())
        self.beginResetModel()
        self._generation += 1
        self.listing = listing
        self.videos = []
        self._rows = {}
        self.total = None
        self.unknown_ids = []
        self.claims = {}
        self.failed = None
        self._set_loading(False)
        self.endResetModel()

    def set_pipeline(self, pipeline: CoverSource) -> None:
        if self.pipeline is pipeline:
            return
        self.pipeline = pipeline
        pipeline.image_ready.connect(self._on_image)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt default
        listing = self.listing
        return (
            not parent.isValid()
            and listing is not None
            and not listing.exhausted
            and not self.loading
            and self.failed is None
        )

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt default
        if not self.canFetchMore(parent) or self.listing is None:
            return
        self._set_loading(True)
        self.page_requests += 1
        self._spawn(self._next_page(self.listing, self._generation))

    def retry(self) -> None:
        """Ask again for the page that failed."""
        self.failed = None
        self.fetchMore()

    async def _next_page(self, listing: LibraryListing, generation: int) -> None:
        try:
            page = await listing.next_page()
        except asyncio.CancelledError:
            if generation == self._generation:
                self._set_loading(False)
            raise
        except Exception as exc:  # every failure reaches the pane, never swallowed
            if generation != self._generation:
                return
            log.info("library page failed: %s", type(exc).__name__)
            self.failed = exc
            self._set_loading(False)
            self.page_failed.emit(exc)
            return
        if generation != self._generation:
            return
        self._set_loading(False)
        if page is None:
            self.total = len(self.videos) if self.total is None else self.total
            self.page_loaded.emit(VideoPage((), 0, self.total))
            return
        self._append(page)

    def _append(self, page: VideoPage) -> None:
        if page.total is not None:
            self.total = page.total
        self.unknown_ids.extend(page.unknown_ids)
        if page.videos:
            first = len(self.videos)
            self.beginInsertRows(QModelIndex(), first, first + len(page.videos) - 1)
            self.videos.extend(page.videos)
            for row, video in enumerate(page.videos, first):
                self._rows.setdefault(video.video_id, row)
            self.endInsertRows()
        self.page_loaded.emit(page)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def video(self, row: int) -> VideoSummary | None:
        return self.videos[row] if 0 <= row < len(self.videos) else None

    def row_of(self, video_id: str) -> int:
        return self._rows.get(video_id, -1)

    # -- Qt model ---------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self.videos)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else Column.COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if self._headers is None:
            self._headers = {
                Column.TITLE: self.tr("Title"),
                Column.ID: self.tr("ID"),
                Column.STATUS: self.tr("Status"),
                Column.DURATION: self.tr("Duration"),
                Column.CREATED: self.tr("Created"),
                Column.JOB: self.tr("Snapshot job"),
            }
        return self._headers.get(section)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        video = self.video(index.row()) if index.isValid() else None
        if video is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(video, column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.TITLE:
            return self._cover(video)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.TITLE and video.video_id in self._cover_problem:
                return self._cover_problem[video.video_id]
            if column == Column.TITLE and video.video_id in self.claims:
                return self._text(video, column)
            if column == Column.JOB and video.detail:
                return video.detail
            if column == Column.STATUS and video.status:
                return self.status_tooltip(video.status)
            return self._text(video, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.JOB and video.state is VideoState.FAILED:
                return QBrush(QColor("#c0392b"))
            if column == Column.TITLE and video.video_id in self._cover_problem:
                return QBrush(QColor("#b9770e"))
            if column == Column.TITLE and video.video_id in self.claims:
                return QBrush(CLAIM_COLOUR)
        if role == Qt.ItemDataRole.UserRole:
            return video.video_id
        if role == ClaimRole:
            return self.claims.get(video.video_id, "")
        return None

    def _text(self, video: VideoSummary, column: int) -> str:
        if column == Column.TITLE:
            # In front: a long title is elided at its end, which took a trailing badge with it.
            badge = "⚠ " if video.video_id in self._cover_problem else ""
            text = badge + (video.title or self.tr("(untitled)"))
            names = self.claims.get(video.video_id)
            if names:  # a second line: the row is as tall as its cover
                text += "\n" + self.tr("Being reviewed by {names}").replace("{names}", names)
            return text
        if column == Column.ID:
            return video.video_id
        if column == Column.STATUS:
            return self.status_text(video.status) if video.status else "–"
        if column == Column.DURATION:
            return format_duration(video.duration, "–")
        if column == Column.CREATED:
            return video.creation_time.replace("T", " ").removesuffix("Z") or "–"
        return self.job_text(video.state)

    def status_text(self, status: str) -> str:
        """A cloud's status word in the user's language; a word this version does not know is
        shown as the cloud wrote it. Display only: filters and sorting keep the raw word."""
        if self._status_texts is None:
            self._status_texts = {
                # Alibaba Cloud VOD, Video.Status (SearchMedia / GetVideoList), console wording.
                "Uploading": self.tr("Uploading"),
                "UploadFail": self.tr("Upload failed"),
                "UploadSucc": self.tr("Uploaded"),
                "Transcoding": self.tr("Transcoding"),
                "TranscodeFail": self.tr("Transcoding failed"),
                "Checking": self.tr("Under review"),
                "Blocked": self.tr("Blocked"),
                "Normal": self.tr("Normal"),
                "ProduceFail": self.tr("Production failed"),
                # Huawei Cloud VOD, asset / transcode / thumbnail / review status (ListAssetList).
                "CREATING": self.tr("Creating"),
                "FAILED": self.tr("Creation failed"),
                "CREATED": self.tr("Created", "asset status"),
                "PUBLISHED": self.tr("Published"),
                "DELETED": self.tr("Deleted"),
                "TRANSCODING": self.tr("Transcoding"),
                "TRANSCODE_SUCCEED": self.tr("Transcoded"),
                "TRANSCODE_FAILED": self.tr("Transcoding failed"),
                "UN_THUMBNAIL": self.tr("No snapshots"),
                "THUMBNAILING": self.tr("Taking snapshots"),
                "THUMBNAIL_SUCCEED": self.tr("Snapshots taken"),
                "THUMBNAIL_FAILED": self.tr("Snapshots failed"),
                "UN_REVIEW": self.tr("Not reviewed"),
                "REVIEWING": self.tr("Under review"),
                "REVIEW_SUSPICIOUS": self.tr("Review: suspicious"),
                "REVIEW_PASSED": self.tr("Review passed"),
                "REVIEW_FAILED": self.tr("Review failed"),
                "REVIEW_BLOCKED": self.tr("Blocked by review"),
            }
        return self._status_texts.get(status, status)

    def status_tooltip(self, status: str) -> str:
        """The cloud's own word: what QA staff compare with the vendor's console (the Status
        cell's and the status filter's tooltip)."""
        return tr_format(self.tr("Status in the API: {status}"), status=status)

    def job_text(self, state: VideoState) -> str:
        if self._job_texts is None:
            self._job_texts = {
                VideoState.READY: self.tr("Ready"),
                VideoState.PROCESSING: self.tr("Running"),
                VideoState.FAILED: self.tr("Failed"),
                VideoState.BLOCKED: self.tr("Blocked by review"),
                VideoState.UNKNOWN: self.tr("Unknown"),
            }
        return self._job_texts[state]

    # -- who else reviews ------------------------------------------------------------------------

    def set_claims(self, claims: dict[str, str], video_ids: list[str] | None = None) -> None:
        """Who else has each video open: ``claims`` for ``video_ids`` (None: every row)."""
        ids = [v.video_id for v in self.videos] if video_ids is None else video_ids
        changed = []
        for video_id in ids:
            names = claims.get(video_id, "")
            if names != self.claims.get(video_id, ""):
                changed.append(video_id)
                if names:
                    self.claims[video_id] = names
                else:
                    self.claims.pop(video_id, None)
        for video_id in changed:
            row = self.row_of(video_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, Column.TITLE), self.index(row, Column.TITLE))

    # -- covers -----------------------------------------------------------------------------------

    def _cover(self, video: VideoSummary, priority: int = VISIBLE_PRIORITY) -> QPixmap | None:
        pixmap = self._covers.get(video.video_id)
        if pixmap is not None:
            self._covers.move_to_end(video.video_id)
            return pixmap
        key = COVER_KEY_PREFIX + video.video_id
        asked = self._cover_requested.get(key)
        if (
            self.pipeline is not None
            and video.cover_url
            # Once, unless a margin row scrolled into view: asking again raises its priority.
            and (asked is None or asked < priority)
            and video.video_id not in self._cover_problem
        ):
            self._cover_requested[key] = priority
            result = self.pipeline.request(key, video.cover_url, COVER_SIZE, priority=priority)
            if result is not None:
                self._on_image(result)
        return None

    def request_cover(self, row: int, priority: int) -> None:
        """Ask for ``row``'s cover at ``priority`` (:mod:`.cover_prefetch`: visible rows first)."""
        video = self.video(row)
        if video is not None:
            self._cover(video, priority=priority)

    def _on_image(self, result: ImageResult) -> None:
        key = str(result.key)
        if not key.startswith(COVER_KEY_PREFIX):
            return  # the grid's tiles
        video_id = key.removeprefix(COVER_KEY_PREFIX)
        self._cover_requested.pop(key, None)
        if result.image is not None:
            self._covers[video_id] = QPixmap.fromImage(result.image)
            while len(self._covers) > MAX_COVERS:
                evicted, _pixmap = self._covers.popitem(last=False)
                # The pipeline's decoded copy goes too: its memory cache is the app's (64 MB) and
                # would otherwise fill with covers scrolled past; a repaint fetches from disk.
                if self.pipeline is not None:
                    self.pipeline.forget([COVER_KEY_PREFIX + evicted])
            if result.is_black:
                self._cover_problem[video_id] = self.tr("The cover is a black frame.")
            elif (flat := uniform_flag(result.image, result.signature)) is not None:
                self._cover_problem[video_id] = tr_format(
                    self.tr("The cover is one flat colour: {colour}."),
                    colour=flag_detail("uniform", flat.details),
                )
        else:
            reason = tr_message(result.reason) if result.reason is not None else ""
            self._cover_problem[video_id] = self.tr("The cover did not load.") + (
                f" {reason}" if reason else ""
            )
        row = self.row_of(video_id)
        if row >= 0:  # the cover, its badge, tooltip and colour are all in the title column
            title = self.index(row, Column.TITLE)
            self.dataChanged.emit(title, title)

    def cover_settled(self, row: int) -> bool:
        """Whether ``row``'s cover is shown, badged as failed, or has no URL to fetch."""
        video = self.video(row)
        if video is None:
            return True
        vid = video.video_id
        return not video.cover_url or vid in self._covers or vid in self._cover_problem

    @property
    def cover_count(self) -> int:
        return len(self._covers)
