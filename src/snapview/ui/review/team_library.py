"""The team in the library pane: "Being reviewed by NAME" on rows whose video another reviewer
has open, and the "Assigned to me" filter.

Claims are read from the review store for the rows the library has loaded (one query per page)
and again when the store hears that claims changed — another reviewer opened or closed a video,
live through the server's notifications — and every :data:`CLAIM_REFRESH` anyway, because a
crashed app's claim simply runs out without telling anyone. This app's own claims are left out:
the reviewer knows what they have open. "Assigned to me" asks the store for the assignments of
the reviewer's name (``snapview review assign … --to NAME``) in the library's account, and the
library lists exactly those videos, still narrowed by the other filters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QTimer

from snapview.core.review.keys import AccountRef, VideoKey
from snapview.core.review.team import CLAIM_REFRESH
from snapview.services.review_store.interface import ReviewStore, ReviewStoreError, StoreEvent

if TYPE_CHECKING:
    from snapview.ui.library.feature import LibraryFeature
    from snapview.ui.review.feature import ReviewFeature

log = logging.getLogger("snapview.review")


class TeamLibrary(QObject):
    """Keeps the library's claim markers and its "Assigned to me" list (module docstring)."""

    def __init__(self, library: LibraryFeature, review: ReviewFeature) -> None:
        super().__init__(library)
        self.library = library
        self.review = review
        self.model = library.model
        self.store: ReviewStore | None = None
        self._unlisten: Callable[[], None] | None = None
        library.assigned_ids = self.assigned_ids
        review.team.opened.connect(self._on_store)
        self.model.rowsInserted.connect(self._on_rows)
        self.timer = QTimer(self)
        self.timer.setObjectName("libraryClaimsTimer")
        self.timer.setInterval(int(CLAIM_REFRESH.total_seconds() * 1000))
        self.timer.timeout.connect(lambda: self.refresh(None))
        review.services.add_closer("library claims", self._stop)

    def account(self) -> AccountRef | None:
        return self.review.account()

    def _on_store(self, store: ReviewStore) -> None:
        if self.store is store:
            return
        self.store = store
        self._unlisten = store.add_listener(self._on_event)
        self.timer.start()
        self.refresh(None)
        if self.library.pane.assigned_only:
            self.library.refresh()

    def _on_rows(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.refresh([v.video_id for v in self.model.videos[first : last + 1]])

    def _on_event(self, event: StoreEvent) -> None:
        if not event.external and not event.claims and not event.assignments:
            return  # this app's own decisions: nothing the library shows changed
        account = self.account()
        if event.claims:
            ids = [v.video_id for v in event.claims if v.account == account]
            if ids:
                self.refresh(ids)
        elif event.external and not (event.rows or event.videos or event.assignments):
            self.refresh(None)  # the store may have missed changes (it was offline): read again
        if (event.assignments or (event.external and not event.rows)) and (
            self.library.pane.assigned_only
        ):
            self.library.refresh()

    def refresh(self, video_ids: list[str] | None) -> None:
        """Read the claims of ``video_ids`` (None: every row) in the background."""
        if self.store is None or not self.model.videos:
            return
        ids = [v.video_id for v in self.model.videos] if video_ids is None else video_ids
        if ids:
            self.review.services.tasks.spawn(self._read_claims(ids), name="library-claims")

    async def _read_claims(self, video_ids: list[str]) -> None:
        store, account = self.store, self.account()
        if store is None or account is None:
            return
        try:
            claims = await store.claims([VideoKey(account, i) for i in video_ids])
        except (ReviewStoreError, RuntimeError) as exc:  # offline or closing: the markers wait
            log.info("library claims not read: %s", exc)
            return
        if account != self.account():
            return  # the profile changed meanwhile; the new rows ask for themselves
        names: dict[str, str] = {}
        for video, held in claims.items():
            others = sorted({c.reviewer for c in held if c.holder != store.client_id})
            if others:
                names[video.video_id] = ", ".join(others)
        self.model.set_claims(names, video_ids)

    async def assigned_ids(self) -> list[str]:
        """The IDs of the library account's videos assigned to this reviewer, newest first."""
        account = self.account()
        if account is None:
            return []
        # A store problem (offline) raises its ReviewStoreError: the pane says it.
        store = await self.review.binding.store()
        assignments = await store.assignments(assignee=self.review.services.reviewer)
        ordered = sorted(assignments, key=lambda a: a.assigned_at, reverse=True)
        return list(dict.fromkeys(a.video.video_id for a in ordered if a.video.account == account))

    def _stop(self) -> None:
        self.timer.stop()
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None
