"""Library pane benchmark: the real main window (1280x800) against the local emulator (its own
process), each scenario in a fresh process.

Prints:

* ``pane_first_screen_ms``: from selecting an Alibaba profile to the library pane's first screen —
  its first SearchMedia page listed and every visible row's cover shown (or badged as failed);
* ``grid_first_viewport_ms``: from pressing Load (the long demo video) to the snapshot grid's first
  complete viewport, in the same kind of window — the baseline; and the ratio pane/grid (the issue
  asks for at most 1.5);
* ``peak_rss_mb`` after scrolling the pane through 600 and through 6,000 videos (every page fetched
  as the list reaches its end, the covers of each screen on the way), and the difference (the issue
  asks for at most 50 MB), with the covers requested on the way and the image pipeline's memory
  cache at the end (covers the list let go are dropped from it too).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/library_pane_bench.py`` (``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")


def _scenario(name: str, rows: int) -> dict[str, float]:
    """Runs in a child process: one measurement on a fresh app and emulator."""
    for var in ("SNAPVIEW_CONFIG_DIR", "SNAPVIEW_CACHE_DIR", "SNAPVIEW_LOG_DIR"):
        os.environ[var] = tempfile.mkdtemp(prefix="library-bench-")
    import asyncio

    import qasync

    from snapview.app import build_window, create_application
    from snapview.core.credentials import AliyunCredentials, Profile
    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LONG_VIDEO_ID
    from snapview.emulator.config import EmulatorConfig
    from snapview.emulator.process import start_emulator_process
    from snapview.services.app_services import AppServices
    from snapview.ui.shell.actions import ActionId

    app = create_application(["library-bench"])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    emulator = start_emulator_process(EmulatorConfig())
    out: dict[str, float] = {}

    async def until(condition: Callable[[], object], limit_s: float = 180.0) -> None:
        # Polls what a user would see, as grid_bench does.
        deadline = time.perf_counter() + limit_s
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError(name)
            await asyncio.sleep(0.002)

    async def run() -> None:
        services = AppServices()
        built = build_window(services, argparse.Namespace())
        window = built.window
        window.resize(1280, 800)
        window.show()
        library, video = built.library, built.video
        model, view = library.model, library.pane.view
        await asyncio.sleep(0.2)

        def visible_rows() -> range:
            first = max(0, view.rowAt(0))
            last = view.rowAt(view.viewport().height() - 1)
            return range(first, (last if last >= 0 else model.rowCount() - 1) + 1)

        def first_screen() -> bool:
            if model.rowCount() == 0 or model.loading:
                return False
            view.viewport().update()
            return all(model.cover_settled(r) for r in visible_rows())

        started = time.perf_counter()
        built.profiles.use_memory_profile(
            Profile(name="bench", endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID),
            AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET),
        )
        await until(first_screen)
        out["pane_first_screen_ms"] = (time.perf_counter() - started) * 1000
        out["visible_rows"] = len(visible_rows())
        if name == "grid":
            video.ensure_grid()
            window.video_edit.setText(LONG_VIDEO_ID)
            started = time.perf_counter()
            window.action(ActionId.LOAD).trigger()
            await until(video.view.viewport_complete)
            out["grid_first_viewport_ms"] = (time.perf_counter() - started) * 1000
        if name == "scroll":
            while model.rowCount() < rows:
                view.scrollToBottom()
                await until(lambda: not model.loading and model.rowCount() > 0)
                await until(first_screen)
                if model.listing is None or model.listing.exhausted:
                    break
            out["rows_scrolled"] = model.rowCount()
            out["covers_held"] = model.cover_count
            pipeline = services.images.get()
            out["covers_requested"] = pipeline.stats.requests_started
            out["pipeline_cache_mb"] = (
                pipeline._memory.total_bytes / 2**20
            )  # the bench's look inside
        out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        await services.aclose()
        window.close()

    try:
        loop.run_until_complete(run())
    finally:
        emulator.stop()
        loop.close()
    return out


def _child(args: list[str]) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, timeout=900
    )
    if proc.returncode != 0:
        raise SystemExit(f"scenario {args} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=("grid", "scroll"))
    parser.add_argument("--rows", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.scenario:
        print(json.dumps(_scenario(args.scenario, args.rows)))
        return
    first = [_child(["--scenario", "grid"]) for _ in range(args.repeat)]
    pane = min(r["pane_first_screen_ms"] for r in first)
    grid = min(r["grid_first_viewport_ms"] for r in first)
    small = _child(["--scenario", "scroll", "--rows", "600"])
    large = _child(["--scenario", "scroll", "--rows", "6000"])
    results = {
        "pane_first_screen_ms": pane,
        "grid_first_viewport_ms": grid,
        "pane_over_grid": pane / grid,
        "scroll_600": small,
        "scroll_6000": large,
        "rss_difference_mb": large["peak_rss_mb"] - small["peak_rss_mb"],
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"pane first screen   {pane:8.0f} ms (best of {args.repeat})")
    print(f"grid first viewport {grid:8.0f} ms")
    print(f"pane / grid         {pane / grid:8.2f}  (issue 17: at most 1.5)")
    print(
        f"peak RSS, {small['rows_scrolled']:.0f} rows  {small['peak_rss_mb']:8.1f} MB; "
        f"{large['rows_scrolled']:.0f} rows {large['peak_rss_mb']:8.1f} MB; "
        f"difference {results['rss_difference_mb']:.1f} MB (issue 17: at most 50)"
    )
    print(
        f"covers requested    {small['covers_requested']:.0f} / {large['covers_requested']:.0f} "
        f"(visible rows and a margin only); pipeline memory cache "
        f"{small['pipeline_cache_mb']:.1f} / {large['pipeline_cache_mb']:.1f} MB"
    )


if __name__ == "__main__":
    main()
