"""Scan video in the app: run a :class:`~snapview.services.scanner.VideoScan` over the listing the
grid shows, on the app's one image pipeline, and show what it found — the Defects panel, a badge on
every flagged tile (also those not yet scrolled to), F8 / Shift+F8 to walk them.

The scan is an asyncio task on the qasync loop (``services.tasks``, name ``video-scan``); the
detectors run in the scanner's worker thread and the panel is refilled at most every
:data:`REFRESH_MS`, so the window stays responsive over 10,000 snapshots. Cancel (the panel's
button, or switching video, or quitting) ends the task: the panel keeps what was found so far.
A finished scan is stored (:class:`~snapview.services.scan_results.ScanResultStore`), so
reopening the video shows its findings and when they were made; Rescan goes through the analysis
cache, which makes it re-use every verdict of an unchanged video.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QDockWidget, QStyle

from snapview.services.background_import import import_in_thread
from snapview.services.scan_results import ScanResultStore, StoredScan
from snapview.ui.scan.findings import (
    GROUP_ORDER,
    FindingGroups,
    badge_text,
    group_findings,
    kind_label,
)
from snapview.ui.scan.panel import DefectsPanel
from snapview.ui.shell.actions import ActionId
from snapview.ui.tr import tr_error, tr_format

if TYPE_CHECKING:
    from snapview.services.app_services import AppServices
    from snapview.services.scan_cache import AnalysisCache
    from snapview.services.scanner import ScanEvent, ScanProgress
    from snapview.services.snapshot_listing import SnapshotListing
    from snapview.ui.shell.main_window import MainWindow
    from snapview.ui.video.feature import VideoFeature

log = logging.getLogger("snapview.scan")

TASK_NAME = "video-scan"
REFRESH_MS = 250  # the panel and the badges follow a running scan this often, not per snapshot
# The progress bar and its ETA, at most this often: QProgressBar.setValue repaints at once, and per
# snapshot that was 40 % of the GUI thread's time in a scan (scan_gui_bench, py-spy).
PROGRESS_MS = 100
CONCURRENCY = 6  # downloads at once: the grid's own loads share the cores and must stay quick
# What a scan needs beyond the panel, imported off the GUI thread when a scan starts.
SCAN_MODULES = (
    "snapview.services.scanner",
    "snapview.services.scan_document",
    "snapview.services.scan_images",
    "snapview.services.scan_processes",
    "snapview.services.scan_cache",
)


class ScanFeature(QObject):
    """The Scan video action, the Defects dock and defect navigation for the video feature's grid."""

    # The flags of the video on show, for the grid's filter (app.py wires it to ui/review): a list
    # of (kind, label, frozenset of 1-based indices) in the panel's order, or None (no scan yet).
    # Emitted when a scan starts, at each coalesced refresh, at its end and when the video changes.
    flags_changed = Signal(object)

    def __init__(
        self,
        window: MainWindow,
        services: AppServices,
        video: VideoFeature,
        store: ScanResultStore | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.video = video
        self.store = store or ScanResultStore()
        self.panel = DefectsPanel()
        self.dock = QDockWidget(self.tr("Defects"), window)
        self.dock.setObjectName("defectsDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.inspector_dock, self.dock)
        window.inspector_dock.raise_()  # the inspector stays in front until a scan starts
        self._cache: AnalysisCache | None = None
        self._generation = 0  # bumped when the video changes: a late answer is for another one
        self._key: tuple[str, str, str] | None = None  # (provider, video, type) on show
        self._entries: dict[int, dict[str, Any]] = {}
        self._job_flags: list[dict[str, Any]] = []
        self._total: int | None = None
        self._scanned = 0
        self._groups = FindingGroups()
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._show_live)
        self._progress: ScanProgress | None = None  # the latest, until it is shown
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._build_actions()
        self.panel.scan_requested.connect(self.scan)
        self.panel.cancel_requested.connect(self.cancel)
        self.panel.snapshot_activated.connect(self.go_to)
        video.model.modelReset.connect(self._video_changed)
        video.model.first_page_loaded.connect(self._video_shown)
        services.add_closer("scan analysis cache", self._close_cache)

    def _build_actions(self) -> None:
        window = self.window
        scan = QAction(self.tr("&Scan Video"), window)
        scan.setShortcut(QKeySequence("Ctrl+Shift+S"))
        scan.setToolTip(self.tr("Check every snapshot of this video for defects (Ctrl+Shift+S)"))
        scan.triggered.connect(self.scan)
        cancel = QAction(self.tr("&Cancel Scan"), window)
        cancel.triggered.connect(self.cancel)
        cancel.setEnabled(False)
        next_defect = QAction(self.tr("&Next Defect"), window)
        next_defect.setShortcut(QKeySequence("F8"))
        next_defect.triggered.connect(lambda: self.step(1))
        previous = QAction(self.tr("&Previous Defect"), window)
        previous.setShortcut(QKeySequence("Shift+F8"))
        previous.triggered.connect(lambda: self.step(-1))
        toggle = self.dock.toggleViewAction()
        toggle.setText(self.tr("&Defects Panel"))
        for key, action in (
            (ActionId.SCAN_VIDEO, scan),
            (ActionId.CANCEL_SCAN, cancel),
            (ActionId.NEXT_DEFECT, next_defect),
            (ActionId.PREVIOUS_DEFECT, previous),
            (ActionId.TOGGLE_DEFECTS, toggle),
        ):
            window.add_action(key, action)
        menu = window.tools_menu
        menu.addSeparator()
        for action in (scan, cancel, next_defect, previous):
            menu.addAction(action)
        window.view_menu.addAction(toggle)
        # Last on the toolbar, after Load, with a short word: at 1024 px both fit (D8), and were
        # the window narrower still, the "»" overflow would take Scan before Load.
        scan.setIcon(
            QIcon.fromTheme(
                "edit-find",
                window.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            )
        )
        scan.setIconText(self.tr("Scan"))
        window.toolbar.addAction(scan)
        self._update_actions()

    # -- state ------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        task = self.services.tasks.get(TASK_NAME)
        return task is not None and not task.done()

    def _listing(self) -> SnapshotListing | None:
        """The listing the grid shows, when it shows snapshots (not sprite cells or cues)."""
        model = self.video.model
        if model.showing_cells or model.total is None:
            return None
        return self.video.pager

    def _update_actions(self) -> None:
        can_scan = self._listing() is not None
        running = self.running
        self.window.action(ActionId.SCAN_VIDEO).setEnabled(can_scan and not running)
        self.window.action(ActionId.CANCEL_SCAN).setEnabled(running)
        flagged = bool(self._groups.flagged_indexes)
        self.window.action(ActionId.NEXT_DEFECT).setEnabled(flagged)
        self.window.action(ActionId.PREVIOUS_DEFECT).setEnabled(flagged)
        self.panel.scan_button.setEnabled(can_scan and not running)

    def _video_changed(self) -> None:
        """The grid shows something new (or nothing): the old scan ends, its findings go."""
        self._generation += 1
        self.services.tasks.cancel(TASK_NAME)
        self._key = None
        self._reset_findings()
        self.panel.show_idle(has_video=False)
        self.video.model.set_scan_findings({})
        self.flags_changed.emit(None)
        self._update_actions()

    def _video_shown(self, page: object) -> None:
        listing = self._listing()
        if listing is None:
            self._update_actions()
            return
        self._key = (listing.provider, listing.video_id, listing.snapshot_type)
        self.panel.show_idle(has_video=True)
        self._update_actions()
        generation = self._generation
        self.services.tasks.spawn(
            self._show_stored(generation, self._key), name="video-scan-stored", replace=True
        )

    async def _show_stored(self, generation: int, key: tuple[str, str, str]) -> None:
        stored = await self.store.load(*key)
        if stored is None or generation != self._generation or self.running:
            return
        self._show_document(stored)

    def _reset_findings(self) -> None:
        self._refresh.stop()
        self._progress_timer.stop()
        self._progress = None
        self._entries = {}
        self._job_flags = []
        self._total = None
        self._scanned = 0
        self._groups = FindingGroups()

    # -- scanning ---------------------------------------------------------------------------------

    def scan(self) -> None:
        listing = self._listing()
        if listing is None or self.running:
            return
        self.dock.show()
        self.dock.raise_()
        self._reset_findings()
        self._apply(self._groups)  # the last scan's badges and filter entries go with its panel
        self.panel.set_running(True, listing.total or 0)
        self.panel.show_findings(self._groups, scanned=0, total=listing.total, running=True)
        task = self.services.tasks.spawn(self._run(listing, self._generation), name=TASK_NAME)
        # Done callbacks run after the task has ended (``running`` is False by then).
        task.add_done_callback(lambda _: self._update_actions_if_alive())
        self._update_actions()

    def cancel(self) -> None:
        self.services.tasks.cancel(TASK_NAME)

    async def _run(self, listing: SnapshotListing, generation: int) -> None:
        # The scanner, its detectors and Pillow are 60-100 ms of module code: imported here on
        # the GUI thread, the first scan froze the window at the click (scan_gui_bench).
        await import_in_thread(*SCAN_MODULES)
        from snapview.services.scan_document import scan_document
        from snapview.services.scan_results import open_analysis_cache, scan_images
        from snapview.services.scanner import VideoScan

        self.video.ensure_grid()
        images = scan_images(self.services.images.get(), CONCURRENCY)
        if self._cache is None:
            self._cache = open_analysis_cache()
        scan = VideoScan(
            listing,
            images,
            concurrency=CONCURRENCY,
            on_event=lambda event: self._on_event(event, generation),
            analysis_cache=self._cache,
        )
        try:
            report = await scan.run()
        except asyncio.CancelledError:
            if self._current(generation):
                self._finish(scan_document(scan.report()), None, cancelled=True)
            raise
        except Exception as exc:  # the listing failed: credentials, network, an unknown video
            log.info("scan of %s failed: %s", listing.video_id, type(exc).__name__)
            if self._current(generation):
                self.panel.show_error(
                    tr_format(self.tr("The scan could not run: {reason}"), reason=tr_error(exc))
                )
            return
        finally:
            await images.aclose()
        # In a thread: 10,000 entries take 30-80 ms of pure Python, the GUI thread's longest
        # burst of a whole scan (scan_gui_bench); the report no longer changes once run() returns.
        document = await asyncio.to_thread(scan_document, report)
        scanned_at = time.time()
        if self._current(generation):
            self._finish(document, scanned_at, errors=report.errors)
        if not report.cancelled:
            await self.store.save(document, scanned_at)

    def _current(self, generation: int) -> bool:
        return generation == self._generation and shiboken6.isValid(self.panel)

    def _on_event(self, event: ScanEvent, generation: int) -> None:
        from snapview.services.scan_document import snapshot_entry
        from snapview.services.scanner import ScanListed, ScanProgress, SnapshotChecked

        if not self._current(generation):
            return
        if isinstance(event, ScanListed):
            self._total = event.total
            self.panel.set_running(True, event.listed)
        elif isinstance(event, SnapshotChecked):
            outcome = event.outcome
            if outcome.flags or outcome.failure is not None:
                entry = snapshot_entry(outcome)
                self._entries[outcome.index] = entry
                self._groups.add_entry(entry)  # grouped as it comes: a refresh only shows
                if not self._refresh.isActive():
                    self._refresh.start()
        elif isinstance(event, ScanProgress):
            self._scanned = event.done
            self._progress = event
            if not self._progress_timer.isActive():  # the first at once, then the latest
                self._show_progress()
                self._progress_timer.start()

    def _show_progress(self) -> None:
        progress, self._progress = self._progress, None
        if progress is not None and shiboken6.isValid(self.panel):
            self.panel.show_progress(progress.done, progress.total, progress.eta_s)

    def _show_live(self) -> None:
        self._apply(self._groups)
        self.panel.show_findings(
            self._groups, scanned=self._scanned, total=self._total, running=True
        )

    def _finish(
        self,
        document: dict[str, Any],
        scanned_at: float | None,
        *,
        cancelled: bool = False,
        errors: int = 0,
    ) -> None:
        self._refresh.stop()
        self._progress_timer.stop()
        self._progress = None
        self.panel.set_running(False)
        self._show_document(StoredScan(document, scanned_at or 0.0), cancelled=cancelled)
        if errors:
            self.panel.show_error(
                tr_format(
                    self.tr(
                        "{count} snapshots could not be checked because of a problem on this "
                        "computer, not the video. Fix it and scan again."
                    ),
                    count=errors,
                )
            )

    def _update_actions_if_alive(self) -> None:
        if shiboken6.isValid(self.panel):
            self._update_actions()

    def _show_document(self, stored: StoredScan, *, cancelled: bool = False) -> None:
        document = stored.document
        snapshots = document.get("snapshots") or []
        self._entries = {
            int(e["index"]): e for e in snapshots if e.get("flags") or e.get("failure")
        }
        self._job_flags = list(document.get("job_flags") or [])
        self._total = document.get("total")
        self._apply(group_findings(self._entries.values(), self._job_flags))
        self.panel.show_findings(
            self._groups,
            scanned=len(snapshots),
            total=self._total,
            scanned_at=stored.scanned_at or None,
            cancelled=cancelled,
        )
        self._update_actions()

    def _apply(self, groups: FindingGroups) -> None:
        """Show ``groups`` on the tiles: each flagged snapshot's badges and sentences."""
        self._groups = groups
        sentences: dict[int, list[tuple[str, str]]] = {}
        for kind, findings in groups.groups.items():
            label, badge = kind_label(kind), badge_text(kind)
            for finding in findings:
                if finding.index is None or not finding.defect:
                    continue
                text = f"{label}: {finding.detail}" if finding.detail else label
                sentences.setdefault(finding.index, []).append((badge, text))
        self.video.model.set_scan_findings({i: tuple(s) for i, s in sentences.items()})
        self.flags_changed.emit(flag_kinds(groups))

    # -- navigation -------------------------------------------------------------------------------

    def go_to(self, index: int) -> bool:
        """Scroll the grid to snapshot ``index`` (1-based) and select its tile."""
        view, model = self.video.view, self.video.model
        row = index - 1
        if not 0 <= row < model.rowCount():
            return False
        view.select_row(row, centre=True)
        self.window.show_status(
            tr_format(self.tr("Snapshot #{index}"), index=index)
            + "".join(f" · {text}" for _, text in model.tile(row).scan_findings)
        )
        return True

    def step(self, delta: int) -> None:
        """F8 / Shift+F8: the next / previous flagged snapshot after the current tile (wrapping)."""
        flagged = self._groups.flagged_indexes
        if not flagged:
            self.window.show_status(self.tr("No flagged snapshots"))
            return
        current = self.video.view.currentIndex()
        here = current.row() + 1 if current.isValid() else (0 if delta > 0 else 10**12)
        if delta > 0:
            later = [i for i in flagged if i > here]
            target = later[0] if later else flagged[0]
        else:
            earlier = [i for i in flagged if i < here]
            target = earlier[-1] if earlier else flagged[-1]
        if self.go_to(target):
            self.panel.mark_snapshot(target)

    async def _close_cache(self) -> None:
        if self._cache is not None:
            await self._cache.aclose()


def flag_kinds(groups: FindingGroups) -> list[tuple[str, str, frozenset[int]]]:
    """What :attr:`ScanFeature.flags_changed` carries: each kind that badges a tile, in the
    panel's order, with its label and snapshots (info flags and unchecked snapshots are none)."""
    by_kind: dict[str, set[int]] = {}
    for index, kinds in groups.badges.items():
        for kind in kinds:
            by_kind.setdefault(kind, set()).add(index)
    order = {kind: n for n, kind in enumerate(GROUP_ORDER)}
    return [
        (kind, kind_label(kind), frozenset(indices))
        for kind, indices in sorted(by_kind.items(), key=lambda item: order.get(item[0], 99))
    ]
