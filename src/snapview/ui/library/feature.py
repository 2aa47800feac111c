"""The library in the main window: a dock on the left (View → Library, Ctrl+1) with the videos of
the selected profile's account, searched and filtered, loaded page by page as it scrolls; opening a
video shows its snapshots in the grid through the video feature's own load (as if its ID had been
typed), with Previous/Next video walking the library in its current order and filter.

The provider's library (:class:`~snapview.services.alibaba_library.AlibabaLibrary` or
:class:`~snapview.services.huawei_library.HuaweiLibrary`) is made on the profile's pooled client, so
the grid and the library share one connection, signing and retry policy. A filter value that cannot
be used is said in the pane and left out, and the rest of the filter still applies; a failed page
is said in the pane with Retry; a pasted list says which IDs the account does not have.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QVBoxLayout

from snapview.core.credentials import Provider
from snapview.core.errors import UserFacingError
from snapview.core.library import LibraryFilter, VideoPage
from snapview.core.library_input import LibraryInputError, build_filter, parse_id_list
from snapview.services.app_services import AppServices
from snapview.ui.library.cover_prefetch import CoverPrefetch
from snapview.ui.library.model import LibraryModel
from snapview.ui.library.pane import LibraryPane
from snapview.ui.library.quick_filters import QuickFilters
from snapview.ui.library.walk import LibraryWalk
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.tr import tr_error, tr_format, tr_message

if TYPE_CHECKING:
    from snapview.services.library import VideoLibrary
    from snapview.ui.video.feature import VideoFeature

log = logging.getLogger("snapview.library")

PAGE_SIZE = 50  # rows per request: two screens of the list
HUAWEI_ASSET_ID = re.compile(r"^[0-9a-fA-F]{32}$")  # validate_asset_id lower-cases it
_FIELDS = ("text", "statuses", "category", "since", "until")


def library_for(client: Any) -> VideoLibrary:
    """The provider's library on a pooled VOD client."""
    # Only a loaded module can have made the client: an Alibaba profile's first search does not
    # import the Huawei client (~50-80 ms of the first screen) just to be told it is not one.
    huawei = sys.modules.get("snapview.services.huawei_client")
    if huawei is not None and isinstance(client, huawei.HuaweiVodClient):
        from snapview.services.huawei_library import HuaweiLibrary

        return HuaweiLibrary(client)
    from snapview.services.alibaba_library import AlibabaLibrary

    return AlibabaLibrary(client)


class LibraryFeature(QObject):
    """Owns the library dock, its model and the searches (see the module docstring)."""

    def __init__(
        self,
        window: MainWindow,
        services: AppServices,
        current_profile: Callable[[], str | None],
        video: VideoFeature,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.current_profile = current_profile
        self.video = video
        self.library: VideoLibrary | None = None
        self._library_profile: str | None = None
        self._problems: list[str] = []  # what the last search left out of the filter, and why
        # "Assigned to me": the IDs of this account's videos assigned to the reviewer (set by
        # snapview.ui.review.team_library, which asks the review store).
        self.assigned_ids: Callable[[], Awaitable[list[str]]] | None = None
        self.model = LibraryModel(self._spawn_page, self)
        self.pane = LibraryPane(self.model)
        self.prefetch = CoverPrefetch(self.pane.view, self.model)  # visible rows + a margin only
        self.walk = LibraryWalk(window, self.model, self.pane.view, video)
        self.quick = QuickFilters(self.pane)
        pane_layout = self.pane.layout()
        assert isinstance(pane_layout, QVBoxLayout)
        pane_layout.insertWidget(0, self.quick)  # at the top, above the search box
        self.dock = QDockWidget(self.tr("Library"), window)
        self.dock.setObjectName("libraryDock")
        # In a scroll area: the dock may be dragged narrower than the filters (the window must still
        # fit a small screen beside the grid and the inspector); the pane then scrolls sideways.
        scroll = QScrollArea()
        scroll.setObjectName("libraryScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.pane)
        self.dock.setWidget(scroll)
        # A closed dock's list asked for no covers (cover_prefetch); shown again, it asks.
        self.dock.visibilityChanged.connect(self._dock_visibility_changed)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        focus = QAction(self.tr("&Library"), window)
        focus.setShortcut(QKeySequence("Ctrl+1"))
        focus.setToolTip(self.tr("Show the video library and move to it (Ctrl+1)"))
        focus.triggered.connect(self.focus)
        window.add_action(ActionId.FOCUS_LIBRARY, focus)
        window.view_menu.addSeparator()
        window.view_menu.addAction(focus)
        self.pane.set_statuses(())
        self.pane.set_categories(())
        self.pane.filters_changed.connect(self.refresh)
        self.pane.category_combo.children_wanted.connect(self._load_children)
        self.pane.ids_submitted.connect(self.show_ids)
        self.pane.video_activated.connect(self.open_video)
        self.pane.retry_button.clicked.connect(self.retry)
        self.model.page_loaded.connect(self._on_page)
        self.model.page_failed.connect(self._on_failure)
        self.model.loading_changed.connect(self._update_count)
        window.profile_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        services.credentials.add_listener(self._credentials_changed)
        services.add_closer("library", lambda: self.model.set_listing(None))
        self._update_count()

    def _dock_visibility_changed(self, shown: bool) -> None:
        if shown:
            self.prefetch.schedule()

    def _spawn_page(self, coro: Any) -> None:
        self.services.tasks.spawn(coro, name="library-page")

    def focus(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.pane.focus_list()

    def _credentials_changed(self, *_args: object) -> None:
        self.library = None
        self._library_profile = None
        self.refresh()

    # -- searches ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Search again with the pane's filters (the selected profile's library)."""
        self.services.tasks.spawn(self._search(None), name="library-search", replace=True)

    def show_ids(self, text: str) -> None:
        """A pasted ID list becomes the library: exactly those videos, unknown ones listed."""
        self.services.tasks.spawn(self._search(text), name="library-search", replace=True)

    def retry(self) -> None:
        if self.model.failed is not None and self.model.listing is not None:
            self.pane.clear_message()
            self.model.retry()
        else:
            self.refresh()

    async def _ensure_library(self) -> VideoLibrary | None:
        profile = self.current_profile()
        if profile is None:
            self.model.set_listing(None)
            self.pane.show_error(
                self.tr("Choose or add a profile (Tools → Profiles) to see its video library.")
            )
            return None
        if self.library is not None and self._library_profile == profile:
            return self.library
        try:
            client = await self.services.vod_clients.client(profile)
        except Exception as exc:  # keyring, missing secret: said in the pane, as the grid says it
            self.model.set_listing(None)
            self.pane.show_error(tr_error(exc), retry=True)
            return None
        library = library_for(client)
        # The app's one image pipeline (its caches, limits and failure reasons) for the covers.
        self.model.set_pipeline(self.services.images.get())
        self.library, self._library_profile = library, profile
        self.pane.set_statuses(library.statuses)
        self.quick.set_statuses(library.statuses)
        self.services.tasks.spawn(self._load_categories(library), name="library-categories")
        return library

    async def _load_categories(self, library: VideoLibrary) -> None:
        try:
            level = await library.categories()
        except Exception as exc:  # the list still works without the category filter
            log.info("library categories failed: %s", type(exc).__name__)
            return
        if library is self.library:
            self.pane.set_categories(level.children)

    def _load_children(self, parent_id: int) -> None:
        library = self.library
        if library is not None:
            self.services.tasks.spawn(
                self._children(library, parent_id), name=f"library-categories-{parent_id}"
            )

    async def _children(self, library: VideoLibrary, parent_id: int) -> None:
        combo = self.pane.category_combo
        try:
            level = await library.categories(parent_id)
        except Exception as exc:  # said in the tree; expanding the node again retries
            log.info("library subcategories failed: %s", type(exc).__name__)
            if library is self.library:
                combo.set_children_failed(parent_id, tr_error(exc))
            return
        if library is self.library:
            combo.set_children(parent_id, level.children)

    def _filter(self, statuses: tuple[str, ...]) -> tuple[LibraryFilter, list[str]]:
        """The pane's filter, each unusable value left out and its message kept."""
        local = datetime.now().astimezone().tzinfo
        assert local is not None
        values: dict[str, Any] = {
            "text": self.pane.search_edit.text(),
            "statuses": [self.pane.status] if self.pane.status else [],
            "category": self.pane.category_id,
            "since": self.pane.since_edit.text(),
            "until": self.pane.until_edit.text(),
        }
        problems: list[str] = []
        for _ in _FIELDS:
            try:
                built = build_filter(
                    **values,
                    known_statuses=statuses,
                    newest_first=self.pane.newest_first,
                    tz=local,
                )
            except LibraryInputError as exc:
                problems.append(tr_message(exc.user_message))
                field = exc.field if exc.field in values else "until"
                if field == "until" and not values["until"]:
                    field = "since"
                values[field] = [] if field == "statuses" else None if field == "category" else ""
                continue
            return built, problems
        return LibraryFilter(newest_first=self.pane.newest_first), problems

    async def _search(self, pasted: str | None) -> None:
        self.pane.clear_message()
        library = await self._ensure_library()
        if library is None:
            return
        library_filter, problems = self._filter(library.statuses)
        if pasted is None and self.pane.assigned_only and self.assigned_ids is not None:
            try:
                assigned = await self.assigned_ids()
            except UserFacingError as exc:  # the review store is offline, or refused the login
                self.model.set_listing(None)
                self.pane.show_error(tr_error(exc), retry=True)
                return
            if not assigned:
                self.model.set_listing(None)
                self.pane.show_notice(self.tr("No video of this account is assigned to you."))
                return
            narrow = None if library_filter.is_empty else library_filter
            listing = library.lookup(assigned, narrow=narrow)
        elif pasted is None:
            listing = library.search(library_filter, page_size=PAGE_SIZE)
        else:
            if library.provider is Provider.HUAWEI:
                ids = parse_id_list(pasted, pattern=HUAWEI_ASSET_ID)
            else:
                ids = parse_id_list(pasted)
            problems += [
                tr_format(
                    self.tr("Line {line}: {reason}"), line=r.line, reason=tr_message(r.reason)
                )
                for r in ids.rejected
            ]
            if not ids.ids:
                problems.append(self.tr("There is no video ID in the pasted text."))
                self.pane.show_error("\n".join(problems))
                return
            narrow = None if library_filter.is_empty else library_filter
            listing = library.lookup(ids.ids, narrow=narrow)
        self._problems = problems
        if problems:
            self.pane.show_error("\n".join(problems))
        self.model.set_listing(listing)
        self.model.fetchMore()

    # -- answers ----------------------------------------------------------------------------------

    def _on_page(self, page: VideoPage) -> None:
        lines = list(self._problems)
        if self.model.unknown_ids:
            lines.append(
                tr_format(
                    self.tr("Not in this account ({count}): {ids}"),
                    count=len(self.model.unknown_ids),
                    ids=", ".join(self.model.unknown_ids),
                )
            )
        listing = self.model.listing
        notice = getattr(listing, "limit_notice", None)
        if notice is not None:
            lines.append(tr_message(notice))
        if self.model.unknown_ids or self._problems:
            self.pane.show_error("\n".join(lines))
        elif lines:
            self.pane.show_notice("\n".join(lines))
        self._update_count()

    def _on_failure(self, error: BaseException) -> None:
        self.pane.show_error(tr_error(error), retry=True)
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        shown = self.model.rowCount()
        total = self.model.total
        if self.model.listing is None:
            text = ""
        elif total is None:
            text = self.tr("Loading…") if self.model.loading else ""
        elif shown < total:
            text = tr_format(
                self.tr("{total} videos ({shown} loaded)"), total=f"{total:,}", shown=f"{shown:,}"
            )
        else:
            text = tr_format(self.tr("{total} videos"), total=f"{total:,}")
        if total == 0 and not self.model.loading:
            text = self.tr("No video matches these filters.")
        self.pane.count_label.setText(text)

    # -- opening ----------------------------------------------------------------------------------

    def open_video(self, video_id: str) -> None:
        """The video in the grid, with the library's order as the Previous/Next list."""
        self.walk.open(video_id)
