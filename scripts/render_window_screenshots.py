#!/usr/bin/env python3
"""Renders the main window at 1024×700 with the inspector docked (``window-1024x700.png``; with
``--lang zh_CN`` ``window-1024x700-zh_CN.png``) from the real app, offscreen, against the local
emulator: the narrow-screen check of issue 15 (D8) as a picture. Settings, caches and logs go to a
temporary folder and the demo account's secret to an in-memory keyring: nothing is kept.

Run: ``.venv/bin/python scripts/render_window_screenshots.py [--lang zh_CN] [--out DIR]``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from snapview.core.credentials import Profile
from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LONG_VIDEO_ID

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_huawei_screenshots import _until, render_main, running_app, until_window_settled


async def render(out: Path, lang: str, temp: Path) -> None:
    async with running_app(temp, (1024, 700)) as running:
        app, store, emulator = running.app, running.store, running.emulator
        window = app.window
        profile = Profile(
            name="Emulator", endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID
        )
        await store.save_profile(profile, DEMO_ACCESS_KEY_SECRET, None)
        app.profiles.select(profile.name)
        video = app.video
        window.video_edit.setText(LONG_VIDEO_ID)
        video.load(LONG_VIDEO_ID, "NormalSnapshot")
        await _until(lambda: video.model.total is not None and video.model.rowCount() > 0)
        await _until(lambda: video.model.final_rows(video.view.visible_rows()))
        await until_window_settled(app)
        suffix = "-zh_CN" if lang.startswith("zh") else ""
        window.grab().save(str(out / f"window-1024x700{suffix}.png"), "PNG")


def main() -> int:
    return render_main(render, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
