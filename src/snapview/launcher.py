"""The desktop app's way from process start to a window on screen: the QApplication, the
translators and the shell window (menus, toolbar, the empty grid area, the status bar saying
"Starting…"), painted once, and only then the features (:func:`snapview.app.run_app`).

Start-up is a documented budget (docs/performance.md: ≤ ×1.5 of a bare PySide6 ``QMainWindow``,
timed from the parent's clock). Everything this module imports is on that path, so it imports the
shell's modules alone: no asyncio/qasync, no feature package, no keyring, no HTTP stack
(``tests/e2e/test_startup_imports.py`` holds that list). The features' modules, their widgets, the
event loop and their clients load after the first frame; the toolbar and the menus stay disabled
until they are built, so nothing a user can reach is wired to a feature that does not exist yet.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from snapview import APP_NAME, DESKTOP_FILE_NAME, ORG_DOMAIN, ORG_NAME, __version__
from snapview.core.language import LanguageError
from snapview.services.settings import Settings
from snapview.ui.shell.language import install_translators, resolve_language
from snapview.ui.shell.main_window import MainWindow, app_icon
from snapview.ui.shell.window_state import restore_geometry_and_zoom


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the identity the desktop needs (settings paths, window grouping)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("snapview")
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    return app


def show_first_frame(app: QApplication, settings: Settings, keep_state: bool = True) -> MainWindow:
    """The shell window without its docks, shown and painted: the start-up figure's end.

    Its geometry is the saved one before it shows (no jump when the features arrive).
    ``first_shown_at`` is the ``time.time()`` of the first frame, and ``first_shown_cpu`` the CPU
    time this process spent until then (a figure a busy machine moves less than the wall clock)."""
    window = MainWindow(first_frame=True)  # its dock and standard icons come a frame later
    if keep_state:
        restore_geometry_and_zoom(window, settings)
    window.set_starting(True)
    window.show()
    app.processEvents()  # the first frame: exposed and painted, as the bare QMainWindow's is
    window.first_shown_at = time.time()
    window.first_shown_cpu = time.process_time()
    return window


def show_shell(app: QApplication, settings: Settings, keep_state: bool = True) -> MainWindow:
    """The shell window, shown and painted whole: what the user sees while the features are built.
    The first frame (:func:`show_first_frame`) comes a frame earlier, without the inspector's dock
    and with blank icons; the dock layout waits for the features' docks (``WindowStateKeeper`` in
    ``build_window``)."""
    window = show_first_frame(app, settings, keep_state)
    window.finish_first_frame()
    app.processEvents()  # painted with them before the features' imports block the event loop
    return window


def run_gui(args: argparse.Namespace) -> int:
    """Run the desktop app until its window closes; returns the process exit status."""
    app = create_application([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    settings = Settings()
    try:
        # Before any widget exists: widgets translate their text when they are built.
        install_translators(app, resolve_language(getattr(args, "lang", None), settings))
    except LanguageError as exc:
        print(f"snapview: {exc}", file=sys.stderr)
        return 2
    window = show_shell(app, settings, keep_state=not getattr(args, "screenshot", None))
    # The log file (its rotating handler, the redaction patterns), the features, the event loop and
    # their clients: after the first frame. A warning before it (a missing translation) reaches
    # stderr through logging's last-resort handler.
    from snapview.logconfig import setup_logging

    setup_logging(getattr(args, "verbose", 0))
    from snapview.app import run_app

    return run_app(app, window, settings, args)
