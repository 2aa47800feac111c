"""How fast the whole-video scan checks the 10,000-snapshot demo video, against the limit of this
machine measured in the same run, how its memory grows with the number of snapshots, and how much
faster a second scan is from the disk cache.

The emulator runs in its own process with an image cache large enough for every frame, and is
warmed first (every image rendered once), so that both loops below measure the client:

- limit:   a minimal loop over the same URLs — httpx GET, then the pipeline's decoder at the scan's
           target size, ``--concurrency`` at once, two decode threads — and nothing else;
- limit (aiohttp): the same loop with aiohttp's client, which the pipeline downloads with since
           it costs a sixth of httpx's CPU per request; printed beside the httpx limit, with the
           scan's ratio to it, because it is the faster of the two minimal loops on this machine;
- limit (aiohttp, luma): the aiohttp loop decoding as the scan decodes a JPEG since 2026-12-03
           (``services/scan_decode.py``: libjpeg's luma at the working size, no detectors), which
           costs about half Qt's colour decode; printed so the scan is also shown against a
           minimal loop with its own, cheaper decode (it has no target);
- ceiling: the aiohttp loop doing, per picture, what the scan does — its decoder and detectors
           (``decode_and_analyse``), the body's SHA-256 and one disk-cache file — in
           its two decode threads, and nothing else: no scheduler, deadlines, hand-offs to another
           loop, retries or analysis cache. It is the most one process can do with these detectors
           and this cache on this machine; its distance from the aiohttp limit is what the
           detectors and the cache cost in one process;
- scan:    ``VideoScan`` as ``snapview scan`` runs it, with an empty disk cache (made in the app's
           cache folder, see ``_scratch_cache``): listing, fetch through the image pipeline in
           worker processes (``services/scan_processes.py``, one per core; ``--workers``), disk
           cache writes, every detector; target ≥ 0.8× the limit. The processes are started by
           the scan and closed within its time. Also printed: the same scan in one process
           (``--workers 0``), as the app's window runs it through its grid's pipeline;
- rescan:  the same scan again, as ``snapview scan`` runs it: every picture fresh in the disk cache
           and its verdict in the analysis cache (``services/scan_cache.py``), so nothing is
           downloaded, decoded or analysed; target ≥ 5× the scan. For comparison, also a rescan
           with the disk cache alone (no download, but every picture decoded and analysed again);
- memory:  peak RSS of a fresh process scanning the first 1,000 and all 10,000 snapshots
           (target: within 50 MB of each other).

Every loop runs with the GIL switch interval ``snapview scan`` sets (``services/gil_switch.py``),
the limit's included, so both sides of the ratio run under the same interpreter settings.

Usage: ``python benchmarks/scan_bench.py [--concurrency 8] [--count 10000]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from snapview.core.credentials import AliyunCredentials
from snapview.core.snapshots import Snapshot
from snapview.emulator import catalog as cat

IMAGE_CACHE_BYTES = 400 * 2**20  # every frame of the long video stays rendered


def _serve() -> None:
    """Child process: the emulator, until stdin closes."""
    from snapview.emulator.server import EmulatorConfig, start_emulator_thread

    with start_emulator_thread(EmulatorConfig(image_cache_bytes=IMAGE_CACHE_BYTES)) as emulator:
        print(emulator.base_url, flush=True)
        sys.stdin.read()


class _Limited:
    """The first ``count`` snapshots of a pager, presented as a whole job of that size (for the
    memory comparison and ``--count``). ``total`` must say so too: forwarded to the pager it read
    10,000 against the ``count`` listed, and every shortened run reported one ``count_mismatch``
    that the clean video does not have."""

    def __init__(self, pager: Any, count: int) -> None:
        self._pager = pager
        self._count = count
        self.total: int | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pager, name)

    async def all_snapshots(self) -> Sequence[Snapshot]:
        snapshots = (await self._pager.all_snapshots())[: self._count]
        self.total = len(snapshots)
        return snapshots


def _scratch_cache() -> tempfile.TemporaryDirectory[str]:
    """A throwaway disk cache on the file system of the app's own cache folder, where
    ``snapview scan`` keeps its pictures: on this machine creating a file in /tmp costs 4–8× what it
    costs there (240–520 µs against 60 µs for a 30 KB body, measured), and a cold scan creates
    four files per snapshot, which made the scan pay for /tmp rather than for its own work."""
    from snapview.paths import cache_dir

    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)  # a fresh machine has none until the app runs
    return tempfile.TemporaryDirectory(dir=folder, prefix="scan-bench-")


def _client(base_url: str) -> Any:
    from snapview.services.vod_client import VodClient

    creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
    return VodClient(creds, endpoint=base_url)


async def _list(base_url: str) -> list[Snapshot]:
    async with _client(base_url) as client:
        return list(
            await client.pager(cat.LONG_VIDEO_ID, "NormalSnapshot", page_size=100).all_snapshots()
        )


# What a reference loop does with each body in its two decode threads: (url, body, Content-Type).
PictureWork = Callable[[str, bytes, str], object]


async def _fetch_all(
    urls: Sequence[str], concurrency: int, client: str = "httpx", work: PictureWork | None = None
) -> float:
    """GET every URL with ``client``, ``concurrency`` at once, handing each body to ``work`` in
    one of two threads (none: fetch only); seconds taken."""
    from http_getters import getter  # beside this script (not on the path when a test loads it)

    pool = ThreadPoolExecutor(2)
    queue = iter(urls)
    loop = asyncio.get_running_loop()
    async with getter(client, concurrency) as get:

        async def worker() -> None:
            for url in queue:
                data, kind = await get(url)
                if work is not None:
                    await loop.run_in_executor(pool, work, url, data, kind)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    pool.shutdown()
    return elapsed


def _decode(url: str, data: bytes, kind: str) -> object:
    """The limit's work: the pipeline's decoder at the scan's target size."""
    from snapview.services.images import DEFAULT_MAX_IMAGE_PIXELS, decode_image
    from snapview.services.scan_images import SCAN_TARGET

    return decode_image(data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, kind)


def _decode_luma(url: str, data: bytes, kind: str) -> object:
    """The luma limit's work: the scan's JPEG decode at its target size, without the detectors."""
    from snapview.services.images import DEFAULT_MAX_IMAGE_PIXELS
    from snapview.services.scan_decode import jpeg_luma
    from snapview.services.scan_images import SCAN_TARGET

    return jpeg_luma(data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS)


def _scan_work(cache: Path) -> PictureWork:
    """The ceiling's work: the decode plus the scan's own per-picture work, storing in ``cache``."""
    import hashlib

    from snapview.services.http_cache import HttpDiskCache
    from snapview.services.images import DEFAULT_MAX_IMAGE_PIXELS
    from snapview.services.scan_decode import decode_and_analyse
    from snapview.services.scan_images import SCAN_TARGET

    disk = HttpDiskCache(cache)
    # The emulator's thumbnails are cacheable for an hour; the ceiling stores them as the pipeline
    # would (one entry file each), without parsing the response's headers.
    headers = {"cache-control": "max-age=3600"}

    def check(url: str, data: bytes, kind: str) -> None:
        decode_and_analyse(data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, kind)
        hashlib.sha256(data).digest()
        disk.store(url, data, headers | {"content-type": kind})

    return check


def _images(cache: Path, concurrency: int, workers: int | None) -> Any:
    """The scan's image source as ``snapview scan`` makes it: worker processes (one per core,
    ``workers`` to choose), or with 0 the pipeline in this process, as the app's window scans."""
    from snapview.services.scan_processes import scan_image_source

    return scan_image_source(cache / "images", concurrency, workers)


async def _scan(
    base_url: str,
    cache: Path,
    concurrency: int,
    count: int,
    *,
    analysis: bool = True,
    workers: int | None = None,
) -> tuple[float, Any, list[int]]:
    """One scan with the disk cache in ``cache`` and, unless ``analysis`` is off, the analysis
    cache next to it (as ``snapview scan`` lays them out); seconds taken, the report, and the
    worker processes' peak RSS in bytes (none in one process)."""
    from snapview.services.scan_cache import AnalysisCache
    from snapview.services.scanner import VideoScan

    verdicts = AnalysisCache(cache / "scan-analysis.sqlite3") if analysis else None
    async with _client(base_url) as client:
        pager = client.pager(cat.LONG_VIDEO_ID, "NormalSnapshot", page_size=100)
        listing = _Limited(pager, count) if count < 10_000 else pager
        started = time.perf_counter()
        images = _images(cache, concurrency, workers)  # processes start with the first load
        try:
            scan = VideoScan(listing, images, concurrency=concurrency, analysis_cache=verdicts)
            report = await scan.run()
            if verdicts is not None:
                await verdicts.aclose()  # the writes belong to the scan's time
        finally:
            await images.aclose()  # and so do the workers' last writes
            if verdicts is not None:
                await verdicts.aclose()
        return time.perf_counter() - started, report, getattr(images, "worker_peak_rss", [])


def _child_scan(base_url: str, count: int, concurrency: int, workers: int | None) -> None:
    """Child process: one cold scan of ``count`` snapshots; prints peak RSS (this process's plus
    every worker process's) and the rate."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication(["scan-bench"])
    with _scratch_cache() as cache:
        elapsed, report, rss = asyncio.run(
            _scan(base_url, Path(cache), concurrency, count, workers=workers)
        )
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak_kb / 1024 + sum(rss) / 2**20
    print(json.dumps({"count": len(report.snapshots), "rss_mb": peak, "s": elapsed}))
    del app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="scan worker processes (default: as snapview scan)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-scan", nargs=2, metavar=("URL", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve()
        return
    from snapview.services.gil_switch import shorten_gil_switch

    shorten_gil_switch()  # as `snapview scan` (the emulator's process keeps the default)
    if args.child_scan:
        _child_scan(args.child_scan[0], int(args.child_scan[1]), args.concurrency, args.workers)
        return

    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication(["scan-bench"])
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        snapshots = asyncio.run(_list(base_url))[: args.count]
        urls = [s.url for s in snapshots]
        n = len(urls)
        print(
            f"load average {os.getloadavg()[0]:.2f}; {n} snapshots, concurrency {args.concurrency}"
        )
        warm = asyncio.run(_fetch_all(urls, 32))
        print(f"warm-up (server renders every frame once): {warm:.1f} s")
        limit = asyncio.run(_fetch_all(urls, args.concurrency, "httpx", _decode))
        limit_aiohttp = asyncio.run(_fetch_all(urls, args.concurrency, "aiohttp", _decode))
        limit_luma = asyncio.run(_fetch_all(urls, args.concurrency, "aiohttp", _decode_luma))
        with _scratch_cache() as cache:
            work = _scan_work(Path(cache) / "images")
            ceiling = asyncio.run(_fetch_all(urls, args.concurrency, "aiohttp", work))
        c, k, w = args.concurrency, args.count, args.workers
        with _scratch_cache() as cache:
            alone, _, _ = asyncio.run(_scan(base_url, Path(cache), c, k, workers=0))
        with _scratch_cache() as cache:
            folder = Path(cache)
            first, report, _ = asyncio.run(_scan(base_url, folder, c, k, workers=w))
            pixels, _, _ = asyncio.run(_scan(base_url, folder, c, k, analysis=False, workers=w))
            second, again, _ = asyncio.run(_scan(base_url, folder, c, k, workers=w))
        if [(s.index, s.flags, s.failure) for s in again.snapshots] != [
            (s.index, s.flags, s.failure) for s in report.snapshots
        ] or again.job_findings != report.job_findings:
            raise SystemExit("the rescan's findings differ from the first scan's")
        flags = sum(len(s.flags) for s in report.snapshots) + len(report.job_findings)
        found = {**report.by_flag(), **{f.kind.value: 1 for f in report.job_findings}}
        print(f"limit (httpx fetch + decode): {n / limit:8.0f} snapshots/s")
        print(f"limit (aiohttp fetch + decode): {n / limit_aiohttp:8.0f} snapshots/s")
        print(f"limit (aiohttp fetch + the scan's luma decode): {n / limit_luma:8.0f} snapshots/s")
        print(
            f"ceiling (aiohttp fetch + the scan's decoder and detectors, digest, cache file;"
            f" no pipeline): {n / ceiling:8.0f}"
            f" snapshots/s = {limit_aiohttp / ceiling:.2f}× the aiohttp limit"
        )
        print(
            f"scan (worker processes, cold disk cache): {n / first:8.0f} snapshots/s = {limit / first:.2f}× the httpx"
            f" limit (target ≥ 0.8), {limit_aiohttp / first:.2f}× the aiohttp limit,"
            f" {limit_luma / first:.2f}× the luma limit,"
            f" {ceiling / first:.2f}× the ceiling; {flags} flags {found or ''}, {report.failed} failed"
        )
        print(
            f"scan in one process (the app's window; cold disk cache): {n / alone:8.0f}"
            f" snapshots/s = {limit_aiohttp / alone:.2f}× the aiohttp limit; the worker processes"
            f" check {alone / first:.2f}× as many a second"
        )
        print(
            f"rescan (disk cache only, every frame decoded): {n / pixels:8.0f} snapshots/s ="
            f" {first / pixels:.1f}× the first scan"
        )
        print(
            f"rescan (disk + analysis cache): {n / second:8.0f} snapshots/s = {first / second:.1f}×"
            f" the first scan (target ≥ 5); {again.reused} verdicts reused, same findings"
        )
        rss = {}
        for count in (min(1000, n), n):
            out = subprocess.run(
                [sys.executable, __file__, "--child-scan", base_url, str(count)]
                + ([] if args.workers is None else ["--workers", str(args.workers)]),
                capture_output=True,
                text=True,
                check=True,
            )
            rss[count] = json.loads(out.stdout.strip().splitlines()[-1])["rss_mb"]
        small, large = rss[min(1000, n)], rss[n]
        print(
            f"peak RSS: {small:.0f} MB for {min(1000, n)} snapshots, {large:.0f} MB for {n}"
            f" (+{large - small:.0f} MB; target ≤ 50)"
        )
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=30)
    del app


if __name__ == "__main__":
    main()
