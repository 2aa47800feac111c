"""The PDF contact sheet of a 1,000-snapshot video, drawing alone (target: the whole export under
10 s), against the CSV export of the same report in the same run.

A real SQLite store holds 1,000 decisions (every tenth rejected, with a Chinese comment); the
report is collected from it once; every snapshot has a 640×360 JPEG in memory (what the download
step hands the sheet — ``review_bench.py`` times the downloads against the emulator). Then, each
``--repeat`` times, the best printed:

- ``csv_s``: ``write_csv`` of the report (the baseline);
- ``pdf_s``: ``render_sheet`` of the report and the pictures, into a file;
- ``ratio``: pdf_s / csv_s, the CPU seconds of the rendering, and the PDF's pages and size.

``--profile`` prints the 20 costliest functions of one PDF rendering (cProfile, cumulative).

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/review_pdf_bench.py [--snapshots 1000]``
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.report import ReportScope
from snapview.services.reports.collect import collect_report
from snapview.services.reports.pdf_sheet import render_sheet
from snapview.services.reports.tabular import write_csv
from snapview.services.reports.thumbnails import Thumbnail
from snapview.services.review_store.sqlite_store import SqliteReviewStore

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "Bench")
VIDEO_ID = "pdf-bench-video"


def jpeg(index: int) -> bytes:
    """A 640×360 picture that differs per snapshot (so no two compress alike)."""
    image = QImage(640, 360, QImage.Format.Format_RGB32)
    image.fill(QColor.fromHsv((index * 37) % 360, 120, 200))
    painter = QPainter(image)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(image.rect(), int(Qt.AlignmentFlag.AlignCenter), f"snapshot {index}")
    painter.drawEllipse(40 + index % 500, 60, 80, 80)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 85)
    return bytes(data.data())


async def build(folder: Path, snapshots: int) -> tuple[object, dict[SnapshotKey, Thumbnail]]:
    store = SqliteReviewStore(folder / "pdf.sqlite3", watch_interval=0)
    await store.open()
    keys = [
        SnapshotKey(VideoKey(ACCOUNT, VIDEO_ID), "NormalSnapshot", i)
        for i in range(1, snapshots + 1)
    ]
    await store.record(
        [
            Decision(
                key,
                Mark(Verdict.REJECTED, Reason.FROZEN, f"第 {key.index} 张：画面静止")
                if key.index % 10 == 0
                else Mark(Verdict.APPROVED),
                "bench",
                datetime.now(UTC),
                job_id="bench-job",
            )
            for key in keys
        ]
    )
    report = await collect_report(
        store, ReportScope((VIDEO_ID,)), generated_by="bench", include_cleared=False
    )
    await store.aclose()
    return report, {key: Thumbnail(key, jpeg(key.index)) for key in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snapshots", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", type=Path, help="also write the sheet here (to look at it)")
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication(["review-pdf-bench"])
    with tempfile.TemporaryDirectory(prefix="review-pdf-bench-") as name:
        folder = Path(name)
        report, thumbnails = asyncio.run(build(folder, args.snapshots))
        csv_times, pdf_times, pdf_cpu = [], [], []
        stats = None
        for _ in range(args.repeat):
            began = time.perf_counter()
            write_csv(report, folder / "report.csv")  # type: ignore[arg-type]
            csv_times.append(time.perf_counter() - began)
            began, cpu = time.perf_counter(), time.process_time()
            stats = render_sheet(report, thumbnails, folder / "sheet.pdf")  # type: ignore[arg-type]
            pdf_times.append(time.perf_counter() - began)
            pdf_cpu.append(time.process_time() - cpu)
        if args.keep:
            args.keep.write_bytes((folder / "sheet.pdf").read_bytes())
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            render_sheet(report, thumbnails, folder / "profiled.pdf")  # type: ignore[arg-type]
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
        assert stats is not None
        figures = {
            "snapshots": args.snapshots,
            "csv_s": round(min(csv_times), 3),
            "pdf_s": round(min(pdf_times), 2),
            "ratio_pdf_to_csv": round(min(pdf_times) / max(min(csv_times), 1e-6), 1),
            # CPU of this process, the decoding threads included: what the sheet costs on an idle
            # machine, whatever else shares the cores (the wall time above depends on them).
            "pdf_cpu_s": round(min(pdf_cpu), 2),
            "pages": stats.pages,
            "pdf_mb": round((folder / "sheet.pdf").stat().st_size / 1e6, 1),
            "target_s": 10,
            "load_average": round(os.getloadavg()[0], 1),
        }
    del app
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
