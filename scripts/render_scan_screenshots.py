#!/usr/bin/env python3
"""Renders the Defects panel screenshots of ``docs/screenshots/`` from the real app, offscreen,
against the local emulator: a real Scan video (the toolbar's Scan, Ctrl+Shift+S) of the planted-
defect video, then a flagged snapshot picked in the Defects panel, which scrolls the grid to its
badged tile and names the finding in the status bar (``scan-defects-panel.png``; with ``--lang
zh_CN`` ``scan-defects-panel-zh_CN.png``). Settings, caches, logs and the stored scan go to a
temporary folder and the demo account's secret to an in-memory keyring: nothing is kept.

Run: ``.venv/bin/python scripts/render_scan_screenshots.py [--lang zh_CN] [--out DIR]``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from snapview.core.credentials import Profile
from snapview.emulator.catalog import DEFECTS_VIDEO_ID, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from snapview.ui.shell.actions import ActionId

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_huawei_screenshots import _until, render_main, running_app, until_window_settled

PICKED = 50  # solid green: a tile whose badge and whose finding both read at a glance


async def render(out: Path, lang: str, temp: Path) -> None:
    async with running_app(temp, (1500, 900)) as running:
        app, store, emulator = running.app, running.store, running.emulator
        window = app.window
        profile = Profile(
            name="Emulator", endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID
        )
        await store.save_profile(profile, DEMO_ACCESS_KEY_SECRET, None)
        app.profiles.select(profile.name)
        video, scan = app.video, app.scan
        window.video_edit.setText(DEFECTS_VIDEO_ID)
        video.load(DEFECTS_VIDEO_ID, "NormalSnapshot")
        scan_action = window.action(ActionId.SCAN_VIDEO)
        await _until(lambda: video.model.total is not None and scan_action.isEnabled())
        scan_action.trigger()  # what the toolbar's Scan does
        await _until(lambda: scan.running)
        await _until(lambda: not scan.running and scan_action.isEnabled(), limit_s=120)
        item = next(
            (scan.panel.item_for(kind, PICKED) for kind in ("uniform", "black", "frozen")),
            None,
        )
        if item is None:
            raise RuntimeError(f"the scan did not flag snapshot #{PICKED}")
        scan.panel.tree.setCurrentItem(item)
        scan.panel.tree.itemActivated.emit(item, 0)  # as a double-click or Return on the row
        await _until(lambda: video.view.currentIndex().row() == PICKED - 1)

        def settled() -> bool:
            rows = video.view.visible_rows()
            return len(rows) > 0 and not video.model.hold and video.model.final_rows(rows)

        await _until(settled)
        await until_window_settled(app)
        await asyncio.sleep(0.3)
        suffix = "-zh_CN" if lang.startswith("zh") else ""
        window.grab().save(str(out / f"scan-defects-panel{suffix}.png"), "PNG")


def main() -> int:
    return render_main(render, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
