"""When this process was launched, as a wall-clock time, for the start-up figure that
``snapview --demo --screenshot`` prints and ``benchmarks/grid_bench.py`` compares.

The most honest clock is the parent's: a launcher or benchmark that sets ``SNAPVIEW_LAUNCH_CLOCK``
to its ``time.time()`` just before starting the process gets a figure that includes everything the
user waits for (fork, exec, the interpreter, the imports). Without it, on Linux, the process's
start comes from ``/proc/self/stat`` (clock ticks since boot) measured against
``CLOCK_BOOTTIME``, both from the same kernel clock. psutil's ``create_time`` is not used: it adds
the ticks to a boot time rounded to whole seconds, which read ~300 ms high on the machine of issue
#14 and made a ×2.3 start-up print as ×1.5.
"""

from __future__ import annotations

import math
import os
import time

LAUNCH_CLOCK_ENV = "SNAPVIEW_LAUNCH_CLOCK"


def process_started() -> float:
    """The launch time (seconds since the epoch): the parent's clock if it passed one, else the
    kernel's record of this process's start, else now (the figure then misses the interpreter)."""
    passed = _passed_clock()
    if passed is not None:
        return passed
    from_kernel = _kernel_start()
    return from_kernel if from_kernel is not None else time.time()


def _passed_clock() -> float | None:
    text = os.environ.get(LAUNCH_CLOCK_ENV, "").strip()
    try:
        value = float(text)
    except ValueError:
        return None
    # A clock from the future, or from before this machine booted a day ago, is a mistake.
    now = time.time()
    if not math.isfinite(value) or value > now or now - value > 86_400:
        return None
    return value


def _kernel_start() -> float | None:
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            text = stat.read()
        # Field 22 (starttime); fields are counted after the command name, which may hold spaces.
        start_ticks = int(text.rsplit(")", 1)[1].split()[19])
        ticks = os.sysconf("SC_CLK_TCK")
        since_boot = time.clock_gettime(time.CLOCK_BOOTTIME)
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return time.time() - (since_boot - start_ticks / ticks)
