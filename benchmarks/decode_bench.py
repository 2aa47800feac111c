"""Decode throughput of the image pipeline's worker decode, and how long the GUI loop stalls meanwhile.

Decodes the same set of JPEG snapshots (default 1920x1080, as VOD snapshots often are) at tile size
with ``snapview.services.images.decode_image`` in 1 and in 2 worker threads, while a 2 ms QTimer on the
GUI thread records the largest gap between its ticks (the "timer-lag probe": what a user would feel
as a stutter). For comparison it also decodes with ``QImage.fromData`` on the GUI thread, which the
pipeline avoids. With ``--pipeline`` it also runs the whole ``ImagePipeline`` against the local
emulator's CDN: a cold load, a reopen served by the disk cache, and memory-cache hits. Prints numbers;
asserts nothing.

    .venv/bin/python benchmarks/decode_bench.py [--count 120] [--size 1920x1080] [--tile 320x180]
    .venv/bin/python benchmarks/decode_bench.py --pipeline [--count 300]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageDraw
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QImage

from snapview.services.images import DEFAULT_MAX_IMAGE_PIXELS, decode_image


def make_jpegs(count: int, width: int, height: int) -> list[bytes]:
    """Distinct, video-like frames (gradients and shapes) so the encoder cannot cheat on flat areas."""
    out: list[bytes] = []
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    for i in range(count):
        frame = base.copy()
        draw = ImageDraw.Draw(frame)
        for j in range(12):
            x = (i * 37 + j * 151) % width
            y = (i * 23 + j * 97) % height
            draw.ellipse(
                (x, y, x + width // 6, y + height // 5), fill=((i * 40) % 256, (j * 60) % 256, 120)
            )
        buf = io.BytesIO()
        frame.save(buf, "JPEG", quality=85)
        out.append(buf.getvalue())
    return out


class GapProbe:
    """A 2 ms timer on the GUI thread; the largest interval between ticks is the worst stall."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.max_gap_ms = 0.0

    def _tick(self) -> None:
        gap = self.clock.nsecsElapsed() / 1e6
        self.max_gap_ms = max(self.max_gap_ms, gap)
        self.clock.restart()

    def start(self) -> None:
        self.max_gap_ms = 0.0
        self.clock.start()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.max_gap_ms


def run_threads(jpegs: list[bytes], tile: QSize, threads: int) -> tuple[float, float]:
    """Images per second and the worst GUI gap (ms) with ``threads`` decode workers."""
    probe = GapProbe()
    loop = QEventLoop()
    with ThreadPoolExecutor(threads, thread_name_prefix="bench-decode") as pool:
        probe.start()
        started = time.perf_counter()
        futures = [
            pool.submit(decode_image, data, tile, DEFAULT_MAX_IMAGE_PIXELS) for data in jpegs
        ]
        # Completion is polled from the GUI thread: a worker thread has no Qt event loop to post from.
        watcher = QTimer()
        watcher.setInterval(1)
        watcher.timeout.connect(lambda: all(f.done() for f in futures) and loop.quit())
        watcher.start()
        loop.exec()
        watcher.stop()
        elapsed = time.perf_counter() - started
        gap = probe.stop()
        failures = [f.result().failure for f in futures if f.result().failure is not None]
        if failures:
            raise SystemExit(f"decode failed: {failures[:3]}")
    return len(jpegs) / elapsed, gap


def truncation_check_cost(jpegs: list[bytes], decode_rate: float) -> tuple[float, float]:
    """Microseconds per image of the JPEG completeness check when it must walk every marker (the
    end-marker shortcut defeated by a trailing byte), and its share of one single-thread decode."""
    from snapview.core.image_sniff import truncation

    padded = [data + b"\x01" for data in jpegs]
    started = time.perf_counter()
    for data in padded:
        if truncation(data, "jpeg") is not None:
            raise SystemExit("a whole JPEG was called truncated")
    per_image = (time.perf_counter() - started) / len(padded)
    return per_image * 1e6, per_image * decode_rate


def run_gui_thread_from_data(jpegs: list[bytes], tile: QSize) -> tuple[float, float]:
    """The pattern the pipeline avoids: QImage.fromData + scaled on the GUI thread, one per event."""
    probe = GapProbe()
    loop = QEventLoop()
    pending = list(jpegs)
    probe.start()
    started = time.perf_counter()

    def step() -> None:
        if not pending:
            loop.quit()
            return
        QImage.fromData(pending.pop()).scaled(tile)
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)
    loop.exec()
    elapsed = time.perf_counter() - started
    return len(jpegs) / elapsed, probe.stop()


def run_pipeline_bench(count: int, tile: QSize) -> None:
    """Cold load, disk-cache reopen and memory hits of ``count`` emulator snapshots."""
    import asyncio
    import tempfile

    import qasync

    from snapview.emulator.catalog import LONG_VIDEO_ID
    from snapview.emulator.cdn import sign_path, snapshot_path, token_start
    from snapview.emulator.server import EmulatorConfig, start_emulator_thread
    from snapview.services.images import ImagePipeline

    app = QGuiApplication.instance()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    emulator = start_emulator_thread(EmulatorConfig())
    job = emulator.catalog.videos[LONG_VIDEO_ID].jobs[-1]
    ts = token_start(emulator.state.now(), 3600)
    urls = {
        i: emulator.base_url
        + sign_path(
            snapshot_path(LONG_VIDEO_ID, job, "NormalSnapshot", i),
            ts,
            emulator.catalog.cdn_private_key,
        )
        for i in range(1, count + 1)
    }

    async def load(pipeline: ImagePipeline) -> tuple[float, float]:
        done = asyncio.Event()
        got: set[object] = set()

        def on_ready(result: object) -> None:
            got.add(result.key)  # type: ignore[attr-defined]
            if len(got) == len(urls):
                done.set()

        pipeline.image_ready.connect(on_ready)
        probe = GapProbe()
        probe.start()
        started = time.perf_counter()
        for key, url in urls.items():
            if pipeline.request(key, url, tile) is not None:
                got.add(key)
        if len(got) < len(urls):
            await done.wait()
        elapsed = time.perf_counter() - started
        pipeline.image_ready.disconnect(on_ready)
        return elapsed, probe.stop()

    async def main() -> None:
        with tempfile.TemporaryDirectory(prefix="snapview-bench-") as cache:
            before = emulator.stats
            cold = ImagePipeline(disk_cache_dir=Path(cache))
            elapsed, gap = await load(cold)
            served = emulator.stats["images"] - before["images"]
            mib = cold.stats.bytes_downloaded / 2**20
            print(
                f"  pipeline cold load:        {count / elapsed:7.1f} images/s ({served} downloads, "
                f"{mib:.1f} MiB), max GUI gap {gap:6.1f} ms"
            )
            started = time.perf_counter()
            for key, url in urls.items():
                cold.request(key, url, tile)
            per_hit_us = (time.perf_counter() - started) / count * 1e6
            print(
                f"  pipeline memory hits:      {per_hit_us:7.1f} µs per request() "
                f"({cold.stats.cache_hits} hits)"
            )
            await cold.aclose()

            before = emulator.stats
            warm = ImagePipeline(disk_cache_dir=Path(cache))
            elapsed, gap = await load(warm)
            served = (
                emulator.stats["images"]
                - before["images"]
                + emulator.stats["images_304"]
                - before["images_304"]
            )
            print(
                f"  pipeline reopen from disk: {count / elapsed:7.1f} images/s ({served} requests to the CDN, "
                f"{warm.stats.disk_hits} disk hits), max GUI gap {gap:6.1f} ms"
            )
            await warm.aclose()

    try:
        loop.run_until_complete(main())
    finally:
        emulator.stop()
        asyncio.set_event_loop(None)
        loop.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--tile", default="320x180")
    parser.add_argument(
        "--pipeline", action="store_true", help="also run the pipeline against the emulator"
    )
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    tw, th = (int(v) for v in args.tile.split("x"))
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert isinstance(app, QCoreApplication)
    jpegs = make_jpegs(args.count, width, height)
    tile = QSize(tw, th)
    mean_kb = sum(map(len, jpegs)) / len(jpegs) / 1024
    print(
        f"{args.count} JPEGs of {width}x{height} (mean {mean_kb:.0f} KiB) decoded to fit {tw}x{th}; "
        f"{os.cpu_count()} CPUs"
    )
    run_threads(jpegs[:10], tile, 1)  # warm-up: plugin loading, allocator
    results = {}
    for threads in (1, 2):
        rate, gap = run_threads(jpegs, tile, threads)
        results[threads] = rate
        print(
            f"  QImageReader+setScaledSize, {threads} worker thread(s): {rate:7.1f} images/s, "
            f"max GUI gap {gap:6.1f} ms"
        )
    print(f"  speed-up 2 vs 1 threads: {results[2] / results[1]:.2f}x")
    walk_us, share = truncation_check_cost(jpegs, results[1])
    print(
        f"  truncation check (full marker walk, no shortcut): {walk_us:7.1f} µs per image, "
        f"{share:.1%} of one decode"
    )
    rate, gap = run_gui_thread_from_data(jpegs, tile)
    print(
        f"  QImage.fromData on the GUI thread (avoided):   {rate:7.1f} images/s, max GUI gap {gap:6.1f} ms"
    )
    if args.pipeline:
        run_pipeline_bench(args.count, tile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
