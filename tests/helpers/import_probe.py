"""A module that notes which thread imported it (for the tests of background imports)."""

from __future__ import annotations

import threading

imported_on = threading.current_thread()
