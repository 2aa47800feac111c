"""Restart now: the app starts again as it was started (same interpreter, same arguments), once
this window has closed the normal way, so its settings and window state are saved first.

Used where a choice only takes effect at start (the interface language). A ``--lang`` given on the
first command line is left out: it would override the language the user has just chosen.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess

if TYPE_CHECKING:
    from snapview.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


def restart_command(argv: Sequence[str]) -> list[str]:
    """``argv`` (interpreter first, as :data:`sys.orig_argv`) without any ``--lang`` option."""
    command: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("--lang="):
            command.append(arg)
    return command


def _start_detached(command: list[str]) -> bool:
    started, _pid = QProcess.startDetached(command[0], command[1:])
    return bool(started)


# Tests replace this to see the command instead of starting a second app.
launcher: Callable[[list[str]], bool] = _start_detached


def restart_app(window: MainWindow) -> None:
    """Close ``window`` (the app quits as on File → Quit) and start it again once it has closed."""
    command = restart_command(sys.orig_argv)

    def relaunch() -> None:
        if not launcher(command):
            log.warning("could not restart snapview with %s", command[:1])

    window.closed.connect(relaunch)
    if not window.close():
        window.closed.disconnect(relaunch)
