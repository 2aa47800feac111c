"""The limit the grid's first viewport is measured against: the same thumbnails fetched and decoded by
a script with no GUI at all.

It lists page 1 of the emulator's long video, then fetches the first ``--count`` images (the grid's
first viewport plus its prefetch line: 24 at 1280x800 and the default zoom) with one httpx client
under the grid's cap of 6 downloads per host, and decodes each at tile size with
``QImageReader.setScaledSize`` on 2 threads, as the app's pipeline does. The clock starts when the
page is in hand (the grid's clock starts as the first page's rows go in) and stops when the last
image is decoded. The emulator runs in its own process and its first pages are pre-rendered, as in
``grid_bench.py``'s viewport scenario; the client is made before the clock starts (the app's
pipeline exists before the first page, too), its connections are cold.

``--client aiohttp`` does the same with aiohttp's client, which the app's pipeline downloads with
(``services/images/http_session.py``): the issue's reference is the httpx loop, and grid_bench.py
prints this one beside it, so the ratio to the faster of the two minimal loops is on record too.

Prints one JSON line: ``{"fetch_decode_ms": ..., "images": ..., "decoded": ...}``. Run by
``grid_bench.py``; on its own: ``.venv/bin/python benchmarks/fetch_reference.py --latency 50``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from http_getters import CLIENTS, getter
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from snapview.core.credentials import AliyunCredentials
from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LONG_VIDEO_ID
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.process import start_emulator_process
from snapview.services.vod_client import VodClient

# The grid's target at the default zoom (200 px wide tiles, 16:9), what its pipeline decodes to.
TARGET = QSize(200, 112)
PER_HOST = 6
DECODE_THREADS = 2


def decode(data: bytes) -> QImage:
    """Decode at tile size: the reader decodes a JPEG at 1/2..1/8 scale, releasing the GIL."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, b"jpeg")
    reader.setScaledSize(reader.size().scaled(TARGET, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


async def measure(
    base_url: str, count: int, video_id: str, http_client: str = "httpx"
) -> dict[str, float]:
    credentials = AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    async with VodClient(credentials, endpoint=base_url) as vod:
        page = await vod.pager(video_id, "NormalSnapshot").page(1)
    urls = [snap.url for snap in page.snapshots[:count]]
    async with httpx.AsyncClient() as warm:  # pre-render in the emulator, as a CDN would have them
        for snap in page.snapshots[:60]:
            await warm.get(snap.url)
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(DECODE_THREADS)
    slots = asyncio.Semaphore(PER_HOST)
    async with getter(http_client, 64) as get:

        async def one(url: str) -> QImage:
            async with slots:
                data, _kind = await get(url)
            return await loop.run_in_executor(pool, decode, data)

        started = time.perf_counter()
        images = await asyncio.gather(*(one(url) for url in urls))
        elapsed = time.perf_counter() - started
    pool.shutdown()
    return {
        "fetch_decode_ms": elapsed * 1000,
        "images": len(images),
        "decoded": sum(1 for image in images if not image.isNull()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.0, help="emulator latency in ms")
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--video", default=LONG_VIDEO_ID)
    parser.add_argument("--client", choices=CLIENTS, default="httpx")
    args = parser.parse_args()
    QCoreApplication([])
    emulator = start_emulator_process(EmulatorConfig(latency_ms=args.latency))
    try:
        out = asyncio.run(measure(emulator.base_url, args.count, args.video, args.client))
    finally:
        emulator.stop()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
