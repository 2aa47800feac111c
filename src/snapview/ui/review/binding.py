"""The triage session of the video the grid shows, and only that one.

When the grid's first page arrives, the page names the video, the snapshot type, the job and
Total: with the selected profile's provider, region and name (the account label — never a key)
that is the key of a :class:`~snapview.services.review_store.session.ReviewSession`, started on the
app's review store (opened on first use, off the GUI thread). The grid model reads its marks from
the session's board; the session's changes repaint the tiles they touch. Switching video (the
model resets) or quitting closes the session, which releases the video's claim; undo history is
shared by every session of the window, so Ctrl+Z still undoes a decision on the previous video.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from snapview.core.errors import UserFacingError
from snapview.core.review.keys import AccountRef, VideoKey
from snapview.core.review.undo import UndoHistory
from snapview.core.snapshots import SnapshotPage
from snapview.services.app_services import AppServices
from snapview.services.review_store.interface import ReviewStore, StoreEvent
from snapview.services.review_store.session import ReviewSession
from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.tr import tr_message

log = logging.getLogger("snapview.review")

AccountSource = Callable[[], AccountRef | None]


class ReviewBinding(QObject):
    """Opens and closes the session for the grid's video (module docstring)."""

    session_changed = Signal()  # a session opened, closed, or reloaded its marks
    marks_changed = Signal(object)  # tuple of 1-based indices, or None for all
    problem = Signal(str)  # a store or key problem, in the user's words ("" when it cleared)

    def __init__(
        self,
        services: AppServices,
        model: SnapshotGridModel,
        account: AccountSource,
        open_store: Callable[[], Awaitable[ReviewStore]] | None = None,
    ) -> None:
        super().__init__(model)
        self.services = services
        self.model = model
        self.account = account
        self.session: ReviewSession | None = None
        self.undo_history = UndoHistory()
        self._store: ReviewStore | None = None
        self._open_store = open_store  # the team connection's (a server asks for its password)
        self._opening: asyncio.Lock | None = None
        self._generation = 0
        self._unlisten: Callable[[], None] | None = None
        model.first_page_loaded.connect(self._on_first_page)
        model.modelReset.connect(self.close_session)
        services.add_closer("review session", self.aclose)

    # -- the store ---------------------------------------------------------------------------------

    async def store(self) -> ReviewStore:
        """The app's review store, opened (once)."""
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            if self._store is None and self._open_store is not None:
                self._store = await self._open_store()
            elif self._store is None:
                store = self.services.review_store.get()
                await store.open()
                self._store = store
            return self._store

    # -- the session ------------------------------------------------------------------------------

    def _on_first_page(self, page: SnapshotPage) -> None:
        if self.model.showing_cells:
            return  # frames of a sprite or WebVTT: not a snapshot set the store keys
        self.services.tasks.spawn(
            self._start(page, self._generation), name="review-session", replace=True
        )

    async def _start(self, page: SnapshotPage, generation: int) -> None:
        try:
            account = self.account()
            if account is None:
                return
            video = VideoKey(account, page.video_id)
            store = await self.store()
            session = await ReviewSession.start(
                store,
                video,
                str(page.snapshot_type),
                self.services.reviewer,
                job_id=page.job_id or None,
                total=page.total,
                undo=self.undo_history,
            )
        except UserFacingError as exc:  # a store that cannot open, a label that is a key…
            log.info("no review session: %s", exc)
            self.problem.emit(tr_message(exc.user_message))
            return
        if generation != self._generation:  # the grid moved on while the store answered
            session.close()
            return
        self.session = session
        session.add_listener(self._on_session_change)
        self.model.review_marks = session.board.tile
        self.model.review_marks_changed(None)
        self.problem.emit(self._status_text(None))
        self.session_changed.emit()

    def _on_session_change(self, indices: tuple[int, ...] | None, event: StoreEvent | None) -> None:
        self.model.review_marks_changed(indices)
        if event is not None:
            self.problem.emit(self._status_text(event))
        self.marks_changed.emit(indices)

    def _status_text(self, event: StoreEvent | None) -> str:
        status = (
            event.status if event is not None else (self._store.status if self._store else None)
        )
        if status is None or status.problem is None:
            return ""
        return tr_message(status.problem.user_message)

    def close_session(self) -> None:
        """The grid shows something else now: the session ends (its writes carry on)."""
        self._generation += 1
        self.services.tasks.cancel("review-session")
        session, self.session = self.session, None
        if shiboken6.isValid(self.model):
            self.model.review_marks = None
        if session is not None:
            session.close()
            self.session_changed.emit()

    async def aclose(self) -> None:
        """At quit: every decision made reaches the store before it closes."""
        session = self.session
        self.close_session()
        if session is not None:
            await session.drain()
