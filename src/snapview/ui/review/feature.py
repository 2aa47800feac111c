"""Review in the main window: the session of the grid's video (:mod:`.binding`), its keys
(:mod:`.triage`), the decision filter in the toolbar (:mod:`.decision_filter`), the status line
(:mod:`.status_line`), the Review menu, File → Export report… (:mod:`.export_dialog`) and
Import Decisions… (:mod:`.import_decisions`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from snapview.core.errors import UserFacingError
from snapview.core.review.keys import AccountRef
from snapview.services.app_services import AppServices
from snapview.services.background_import import import_in_thread
from snapview.ui.review.binding import ReviewBinding
from snapview.ui.review.decision_filter import DecisionFilterBox
from snapview.ui.review.import_decisions import ImportControl
from snapview.ui.review.list_progress import ListProgress
from snapview.ui.review.reviewer_dialog import ReviewerControl
from snapview.ui.review.status_line import ReviewStatusLine
from snapview.ui.review.team_connection import TeamConnection
from snapview.ui.review.triage import TriageKeys
from snapview.ui.review.video_verdict import VideoVerdictControl
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.tr import tr_message
from snapview.ui.video.feature import VideoFeature

if TYPE_CHECKING:
    from snapview.ui.review.export_dialog import ExportDialog
    from snapview.ui.review.preview_decision import PreviewDecision


COUNTS_MS = 60
# What Export Report… needs beyond its dialog: the report's collection, the PDF sheet and the CSV
# and JSON writers, 40-50 ms of module code (the dialog's own module is 5 ms). Imported on a worker
# thread when a menu that holds the action opens, it is in place by the click. No widgets are
# defined there, which is what background_import asks of a module.
EXPORT_MODULES = ("snapview.ui.review.export_job",)
EXPORT_PREFETCH_TASK = "review-export-prefetch"


class ReviewFeature(QObject):
    def __init__(self, window: MainWindow, services: AppServices, video: VideoFeature) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.video = video
        self.team = TeamConnection(services, window)
        self.binding = ReviewBinding(services, video.model, self.account, self.team.store)
        self.filter = DecisionFilterBox(video.view)
        self.status_line = ReviewStatusLine()
        self.triage = TriageKeys(video.view, lambda: self.binding.session, services.settings)
        # In the status bar beside the counts it filters by (the toolbar is full at 1280 px).
        status = window.statusBar()
        status.addPermanentWidget(self.filter)
        # Stretch 1: when the bar is short of room the counts line gives way first (it elides, the
        # whole line in its tooltip) and the window's own message keeps its words.
        status.addPermanentWidget(self.status_line, 1)
        status.addPermanentWidget(self.status_line.problem)
        self.status_line.show_problem("")
        self.triage.fill_menu(window.review_menu)
        # The explicit verdict and the reviewer's name (ui/review/video_verdict.py, reviewer_dialog.py)
        self.verdict = VideoVerdictControl(window, services, self.binding)
        self.reviewer = ReviewerControl(window, services, self.binding, self._on_reviewer)
        window.review_menu.addSeparator()
        window.review_menu.addAction(self.verdict.action)
        window.review_menu.addAction(self.reviewer.action)
        self.status_line.reviewer = self.reviewer.name
        self.verdict.changed.connect(self._on_verdict)
        self.verdict.problem.connect(self.status_line.show_problem)
        self.export_action = QAction(self.tr("&Export Report…"), window)
        self.export_action.setObjectName("action_review_export")
        self.export_action.triggered.connect(self.open_export)
        window.file_menu.insertAction(window.file_menu.actions()[-2], self.export_action)
        # Handing work over goes both ways: Import sits beside Export, in File and in Review.
        self.importer = ImportControl(window, services, self.binding)
        window.file_menu.insertAction(window.file_menu.actions()[-2], self.importer.action)
        window.review_menu.addSeparator()
        window.review_menu.addAction(self.export_action)
        window.review_menu.addAction(self.importer.action)
        for menu in (window.file_menu, window.review_menu):
            menu.aboutToShow.connect(self._prefetch_export)
        # Counting walks every decision of the set: at key-repeat speed the line is redrawn at
        # most every COUNTS_MS, not per key (benchmarks/review_gui_bench.py).
        self._counts_timer = QTimer(self)
        self._counts_timer.setObjectName("reviewCountsTimer")
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(COUNTS_MS)
        self._counts_timer.timeout.connect(self._update_counts)
        self.binding.session_changed.connect(self._on_session)
        self.binding.marks_changed.connect(self._on_marks)
        self.binding.problem.connect(self.status_line.show_problem)
        self.team.problem.connect(self.status_line.show_problem)
        self.triage.nothing_left.connect(self._next_video)
        self.export_dialog: ExportDialog | None = None
        self.list_progress = ListProgress()
        self.preview_decision: PreviewDecision | None = None
        # After the video feature's own slot, which makes the preview window on first use.
        video.view.preview_requested.connect(self._attach_preview)

    def open_store_at_start(self) -> None:
        """Open the review store as soon as the window runs, not on the first page of the first
        video: a team server connects (asking for its password if need be), so the library shows
        who reviews what before a video is opened; a local file is opened while the reviewer
        picks a video, so its modules and its first queries (~20-40 ms of the GUI thread) are
        not paid while the first viewport's pictures arrive."""
        try:
            _ = self.team.server  # a bad server URL in the settings raises here
        except UserFacingError as exc:  # said, and the app goes on without a store
            self.status_line.show_problem(tr_message(exc.user_message))
            return
        self.services.tasks.spawn(self._open_store(), name="review-store-open")

    async def _open_store(self) -> None:
        try:
            await self.binding.store()
        except UserFacingError as exc:
            self.status_line.show_problem(tr_message(exc.user_message))

    def account(self) -> AccountRef | None:
        """The account of the video on screen: the profile's provider, region and name."""
        record = self.video.current_profile_record()
        if record is None:
            return None
        return AccountRef(record.provider.value, record.region, record.name)

    def _on_session(self) -> None:
        session = self.binding.session
        self.filter.set_board(session.board if session is not None else None)
        self._update_counts()
        if session is not None and len(self.video.videos) > 1:
            self.services.tasks.spawn(self._refresh_progress(), name="review-list", replace=True)

    async def _refresh_progress(self) -> None:
        session = self.binding.session
        if session is None:
            return
        await self.list_progress.refresh(
            session.store, session.board.video.account, self.video.videos
        )
        self._update_counts()

    def _on_marks(self, indices: tuple[int, ...] | None) -> None:
        self.filter.apply(indices)
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    def _on_verdict(self) -> None:
        self.status_line.override = self.verdict.override
        self._update_counts()

    def _on_reviewer(self, name: str) -> None:
        self.status_line.reviewer = name
        self._update_counts()

    def _update_counts(self) -> None:
        self.filter.refresh_counts()  # "Flagged, not reviewed (n)"
        session = self.binding.session
        if session is None:
            self.status_line.show_counts(None)
        else:
            self.status_line.progress = (
                self.list_progress.tally(session.board.video, session.counts())
                if len(self.video.videos) > 1 and self.list_progress.order
                else None
            )
            self.status_line.show_counts(session.counts(), session.board.snapshot_type)

    def _next_video(self) -> None:
        """Nothing left to review here: on to the next video of the list that still has something
        to review (ui/review/list_progress.py), or say the list is done."""
        if len(self.video.videos) <= 1:
            self.window.show_status(self.tr("Every snapshot of this video has a decision"))
            return
        self.services.tasks.spawn(self._to_next_video(), name="review-next-video", replace=True)

    async def _to_next_video(self) -> None:
        session = self.binding.session
        if session is None:
            return
        await self.list_progress.refresh(
            session.store, session.board.video.account, self.video.videos
        )
        target = self.list_progress.next_video(session.board.video, session.counts())
        if target is None:
            self.window.show_status(
                self.tr("Every video after this one in the list is reviewed already")
            )
        else:
            self.video.step(target - self.video.position)

    def _attach_preview(self, _row: int = -1) -> None:
        from snapview.ui.review.preview_decision import PreviewDecision

        preview = self.video.preview
        if preview is not None and self.preview_decision is None:
            self.preview_decision = PreviewDecision(preview, self.binding, self.triage)
            self.preview_decision.refresh()

    def _prefetch_export(self) -> None:
        if all(name in sys.modules for name in EXPORT_MODULES):
            return
        if self.services.tasks.get(EXPORT_PREFETCH_TASK) is None:
            self.services.tasks.spawn(import_in_thread(*EXPORT_MODULES), name=EXPORT_PREFETCH_TASK)

    def open_export(self) -> None:
        from snapview.ui.review.export_dialog import ExportDialog

        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self.window, self.services, self.binding)
        self.export_dialog.prepare(self.video.video_id)
        self.export_dialog.show()
        self.export_dialog.raise_()
