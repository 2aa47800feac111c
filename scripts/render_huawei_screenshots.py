#!/usr/bin/env python3
"""Renders the Huawei Cloud screenshots of ``docs/screenshots/`` from the real app, offscreen,
against the local emulator: a media asset in the grid with its ShowAssetDetail in the inspector
(``huawei-asset.png``) and the Profiles dialog showing a Huawei profile after Test connection
(``profiles-huawei.png``); with ``--lang zh_CN`` the same in Chinese (``…-zh.png``). In English
also two Huawei events opened from files beside the inspector: an SMN-signed SUCCEED event with a
snapshot picked (``event.png``) and a bare FAILED one (``event-failed.png``). Nothing is kept:
settings, caches and logs go to a temporary folder, the secrets to an in-memory keyring. The other
``render_*_screenshots.py`` scripts share ``running_app()``, ``save_png()`` and ``render_main()``.

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
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QWidget

from snapview.app import AppWindow, build_window, create_application
from snapview.core.credentials import Profile, Provider
from snapview.emulator import huawei_catalog as hc
from snapview.emulator.catalog import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    HUAWEI_ASSET_ID_FAILED,
    HUAWEI_ASSET_ID_OK,
)
from snapview.emulator.huawei_events import CERT_PATH
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

    async def use_demo_profile(self, name: str = "Emulator") -> Profile:
        """The emulator's Alibaba demo account saved as ``name`` and chosen in the toolbar."""
        profile = Profile(
            name=name, endpoint=self.emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID
        )
        await self.store.save_profile(profile, DEMO_ACCESS_KEY_SECRET, None)
        self.app.profiles.select(profile.name)
        return profile


def save_png(picture: QWidget | QPixmap | QImage, path: Path) -> None:
    """``picture`` (a widget is grabbed) as a PNG at zlib's strongest compression: the committed
    pictures stay as small as the pixels allow."""
    if isinstance(picture, QWidget):
        picture = picture.grab()
    if not picture.save(str(path), "PNG", 0):  # PNG quality 0 = compression level 9
        raise OSError(f"could not write {path}")


def home_settings(temp: Path) -> Settings:
    """The settings file of a home in ``temp`` (made if new). A script blocks on its small files
    and the emulator's answers: qasync's loop has no ``to_thread``, and nothing else runs."""
    temp.mkdir(parents=True, exist_ok=True)
    return Settings(temp / "settings.json")


@contextlib.asynccontextmanager
async def running_app(
    temp: Path, size: tuple[int, int], keyring_backend: object | None = None
) -> AsyncIterator[RunningApp]:
    """The window shown at ``size``, settings in ``temp``, secrets in memory (or in
    ``keyring_backend``: ``keyring.backends.fail.Keyring()`` is a desktop without a keyring);
    closed afterwards in the app's own order (services, then the window), and the emulator
    stopped."""
    emulator = start_emulator_thread(EmulatorConfig())
    settings = home_settings(temp)
    backend = _MemoryKeyring() if keyring_backend is None else keyring_backend
    store = CredentialStore(settings, keyring_backend=backend)
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
        save_png(window, out / f"huawei-asset{suffix}.png")
        dialog = app.profiles.open_dialog()
        dialog.resize(900, 560)
        dialog.profile_list.setCurrentRow(dialog.profile_names().index(profile.name))
        finished: list[bool] = []
        dialog.operation_finished.connect(lambda _op, ok: finished.append(ok))
        dialog.test_connection()  # a real signed call to the emulator's Huawei API
        await _until(lambda: bool(finished))
        await asyncio.sleep(0.3)
        save_png(dialog, out / f"profiles-huawei{suffix}.png")
        dialog.close()
    if not suffix:  # the event pictures have no Chinese variant
        await render_events(out, temp)


async def render_events(out: Path, temp: Path) -> None:
    """Two events as a user gets them from Huawei Cloud, saved to files and opened (File → Open
    Events does ``load_paths``): the emulator's SMN notification for a finished asset and its
    bare event for a failed one."""
    # A home of its own: no profile (an event file needs none), so the library dock, empty, is
    # closed with its × and the event page has the room.
    async with running_app(temp / "events", (1400, 860)) as running:
        app, emulator = running.app, running.emulator
        app.library.dock.close()
        events = app.events
        files = {}
        for name, asset, envelope in (
            ("ok", HUAWEI_ASSET_ID_OK, "smn"),
            ("failed", HUAWEI_ASSET_ID_FAILED, "bare"),
        ):
            url = f"{emulator.base_url}/huawei/events/{asset}?envelope={envelope}"
            files[name] = temp / f"{name}.json"
            download(url, files[name])
        for name, asset in (("ok", HUAWEI_ASSET_ID_OK), ("failed", HUAWEI_ASSET_ID_FAILED)):
            events.load_paths([str(files[name])])
            await _until(lambda a=asset: bool(events.events) and events.events[0].asset_id == a)
            await asyncio.sleep(0.3)
            if name == "ok":
                # Verify with certificate…: the topic's .pem (the emulator's, which Download
                # certificate refuses: not an smn.<region>.myhuaweicloud.com address) picked in
                # the file dialog, and the SMN signature checked against it.
                await choose_certificate(app, emulator, temp / "SMN-test-cert.pem")
                await _until(lambda: "✔" in events.view.signature_label.text())
                _label, tiles, model = next(iter(events.view.groups.values()))  # "sample"

                def loaded(m: Any = model, view: Any = tiles) -> bool:
                    app.window.grab()  # painting a tile asks for its picture, as on screen
                    area = view.viewport().rect()
                    shown = [
                        r
                        for r in range(m.rowCount())
                        if view.visualRect(m.index(r, 0)).intersects(area)
                    ]
                    return bool(shown) and all(m.tile(r).state.is_final for r in shown)

                await _until(loaded)
                # 00:36, as a click picks it: the inspector opens that item of "sample".
                tiles.setCurrentIndex(model.index(3, 0))
                await asyncio.sleep(0.5)
            save_png(app.window, out / ("event.png" if name == "ok" else "event-failed.png"))


def download(url: str, path: Path) -> None:
    """``url`` (the emulator, on loopback) saved to ``path``, as a user saves a file."""
    with urllib.request.urlopen(url, timeout=10) as response:
        path.write_bytes(response.read())


async def choose_certificate(app: AppWindow, emulator: RunningEmulator, path: Path) -> None:
    download(emulator.base_url + CERT_PATH, path)
    app.events.view.cert_button.click()
    await _until(lambda: app.window.findChild(QFileDialog, "certificateDialog") is not None)
    dialog = app.window.findChild(QFileDialog, "certificateDialog")
    dialog.selectFile(str(path))
    dialog.accept()


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
