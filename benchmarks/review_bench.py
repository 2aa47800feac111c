"""Review decisions: how fast they land in the store, how little they cost the GUI's thread, and
how long the PDF contact sheet of a 1,000-snapshot video takes (target: under 10 s).

Store (a real SQLite file, WAL, synchronous=FULL), each against a baseline in the same run — plain
``sqlite3`` inserting the same number of rows into a one-table file with the same settings:

- one by one:   ``record([d])`` awaited each time (what ``snapview review mark`` does per call);
- held key:     10,000 ``ReviewSession.decide`` calls, one per event-loop turn, like P held down with
                auto-advance; the writes group-commit behind. Prints the slowest ``decide()`` and the
                longest the event loop went without running a 1 ms ticker (the GUI's frame budget);
- one batch:    10,000 decisions in one ``record`` (an import).

PDF: the emulator in its own process serves a 1,000-snapshot video; all 1,000 are marked (every
tenth rejected), then ``export_pdf`` runs as ``snapview review export --format pdf`` does: listing
pages for fresh URLs, 1,000 image downloads over one httpx client, drawing in a worker thread. The
emulator renders every image once beforehand (a CDN has them already); wall time and this
process's CPU time are both printed, with the load average, because the machine may be shared.

Usage: ``python benchmarks/review_bench.py [--decisions 10000] [--snapshots 1000]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from snapview.core.credentials import AliyunCredentials
from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.report import ReportScope
from snapview.core.snapshots import SnapshotType
from snapview.emulator import catalog as cat
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.process import start_emulator_process
from snapview.services.review_store.session import ReviewSession
from snapview.services.review_store.sqlite_store import SqliteReviewStore

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "bench")
VIDEO_ID = "b0000000000000000000000000001000"


def decisions(count: int, video: str = "bench-video") -> list[Decision]:
    key_video = VideoKey(ACCOUNT, video)
    now = datetime.now(UTC)
    return [
        Decision(
            SnapshotKey(key_video, "NormalSnapshot", i),
            Mark(Verdict.REJECTED, Reason.BLACK, "黑帧") if i % 10 == 0 else Mark(Verdict.APPROVED),
            "bench",
            now,
            job_id="job-1",
        )
        for i in range(1, count + 1)
    ]


def baseline(folder: Path, count: int, *, one_by_one: bool) -> float:
    """Seconds for plain sqlite3 to insert ``count`` rows (same pragmas), per row or in one go."""
    path = folder / f"baseline-{one_by_one}.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE t (id TEXT PRIMARY KEY, verdict TEXT, at TEXT)")
    rows = [(f"{i:032x}", "approved", "2026-11-20T08:00:00.000Z") for i in range(count)]
    start = time.perf_counter()
    if one_by_one:
        for row in rows:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t VALUES (?, ?, ?)", row)
            connection.execute("COMMIT")
    else:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


async def store_figures(folder: Path, count: int) -> dict[str, object]:
    figures: dict[str, object] = {}
    singles = max(200, count // 20)
    store = SqliteReviewStore(folder / "one-by-one.sqlite3", watch_interval=0)
    await store.open()
    start = time.perf_counter()
    for decision in decisions(singles):
        await store.record([decision])
    elapsed = time.perf_counter() - start
    await store.aclose()
    base = baseline(folder, singles, one_by_one=True)
    figures["one_by_one"] = {
        "decisions": singles,
        "per_s": round(singles / elapsed),
        "baseline_per_s": round(singles / base),
        "ratio_to_baseline": round(base / elapsed, 2),
    }

    store = SqliteReviewStore(folder / "batch.sqlite3", watch_interval=0)
    await store.open()
    batch = decisions(count)
    start = time.perf_counter()
    await store.record(batch)
    elapsed = time.perf_counter() - start
    await store.aclose()
    base = baseline(folder, count, one_by_one=False)
    figures["one_batch"] = {
        "decisions": count,
        "per_s": round(count / elapsed),
        "baseline_per_s": round(count / base),
        "ratio_to_baseline": round(base / elapsed, 2),
    }

    store = SqliteReviewStore(folder / "held-key.sqlite3", watch_interval=0)
    await store.open()
    session = await ReviewSession.start(
        store, VideoKey(ACCOUNT, "held"), "NormalSnapshot", "bench", job_id="job-1", total=count
    )
    gaps: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    costs: list[float] = []
    start = time.perf_counter()
    index = 0
    while index < count:
        index += 1
        began = time.perf_counter()
        session.approve([index])
        nxt = session.next_unreviewed(index)
        costs.append(time.perf_counter() - began)
        await asyncio.sleep(0)  # one event-loop turn per key repeat
        if nxt is None:
            break
    decided = time.perf_counter() - start
    await session.drain()
    saved = time.perf_counter() - start
    stop.set()
    await tick
    counts = session.counts()
    session.close()
    await store.aclose()
    figures["held_key"] = {
        "decisions": count,
        "approved_in_store_view": counts.approved,
        "decide_p50_ms": round(statistics.median(costs) * 1000, 3),
        "decide_max_ms": round(max(costs) * 1000, 2),
        "loop_gap_max_ms": round(max(gaps) * 1000, 1),
        "loop_gap_p99_ms": round(sorted(gaps)[int(len(gaps) * 0.99)] * 1000, 1),
        # Turns over the 50 ms budget; on a shared machine the OS not scheduling us shows here too.
        "loop_gaps_over_50ms": sum(1 for gap in gaps if gap > 0.05),
        "all_decided_s": round(decided, 2),
        "all_saved_s": round(saved, 2),
        "saved_per_s": round(count / saved),
    }
    return figures


async def pdf_figures(folder: Path, snapshots: int) -> dict[str, object]:
    from PySide6.QtGui import QGuiApplication

    from snapview.services.reports import pdf_export, thumbnails
    from snapview.services.vod_client import VodClient

    app = QGuiApplication.instance() or QGuiApplication(["review-bench"])
    catalog_file = folder / "catalog.json"
    catalog_file.write_text(
        json.dumps(
            {
                "Videos": [
                    {
                        "VideoId": VIDEO_ID,
                        "Title": "1,000 snapshots",
                        "DurationSeconds": snapshots * 2,
                        "Jobs": [
                            {
                                "JobId": "bench-job",
                                "CreationTime": "2026-11-20T08:00:00Z",
                                "Normal": snapshots,
                                "IntervalSeconds": 2,
                                "SceneSeed": 5,
                            }
                        ],
                    }
                ]
            }
        )
    )
    emulator = start_emulator_process(EmulatorConfig(catalog_path=catalog_file))
    timings: dict[str, float] = {}
    try:
        store = SqliteReviewStore(folder / "pdf.sqlite3", watch_interval=0)
        await store.open()
        await store.record(
            [
                Decision(
                    SnapshotKey(VideoKey(ACCOUNT, VIDEO_ID), "NormalSnapshot", i),
                    Mark(Verdict.REJECTED, Reason.FROZEN, f"第 {i} 张：画面静止")
                    if i % 10 == 0
                    else Mark(Verdict.APPROVED),
                    "bench",
                    datetime.now(UTC),
                    job_id="bench-job",
                )
                for i in range(1, snapshots + 1)
            ]
        )
        resolve, fetch = thumbnails.resolve_urls, thumbnails.fetch_thumbnails

        async def timed_resolve(*args: object, **kwargs: object) -> object:
            began = time.perf_counter()
            result = await resolve(*args, **kwargs)  # type: ignore[arg-type]
            timings["listing_s"] = time.perf_counter() - began
            return result

        async def timed_fetch(urls: object, *, deliver: object = None) -> object:
            began = time.perf_counter()
            result = await fetch(urls, deliver=deliver)  # type: ignore[arg-type]
            timings["download_s"] = time.perf_counter() - began
            return result

        pdf_export.resolve_urls = timed_resolve  # type: ignore[assignment]
        creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
        out = folder / "sheet.pdf"
        # A CDN serves snapshots it already has; the emulator renders each on first request. One
        # untimed pass renders them all (its time is printed as "emulator_render_s").
        async with VodClient(creds, endpoint=emulator.base_url) as client:
            keys = [
                SnapshotKey(VideoKey(ACCOUNT, VIDEO_ID), "NormalSnapshot", i)
                for i in range(1, snapshots + 1)
            ]
            urls = await resolve(
                keys, lambda v, t: client.pager(v.video_id, SnapshotType(t), page_size=100)
            )
            began = time.perf_counter()
            await fetch(urls.urls)
            timings["emulator_render_s"] = time.perf_counter() - began
        async with VodClient(creds, endpoint=emulator.base_url) as client:
            start, cpu = time.perf_counter(), time.process_time()
            result = await pdf_export.export_pdf(
                store,
                ReportScope((VIDEO_ID,)),
                out,
                generated_by="bench",
                open_listing=lambda v, t: client.pager(v.video_id, SnapshotType(t), page_size=100),
                fetch=timed_fetch,  # type: ignore[arg-type]
            )
            total = time.perf_counter() - start
            cpu = time.process_time() - cpu
        await store.aclose()
    finally:
        emulator.stop()
    del app
    return {
        "snapshots": snapshots,
        "pages": result.stats.pages,
        "pictures": result.stats.tiles - result.stats.placeholders,
        "pdf_mb": round(out.stat().st_size / 1e6, 1),
        "listing_s": round(timings.get("listing_s", 0.0), 2),
        # Downloading and drawing overlap: the sheet draws each page as its pictures arrive.
        "download_s": round(timings.get("download_s", 0.0), 2),
        "drawing_after_download_s": round(
            total - timings.get("listing_s", 0.0) - timings.get("download_s", 0.0), 2
        ),
        "total_s": round(total, 2),
        "target_s": 10,
        # CPU this process used (drawing threads included): what the export costs on an idle
        # machine, whatever else shares the cores; the emulator's rendering is not in it.
        "export_cpu_s": round(cpu, 2),
        "emulator_render_s": round(timings.get("emulator_render_s", 0.0), 2),
        "load_average": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--snapshots", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="review-bench-") as folder:
        report = {
            "store": asyncio.run(store_figures(Path(folder), args.decisions)),
            "pdf": asyncio.run(pdf_figures(Path(folder), args.snapshots)),
        }
    report["load_average_1min"] = round(os.getloadavg()[0], 1)  # this machine is shared
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
