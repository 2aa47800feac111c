#!/usr/bin/env python3
"""Renders the Huawei Cloud screenshots of ``docs/screenshots/`` from the real app, offscreen,
against the local emulator: a media asset in the grid with its ShowAssetDetail in the inspector
(``huawei-asset.png``) and the Profiles dialog showing a Huawei profile after Test connection
(``profiles-huawei.png``); with ``--lang zh_CN`` the same in Chinese (``…-zh.png``). Nothing is
kept: settings, caches and logs go to a temporary folder, the secrets to an in-memory keyring.

Run: ``.venv/bin/python scripts/render_huawei_screenshots.py [--lang zh_CN] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QItemSelectionModel

from snapview.app import AppWindow, build_window, create_application
from snapview.core.credentials import Profile, Provider
from snapview.emulator import huawei_catalog as hc
from snapview.emulator.server import EmulatorConfig, RunningEmulator, start_emulator_thread
from snapview.services.app_services import AppServices
from snapview.services.credentials import CredentialStore
from snapview.services.settings import Settings
from snapview.ui.shell.language import install_translators

ROOT = Path(__file__).resolve().parent.parent


class _MemoryKeyring:
    """A keyring in a dict, named like Secret Service so the dialog reads as on a desktop."""

    priority = -1

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.data.pop((service, username), None)


_MemoryKeyring.__module__ = "keyring.backends.SecretService"


async def _until(condition: Callable[[], object], limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        await asyncio.sleep(0.05)


async def until_window_settled(app: AppWindow) -> None:
    """Wait for what comes after the grid's first viewport: the library's visible covers and the
    review status line (its session opens after the first page), so no picture catches them
    half-drawn."""
    library, review = app.library, app.review

    def settled() -> bool:
        rows = library.prefetch.visible_rows()
        covers = all(library.model.cover_settled(row) for row in rows)
        return covers and bool(review.status_line.text())

    await _until(settled)


@dataclass
class RunningApp:
    """The real app built as ``--screenshot`` builds it, on an emulator of its own."""

    app: AppWindow
    store: CredentialStore
    emulator: RunningEmulator


@contextlib.asynccontextmanager
async def running_app(temp: Path, size: tuple[int, int]) -> AsyncIterator[RunningApp]:
    """The window shown at ``size``, settings in ``temp``, secrets in memory; closed afterwards
    in the app's own order (services, then the window), and the emulator stopped."""
    emulator = start_emulator_thread(EmulatorConfig())
    settings = Settings(temp / "settings.json")
    store = CredentialStore(settings, keyring_backend=_MemoryKeyring())
    services = AppServices(settings, credentials=store)
    app = build_window(services, argparse.Namespace(screenshot="shots"))
    try:
        app.window.resize(*size)
        app.window.show()
        yield RunningApp(app, store, emulator)
    finally:
        await services.aclose()
        app.window.close()
        emulator.stop()


async def render(out: Path, lang: str, temp: Path) -> None:
    async with running_app(temp, (1480, 900)) as running:
        app, store, emulator = running.app, running.store, running.emulator
        window = app.window
        profile = Profile(
            name="huawei-beijing4",
            provider=Provider.HUAWEI,
            region="cn-north-4",
            endpoint=emulator.base_url,
            access_key_id=hc.HUAWEI_DEMO_AK,
            project_id=hc.HUAWEI_DEMO_PROJECT_ID,
        )
        await store.save_profile(profile, hc.HUAWEI_DEMO_SK, None)
        # An Alibaba profile beside it, as a team with both clouds has (its key is never used).
        await store.save_profile(
            Profile(name="aliyun-shanghai", access_key_id="LTAI5tScreenshot"),
            "screenshot-only-secret",
            None,
        )
        app.profiles.select(profile.name)
        window.zoom_slider.setValue(176)
        window.type_combo.setCurrentIndex(window.type_combo.findData("sample"))
        window.video_edit.setText(hc.DEFECTS_ASSET_ID)
        app.video.load(hc.DEFECTS_ASSET_ID, "sample")
        video = app.video
        await _until(lambda: video.model.total is not None and window.inspector.document)

        def settled() -> bool:
            rows = video.view.visible_rows()
            return len(rows) > 0 and not video.model.hold and video.model.final_rows(rows)

        await _until(settled)
        await until_window_settled(app)
        row = 12  # #13 at 01:00, one of the frozen frames (DUP)
        video.view.selectionModel().setCurrentIndex(
            video.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        await asyncio.sleep(0.3)
        suffix = "-zh" if lang.startswith("zh") else ""
        window.grab().save(str(out / f"huawei-asset{suffix}.png"), "PNG")
        dialog = app.profiles.open_dialog()
        dialog.resize(900, 560)
        dialog.profile_list.setCurrentRow(dialog.profile_names().index(profile.name))
        finished: list[bool] = []
        dialog.operation_finished.connect(lambda _op, ok: finished.append(ok))
        dialog.test_connection()  # a real signed call to the emulator's Huawei API
        await _until(lambda: bool(finished))
        await asyncio.sleep(0.3)
        dialog.grab().save(str(out / f"profiles-huawei{suffix}.png"), "PNG")
        dialog.close()


def main() -> int:
    return render_main(render, __doc__ or "")


def render_main(render: Callable[[Path, str, Path], Awaitable[None]], doc: str) -> int:
    """The command line of a screenshot script: ``--lang``, ``--out``, a temporary home, qasync."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="snapview-shots-"))
    for name in ("CONFIG", "CACHE", "LOG"):
        os.environ[f"SNAPVIEW_{name}_DIR"] = str(temp / name.lower())
    qt_app = create_application([sys.argv[0]])
    install_translators(qt_app, args.lang)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    args.out.mkdir(parents=True, exist_ok=True)
    with loop:
        loop.run_until_complete(render(args.out, args.lang, temp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
