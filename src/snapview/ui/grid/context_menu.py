"""The grid's right-click menu and what its actions do: copy URL or image, open in the browser, and
save the originals of the selected tiles into a folder.

A plain helper that holds the view (as Vorta's ``views/archive/`` helpers hold their tab). Saving
runs in :class:`snapview.services.downloads.OriginalsSaver`; this module only asks for the folder,
starts the save and shows its report in the status bar, so the view does no I/O of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMenu

from snapview.ui.grid.tiles import FULL_TARGET, PREVIEW_KEY_PREFIX, TileState
from snapview.ui.tr import tr_message

if TYPE_CHECKING:
    from snapview.services.downloads import OriginalsSaver, SaveReport
    from snapview.ui.events.tile_list import TileList
    from snapview.ui.grid.loader import ImageSource
    from snapview.ui.grid.view import ThumbnailGridView


class GridContextMenu:
    """Builds the menu for the selected rows of ``view`` and carries out its actions.

    Its texts keep the view's translation context ("ThumbnailGridView"): they were the view's before
    the grid was split, and translators should not see them twice. The Huawei event view's tile rows
    (:class:`snapview.ui.events.tile_list.TileList`) use the same menu: they have the same ``grid_model``
    and ``status_text``."""

    def __init__(
        self, view: ThumbnailGridView | TileList, saver: OriginalsSaver | None = None
    ) -> None:
        self.view = view
        self.saver = saver
        self.name_prefix = "snapshot"  # "<video>_<type>": what saved files are named after
        self._save_tasks: set[asyncio.Task[int]] = set()
        self._copy_task: asyncio.Task[bool] | None = None
        # The desktop's URL opener; tests stand in for a desktop with or without a browser.
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl

    def popup(self, event: QContextMenuEvent) -> None:
        """Right-click: the tile under the mouse joins (or becomes) the selection, then the menu."""
        view = self.view
        index = view.indexAt(event.pos())
        if index.isValid() and not view.selectionModel().isSelected(index):
            view.setCurrentIndex(index)
        menu = self.build(selected_rows(view))
        if menu is not None:
            menu.popup(event.globalPos())

    def build(self, rows: Sequence[int]) -> QMenu | None:
        if not rows:
            return None
        model = self.view.grid_model
        rows = list(rows)
        menu = QMenu(self.view)
        menu.setObjectName("gridContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        tile = model.tile(rows[0])
        has_url = tile.url is not None
        self._action(
            menu,
            "action_copy_url",
            QCoreApplication.translate("ThumbnailGridView", "Copy URL"),
            lambda: self.copy_urls(rows),
            has_url,
        )
        self._action(
            menu,
            "action_copy_image",
            QCoreApplication.translate("ThumbnailGridView", "Copy image"),
            lambda: self.copy_image(rows[0]),
            has_url,
        )
        self._action(
            menu,
            "action_open_browser",
            QCoreApplication.translate("ThumbnailGridView", "Open in browser"),
            lambda: self.open_in_browser(rows[0]),
            has_url,
        )
        failed = [r for r in rows if model.tile(r).state == TileState.FAILED]
        self._action(
            menu,
            "action_retry_tiles",
            QCoreApplication.translate("ThumbnailGridView", "Retry"),
            lambda: self.view.grid_model.loader.retry(failed),
            bool(failed),
        )
        menu.addSeparator()
        self._action(
            menu,
            "action_save_images",
            QCoreApplication.translate("ThumbnailGridView", "Save image(s)…"),
            lambda: self.choose_folder_and_save(rows),
            True,
        )
        return menu

    @staticmethod
    def _action(menu: QMenu, name: str, text: str, slot: object, enabled: bool) -> None:
        action = QAction(text, menu)
        action.setObjectName(name)
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        menu.addAction(action)

    # -- the actions --

    def copy_urls(self, rows: Sequence[int]) -> None:
        model = self.view.grid_model
        urls = [u for u in (model.tile(r).url for r in rows) if u]
        QGuiApplication.clipboard().setText("\n".join(urls))
        self.view.status_text.emit(
            QCoreApplication.translate("ThumbnailGridView", "Copied {n} URL(s)").replace(
                "{n}", str(len(urls))
            )
        )

    def copy_image(self, row: int) -> asyncio.Task[bool] | None:
        """Copy the snapshot at full resolution (D9: never the tile's thumbnail): fetched through
        the image pipeline at the preview's size, from its caches when the preview showed it."""
        model = self.view.grid_model
        tile = model.tile(row)
        pipeline = model.loader.pipeline
        if tile.url is None or pipeline is None:
            return None
        key = f"{PREVIEW_KEY_PREFIX}{model.key_for(row)}"
        if self._copy_task is not None:
            self._copy_task.cancel()  # a second Copy wins over one still downloading
        task = asyncio.get_event_loop().create_task(
            self._copy(pipeline, key, tile.url, tile.region), name="grid-copy-image"
        )
        self._copy_task = task
        return task

    async def _copy(
        self,
        pipeline: ImageSource,
        key: str,
        url: str,
        region: tuple[int, int, int, int] | None,
    ) -> bool:
        translate = QCoreApplication.translate
        result = await pipeline.load(url, QSize(FULL_TARGET), key=key, priority=1000)
        image = result.image
        if image is not None and region is not None:
            from snapview.services.images import crop  # httpx: not at start-up (#14)

            image = crop(image, region, original_size=result.pixel_size)
        with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
            if image is None or image.isNull():
                reason = tr_message(result.reason) if result.reason is not None else "?"
                self.view.status_text.emit(
                    translate(
                        "ThumbnailGridView", "The image could not be copied: {reason}"
                    ).replace("{reason}", reason)
                )
                return False
            QGuiApplication.clipboard().setImage(image)
            self.view.status_text.emit(
                translate("ThumbnailGridView", "Image copied ({width}×{height})")
                .replace("{width}", str(image.width()))
                .replace("{height}", str(image.height()))
            )
        return True

    def open_in_browser(self, row: int) -> None:
        """Hand the tile's link to the desktop's browser; where none opens (openUrl says False: no
        browser or no desktop session), say so and copy the link, as Help → Where Is the Log? does
        for its folder."""
        url = self.view.grid_model.tile(row).url
        if not url:
            return
        if self.open_url(QUrl(url)):
            text = QCoreApplication.translate(
                "ThumbnailGridView", "Opened the snapshot in the browser."
            )
        else:
            QGuiApplication.clipboard().setText(url)
            text = QCoreApplication.translate(
                "ThumbnailGridView",
                "No browser could be opened on this desktop; the link was copied to the clipboard instead.",
            )
        self.view.status_text.emit(text)

    def choose_folder_and_save(self, rows: Sequence[int]) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.view, QCoreApplication.translate("ThumbnailGridView", "Save images to folder")
        )
        if folder:
            self.save(rows, folder)

    def save(self, rows: Sequence[int], folder: str) -> asyncio.Task[int]:
        """Start saving the originals of ``rows``; the task's result is how many were saved."""
        model = self.view.grid_model
        items = [(model.tile(r).index, model.tile(r).url) for r in rows]
        task = asyncio.get_event_loop().create_task(
            self._save(items, Path(folder)), name="grid-save-images"
        )
        self._save_tasks.add(task)
        task.add_done_callback(self._save_tasks.discard)
        return task

    async def _save(self, items: list[tuple[int, str | None]], folder: Path) -> int:
        if self.saver is None:
            from snapview.services.downloads import OriginalsSaver  # httpx: only when saving

            self.saver = OriginalsSaver()
        report = await self.saver.save(items, folder, prefix=self.name_prefix)
        with contextlib.suppress(RuntimeError):  # the window was closed while saving
            self.view.status_text.emit(describe_report(report))
        return len(report.saved)


def selected_rows(view: QAbstractItemView) -> list[int]:
    """The selected rows of ``view`` in order, or its current row when nothing is selected."""
    rows = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    return rows


def describe_report(report: SaveReport) -> str:
    """The status-bar line for a finished save: how many, where, and the first failure's reason."""
    text = (
        QCoreApplication.translate("ThumbnailGridView", "Saved {saved} image(s) to {folder}")
        .replace("{saved}", str(len(report.saved)))
        .replace("{folder}", str(report.folder))
    )
    if report.failures:
        failed = QCoreApplication.translate("ThumbnailGridView", "{n} failed").replace(
            "{n}", str(len(report.failures))
        )
        text += f" — {failed} ({tr_message(report.failures[0].reason)})"
    return text
