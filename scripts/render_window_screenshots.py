#!/usr/bin/env python3
"""Renders the main-window screenshots of ``docs/screenshots/`` from the real app, offscreen,
against the local emulator: the window at 1024×700 with the inspector docked
(``window-1024x700.png``, the narrow-screen check of issue 15 (D8) as a picture) and the F1
shortcut list, whole and searched (``shortcuts.png``, ``shortcuts-search.png``); with ``--lang
zh_CN`` the same in Chinese (``…-zh_CN.png``). In English also the planted-defect video with its
black, frozen, missing and undecodable snapshots and the failed one picked (``defects.png``,
the library dock closed), and the 10,000-snapshot video with a snapshot picked and its item open in the inspector
(``inspector-alibaba.png``). Settings, caches and logs go to a temporary folder and the demo
account's secret to an in-memory keyring: nothing is kept.

Run: ``.venv/bin/python scripts/render_window_screenshots.py [--lang zh_CN] [--out DIR]``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from snapview.app import AppWindow
from snapview.emulator.catalog import DEFECTS_VIDEO_ID, LONG_VIDEO_ID
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.shortcuts_dialog import ShortcutsDialog

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_huawei_screenshots import (
    _until,
    render_main,
    running_app,
    save_png,
    until_window_settled,
)

#: What the searched shortcut list shows: the video commands, found by a word of their name.
SEARCH = {"en": "video", "zh_CN": "视频"}


async def open_video(app: AppWindow, video_id: str, row: int | None = None) -> None:
    """``video_id`` typed in the toolbar and loaded, the visible tiles final, ``row`` picked."""
    window, video = app.window, app.video
    window.video_edit.setText(video_id)
    video.load(video_id, "NormalSnapshot")
    await _until(lambda: video.model.total is not None and video.model.rowCount() > 0)
    await _until(lambda: video.model.final_rows(video.view.visible_rows()))
    if row is not None:
        video.view.selectionModel().setCurrentIndex(
            video.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
    await until_window_settled(app)
    await asyncio.sleep(0.3)


async def render(out: Path, lang: str, temp: Path) -> None:
    suffix = "-zh_CN" if lang.startswith("zh") else ""
    async with running_app(temp, (1024, 700)) as running:
        app = running.app
        await running.use_demo_profile()
        await open_video(app, LONG_VIDEO_ID)
        save_png(app.window, out / f"window-1024x700{suffix}.png")
        app.window.resize(1280, 800)
        app.window.action(ActionId.SHORTCUTS).trigger()  # what F1 does
        dialog = app.window.findChild(ShortcutsDialog, "shortcutsDialog")
        assert dialog is not None
        await _until(dialog.isVisible)
        QApplication.processEvents()
        save_png(dialog, out / f"shortcuts{suffix}.png")
        dialog.search.setText(SEARCH["zh_CN" if suffix else "en"])
        await asyncio.sleep(0.2)
        save_png(dialog, out / f"shortcuts-search{suffix}.png")
        dialog.close()
    if suffix:  # the pictures below have no Chinese variant
        return
    async with running_app(temp, (1280, 800)) as running:
        await running.use_demo_profile()
        # The library dock closed with its ×, as a reviewer on one video does: five tiles a row.
        running.app.library.dock.close()
        await open_video(running.app, DEFECTS_VIDEO_ID, row=26)  # #27: an undecodable snapshot
        save_png(running.app.window, out / "defects.png")
    async with running_app(temp, (1400, 860)) as running:
        await running.use_demo_profile()
        await open_video(running.app, LONG_VIDEO_ID, row=6)  # #7: item [6] of the page's array
        save_png(running.app.window, out / "inspector-alibaba.png")


def main() -> int:
    return render_main(render, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
