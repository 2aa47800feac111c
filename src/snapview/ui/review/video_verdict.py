"""The explicit verdict of the video on screen: Review → Set Video Verdict… opens
:class:`~.verdict_dialog.VerdictDialog`; the answer goes to the store through the session (in the
background) and shows at once in the status line as "set by <reviewer>", apart from a derived one.
When a session opens, the video's stored override is read back, so an explicit verdict survives a
restart and is seen by the next reviewer."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from snapview.core.errors import UserFacingError
from snapview.core.review.verdicts import VerdictOverride, VideoVerdict, derive_verdict
from snapview.services.app_services import AppServices
from snapview.ui.review.binding import ReviewBinding
from snapview.ui.review.verdict_dialog import VerdictDialog
from snapview.ui.tr import tr_message

log = logging.getLogger("snapview.review")


class VideoVerdictControl(QObject):
    changed = Signal()  # the override in effect changed (status line redraws)
    problem = Signal(str)

    def __init__(self, parent: QWidget, services: AppServices, binding: ReviewBinding) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.services = services
        self.binding = binding
        self.override: VerdictOverride | None = None
        self._session: object = None  # the session the override belongs to
        self._local: VerdictOverride | None = None  # the last choice made here (maybe unsaved)
        self.dialog: VerdictDialog | None = None
        self.action = QAction(self.tr("Set Video &Verdict…"), parent)
        self.action.setObjectName("action_review_verdict")
        self.action.setEnabled(False)
        self.action.triggered.connect(self.open_dialog)
        binding.session_changed.connect(self._on_session)

    def _on_session(self) -> None:
        session = self.binding.session
        self.action.setEnabled(session is not None)
        if session is not self._session:  # another video: its own override, once read
            self._session = session
            self.override = self._local = None
            self.changed.emit()
        if session is not None:  # also when the session reloaded: another reviewer may have set one
            self.services.tasks.spawn(self._load(session), name="review-verdict", replace=True)

    async def _load(self, session: object) -> None:
        from snapview.services.review_store.session import ReviewSession

        assert isinstance(session, ReviewSession)
        try:
            found = await session.store.overrides([session.board.video])
        except UserFacingError as exc:  # the counts still show the derived verdict
            log.info("no stored verdict: %s", exc)
            return
        if self.binding.session is session:
            stored = found.get(session.board.video)
            local = self._local
            if local is not None and (stored is None or stored.order_key() < local.order_key()):
                return  # the reviewer's own newer choice is still on its way to the store
            self.override = stored if stored is not None and stored.verdict else None
            self.changed.emit()

    def derived(self) -> VideoVerdict:
        session = self.binding.session
        if session is None:
            return VideoVerdict.NOT_REVIEWED
        return derive_verdict({session.board.snapshot_type: session.counts()})

    def open_dialog(self) -> None:
        session = self.binding.session
        if session is None:
            return
        if self.dialog is None:
            self.dialog = VerdictDialog(self.parent_widget)
            self.dialog.accepted.connect(self._accepted)
        self.dialog.prepare(session.board.video.video_id, self.derived(), self.override)
        self.dialog.open()

    def _accepted(self) -> None:
        session = self.binding.session
        if session is None or self.dialog is None:
            return
        verdict, comment = self.dialog.chosen()
        try:
            override = VerdictOverride(
                session.board.video, verdict, comment, session.reviewer, datetime.now(UTC)
            )
        except UserFacingError as exc:
            self.problem.emit(tr_message(exc.user_message))
            return
        self._local = override
        self.override = override if verdict is not None else None
        self.changed.emit()
        self.services.tasks.spawn(self._save(session, verdict, comment), name="review-verdict-save")

    async def _save(self, session: object, verdict: VideoVerdict | None, comment: str) -> None:
        from snapview.services.review_store.session import ReviewSession

        assert isinstance(session, ReviewSession)
        try:
            await session.set_verdict(verdict, comment)
        except UserFacingError as exc:  # kept on screen; the store says why it is not saved
            self.problem.emit(tr_message(exc.user_message))
