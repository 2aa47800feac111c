"""How fast the video library walks, against the snapshot paging it sits beside.

The emulator runs in its own process (``snapview emulator``, as in ``--demo``); this process walks, with
the app's own client (``AlibabaLibrary`` on one ``VodClient``):

- library:   every video of the generated library through SearchMedia (100 a page, ScrollToken walk
             past 5,000), with the Fields the pane asks for;
- snapshots: every NormalSnapshot page of the long demo video through ListSnapshots, 100 a page,
             one page at a time — the baseline: the same number of signed calls of the same size;
- filtered:  a Chinese title search plus a status filter (the emulator filters 6,000 rows per query);
- lookup:    200 pasted IDs through GetVideoInfos (10 calls of 20).

It prints the time per page of each and the ratio library/snapshots (both include signing, HTTP,
the emulator's work and parsing). Memory of the rows is reported as tracemalloc's peak while the
whole library is held as VideoSummary rows.

Usage: ``python benchmarks/library_bench.py [--repeat 3] [--json]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import tracemalloc

from snapview.core.credentials import AliyunCredentials
from snapview.core.library import LibraryFilter
from snapview.core.snapshots import SnapshotType
from snapview.emulator import catalog as cat
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.process import start_emulator_process
from snapview.services.alibaba_library import AlibabaLibrary
from snapview.services.vod_client import VodClient

CREDS = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)


async def _library(client: VodClient, flt: LibraryFilter) -> tuple[float, int, int]:
    listing = AlibabaLibrary(client).search(flt)
    start = time.perf_counter()
    rows = 0
    async for page in listing:
        rows += len(page.videos)
    return time.perf_counter() - start, listing.pages_loaded, rows


async def _snapshots(client: VodClient) -> tuple[float, int, int]:
    pager = client.pager(cat.LONG_VIDEO_ID, SnapshotType.NORMAL, max_in_flight=1)
    start = time.perf_counter()
    pages = rows = 0
    for page_no in range(1, 101):
        page = await pager.page(page_no)
        pages, rows = pages + 1, rows + len(page.snapshots)
    return time.perf_counter() - start, pages, rows


async def _lookup(client: VodClient, ids: list[str]) -> tuple[float, int, int]:
    listing = AlibabaLibrary(client).lookup(ids)
    start = time.perf_counter()
    rows = 0
    async for page in listing:
        rows += len(page.videos)
    return time.perf_counter() - start, listing.pages_loaded, rows


async def _held_rows(client: VodClient) -> tuple[int, int]:
    tracemalloc.start()
    held = [v async for page in AlibabaLibrary(client).search(LibraryFilter()) for v in page.videos]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return len(held), peak


async def _measure(base_url: str, repeat: int) -> dict[str, object]:
    results: dict[str, list[float]] = {"library": [], "snapshots": [], "filtered": [], "lookup": []}
    counts: dict[str, tuple[int, int]] = {}
    async with VodClient(CREDS, endpoint=base_url) as client:
        first = AlibabaLibrary(client).search(LibraryFilter(), page_size=95)
        known = [v.video_id for _ in range(2) if (p := await first.next_page()) for v in p.videos]
        ids = [*known, *(f"{n:032x}" for n in range(10))]  # 190 known, 10 unknown
        chinese = LibraryFilter(text="城市", statuses=("Normal", "Checking"))
        for _ in range(repeat):
            for name, run in (
                ("library", lambda: _library(client, LibraryFilter())),
                ("snapshots", lambda: _snapshots(client)),
                ("filtered", lambda: _library(client, chinese)),
                ("lookup", lambda: _lookup(client, ids)),
            ):
                seconds, pages, rows = await run()
                results[name].append(seconds / max(pages, 1))
                counts[name] = (pages, rows)
        rows, peak = await _held_rows(client)
    per_page = {name: statistics.median(values) * 1000 for name, values in results.items()}
    return {
        "per_page_ms": {k: round(v, 2) for k, v in per_page.items()},
        "pages_rows": counts,
        "ratio_library_to_snapshots": round(per_page["library"] / per_page["snapshots"], 2),
        "rows_held": rows,
        "rows_peak_bytes": peak,
        "bytes_per_row": round(peak / max(rows, 1)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with start_emulator_process(EmulatorConfig()) as emulator:
        figures = asyncio.run(_measure(emulator.base_url, args.repeat))
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    per_page = figures["per_page_ms"]
    counts = figures["pages_rows"]
    assert isinstance(per_page, dict) and isinstance(counts, dict)
    print(f"{'walk':<10} {'pages':>6} {'rows':>7} {'ms/page':>9}")
    for name, ms in per_page.items():
        pages, rows = counts[name]
        print(f"{name:<10} {pages:>6} {rows:>7} {ms:>9.2f}")
    print(f"library / snapshots per page: x{figures['ratio_library_to_snapshots']}")
    print(
        f"{figures['rows_held']} rows held: {figures['rows_peak_bytes'] / 1e6:.1f} MB peak "
        f"({figures['bytes_per_row']} bytes a row, raw rows included)"
    )


if __name__ == "__main__":
    main()
