"""How many thumbnail requests per second the emulator serves (target: at least 500/s on a 2-core machine).

The emulator runs in its own process (``snapview emulator``, as in ``--demo``); this process is the load:
one asyncio client (aiohttp) with a bounded number of requests and a fixed concurrency. It lists the long
demo video's NormalSnapshot URLs with a signed ListSnapshots call, then measures three phases:

- cold:   first fetch of each distinct image (rendered by the server, then cached);
- warm:   repeated fetches of the same images (served from the server's LRU);
- 304:    conditional fetches with If-None-Match (what a client with its own cache sends).

Usage: ``python benchmarks/emulator_bench.py [--distinct 300] [--requests 5000] [--concurrency 32]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from urllib.parse import quote

import aiohttp

from snapview.core import signing
from snapview.core.credentials import AliyunCredentials
from snapview.emulator import catalog as cat
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.process import start_emulator_process


async def _list_urls(session: aiohttp.ClientSession, base_url: str, count: int) -> list[str]:
    creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
    urls: list[str] = []
    page = 1
    while len(urls) < count:
        params = signing.v1_signed_params(
            "GET",
            {
                "Action": "ListSnapshots",
                "VideoId": cat.LONG_VIDEO_ID,
                "SnapshotType": "NormalSnapshot",
                "PageSize": "100",
                "PageNo": str(page),
            },
            creds,
        )
        query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items())
        async with session.get(f"{base_url}/?{query}") as response:
            body = await response.json()
        urls += [s["Url"] for s in body["MediaSnapshot"]["Snapshots"]["Snapshot"]]
        page += 1
    return urls[:count]


async def _run(
    session: aiohttp.ClientSession,
    urls: list[str],
    concurrency: int,
    etags: dict[str, str] | None = None,
) -> tuple[float, list[float], dict[int, int], int]:
    """(seconds, latencies, status counts, bytes) for fetching every URL in ``urls`` once."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    received = 0

    async def worker() -> None:
        nonlocal received
        while not queue.empty():
            url = queue.get_nowait()
            tag = etags.get(url) if etags is not None else None
            headers = {"If-None-Match": tag} if tag else {}
            started = time.perf_counter()
            async with session.get(url, headers=headers) as response:
                body = await response.read()
                if etags is not None and response.status == 200:
                    etags[url] = response.headers["ETag"]
            latencies.append(time.perf_counter() - started)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            received += len(body)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, statuses, received


def _report(
    name: str, seconds: float, latencies: list[float], statuses: dict[int, int], received: int
) -> dict:
    latencies.sort()
    result = {
        "phase": name,
        "requests": len(latencies),
        "seconds": round(seconds, 3),
        "requests_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
        "mb_per_s": round(received / seconds / 1e6, 2),
        "statuses": statuses,
    }
    print(
        f"{name:>5}: {result['requests']:5d} requests in {result['seconds']:6.2f} s = "
        f"{result['requests_per_s']:7.1f} req/s  p50 {result['p50_ms']:6.2f} ms  p95 {result['p95_ms']:6.2f} ms  "
        f"{result['mb_per_s']:5.2f} MB/s  {statuses}"
    )
    return result


async def main(args: argparse.Namespace) -> None:
    with start_emulator_process(EmulatorConfig(seed=0)) as emulator:
        print(f"emulator pid {emulator.pid} at {emulator.base_url}")
        connector = aiohttp.TCPConnector(limit=args.concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            urls = await _list_urls(session, emulator.base_url, args.distinct)
            results = [_report("cold", *await _run(session, urls, args.concurrency))]
            repeats = max(1, args.requests // len(urls))
            results.append(_report("warm", *await _run(session, urls * repeats, args.concurrency)))
            etags: dict[str, str] = {}
            await _run(session, urls, args.concurrency, etags)
            results.append(
                _report("304", *await _run(session, urls * repeats, args.concurrency, etags))
            )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--distinct", type=int, default=300, help="distinct thumbnails (default 300)"
    )
    parser.add_argument(
        "--requests", type=int, default=5000, help="requests in the warm phases (default 5000)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=32, help="requests in flight (default 32)"
    )
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    asyncio.run(main(parser.parse_args()))
