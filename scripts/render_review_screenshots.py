#!/usr/bin/env python3
"""Renders the review screenshots of ``docs/screenshots/`` from the real app, offscreen, against
the local emulator: the planted-defect video part-reviewed through the triage commands (Approve,
and Reject with a reason: the P and X/digit keys), with the marks on the tiles, the reasons in red
under them and the counts and verdict in the status bar (``review-grid-en.png``); the Export
dialog for the video on screen (``review-export-en.png``) and the message it gives for a folder
that does not exist (``review-export-error-en.png``); with ``--lang zh_CN`` the same in Chinese
(``…-zh_CN.png``). Then the PDF contact sheet that dialog writes, a page of it as a picture
(``pdftoppm``, 60 dpi): the video's page in English (``review-report-video.png``), the summary page
in Chinese (``review-report-summary-zh_CN.png``); and the message Import Decisions… gives for a
colleague's handover file from a newer snapview with rows it cannot read (``review-import-en.png``,
``review-import-zh_CN.png``).
Settings, caches, logs and the review store go to a temporary folder and the demo account's
secret to an in-memory keyring: nothing is kept.

Run: ``.venv/bin/python scripts/render_review_screenshots.py [--lang zh_CN] [--out DIR]``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel

from snapview.core.review.decisions import format_time
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
    2: None,
    3: None,
    4: Reason.BLACK,  # #5 and #6 are black frames
    5: Reason.BLACK,
    6: None,
    7: None,
    9: None,
    12: Reason.FROZEN,  # #13 to #16 repeat #12: a stuck encoder
    13: Reason.FROZEN,
    20: Reason.BROKEN_LINK,  # #21 answers 404: the report's placeholder says so
    26: Reason.CORRUPT,  # #27 does not decode
    32: Reason.NOT_IMAGE,  # #33 is an HTML page
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
        report = await export(dialog, ExportFormat.PDF, temp / "report.pdf")
        handover = await export(dialog, ExportFormat.JSON, temp / "export.json")
        dialog.close()
        page, name = (
            (1, "review-report-summary-zh_CN") if suffix == "-zh_CN" else (2, "review-report-video")
        )
        save_pdf_page(report, page, out / f"{name}.png", temp)

        # A colleague's handover file, imported (File → Import Decisions… does ``start`` once the
        # file is chosen): the message with its counts, the newer-format note and skipped rows.
        colleague = temp / "wang-fang-handover.json"
        write_handover(handover, colleague)
        review.importer.start(colleague)
        await _until(lambda: review.importer.message_box is not None)
        box = review.importer.message_box
        assert box is not None
        await _until(box.isVisible)
        await asyncio.sleep(0.3)
        save_png(box, out / f"review-import{suffix}.png")
        box.close()


async def export(dialog: Any, fmt: ExportFormat, path: Path) -> Path:
    """What Export writes for the video on screen in ``fmt`` at ``path``."""
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt.value))
    dialog.path_edit.setText(str(path))
    dialog.export_button.click()
    await _until(lambda: dialog.task is not None and dialog.task.done())
    await _until(dialog.export_button.isEnabled)
    if not written(path):
        raise RuntimeError(f"the export wrote nothing: {dialog.message.text()}")
    return path


def written(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def write_handover(export: Path, target: Path) -> None:
    """Our JSON export turned into a colleague's: two of her decisions newer than ours, one older,
    one the same as ours, written by a newer snapview (format 2) with four rows this one cannot
    read."""
    document = json.loads(export.read_text("utf-8"))
    ours = document["decisions"]
    now = datetime.now(UTC)
    rows = []
    for row, shift in zip(ours, (3600, 3600, -86400, None), strict=False):
        theirs = dict(row)
        if shift is not None:
            theirs["reviewer"] = "Wang Fang"
            theirs["decided_at"] = format_time(now + timedelta(seconds=shift))
            theirs["decision_id"] = uuid.uuid4().hex
        rows.append(theirs)
    rows += [
        {**ours[0], "decision_id": uuid.uuid4().hex, "decision": "rejected", "reason": "smudge"},
        {**ours[0], "decision_id": uuid.uuid4().hex, "index": "twelve"},
        {**ours[0], "decision_id": uuid.uuid4().hex, "decision": "maybe"},
        {**ours[0], "decision_id": uuid.uuid4().hex, "decided_at": "yesterday"},
    ]
    document.update(format_version=2, decisions=rows)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")


def save_pdf_page(pdf: Path, page: int, target: Path, temp: Path) -> None:
    """Page ``page`` of ``pdf`` as a PNG at 60 dpi (A4: 496×702), through poppler's pdftoppm."""
    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm (poppler-utils) is needed for the report pictures")
    stem = temp / f"page-{page}"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page),
         str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    from PySide6.QtGui import QImage

    save_png(QImage(str(stem.with_suffix(".png"))), target)


def main() -> int:
    return render_main(render, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
