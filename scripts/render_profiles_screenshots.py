#!/usr/bin/env python3
"""Renders the Alibaba Cloud Profiles dialog screenshots of ``docs/screenshots/`` from the real app,
offscreen, against the local emulator: three profiles (the emulator's, a production one and an STS
one) with the emulator's picked after a real signed Test connection (``profiles.png``), and a
desktop with no keyring: the session-only banner over the window and the dialog's amber note while
a first profile is typed in, drawn over the window as a user sees it (``profiles-session-only.png``).
English only, as named. Settings, caches and logs go to a temporary folder and the secrets to an
in-memory keyring (for the second picture: ``keyring``'s "fail" back-end, no keyring at all).

Run: ``.venv/bin/python scripts/render_profiles_screenshots.py [--out DIR]``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring.backends.fail
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter

from snapview.core.credentials import Profile

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_huawei_screenshots import _until, render_main, running_app, save_png

#: The made-up keys of the two profiles beside the emulator's (never sent anywhere).
EXAMPLE_SECRET = "screenshot-only-secret"


async def render(out: Path, lang: str, temp: Path) -> None:
    async with running_app(temp / "keyring", (1280, 800)) as running:
        app, store = running.app, running.store
        await running.use_demo_profile("emulator")
        await store.save_profile(
            Profile(name="production-shanghai", access_key_id="LTAI5tExampleKeyId01"),
            EXAMPLE_SECRET,
            None,
        )
        await store.save_profile(
            Profile(
                name="qa-singapore",
                region="ap-southeast-1",
                access_key_id="STS.NExampleTemporaryKey",
                uses_security_token=True,
            ),
            EXAMPLE_SECRET,
            "screenshot-only-token",
        )
        dialog = app.profiles.open_dialog()
        dialog.resize(860, 520)
        dialog.profile_list.setCurrentRow(dialog.profile_names().index("emulator"))
        finished: list[bool] = []
        dialog.operation_finished.connect(lambda _op, ok: finished.append(ok))
        dialog.test_connection()  # a real signed ListSnapshots-class call to the emulator
        await _until(lambda: bool(finished))
        if not finished[0]:
            raise RuntimeError("Test connection failed against the emulator")
        await asyncio.sleep(0.3)
        save_png(dialog, out / "profiles.png")
        dialog.close()
    async with running_app(
        temp / "no-keyring", (1280, 800), keyring_backend=keyring.backends.fail.Keyring()
    ) as running:
        app, window = running.app, running.app.window
        await _until(lambda: running.store.session_only)
        dialog = app.profiles.open_dialog()
        dialog.resize(860, 520)
        await asyncio.sleep(0.5)  # the dialog fills its form once the store has answered
        dialog.name_edit.setText("production-shanghai")
        dialog.key_id_edit.setText("LTAI5tExampleKeyId01")
        dialog.secret_edit.setText(EXAMPLE_SECRET)
        await asyncio.sleep(0.3)
        if dialog.name_edit.text() != "production-shanghai":
            raise RuntimeError("the Profiles dialog cleared the form typed into it")
        picture = window.grab()
        shown = dialog.grab()
        corner = QPoint(
            (picture.width() - shown.width()) // 2, (picture.height() - shown.height()) // 2
        )
        painter = QPainter(picture)
        painter.fillRect(shown.rect().translated(corner + QPoint(6, 6)), QColor(0, 0, 0, 60))
        painter.drawPixmap(corner, shown)
        painter.setPen(QColor("#8a8a8a"))
        painter.drawRect(shown.rect().translated(corner).adjusted(-1, -1, 0, 0))
        painter.end()
        save_png(picture, out / "profiles-session-only.png")
        dialog.close()


def main() -> int:
    return render_main(render, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
