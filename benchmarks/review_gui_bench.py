"""Review triage in the real window: P held down with auto-advance over a 10,000-snapshot video.

The app's main window (1280x800) lists the emulator's 10,000-snapshot video; with the grid focused,
``--keys`` presses of P are sent one per event-loop turn, as a held key repeats. Printed, against a
baseline in the same run — the same number of Right-arrow presses, which move the current tile and
repaint it just as auto-advance does, but decide nothing:

- per key: the median and slowest handling time (key event in, decision on the board, tiles asked
  to repaint, current tile moved) — "on screen within one frame" means under 16 ms;
- the longest the GUI thread went without running a 5 ms timer (target: never over 50 ms), the
  GUI thread's own CPU time within that gap, and the most CPU it spent between two timer runs. On
  a shared machine (load above the core count) a long gap with little CPU in it is the scheduler,
  not the app; the CPU burst is what the app costs;
- how many gaps were over 50 ms and the most GUI-thread CPU inside any of them (over ~20 ms is
  the app's own work to find; a few ms is a thread that was waiting to be scheduled);
- the 1-minute load average before and after, beside the core count;
- decisions in the store at the end, after the session drained (all of them, none lost).

``--profile`` runs the P presses under cProfile and prints where the GUI thread's time went (the
key handler path: ui/review/triage.py, binding.py, marks.py, the decision filter, the status line);
its figures carry the profiler's overhead, so read them for proportions, not against the target.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/review_gui_bench.py [--keys 10000]``
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time

STALL_MS = 50  # the bound on a GUI stall

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
for _name in ("CONFIG", "CACHE", "LOG", "DATA"):
    os.environ[f"SNAPVIEW_{_name}_DIR"] = tempfile.mkdtemp(prefix=f"review-gui-bench-{_name}-")


async def _press(view: object, key: object, count: int) -> dict[str, float]:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    probe = QTimer()
    probe.setInterval(5)
    last = [time.perf_counter()]
    last_cpu = [time.thread_time()]
    worst = [0.0]
    worst_cpu = [0.0]  # the GUI thread's own CPU within the longest gap
    busiest = [0.0]  # the most CPU the GUI thread spent between two ticks
    long_gaps: list[float] = []  # the GUI thread's CPU in each gap over STALL_MS

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap, used = now - last[0] - 0.005, cpu - last_cpu[0]
        if gap > worst[0]:
            worst[0], worst_cpu[0] = gap, used
        if gap * 1000 > STALL_MS:
            long_gaps.append(used)
        busiest[0] = max(busiest[0], used)
        last[0], last_cpu[0] = now, cpu

    probe.timeout.connect(tick)
    probe.start()
    times: list[float] = []
    for _ in range(count):
        started = time.perf_counter()
        QTest.keyClick(view, key)  # type: ignore[call-overload]
        times.append(time.perf_counter() - started)
        await asyncio.sleep(0)  # one event-loop turn, as between two key repeats
    probe.stop()
    return {
        "median_key_ms": statistics.median(times) * 1000,
        "slowest_key_ms": max(times) * 1000,
        "max_gui_stall_ms": worst[0] * 1000,
        "cpu_in_that_stall_ms": worst_cpu[0] * 1000,
        "max_gui_cpu_burst_ms": busiest[0] * 1000,
        "stalls_over_50_ms": len(long_gaps),
        "max_cpu_in_a_stall_ms": max(long_gaps, default=0.0) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile the P presses")
    args = parser.parse_args()

    import qasync
    from PySide6.QtCore import Qt

    from snapview.app import build_window, create_application
    from snapview.core.credentials import AliyunCredentials, Profile
    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LONG_VIDEO_ID
    from snapview.emulator.config import EmulatorConfig
    from snapview.emulator.process import start_emulator_process
    from snapview.services.app_services import AppServices
    from snapview.services.gc_guard import freeze_startup_heap
    from snapview.services.review_store.interface import DecisionQuery
    from snapview.ui.shell.actions import ActionId

    app = create_application(["review-gui-bench"])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    emulator = start_emulator_process(EmulatorConfig())
    # The machine's load beside the figures: over the core count, a gap is the scheduler's.
    out: dict[str, object] = {
        "keys": args.keys,
        "cpus": os.cpu_count() or 0,
        "load_1min_before": os.getloadavg()[0],
    }

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
        opened = asyncio.Event()
        built.review.binding.session_changed.connect(opened.set)
        window.video_edit.setText(LONG_VIDEO_ID)
        window.action(ActionId.LOAD).trigger()
        await opened.wait()
        session = built.review.binding.session
        assert session is not None
        view = built.video.view
        view.setFocus()
        view.setCurrentIndex(view.model().index(0, 0))
        out["baseline_right_arrow"] = await _press(view, Qt.Key.Key_Right, args.keys)
        view.setCurrentIndex(view.model().index(0, 0))
        profiler = cProfile.Profile() if args.profile else None
        if profiler is not None:
            profiler.enable()
        out["approve_p_auto_advance"] = await _press(view, Qt.Key.Key_P, args.keys)
        if profiler is not None:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
        await session.drain()
        rows = await services.review_store.get().current(DecisionQuery(video_ids=(LONG_VIDEO_ID,)))
        out["decisions_in_store"] = len(rows)
        base, review = out["baseline_right_arrow"], out["approve_p_auto_advance"]
        assert isinstance(base, dict) and isinstance(review, dict)
        out["median_key_ratio_vs_baseline"] = review["median_key_ms"] / base["median_key_ms"]
        out["load_1min_after"] = os.getloadavg()[0]
        window.close()
        await services.aclose()

    try:
        loop.run_until_complete(run())
    finally:
        emulator.stop()
        # As the app quits (app.run_gui): closing the loop stops its executor's threads, which
        # otherwise are destroyed running at exit ("QThread: Destroyed…", SIGABRT, status 134).
        asyncio.set_event_loop(None)
        loop.close()
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for name, value in out.items():
        if isinstance(value, dict):
            print(f"{name}:")
            for key, number in value.items():
                print(f"  {key:22} {number:8.2f}")
        else:
            print(f"{name:32} {value if isinstance(value, int) else f'{value:.2f}'}")


if __name__ == "__main__":
    main()
