"""How reading events scales: an array of N events next to the same N events as JSON Lines.

Reading an array used to walk the array from its start for every item's position, so 4,000 events
took 23 s (shared/reports/reliability.md, H1). Now both forms should take time in proportion to
their size: the per-event time stays flat as N grows 8-fold, and the array costs about what the
JSON Lines log costs (the ratio column is the baseline, measured in the same run).

Usage: ``python benchmarks/events_bench.py [--max 100000] [--repeat 2]`` — prints one row per size
and, last, the 100,000-event figures on one line.
"""

from __future__ import annotations

import argparse
import gc
import json
import time

from snapview.core.huawei_events import parse_events


def _event(number: int) -> dict[str, object]:
    asset = f"{number:032x}"
    return {
        "event_type": "thumbnailComplete",
        "thumbnail_info": {
            "asset_id": asset,
            "status": "SUCCEED",
            "sample": [
                {"offset": 0, "url": f"https://1.cdn-vod.huaweicloud.com/{asset}/0.jpg"},
                {"offset": 5, "url": f"https://1.cdn-vod.huaweicloud.com/{asset}/5.jpg"},
            ],
            "dots": [],
        },
    }


def _best(data: bytes, repeat: int, count: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        result = parse_events(data, "bench")
        elapsed = time.process_time() - start
        assert len(result.events) == count and not result.problems
        del result
        best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=int, default=100_000, help="largest number of events")
    parser.add_argument("--repeat", type=int, default=2, help="runs per size (the best counts)")
    args = parser.parse_args()
    sizes = [args.max // 8, args.max // 4, args.max // 2, args.max]
    print(
        f"{'events':>8} {'array MB':>9} {'array s':>8} {'µs/event':>9} "
        f"{'JSONL MB':>9} {'JSONL s':>8} {'µs/event':>9} {'array/JSONL':>12}"
    )
    first: tuple[float, float] | None = None
    for count in sizes:
        events = [_event(n) for n in range(count)]
        array = json.dumps(events, indent=1).encode()
        lines = "\n".join(json.dumps(e) for e in events).encode()
        del events
        array_s = _best(array, args.repeat, count)
        lines_s = _best(lines, args.repeat, count)
        per_array, per_lines = array_s / count * 1e6, lines_s / count * 1e6
        first = first or (per_array, per_lines)
        print(
            f"{count:>8,} {len(array) / 1e6:>9.1f} {array_s:>8.2f} {per_array:>9.1f} "
            f"{len(lines) / 1e6:>9.1f} {lines_s:>8.2f} {per_lines:>9.1f} {array_s / lines_s:>12.2f}"
        )
    assert first is not None
    print(
        f"{args.max:,} events: array {array_s:.2f} s, JSON Lines {lines_s:.2f} s "
        f"(array/JSONL {array_s / lines_s:.2f}); time per event at {args.max:,} vs {sizes[0]:,}: "
        f"array x{per_array / first[0]:.2f}, JSON Lines x{per_lines / first[1]:.2f} (1.0 = linear)"
    )


if __name__ == "__main__":
    main()
