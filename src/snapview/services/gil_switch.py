"""The interpreter's GIL switch interval for snapview's own processes: the app and ``snapview scan``.

Both run several threads that share one GIL — the GUI thread or the command's loop, the image
pipeline's network thread and its decode threads — and a thread coming back from a system call or
a Qt call (a socket read, a decode, a paint) waits for the GIL until the thread running Python gives
it up: up to the switch interval, 5 ms by default, several times per picture. At 1 ms the app's
first viewport completed ~15 % sooner (median of 5 interleaved runs, 143 against 168 ms), and a
whole-video scan's rate rose against the fetch-and-decode limit measured beside it
(docs/performance.md, scan run 6), for no measurable cost.
"""

from __future__ import annotations

import sys

GIL_SWITCH_INTERVAL_S = 0.001


def shorten_gil_switch() -> None:
    """Set the process's switch interval to :data:`GIL_SWITCH_INTERVAL_S`."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
