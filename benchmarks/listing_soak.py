"""A fault soak of ``all_snapshots`` / ``ls --all``: the 10,000-snapshot video listed through the local
emulator over loopback at heavy seeded fault rates, one run per seed, beside a fault-free listing in
the same run (the baseline the wall-time and request ratios are against).

Per run it prints whether the listing completed (10,000 snapshots, 0 duplicates, 0 gaps), the missing
pages if any, the requests and retries, and the wall time; then the completion rate. ``--fast`` uses the
short backoff the test suite uses (``ls --max-retry-wait 0.02``); without it the client's real policy
runs (decorrelated jitter from 0.2 s, the server's ``x-acs-retry-after`` of 0.2–2 s honoured), which
is what a user gets and takes a few seconds a run. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/listing_soak.py [--runs 10] [--fast] [--faults 0.30 --throttle 0.15]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter

from snapview.core.credentials import AliyunCredentials
from snapview.core.snapshots import SnapshotType
from snapview.emulator import catalog
from snapview.emulator.server import EmulatorConfig, start_emulator_thread
from snapview.services.retry import RetryPolicy
from snapview.services.vod_client import VodClient

CREDS = AliyunCredentials(catalog.DEMO_ACCESS_KEY_ID, catalog.DEMO_ACCESS_KEY_SECRET)


async def _list(base_url: str, policy: RetryPolicy | None) -> tuple[dict[str, object], float]:
    started = time.perf_counter()
    async with VodClient(CREDS, endpoint=base_url, retry=policy) as client:
        pager = client.pager(catalog.LONG_VIDEO_ID, SnapshotType.NORMAL, page_size=100)
        result = await pager.list_all()
        indices = [s.index for s in result.snapshots]
        duplicates = sum(n - 1 for n in Counter(indices).values() if n > 1)
        figures: dict[str, object] = {
            "listed": len(indices),
            "duplicates": duplicates,
            "gaps": 10_000 - len(set(indices)),
            "missing": ", ".join(m.span() for m in result.missing) or "-",
            "requests": client.stats.requests,
            "retries": client.stats.retries,
            "complete": result.complete and indices == list(range(1, 10_001)),
        }
    return figures, time.perf_counter() - started


def _run(config: EmulatorConfig, policy: RetryPolicy | None) -> tuple[dict[str, object], float]:
    emulator = start_emulator_thread(config)
    try:
        return asyncio.run(_list(emulator.base_url, policy))
    finally:
        emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--faults", type=float, default=0.30, help="5xx share")
    parser.add_argument("--throttle", type=float, default=0.15)
    parser.add_argument("--resets", type=float, default=0.05)
    parser.add_argument("--truncations", type=float, default=0.05)
    parser.add_argument("--fast", action="store_true", help="the test suite's short backoff")
    args = parser.parse_args()
    policy = (
        RetryPolicy(base_delay=0.005, max_delay=0.02, max_retry_after=0.02) if args.fast else None
    )

    base, base_wall = _run(EmulatorConfig(latency_ms=5, jitter_ms=20), policy)
    print(
        f"baseline (no faults): listed {base['listed']}, {base['requests']} requests, "
        f"{base_wall:.2f} s"
    )
    print(
        f"faults: 5xx {args.faults:.0%}, throttling {args.throttle:.0%}, resets {args.resets:.0%}, "
        f"truncations {args.truncations:.0%}; backoff {'fast' if args.fast else 'real'}"
    )
    print(
        f"{'seed':>5} {'ok':>3} {'listed':>7} {'dups':>5} {'gaps':>5} {'requests':>9} "
        f"{'retries':>8} {'wall s':>7} {'x base':>7}  missing"
    )
    completed = 0
    walls: list[float] = []
    for seed in range(args.first_seed, args.first_seed + args.runs):
        config = EmulatorConfig(
            seed=seed,
            latency_ms=5,
            jitter_ms=20,
            fault_rate=args.faults,
            throttle_rate=args.throttle,
            reset_rate=args.resets,
            truncate_rate=args.truncations,
        )
        figures, wall = _run(config, policy)
        completed += bool(figures["complete"])
        walls.append(wall)
        print(
            f"{seed:>5} {'yes' if figures['complete'] else 'NO':>3} {figures['listed']:>7} "
            f"{figures['duplicates']:>5} {figures['gaps']:>5} {figures['requests']:>9} "
            f"{figures['retries']:>8} {wall:>7.2f} {wall / base_wall:>7.1f}  {figures['missing']}"
        )
    walls.sort()
    print(
        f"completed {completed} of {args.runs}; wall median {walls[len(walls) // 2]:.2f} s, "
        f"max {walls[-1]:.2f} s ({walls[-1] / base_wall:.1f}x the fault-free listing)"
    )


if __name__ == "__main__":
    main()
