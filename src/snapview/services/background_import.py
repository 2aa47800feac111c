"""A feature's heavy modules, imported on a worker thread so that its first use does not freeze the
window.

Features import what they need on first use, not at start-up (issue #14). Some of it is heavy: Scan
Video needs the scanner, every detector and Pillow, 60-100 ms of module code on a 2-core machine
(more when the bytecode cache is cold, on the first run after an install). Run on the GUI thread,
that is one freeze of the whole window at the click. Run on another thread, the module code still
needs the GIL, but the interpreter hands it back to the GUI thread every switch interval (1 ms in
the app, ``services/gil_switch.py``), so the window goes on painting while the import runs.

Python's per-module import lock makes an import of the same module on the GUI thread meanwhile wait
for this one rather than run the module twice. Only modules whose import creates no Qt object may
be imported this way (defining QObject subclasses is fine; making instances is not).
"""

from __future__ import annotations

import asyncio
import importlib
import sys


async def import_in_thread(*names: str) -> None:
    """Import the modules ``names`` (dotted names) on a worker thread, unless already imported.
    Errors are raised here, as the import statement would raise them."""
    missing = [name for name in names if name not in sys.modules]
    if missing:
        await asyncio.to_thread(_import_all, missing)


def _import_all(names: list[str]) -> None:
    for name in names:
        importlib.import_module(name)
