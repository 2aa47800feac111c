"""The one wait timeout every condition wait uses (qtbot.waitUntil, waitSignal, thread joins)."""

import os

# Generous: a wait returns as soon as its condition holds; this only bounds a real failure.
WAIT_MS = int(os.environ.get("SNAPVIEW_TEST_WAIT_MS", "15000"))
