"""`snapview ls --all` when the API misbehaves, as a user runs it (a separate process against the
emulator over loopback): it completes under heavy seeded faults, a page that never answers costs that
page and not the listing (what was listed is printed, the gap is named on stderr, exit 1), and a
gateway claiming an absurd ``Total`` gets a clear message instead of eating the memory.

The soak runs 10 seeds by default; ``SNAPVIEW_SOAK_RUNS=N`` runs more (the long mode).
``--max-retry-wait 0.02`` keeps the client's own backoff short; nothing here sleeps.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter

import pytest

from snapview.emulator import catalog
from tests.e2e.test_ls_cli import ls

pytestmark = pytest.mark.e2e

SOAK_RUNS = int(os.environ.get("SNAPVIEW_SOAK_RUNS", "10"))
HEAVY = {"fault_rate": 0.30, "throttle_rate": 0.15, "reset_rate": 0.05, "truncate_rate": 0.05}


def _ls_all(base_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return ls(
        catalog.LONG_VIDEO_ID,
        "--type",
        "normal",
        "--all",
        "--endpoint",
        base_url,
        "--max-retry-wait",
        "0.02",
        *extra,
    )


@pytest.mark.parametrize("seed", range(1, SOAK_RUNS + 1))
def test_all_json_completes_under_heavy_faults(emulator_factory, seed: int) -> None:
    emu = emulator_factory(seed=seed, **HEAVY)
    result = _ls_all(emu.base_url, "--json")
    server = emu.stats
    assert result.returncode == 0, result.stderr[-2000:]
    document = json.loads(result.stdout)
    indices = [s["index"] for s in document["snapshots"]]
    # Every snapshot, once, in order: 0 duplicates and 0 gaps.
    assert indices == list(range(1, 10_001))
    assert not [i for i, n in Counter(s["url"] for s in document["snapshots"]).items() if n > 1]
    assert document["complete"] is True and document["missing_pages"] == []
    assert server.get("faults", 0) + server.get("throttled", 0) > 30  # the run really met faults


def test_a_page_that_never_answers_keeps_every_other_page(emulator_factory) -> None:
    emu = emulator_factory(failing_pages=frozenset({37}))
    result = _ls_all(emu.base_url, "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    indices = [s["index"] for s in document["snapshots"]]
    assert indices == [i for i in range(1, 10_001) if not 3601 <= i <= 3700]
    assert document["complete"] is False
    [gap] = document["missing_pages"]
    assert (gap["first"], gap["last"], gap["code"]) == (37, 37, "ServiceUnavailable")
    assert gap["error_class"] == "transient" and gap["attempts"] == 20
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        "snapview ls: incomplete listing: page 37 could not be listed; the 9900 snapshots "
        "printed are what the other pages hold"
    )
    assert lines[1].startswith("snapview ls: page 37 (after 20 attempts): ")
    assert "ServiceUnavailable" in lines[1]


def test_the_table_shows_what_was_listed_and_names_the_missing_pages(emulator_factory) -> None:
    emu = emulator_factory(failing_pages=frozenset({2, 3, 100}))
    result = _ls_all(emu.base_url)
    assert result.returncode == 1
    assert "Total         10000  (incomplete: pages 2–3, page 100 missing)" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines() if line[:6].strip().isdigit()]
    assert len(rows) == 9_700 and rows[99][0] == "100" and rows[100][0] == "301"
    assert "pages 2–3, page 100 could not be listed; the 9700 snapshots" in result.stderr


def test_a_server_that_answers_nothing_after_page_one_stops_within_its_budget(
    emulator_factory,
) -> None:
    emu = emulator_factory(failing_pages=frozenset(range(2, 101)))
    result = _ls_all(emu.base_url, "--json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert [s["index"] for s in document["snapshots"]] == list(range(1, 101))
    assert [(g["first"], g["last"]) for g in document["missing_pages"]] == [(2, 100)]
    # The listing's retry budget (40, plus 2 for page 1) and the first try of the 16 pages in the
    # window: not 99 pages × 20 attempts, nor even one page's 20 attempts for each of the window's.
    assert emu.stats["api_requests"] <= 1 + 42 + 16


def test_a_gateway_claiming_a_trillion_snapshots_is_refused_clearly(emulator_factory) -> None:
    emu = emulator_factory(claimed_total=10**12)
    result = _ls_all(emu.base_url, "--json")
    assert result.returncode == 1
    assert "MemoryError" not in result.stderr and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "MalformedResponse" in line
    assert "the server claims 1000000000000 snapshots for one job" in line
    assert emu.stats["api_requests"] == 1


def test_a_total_smaller_than_the_job_does_not_cut_the_listing(emulator_factory) -> None:
    emu = emulator_factory(claimed_total=250)
    result = _ls_all(emu.base_url, "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["snapshots"]) == 10_000
