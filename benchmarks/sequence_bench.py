"""How long the scan's sequence checks (frozen, repeat, wrong aspect) take over one job's summaries,
for three shapes of video with the same number of snapshots, against the first in the same run:

- distinct:   every frame different (the demo videos; the multi-index hash index's easy case);
- static:     every frame the same picture (an audio track behind one cover: one frozen run);
- two slides: a lecture going back and forth between two slides every 500 snapshots;
- one set:    every frame different, but all sharing the top 16 bits of their dHash and varying in
              brightness, as frames of one setting do (a sky, a studio backdrop): the demo video's
              hashes share segment values like this, and its repeat check compared 8.1 million
              hashes (2.4 s) before the index split its buckets by brightness.

Before the index held each distinct hash once, a static 10,000-snapshot video took 19 s here and
two slides 8 s (every frame compared with every earlier one); the target is "no slower than the
distinct video", i.e. ratios near or below 1.

Usage: ``python benchmarks/sequence_bench.py [--count 10000]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter

from snapview.core.detectors.sequence import FrameSummary, sequence_flags

_COVER = bytes(range(200)) * 3
_SLIDE_A = (0x0123_4567_89AB_CDEF, _COVER[:576])
_SLIDE_B = (0xFEDC_BA98_7654_3210, _COVER[10:586])


def frames(shape: str, count: int) -> list[FrameSummary]:
    rng = random.Random(1)
    out = []
    for position in range(count):
        if shape == "static":
            value, signature = _SLIDE_A
        elif shape == "two slides":
            value, signature = _SLIDE_A if (position // 500) % 2 == 0 else _SLIDE_B
        elif shape == "one set":
            value, signature = 0xABCD << 48 | rng.getrandbits(48), bytes([position * 7 % 250]) * 576
        else:
            value, signature = rng.getrandbits(64), rng.randbytes(576)
        out.append(FrameSummary(position, position + 1, 320, 180, value, signature))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    shapes = ("distinct", "static", "two slides", "one set")
    made = {shape: frames(shape, args.count) for shape in shapes}
    times: dict[str, list[float]] = {shape: [] for shape in shapes}
    found: dict[str, Counter[str]] = {}
    for _ in range(args.rounds):  # interleaved, so a busy moment hits every shape alike
        for shape in shapes:
            started = time.perf_counter()
            flags = sequence_flags(made[shape])
            times[shape].append(time.perf_counter() - started)
            found[shape] = Counter(f.kind.value for fl in flags.values() for f in fl)
    base = statistics.median(times["distinct"])
    for shape in shapes:
        median = statistics.median(times[shape])
        print(
            f"{shape:10s} {args.count} snapshots: {median * 1000:6.0f} ms = ×{median / base:.2f}"
            f" the distinct video; flags {dict(found[shape])}"
        )


if __name__ == "__main__":
    main()
