"""Scan video in the real window: how long the GUI thread stalls while a whole-video scan runs.

The app's main window (1280x800) opens the emulator's 10,000-snapshot video (or ``--video``), then
Tools → Scan Video runs to the end — listing, every snapshot fetched and analysed (in the scan's
worker processes, or through the app's image pipeline on one core), the sequence checks, the
Defects panel filled, the result stored — on the GUI thread's qasync loop, as a reviewer runs it.
The emulator runs in its own process with an image cache large enough for every frame and is
warmed first (every frame rendered once), so the scan is limited by the client, not by the
server. (Until 2026-12-04 the cache size did not reach the emulator's process: it re-rendered
every frame, and every rate this benchmark printed before was the emulator's, about 340/s.)

Printed, as in ``review_gui_bench.py``: the longest the GUI thread went without running a 5 ms
timer (target: never over 50 ms), the GUI thread's own CPU time within that gap, and the most CPU
it spent between two timer runs. On a shared machine (load above the core count) a long gap with
little CPU in it is the scheduler, not the app; the CPU in the gap is what the app costs. Also the
scan's rate and its findings (the clean long video has none).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/scan_gui_bench.py [--video ID]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
for _name in ("CONFIG", "CACHE", "LOG", "DATA"):
    os.environ[f"SNAPVIEW_{_name}_DIR"] = tempfile.mkdtemp(prefix=f"scan-gui-bench-{_name}-")

IMAGE_CACHE_BYTES = 400 * 2**20  # every frame of the long video stays rendered in the emulator


class StallProbe:
    """A 5 ms timer on the GUI thread; records the longest gap between two of its runs."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0
        self.worst_cpu = 0.0  # the GUI thread's own CPU within the longest gap
        self.busiest = 0.0  # the most CPU the GUI thread spent between two ticks
        self.worst_at = 0.0  # when the longest gap ended, seconds after start()
        self.busiest_at = 0.0
        self._started = 0.0
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()

    def start(self) -> None:
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._started = self._last
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap, used = now - self._last - 0.005, cpu - self._last_cpu
        if gap > self.worst:
            self.worst, self.worst_cpu, self.worst_at = gap, used, now - self._started
        if used > self.busiest:
            self.busiest, self.busiest_at = used, now - self._started
        self._last, self._last_cpu = now, cpu

    def stop(self) -> dict[str, float]:
        self.timer.stop()
        return {
            "max_gui_stall_ms": self.worst * 1000,
            "cpu_in_that_stall_ms": self.worst_cpu * 1000,
            "max_gui_cpu_burst_ms": self.busiest * 1000,
            "stall_at_s": self.worst_at,
            "burst_at_s": self.busiest_at,
        }


def _warm(base_url: str, video_id: str) -> float:
    """Every snapshot fetched once, so the emulator has rendered them all; seconds taken."""
    import httpx

    from snapview.core.credentials import AliyunCredentials
    from snapview.emulator import catalog as cat
    from snapview.services.vod_client import VodClient

    async def go() -> None:
        creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
        async with VodClient(creds, endpoint=base_url) as client:
            pager = client.pager(video_id, "NormalSnapshot", page_size=100)
            queue = iter([s.url for s in await pager.all_snapshots()])
        async with httpx.AsyncClient(timeout=60.0) as http:

            async def worker() -> None:
                for url in queue:
                    await http.get(url)

            await asyncio.gather(*(worker() for _ in range(16)))

    started = time.perf_counter()
    asyncio.run(go())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", default=None, help="video id (default: the long demo video)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import qasync

    from snapview.app import build_window, create_application
    from snapview.core.credentials import AliyunCredentials, Profile
    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LONG_VIDEO_ID
    from snapview.emulator.config import EmulatorConfig
    from snapview.emulator.process import start_emulator_process
    from snapview.services.app_services import AppServices
    from snapview.services.gc_guard import freeze_startup_heap
    from snapview.ui.scan.feature import TASK_NAME
    from snapview.ui.shell.actions import ActionId

    video_id = args.video or LONG_VIDEO_ID
    app = create_application(["scan-gui-bench"])
    app.setQuitOnLastWindowClosed(False)
    emulator = start_emulator_process(EmulatorConfig(image_cache_bytes=IMAGE_CACHE_BYTES))
    out: dict[str, object] = {"load_average": os.getloadavg()[0]}
    out["warm_up_s"] = _warm(emulator.base_url, video_id)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def run() -> None:
        services = AppServices()
        built = build_window(services, argparse.Namespace())
        freeze_startup_heap()  # as the app does after building its window
        window = built.window
        window.resize(1280, 800)
        window.show()
        built.profiles.use_memory_profile(
            Profile(name="bench", endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID),
            AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET),
        )
        shown = asyncio.Event()
        built.video.model.first_page_loaded.connect(lambda _page: shown.set())
        window.video_edit.setText(video_id)
        window.action(ActionId.LOAD).trigger()
        await shown.wait()
        await asyncio.sleep(0.5)  # the first tiles arrive; the scan starts on a settled window
        probe = StallProbe()
        probe.start()
        started = time.perf_counter()
        window.action(ActionId.SCAN_VIDEO).trigger()
        task = services.tasks.get(TASK_NAME)
        assert task is not None, "Scan Video did not start a scan"
        await task
        elapsed = time.perf_counter() - started
        await asyncio.sleep(0.2)  # the last refresh and the done callbacks run inside the probe
        out.update(probe.stop())
        groups = built.scan._groups
        out["scanned"] = built.scan._scanned
        out["scan_s"] = elapsed
        out["snapshots_per_s"] = built.scan._scanned / elapsed if elapsed else 0.0
        out["flagged"] = len(groups.flagged_indexes)
        window.close()
        await services.aclose()

    try:
        loop.run_until_complete(run())
    finally:
        # As the app ends (app.py): closing the loop joins qasync's default executor, the QThread
        # that ran the connections' name lookups (getaddrinfo); left open, Qt warns at exit that
        # the thread was destroyed while still running.
        asyncio.set_event_loop(None)
        loop.close()
        emulator.stop()
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for name, value in out.items():
        print(f"{name:24} {value if isinstance(value, int) else f'{value:.2f}'}")


if __name__ == "__main__":
    main()
