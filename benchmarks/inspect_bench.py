"""`snapview inspect --json` on a large thumbnailComplete event against Debian's ``jq .`` (issue #14).

Generates one bare thumbnailComplete event of about 50 MB, shaped as the emulator serves them
(:func:`snapview.emulator.huawei_events.thumbnail_event`: ``sample`` and ``dots`` lists of
``{"offset": seconds, "url": signed CDN URL}``), then runs ``snapview inspect --json FILE`` and
``jq . FILE`` as fresh processes, interleaved round by round so whatever else loads the machine hits
both, with output to /dev/null. Per child it takes the peak RSS from ``os.wait4``'s rusage (the
child's own, not the benchmark's) and the wall time from the parent's clock; it prints the medians
and the snapview/jq ratios (targets: RSS ≤ ×1.2, time ≤ ×1.0).

``--gui`` also opens the same file in the desktop app (offscreen, a fresh process each round, as
File → Open Events does) and reports its resident memory once the event's tiles and the inspector
show, next to the same app with a one-event file: what the 50 MB event costs the app, against the
file size and against jq (the event's cost, the app's whole peak and the time to show it, each by
jq's peak RSS or wall time in the same round).

Usage: ``python benchmarks/inspect_bench.py [--mb 50] [--rounds 3] [--gui] [--json] [--keep FILE]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ASSET_ID = "14d7b2faba0dddd6b4e8936272d6bc3f"
BASE_URL = "http://127.0.0.1:8765"


def big_event(target_bytes: int) -> bytes:
    """One bare thumbnailComplete event of about ``target_bytes``, as the emulator writes it
    (``json.dumps`` with its default separators, like ``web.json_response``)."""
    from snapview.emulator import cdn
    from snapview.emulator.catalog import DEMO_CDN_PRIVATE_KEY

    ts = cdn.token_start(1_764_000_000, cdn.HUAWEI_URL_VALIDITY_S)

    def shot(kind: str, offset: int) -> dict[str, Any]:
        path = cdn.huawei_path(ASSET_ID, kind, offset)
        return {"offset": offset, "url": BASE_URL + cdn.sign_path(path, ts, DEMO_CDN_PRIVATE_KEY)}

    per_shot = len(json.dumps(shot("sample", 100_000))) + 2
    count = max(1, target_bytes // per_shot)
    dots = count // 10
    info = {
        "asset_id": ASSET_ID,
        "status": "SUCCEED",
        "sample": [shot("sample", t) for t in range(count - dots)],
        "dots": [shot("dots", t * 7) for t in range(dots)],
    }
    return json.dumps({"event_type": "thumbnailComplete", "thumbnail_info": info}).encode()


def run_once(command: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes) of one fresh child whose output goes to /dev/null.

    Linux starts a child's peak RSS at its parent's peak (``exec`` records the old address space's
    high-water mark), so this process never holds the big event: :func:`write_event` runs in a
    child of its own. ``posix_spawn`` (a vfork) keeps the copy of this process out of it too."""
    with tempfile.TemporaryFile() as errors:
        actions = [
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, errors.fileno(), 2),
        ]
        executable = shutil.which(command[0]) or command[0]
        start = time.perf_counter()
        pid = os.posix_spawn(executable, command, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            raise SystemExit(f"{command[0]} failed ({code}): {errors.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux


def _status_mb() -> dict[str, float]:
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {name: int(fields[name].split()[0]) / 1024 * 1.048576 for name in ("VmRSS", "VmHWM")}


def gui_child(path: Path) -> int:
    """In a fresh process: the app's window offscreen, ``path`` opened as the user opens an event
    file; prints (JSON) the resident and peak memory once the inspector shows the event."""
    import asyncio
    from argparse import Namespace

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtCore import QTimer

    from snapview.app import build_window, create_application
    from snapview.services.app_services import AppServices

    app = create_application([sys.argv[0]])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    services = AppServices()
    built = build_window(services, Namespace(files=[]))
    built.window.resize(1400, 900)
    built.window.show()
    done = asyncio.Event()
    figures: dict[str, float] = {}
    start = time.perf_counter()

    def shown(_title: str) -> None:
        def measure() -> None:
            figures["open_s"] = time.perf_counter() - start
            figures.update(_status_mb())
            done.set()

        QTimer.singleShot(200, measure)  # let the tiles and the tree paint first

    built.window.inspector.document_shown.connect(shown)
    built.events.load_paths([str(path)])

    async def until_shown() -> None:
        await asyncio.wait_for(done.wait(), 300)
        await services.aclose()

    loop.run_until_complete(until_shown())
    print(json.dumps(figures))
    return 0


def run_gui(path: Path) -> dict[str, float]:
    folder = tempfile.mkdtemp(prefix="inspect-bench-")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        **{
            f"SNAPVIEW_{name}_DIR": f"{folder}/{name.lower()}"
            for name in ("CONFIG", "CACHE", "LOG", "DATA")
        },
    }
    out = subprocess.run(
        [sys.executable, __file__, "--gui-child", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    shutil.rmtree(folder, ignore_errors=True)
    if out.returncode != 0:
        raise SystemExit(f"the app failed ({out.returncode}): {out.stderr[-1000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def snapview_command(path: Path) -> list[str]:
    return [sys.executable, "-m", "snapview", "inspect", "--json", str(path)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="event size in MB (default 50)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--keep", type=Path, help="write the event here and keep it")
    parser.add_argument("--gui", action="store_true", help="also measure the desktop app")
    parser.add_argument("--gui-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--write-event", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_event:
        args.write_event.write_bytes(big_event(int(args.mb * 1_000_000)))
        return 0
    if args.gui_child:
        return gui_child(args.gui_child)
    jq = shutil.which("jq")
    if jq is None:
        print("jq is not installed (apt-get install jq); nothing to compare with", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "thumbnailComplete-50MB.json"
        small = Path(folder) / "one-event.json"
        for where, size in ((path, int(args.mb * 1_000_000)), (small, 10_000)):
            run_once(
                [sys.executable, __file__, "--write-event", str(where), "--mb", str(size / 1e6)]
            )
        contenders = {"snapview": snapview_command(path), "jq": [jq, ".", str(path)]}
        times: dict[str, list[float]] = {name: [] for name in contenders}
        rss: dict[str, list[int]] = {name: [] for name in contenders}
        gui: dict[str, list[dict[str, float]]] = {"big": [], "small": []}
        for _ in range(args.rounds):
            for name, command in contenders.items():
                elapsed, peak = run_once(command)
                times[name].append(elapsed)
                rss[name].append(peak)
            if args.gui:
                gui["big"].append(run_gui(path))
                gui["small"].append(run_gui(small))
        size = path.stat().st_size
    figures = {
        "event_bytes": size,
        "rounds": args.rounds,
        "load_average": os.getloadavg()[0],
        **{
            f"{name}_{what}": value
            for name in contenders
            for what, value in (
                ("s", statistics.median(times[name])),
                ("rss_mb", statistics.median(rss[name]) / 1e6),
            )
        },
    }
    figures["rss_ratio"] = figures["snapview_rss_mb"] / figures["jq_rss_mb"]
    figures["time_ratio"] = figures["snapview_s"] / figures["jq_s"]
    if args.gui:
        for which, runs in gui.items():
            for what in ("VmRSS", "VmHWM", "open_s"):
                figures[f"app_{which}_{what}"] = statistics.median(run[what] for run in runs)
        figures["app_cost_mb"] = figures["app_big_VmRSS"] - figures["app_small_VmRSS"]
        figures["app_cost_per_file_mb"] = figures["app_cost_mb"] / (size / 1e6)
        # The ratios for the app: what the event costs it, and the time to show it, by jq's
        figures["app_cost_ratio"] = figures["app_cost_mb"] / figures["jq_rss_mb"]
        figures["app_peak_ratio"] = figures["app_big_VmHWM"] / figures["jq_rss_mb"]
        figures["app_time_ratio"] = figures["app_big_open_s"] / figures["jq_s"]
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(
        f"event {size / 1e6:.1f} MB, medians of {args.rounds} interleaved rounds "
        f"(load average {figures['load_average']:.1f})"
    )
    print(f"{'':10}{'peak RSS':>12}{'wall':>10}")
    for name in contenders:
        print(f"{name:10}{figures[name + '_rss_mb']:>9.0f} MB{figures[name + '_s']:>9.2f}s")
    print(
        f"ratio     ×{figures['rss_ratio']:>10.2f}  ×{figures['time_ratio']:.2f}"
        "   (targets: RSS ≤ ×1.2, time ≤ ×1.0)"
    )
    if args.gui:
        print(
            f"app, {size / 1e6:.0f} MB event open: RSS {figures['app_big_VmRSS']:.0f} MB "
            f"(peak {figures['app_big_VmHWM']:.0f} MB, shown after {figures['app_big_open_s']:.1f} s); "
            f"one small event: {figures['app_small_VmRSS']:.0f} MB; the event costs "
            f"{figures['app_cost_mb']:.0f} MB = ×{figures['app_cost_per_file_mb']:.2f} the file"
        )
        print(
            f"app / jq: the event's cost ×{figures['app_cost_ratio']:.2f}, the app's peak "
            f"×{figures['app_peak_ratio']:.2f}, open → shown ×{figures['app_time_ratio']:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
