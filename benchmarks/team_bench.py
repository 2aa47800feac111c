"""The shared review store under a team's load: 20 writer processes (20 reviewers' desktops) put
10,000 decisions into one PostgreSQL database while another store listens, as an open app does.

Printed:
- **none lost**: decisions in the database and decisions the listener was told about, against the
  number written;
- **throughput**: decisions per second from "go" to the last writer done — first with each
  decision its own ``record()`` call and transaction (a reviewer pressing a key: the slow case),
  against a baseline in the same run (the same processes doing bare one-row ``INSERT``s with
  psycopg), then with ``--batch`` decisions per call (a reviewer marking a selection, an import);
- **latency**, decision to visible elsewhere: from a decision's time (stamped just before its
  ``record()``) to the moment the listening store's listener has its row — median, p95, max
  (target: median under 1 s).

The server is a throw-away cluster started for the run (as the tests do: Debian's ``postgresql``
package, run as the ``postgres`` user when this runs as root); the load average is printed, because
the machine may be shared.

Usage: ``python benchmarks/team_bench.py [--writers 20] [--decisions 10000]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.helpers.postgres_server: the throw-away server

from snapview.core.review.decisions import Decision, Mark, Verdict  # noqa: E402
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey  # noqa: E402
from snapview.core.review.reasons import Reason  # noqa: E402
from snapview.core.review.server import ServerLocation, parse_server_url  # noqa: E402
from snapview.services.review_store.interface import StoreEvent, WriteOutcome  # noqa: E402
from snapview.services.review_store.postgres_store import PostgresReviewStore  # noqa: E402

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "bench")


async def writer(url: str, name: str, count: int, batch: int) -> None:
    """One desktop: COUNT decisions on its own video, BATCH per store call."""
    password = sys.stdin.readline().strip()
    store = PostgresReviewStore(
        parse_server_url(url),
        password=password,
        queue_folder=Path(tempfile.mkdtemp()),
        listen=False,
    )
    await store.open()
    print("ready", flush=True)
    sys.stdin.readline()
    video = VideoKey(ACCOUNT, name)
    saved = 0
    for start in range(1, count + 1, batch):
        decisions = []
        for index in range(start, min(start + batch, count + 1)):
            approve = index % 5 != 0
            mark = Mark(Verdict.APPROVED) if approve else Mark(Verdict.REJECTED, Reason.BLACK)
            key = SnapshotKey(video, "NormalSnapshot", index)
            decisions.append(Decision(key, mark, name, datetime.now(UTC)))
        report = await store.record(decisions)
        saved += report.count(WriteOutcome.CURRENT)
    await store.aclose()
    print(f"done {saved}", flush=True)


def baseline_writer(url: str, count: int) -> None:
    """The same process count doing bare one-row autocommit INSERTs: the driver and server cost."""
    import psycopg

    location = parse_server_url(url)
    password = sys.stdin.readline().strip()
    with psycopg.connect(
        **location.connection_parameters(), password=password, autocommit=True
    ) as connection:
        print("ready", flush=True)
        sys.stdin.readline()
        for index in range(count):
            connection.execute(
                "INSERT INTO bench_baseline (id, at) VALUES (%s, %s)",
                (f"{os.getpid()}-{index}", datetime.now(UTC).isoformat()),
            )
    print(f"done {count}", flush=True)


def spawn(args: list[str], password: str, writers: int) -> tuple[float, list[str]]:
    """Start ``writers`` children, wait until all are ready, start them together; wall time."""
    children = [
        subprocess.Popen(
            [sys.executable, __file__, *args, f"w{n:02d}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for n in range(writers)
    ]
    for child in children:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(password + "\n")
        child.stdin.flush()
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    began = time.perf_counter()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = [child.communicate(timeout=900)[0] for child in children]
    return time.perf_counter() - began, outputs


async def measure(
    location: ServerLocation, password: str, writers: int, total: int, batch: int, baseline: bool
) -> None:
    import psycopg

    per_writer = total // writers
    total = per_writer * writers
    watcher = PostgresReviewStore(
        location, password=password, queue_folder=Path(tempfile.mkdtemp())
    )
    await watcher.open()
    arrived: dict[str, float] = {}
    latencies: list[float] = []
    everything = asyncio.Event()

    def heard(event: StoreEvent) -> None:
        now = time.time()
        for row in event.rows:
            if event.external and row.decision.decision_id not in arrived:
                arrived[row.decision.decision_id] = now
                latencies.append(now - row.decision.decided_at.timestamp())
        if len(arrived) >= total:
            everything.set()

    watcher.add_listener(heard)
    url = location.display
    wall, outputs = await asyncio.to_thread(
        spawn, ["--writer", url, str(per_writer), str(batch)], password, writers
    )
    with_latency = True
    try:
        await asyncio.wait_for(everything.wait(), 60)
    except TimeoutError:
        with_latency = False
    await watcher.aclose()
    saved = sum(int(out.split()[1]) for out in outputs)
    with psycopg.connect(
        **location.connection_parameters(), password=password, autocommit=True
    ) as connection:
        row = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT decision_id) FROM snapview.decision"
        ).fetchone()
        assert row is not None
        stored, distinct = row
        if baseline:
            connection.execute("CREATE TABLE bench_baseline (id TEXT PRIMARY KEY, at TEXT)")
    base_wall = 0.0
    if baseline:
        base_wall, _ = await asyncio.to_thread(
            spawn, ["--baseline", url, str(per_writer)], password, writers
        )

    per_call = "one decision" if batch == 1 else f"{batch} decisions"
    print(f"\nwriters: {writers} processes, {per_writer} decisions each, {per_call} per record()")
    print(
        f"none lost: written {total}, saved (writers' reports) {saved}, in the database {stored} "
        f"({distinct} distinct), heard by the listening store {len(arrived)}"
        + ("" if with_latency else "  <-- the listener missed some within 60 s")
    )
    rate = total / wall
    text = f"throughput: {rate:,.0f} decisions/s ({wall:.2f} s)"
    if baseline:
        base_rate = total / base_wall
        text += (
            f"; baseline bare one-row INSERTs {base_rate:,.0f} rows/s ({base_wall:.2f} s); "
            f"store / baseline = {rate / base_rate:.2f}"
        )
    print(text)
    if latencies:
        ordered = sorted(latencies)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        print(
            f"decision-to-visible-elsewhere: median {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms (target: median < 1000 ms)"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--writer":
        asyncio.run(writer(sys.argv[2], sys.argv[5], int(sys.argv[3]), int(sys.argv[4])))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--baseline":
        baseline_writer(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument(
        "--batch", type=int, default=50, help="decisions per record() in the second run"
    )
    options = parser.parse_args()
    from tests.helpers.postgres_server import PASSWORD, running_server

    with running_server() as server:
        print(f"server: PostgreSQL from {server.bin} on port {server.port}")
        for batch, baseline in ((1, True), (options.batch, False)):
            location = server.create_database("bench")
            asyncio.run(
                measure(location, PASSWORD, options.writers, options.decisions, batch, baseline)
            )


if __name__ == "__main__":
    main()
