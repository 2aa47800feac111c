"""The wait timeouts every condition wait uses (qtbot.waitUntil, waitSignal, thread joins).

A wait returns as soon as its condition holds; these only bound a real failure, so they are
generous. ``SNAPVIEW_TEST_WAIT_MS`` scales both on a slow machine.
"""

import os

WAIT_MS = int(os.environ.get("SNAPVIEW_TEST_WAIT_MS", "15000"))

# For the few waits on work that is slow by design: parsing or searching a 300,000-item document
# off the GUI thread, on a CI core shared with other jobs.
SLOW_WAIT_MS = 4 * WAIT_MS
