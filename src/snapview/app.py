"""Wiring of the desktop app: the qasync event loop, the main window and the features built into it
(:func:`build_window`, in a visible order), the crash hook and the orderly shutdown. Nothing else
lives here.

The launcher (:mod:`snapview.launcher`) imports this module only once its shell window is on
screen: everything imported here is paid after the first frame, not before it."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import traceback
from types import TracebackType
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

import qasync

from snapview import __version__
from snapview.launcher import create_application
from snapview.core.redaction import redact
from snapview.paths import log_dir
from snapview.services.app_services import AppServices
from snapview.services.gc_guard import freeze_startup_heap
from snapview.services.gil_switch import shorten_gil_switch
from snapview.services.launch_clock import process_started
from snapview.services.scan_results import ScanResultStore
from snapview.services.settings import Settings
from snapview.ui.events.feature import EventsFeature
from snapview.ui.library.feature import LibraryFeature
from snapview.ui.profiles.feature import ProfilesFeature
from snapview.ui.review.feature import ReviewFeature
from snapview.ui.review.team_library import TeamLibrary
from snapview.ui.shell.crash_dialog import show_crash_dialog
from snapview.ui.shell.help_menu import HelpMenu
from snapview.ui.shell.language_menu import add_language_menu
from snapview.ui.shell.main_window import MainWindow
from snapview.ui.shell.window_state import WindowStateKeeper
from snapview.ui.scan.feature import ScanFeature
from snapview.ui.video.demo import DemoDriver, window_drawn
from snapview.ui.video.session import VideoSession
from snapview.ui.video.feature import VideoFeature
from snapview.ui.video.inspector_sync import InspectorSync

# The QApplication is the launcher's (it exists before this module is imported); tests and scripts
# import it from here, with the rest of the wiring.
__all__ = ["AppWindow", "LaunchOptions", "build_window", "create_application", "run_app"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asks of the window (``snapview --help`` documents each one)."""

    demo: bool = False
    screenshot: str | None = None
    video: str | None = None
    profile: str | None = None
    files: tuple[str, ...] = ()

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> LaunchOptions:
        """From ``cli``'s parsed arguments; tests pass a Namespace with only what they need."""
        return cls(
            demo=bool(getattr(args, "demo", False)),
            screenshot=getattr(args, "screenshot", None),
            video=getattr(args, "video", None),
            profile=getattr(args, "profile", None),
            files=tuple(getattr(args, "files", None) or ()),
        )


@dataclass(frozen=True)
class AppWindow:
    """The main window and the features built into it."""

    window: MainWindow
    profiles: ProfilesFeature
    video: VideoFeature
    events: EventsFeature
    video_inspector: InspectorSync
    library: LibraryFeature
    review: ReviewFeature
    scan: ScanFeature


def build_window(
    services: AppServices, args: argparse.Namespace, shell: MainWindow | None = None
) -> AppWindow:
    """The main window with every feature, in this order. Tests call this too, so it is the real app.

    ``shell`` is the window the launcher already showed (``launcher.show_shell``); without it the
    shell is made here. A feature gets its collaborators as arguments; what must stop at quit is
    registered with ``services.add_closer`` right where it is made (``AppServices.aclose`` runs
    those in reverse, then closes the services themselves).
    """
    options = LaunchOptions.from_args(args)
    # The GUI thread, the image pipeline's network thread and its decode threads share one GIL:
    # a short switch interval (services/gil_switch.py) lets a thread back from a Qt call run.
    shorten_gil_switch()
    # The shell: menus, toolbar, status bar and the shared inspector dock.
    window = shell if shell is not None else MainWindow()
    add_language_menu(window, services.settings)
    HelpMenu(window, services.settings)  # F1 shortcuts, the log folder, Report a problem…
    if not options.screenshot:
        # An unattended --screenshot run shows the default layout and keeps the user's.
        WindowStateKeeper(window, services.settings)
    else:
        from snapview.ui.shell.default_layout import DefaultLayoutOnShow

        DefaultLayoutOnShow(window)  # the fresh layout, as a first start shows it
    profiles = build_profiles(window, services, options)
    video = VideoFeature(window, services, profiles.current_profile_name)
    # Its page fetches stop at quit before the VOD clients and the pipeline under them close.
    services.add_closer("thumbnail grid", video.model.aclose)
    if options.video and not options.demo:
        video.open_on_start(options.video)
    library = LibraryFeature(window, services, profiles.current_profile_name, video)
    events = EventsFeature(window, services, options.files, profiles.current_profile_name)
    events.live_asset.requested.connect(
        lambda asset, profile, kind: load_asset_live(profiles, video, asset, profile, kind)
    )
    video_inspector = InspectorSync(window, window.inspector, video)
    if not options.screenshot:  # like the window's state: a --screenshot run keeps the user's
        window.inspector.raw_edit.remember_wrap(services.settings)  # the Raw tab's "Wrap lines"
    # Its session closes (and its writes finish) before the review store closes.
    review = ReviewFeature(window, services, video)
    TeamLibrary(library, review)  # "being reviewed by", "Assigned to me"
    review.open_store_at_start()  # a team server connects (and asks for its password) at start
    # The Defects dock, F8; after the inspector's dock. Its scans are kept in the review store
    # the review feature opens (one open store for both), for the account of the video on screen.
    scans = ScanResultStore(review_store=review.binding.store, account=review.account)
    scan = ScanFeature(window, services, video, store=scans)
    scan.flags_changed.connect(review.filter.set_flags)  # "Show: Flagged by scan" in the status bar
    if not options.screenshot and not options.demo:
        session = VideoSession(video, services.settings)  # the last list, position, selection
        if not options.video:
            session.restore()
    window.set_starting(False)  # every action is wired now
    return AppWindow(window, profiles, video, events, video_inspector, library, review, scan)


def load_asset_live(
    profiles: ProfilesFeature, video: VideoFeature, asset_id: str, profile: str, kind: str
) -> None:
    """ "Load this asset live" from an event: its Huawei profile selected, the asset in the grid."""
    if profiles.select(profile):
        video.open_asset(asset_id, kind)


def build_profiles(
    window: MainWindow, services: AppServices, options: LaunchOptions
) -> ProfilesFeature:
    """The profiles feature, started: the keyring is probed off the GUI thread, then the banner and
    the first-run dialog follow (the Profiles tests build a window with this feature alone)."""
    profiles = ProfilesFeature(
        window,
        services.credentials,
        services.settings,
        services.tasks,
        preferred=options.profile,
        demo=options.demo,
        first_run_dialog=not (options.demo or options.screenshot),
    )
    services.tasks.spawn(profiles.start(), name="profiles-startup")
    return profiles


def start_demo(app: AppWindow, services: AppServices, options: LaunchOptions) -> asyncio.Task[int]:
    """``--demo``: the emulator and its video; with ``--screenshot`` the task's result is the exit
    status (the window closes itself when the picture is taken)."""
    # `--demo FILE…` shows the files (as without --demo); a --screenshot run always takes the grid.
    load_video = options.screenshot is not None or bool(options.video) or not options.files
    drawn = window_drawn(app.library, app.review, app.window.inspector)
    demo = DemoDriver(
        app.window, services, app.profiles, app.video, options.video, load_video, drawn
    )
    if options.screenshot:
        return services.tasks.spawn(
            demo.screenshot(options.screenshot, process_started()), name="demo-screenshot"
        )

    async def start() -> int:
        await demo.start()
        return 0

    return services.tasks.spawn(start(), name="demo-start")


class CrashHandler:
    """``sys.excepthook`` and the asyncio exception handler: log the redacted traceback, show a dialog."""

    def __init__(self, window: MainWindow | None = None) -> None:
        self.window = window
        self.dialogs: list[QMessageBox] = []

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
        log_file = str(log_dir() / "snapview.log")
        self.dialogs = [d for d in self.dialogs if d.isVisible()][-3:]
        self.dialogs.append(show_crash_dialog(self.window, summary, details, log_file))


def run_app(
    app: QApplication, shell: MainWindow, settings: Settings, args: argparse.Namespace
) -> int:
    """Build the features into the ``shell`` the launcher shows and run until the window closes;
    returns the process exit status."""
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    services = AppServices(settings)
    crash = CrashHandler(shell)
    sys.excepthook = crash.excepthook
    loop.set_exception_handler(crash.loop_exception_handler)
    exit_code = 0
    try:
        app_window = build_window(services, args, shell)
        freeze_startup_heap()
        window = app_window.window
        options = LaunchOptions.from_args(args)
        demo = start_demo(app_window, services, options) if options.demo else None
        quit_requested = asyncio.Event()
        window.closed.connect(quit_requested.set)
        _install_signal_handlers(window)
        window.show()  # shown already by the launcher; a no-op unless a test passed a hidden one
        log.info(
            "main window shown (snapview %s, Qt platform %s)",
            __version__,
            QGuiApplication.platformName(),
        )

        async def until_closed() -> int:
            await quit_requested.wait()
            code = _demo_status(demo)
            await services.aclose()
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


def _demo_status(demo: asyncio.Task[int] | None) -> int:
    """The screenshot's exit status. A demo closed before it finished, or one whose start failed
    (already logged by the task registry), ends the app normally, as closing the window always does."""
    if demo is None or not demo.done() or demo.cancelled() or demo.exception() is not None:
        return 0
    return demo.result()


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
