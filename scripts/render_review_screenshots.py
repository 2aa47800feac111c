#!/usr/bin/env python3
"""Renders the review screenshots of ``docs/screenshots/`` from the real app, offscreen, against
the local emulator: the planted-defect video part-reviewed through the triage commands (Approve,
and Reject with a reason: the P and X/digit keys), with the marks on the tiles, the reasons in red
under them and the counts and verdict in the status bar (``review-grid-en.png``); the Export
dialog for the video on screen (``review-export-en.png``) and the message it gives for a folder
that does not exist (``review-export-error-en.png``); with ``--lang zh_CN`` the same in Chinese
(``…-zh_CN.png``). Settings, caches, logs and the review store go to a temporary folder and the
demo account's secret to an in-memory keyring: nothing is kept.

Run: ``.venv/bin/python scripts/render_review_screenshots.py [--lang zh_CN] [--out DIR]``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel

from snapview.core.review.reasons import Reason
from snapview.emulator.catalog import DEFECTS_VIDEO_ID
from snapview.ui.review.export_job import ExportFormat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_huawei_screenshots import (
    _until,
    render_main,
    running_app,
    save_png,
    until_window_settled,
)

#: Row → the decision a reviewer gives it (None: Approve), what the planted defects call for.
DECISIONS: dict[int, Reason | None] = {
    0: None,
    1: None,
    2: Reason.BLACK,
    3: None,
    4: Reason.BLACK,
    5: None,
    6: Reason.NOT_IMAGE,
    7: None,
    9: None,
    12: Reason.FROZEN,
}
PICKED = 8  # #9: the tile the reviewer is on, not decided yet


async def render(out: Path, lang: str, temp: Path) -> None:
    suffix = "-zh_CN" if lang.startswith("zh") else "-en"
    async with running_app(temp, (1280, 800)) as running:
        app = running.app
        window, video, review = app.window, app.video, app.review
        await running.use_demo_profile()
        app.library.dock.close()  # with its ×: the grid has the room, five tiles a row
        window.video_edit.setText(DEFECTS_VIDEO_ID)
        video.load(DEFECTS_VIDEO_ID, "NormalSnapshot")
        await _until(lambda: review.binding.session is not None and video.model.rowCount() > 0)
        await _until(lambda: video.model.final_rows(video.view.visible_rows()))
        selection = video.view.selectionModel()
        for row, reason in DECISIONS.items():
            selection.setCurrentIndex(
                video.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            if reason is None:
                review.triage.approve()  # P
            else:
                review.triage.reject_with(reason)  # X, then the reason's digit
        session = review.binding.session
        assert session is not None
        await session.drain()
        selection.setCurrentIndex(
            video.model.index(PICKED, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        video.view.scrollToTop()
        await until_window_settled(app)
        await asyncio.sleep(0.5)
        save_png(window, out / f"review-grid{suffix}.png")

        review.export_action.trigger()  # Review → Export…
        dialog = review.export_dialog
        assert dialog is not None
        await _until(dialog.isVisible)
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(ExportFormat.PDF.value))
        await asyncio.sleep(0.2)
        save_png(dialog, out / f"review-export{suffix}.png")
        dialog.path_edit.setText(str(temp / "gone" / "report.pdf"))
        dialog.export_button.click()
        await _until(lambda: bool(dialog.message.text()) and dialog.export_button.isEnabled())
        await asyncio.sleep(0.2)
        save_png(dialog, out / f"review-export-error{suffix}.png")
        dialog.close()


def main() -> int:
    return render_main(render, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
