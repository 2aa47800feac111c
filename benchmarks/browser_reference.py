"""The browser peer of the grid's first viewport: Debian's Chromium showing page 1 of the same video.

It lists page 1 of the emulator's long video (100 snapshots), then gives a headless Chromium (the
system's ``/usr/bin/chromium``, driven by ``playwright``; never playwright's downloaded browsers) a
page of 100 ``<img loading=lazy>`` of the same thumbnail URLs, laid out as the grid lays out its
tiles: the same cell pitch and image size, in a scrolling box at the grid viewport's place and size
in a 1280x800 window (``--layout``, which ``grid_bench.py`` takes from snapview's run in the same
round). The clock runs inside the page, with ``performance.now()``: it starts when the script, the
URLs in hand, inserts the images (the grid's clock starts as the first page's rows go in) and stops
when ``decode()`` has resolved (loaded and decoded) or failed for every image intersecting the
visible box; the browser fetches and lays out the others as it sees fit. The emulator runs in its
own process and its first pages are pre-rendered, as in ``grid_bench.py``; the browser is launched,
with a fresh profile (cold cache, cold connections), before the clock starts.

Prints one JSON line: ``{"browser_ms": ..., "visible": ..., "loaded": ..., "browser": ...}`` (and
``last_load_event_ms``, the last ``load`` event of any image, a check on ``decode()``), or
``{"skipped": reason}`` where Chromium or playwright is absent (``unavailable()`` says which). Run by
``grid_bench.py``; on its own: ``.venv/bin/python benchmarks/browser_reference.py --latency 50``.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
from typing import Any

CHROMIUM = "/usr/bin/chromium"
WINDOW = {"width": 1280, "height": 800}
# Where the grid's viewport sits in its 1280x800 window and how it lays tiles out; grid_bench.py
# passes the figures of snapview's own run. This default, the whole window at the default zoom, is
# for running the script alone.
DEFAULT_LAYOUT = {
    "x": 0,
    "y": 0,
    "width": 1280,
    "height": 800,
    "cell_width": 208,
    "cell_height": 138,
    "image_width": 200,
    "image_height": 112,
    "margin": 4,
}

# Runs in the page: the clock starts before the images exist and stops when every image that
# intersects the visible box is decoded (or failed), whatever the browser fetches beyond it.
_MEASURE = """
async ({urls, layout}) => {
  const box = document.getElementById("grid");
  const started = performance.now();
  let loadedAt = started;  // the last load event of any image: decode() resolves after it
  const images = urls.map((url) => {
    const cell = document.createElement("div");
    cell.className = "cell";
    const img = document.createElement("img");
    img.loading = "lazy";  // before src, or the image loads eagerly
    img.width = layout.image_width;
    img.height = layout.image_height;
    img.addEventListener("load", () => { loadedAt = Math.max(loadedAt, performance.now()); });
    img.src = url;
    cell.appendChild(img);
    box.appendChild(cell);
    return img;
  });
  const view = box.getBoundingClientRect();
  const bottom = Math.min(view.bottom, window.innerHeight);
  const right = Math.min(view.right, window.innerWidth);
  const visible = images.filter((img) => {
    const r = img.getBoundingClientRect();
    return r.bottom > view.top && r.top < bottom && r.right > view.left && r.left < right;
  });
  const outcomes = await Promise.all(visible.map((img) => img.decode().then(() => true, () => false)));
  return {
    browser_ms: performance.now() - started,
    visible: visible.length,
    loaded: outcomes.filter(Boolean).length,
    last_load_event_ms: loadedAt - started,
  };
}
"""


def unavailable() -> str | None:
    """Why the browser peer cannot run here, or None when it can."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e .[bench])"
    return None


def page_html(layout: dict[str, int]) -> str:
    """An empty grid box at the grid viewport's place and size, its cells at the grid's pitch."""
    return f"""<!doctype html><html><head><style>
html, body {{ margin: 0; background: #1e1e1e; overflow: hidden; }}
#grid {{ position: absolute; left: {layout["x"]}px; top: {layout["y"]}px;
  width: {layout["width"]}px; height: {layout["height"]}px;
  overflow-y: scroll; scrollbar-width: none; display: flex; flex-wrap: wrap;
  align-content: flex-start; }}
.cell {{ width: {layout["cell_width"] - 2 * layout["margin"]}px;
  height: {layout["cell_height"] - 2 * layout["margin"]}px; padding: {layout["margin"]}px; }}
img {{ display: block; object-fit: contain; background: #333; }}
</style></head><body><div id="grid"></div></body></html>"""


async def measure(base_url: str, layout: dict[str, int], video_id: str) -> dict[str, Any]:
    import httpx
    from playwright.async_api import async_playwright

    from snapview.core.credentials import AliyunCredentials
    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from snapview.services.vod_client import VodClient

    credentials = AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    async with VodClient(credentials, endpoint=base_url) as client:
        page_1 = await client.pager(video_id, "NormalSnapshot").page(1)
    urls = [snap.url for snap in page_1.snapshots]
    async with httpx.AsyncClient() as warm:  # pre-render in the emulator, as a CDN would have them
        for snap in page_1.snapshots[:60]:
            await warm.get(snap.url)
    async with async_playwright() as driver:
        # --no-sandbox: the benchmark may run as root, where Chromium refuses its sandbox.
        browser = await driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            context = await browser.new_context(viewport=WINDOW)
            page = await context.new_page()
            await page.set_content(page_html(layout))
            out: dict[str, Any] = await page.evaluate(_MEASURE, {"urls": urls, "layout": layout})
            out["images"] = len(urls)
            out["browser"] = browser.version
        finally:
            await browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.0, help="emulator latency in ms")
    parser.add_argument("--layout", help="the grid's geometry as JSON (see DEFAULT_LAYOUT)")
    parser.add_argument("--video", help="the video to show (default: the long video)")
    args = parser.parse_args()
    reason = unavailable()
    if reason:
        print(json.dumps({"skipped": reason}))
        return
    from snapview.emulator.catalog import LONG_VIDEO_ID
    from snapview.emulator.config import EmulatorConfig
    from snapview.emulator.process import start_emulator_process

    layout = dict(DEFAULT_LAYOUT, **(json.loads(args.layout) if args.layout else {}))
    emulator = start_emulator_process(EmulatorConfig(latency_ms=args.latency))
    try:
        out = asyncio.run(measure(emulator.base_url, layout, args.video or LONG_VIDEO_ID))
    finally:
        emulator.stop()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
