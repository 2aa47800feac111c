#!/usr/bin/env python3
"""Renders the close-inspection screenshots of ``docs/screenshots/`` from the real app, offscreen,
against the local emulator: the preview at full screen with a sprite cell fitted up (enlarged,
crisp) and the loupe on (``preview-fullscreen.png``), and the Go-to dialog (``goto.png``); with
``--lang zh_CN`` the same in Chinese (``…-zh.png``). In English also the sprite-sheet video split
into its 50 frames in the grid (``sprites-split.png``, the library dock closed) and the preview
window beside its snapshot facts for #12 of the planted-defect video (``preview.png``).
Settings, caches and logs go to a temporary folder and the demo account's secret to an
in-memory keyring: nothing is kept.

Run: ``.venv/bin/python scripts/render_preview_screenshots.py [--lang zh_CN] [--out DIR]``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from snapview.core.credentials import Profile
from snapview.emulator.catalog import (
    DEFECTS_VIDEO_ID,
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    SPRITE_VIDEO_ID,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_huawei_screenshots import (
    _until,
    render_main,
    running_app,
    save_png,
)

ROOT = Path(__file__).resolve().parent.parent


async def render(out: Path, lang: str, temp: Path) -> None:
    async with running_app(temp, (1280, 800)) as running:
        app, store, emulator = running.app, running.store, running.emulator
        window = app.window
        suffix = "-zh" if lang.startswith("zh") else ""
        profile = Profile(
            name="aliyun-shanghai", endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID
        )
        await store.save_profile(profile, DEMO_ACCESS_KEY_SECRET, None)
        app.profiles.select(profile.name)
        video = app.video
        window.type_combo.setCurrentIndex(window.type_combo.findData("SpriteSnapshot"))
        window.video_edit.setText(SPRITE_VIDEO_ID)
        video.load(SPRITE_VIDEO_ID, "SpriteSnapshot")
        await _until(lambda: video.model.total == 2)
        window.action_map["split_frames"].trigger()
        await _until(lambda: video.model.rowCount() == 50)
        video.open_preview(7)
        preview = video.preview
        assert preview is not None
        await _until(lambda: preview.original is not None)
        preview.set_full_screen(True)
        preview.smooth_button.setChecked(False)  # crisp: the enlarged pixels as squares
        preview.loupe_button.setChecked(True)
        await asyncio.sleep(0.3)
        label = preview.image_label
        shown = label.pixmap()
        spot = QPoint(label.width() // 2 + shown.width() // 5, label.height() // 2)
        QApplication.sendEvent(
            label,
            QMouseEvent(
                QEvent.Type.MouseMove,
                QPointF(spot),
                QPointF(label.mapToGlobal(spot)),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )
        await asyncio.sleep(0.2)
        save_png(preview, out / f"preview-fullscreen{suffix}.png")
        preview.set_full_screen(False)
        preview.close()
        if not suffix:
            # The split sheets in the grid, five frames a row: the library dock closed with its ×.
            app.library.dock.close()
            video.view.scrollToTop()
            await _until(lambda: video.model.final_rows(video.view.visible_rows()))
            await asyncio.sleep(0.5)
            save_png(window, out / "sprites-split.png")
        video.navigation.go_to()
        dialog = video.navigation.dialog
        assert dialog is not None
        dialog.field.setText("1:75")
        dialog.accept()  # an impossible time: the dialog stays and says why
        await asyncio.sleep(0.2)
        save_png(dialog, out / f"goto{suffix}.png")
        dialog.reject()
        if suffix:
            return
        # The preview of a plain JPEG snapshot, with what it says about it (state, URL, bytes).
        window.action_map["split_frames"].trigger()  # off again: the next video has no sheets
        window.type_combo.setCurrentIndex(window.type_combo.findData("NormalSnapshot"))
        window.video_edit.setText(DEFECTS_VIDEO_ID)
        video.load(DEFECTS_VIDEO_ID, "NormalSnapshot")
        await _until(lambda: video.model.total == 72 and video.model.rowCount() >= 12)
        video.open_preview(11)  # #12, a night frame of the planted-defect video
        await _until(lambda: preview.original is not None and "#12" in preview.windowTitle())
        preview.loupe_button.setChecked(False)  # as the preview opens by default
        preview.smooth_button.setChecked(True)
        preview.resize(1100, 700)
        await asyncio.sleep(0.3)
        save_png(preview, out / "preview.png")
        preview.close()


def main() -> int:
    return render_main(render, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
