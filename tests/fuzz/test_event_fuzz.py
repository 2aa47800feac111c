"""The seeded fuzz run of event files in the suite (see tests/fuzz/event_fuzz.py for the oracle).

By default a CI-sized run: 10,000 inputs, about 20 s on an idle 2-core machine (a minute or two
under load). ``SNAPVIEW_FUZZ_INPUTS=100000`` runs the long mode (the report's size, with its bigger
hand-made and giant inputs), ``SNAPVIEW_FUZZ_SEED=N`` another seed.
The figures are printed (``pytest -s``) and named in the failure message.
"""

from __future__ import annotations

import os

from tests.fuzz.event_fuzz import run_fuzz

INPUTS = int(os.environ.get("SNAPVIEW_FUZZ_INPUTS", "10000"))
SEED = int(os.environ.get("SNAPVIEW_FUZZ_SEED", "1"))
LONG = INPUTS >= 100_000


def test_fuzzed_event_files_never_crash_hang_or_lose_a_line() -> None:
    figures = run_fuzz(INPUTS, SEED, long=LONG)
    print(figures.summary())
    assert not figures.failures(), "\n".join([*figures.failures(), figures.summary()])
    # The mix really ran: JSON Lines were checked against the reference and the CLI was driven.
    assert figures.json_lines_inputs >= INPUTS // 10
    assert figures.cli_runs >= INPUTS // 25
    assert set(figures.cli_exit) <= {0, 2} and figures.cli_exit[0] and figures.cli_exit[2]
