"""Wiring of the desktop app: QApplication, the qasync event loop, the main window, the features
plugged into it, the crash hook and the orderly shutdown. Nothing else lives here."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import traceback
from types import TracebackType
from typing import Any

os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

import qasync

from snapview import APP_NAME, DESKTOP_FILE_NAME, ORG_DOMAIN, ORG_NAME, __version__
from snapview.core.redaction import redact
from snapview.paths import log_dir
from snapview.services.context import AppServices
from snapview.ui.main_window import MainWindow, app_icon

log = logging.getLogger("snapview.app")


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


def build_window(services: AppServices, args: argparse.Namespace | None = None) -> MainWindow:
    """The main window with every feature installed. Tests call this too, so it is the real app."""
    window = MainWindow()
    install_features(window, services, args or argparse.Namespace())
    return window


# Feature modules, each offering ``install(window, services, args)``; installed in this order.
FEATURES: list[str] = []
FEATURES.append("snapview.ui.i18n")
FEATURES.append("snapview.ui.window_state")
FEATURES.append(
    "snapview.ui.profiles_feature"
)  # before features that use services.extras["credentials"]
FEATURES.append("snapview.ui.video_feature")
FEATURES.append("snapview.ui.events_feature")
FEATURES.append("snapview.ui.inspector_sync")


def install_features(window: MainWindow, services: AppServices, args: argparse.Namespace) -> None:
    import importlib

    for module_name in FEATURES:
        importlib.import_module(module_name).install(window, services, args)


class CrashHandler:
    """``sys.excepthook`` and the asyncio exception handler: log the redacted traceback, show a dialog."""

    def __init__(self, window: MainWindow | None = None) -> None:
        self.window = window
        self.dialogs: list[Any] = []

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self.report(f"{exc_type.__name__}: {exc}", details)

    def loop_exception_handler(
        self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]
    ) -> None:
        exc = context.get("exception")
        if isinstance(exc, asyncio.CancelledError):
            return
        message = str(context.get("message", "asyncio error"))
        if exc is not None:
            details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            summary = f"{type(exc).__name__}: {exc}"
        else:
            details, summary = message, message
        self.report(summary, details)

    def report(self, summary: str, details: str) -> None:
        log.error("unexpected error: %s\n%s", summary, details)
        if QApplication.instance() is None:
            print(redact(details), file=sys.stderr)
            return
        from snapview.ui.crash_dialog import show_crash_dialog

        log_file = str(log_dir() / "snapview.log")
        self.dialogs = [d for d in self.dialogs if d.isVisible()][-3:]
        self.dialogs.append(show_crash_dialog(self.window, summary, details, log_file))


def run_gui(args: argparse.Namespace) -> int:
    """Run the desktop app until its window closes; returns the process exit status."""
    app = create_application([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    from snapview.services.settings import Settings
    from snapview.ui.i18n import LanguageError, install_translators, resolve_language

    try:
        # Before any widget exists: widgets translate their text when they are built.
        install_translators(app, resolve_language(getattr(args, "lang", None), Settings()))
    except LanguageError as exc:
        print(f"snapview: {exc}", file=sys.stderr)
        return 2
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    services = AppServices()
    crash = CrashHandler()
    sys.excepthook = crash.excepthook
    loop.set_exception_handler(crash.loop_exception_handler)
    exit_code = 0
    try:
        window = build_window(services, args)
        crash.window = window
        quit_requested = asyncio.Event()
        window.closed.connect(quit_requested.set)
        _install_signal_handlers(window)
        window.show()
        log.info(
            "main window shown (snapview %s, Qt platform %s)",
            __version__,
            QGuiApplication.platformName(),
        )

        async def until_closed() -> int:
            await quit_requested.wait()
            await services.aclose()
            code: int = services.extras.get("exit_code", 0)
            return code

        exit_code = int(loop.run_until_complete(until_closed()))
        log.info("shut down cleanly")
        window.deleteLater()
    finally:
        try:
            if not services.closed:
                loop.run_until_complete(services.aclose())
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()
            sys.excepthook = sys.__excepthook__
    app.processEvents()
    return exit_code


def _install_signal_handlers(window: MainWindow) -> None:
    """Ctrl+C / SIGTERM close the window the normal way, so shutdown stays orderly."""

    def handler(signum: int, frame: object) -> None:
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    # Let the Python interpreter run now and then so signal handlers are called.
    timer = QTimer(window)
    timer.setObjectName("signalPumpTimer")
    timer.start(250)
    timer.timeout.connect(lambda: None)
