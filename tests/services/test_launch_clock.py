"""The start-up clock: the figure ``--demo --screenshot`` prints counts from when the process was
really launched, in fresh processes (the parent's clock, or the kernel's record of the start)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from snapview.services.launch_clock import LAUNCH_CLOCK_ENV

# The child notes its first moment of Python before anything else, then asks the clock.
_CHILD = (
    "import time; first = time.time()\n"
    "from snapview.services.launch_clock import process_started\n"
    "print(repr(process_started()), repr(first))\n"
)


def _child(env_value: str | None) -> tuple[float, float, float, float]:
    env = {k: v for k, v in os.environ.items() if k != LAUNCH_CLOCK_ENV}
    if env_value is not None:
        env[LAUNCH_CLOCK_ENV] = env_value
    before = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, env=env, check=True
    )
    after = time.time()
    started, first = (float(x) for x in proc.stdout.split())
    return before, started, first, after


def test_the_parents_clock_is_the_launch_time() -> None:
    parent = f"{time.time():.6f}"
    _, started, _, _ = _child(parent)
    assert started == float(parent)


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="the kernel's record is Linux's")
@pytest.mark.parametrize("passed", [None, "", "soon", "nan", f"{time.time() + 3600}"])
def test_without_a_usable_parent_clock_the_kernels_start_counts(passed: str | None) -> None:
    # Not "now" (after the interpreter started) and not psutil's boot time rounded to a second:
    # between the parent's launch and the child's first line, to the kernel's tick.
    tick = 1 / os.sysconf("SC_CLK_TCK")
    before, started, first, _ = _child(passed)
    assert before - tick <= started <= first
