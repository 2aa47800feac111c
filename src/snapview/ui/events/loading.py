"""Event loads off the GUI thread, with progress and Cancel.

:class:`EventLoader` hands :func:`snapview.services.event_files.load_events` (files, folders) or
:func:`~snapview.services.event_files.load_text` (a paste) to a one-thread pool. Progress from the
reader comes back as queued signals, at most one per percent; a newer load or :meth:`cancel`
raises the job's cancel flag, which the reader checks every megabyte read and every slice parsed,
so Cancel and closing the window stop a 200 MB file within a moment instead of letting it run on.
:class:`LoadProgress` is the determinate bar with its Cancel button shown in the status bar.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from snapview.services.event_files import EventLoad, LoadCancelled, load_events, load_text

log = logging.getLogger(__name__)


class _Signals(QObject):
    progressed = Signal(int, int)  # generation, percent
    done = Signal(int, object)  # generation, EventLoad (None: cancelled)


class _Job(QRunnable):
    def __init__(
        self,
        generation: int,
        signals: _Signals,
        work: Callable[[Callable[[int, int], None], Callable[[], bool]], EventLoad],
        stop: threading.Event,
    ) -> None:
        super().__init__()
        self.generation, self.signals, self.work, self.stop = generation, signals, work, stop
        self._percent = -1

    def _progress(self, done: int, total: int) -> None:
        percent = done * 100 // max(1, total)
        if percent != self._percent:
            self._percent = percent
            self._emit(self.signals.progressed, percent)

    def run(self) -> None:
        outcome: EventLoad | None
        try:
            outcome = self.work(self._progress, self.stop.is_set)
        except LoadCancelled:
            outcome = None
        except Exception as exc:  # a bug must reach the user, not die in the pool thread
            log.exception("loading events failed")
            outcome = EventLoad(errors=[f"{type(exc).__name__}: {exc}"])
        self._emit(self.signals.done, outcome)

    def _emit(self, signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(self.generation, value)
        except RuntimeError:
            pass  # the window closed while reading


class EventLoader(QObject):
    """One load at a time: a new one cancels the one before; only the newest is delivered."""

    progressed = Signal(int)  # percent
    finished = Signal(object)  # EventLoad
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._progressed)
        self._signals.done.connect(self._done)
        self._generation = 0
        self._stop = threading.Event()
        self.busy = False

    def load_paths(self, paths: Sequence[str]) -> None:
        chosen = list(paths)
        self._start(lambda progress, stop: load_events(chosen, progress, stop))

    def load_text(self, text: str, source: str) -> None:
        self._start(lambda progress, stop: load_text(text, source, progress, stop))

    def cancel(self) -> None:
        """Stop the running load (it is not delivered); ``cancelled`` follows at once."""
        if not self.busy:
            return
        self._stop.set()
        self._generation += 1
        self.busy = False
        self.cancelled.emit()

    def wait(self, msecs: int) -> bool:
        """Wait for the pool to go idle (after :meth:`cancel`, a moment)."""
        return bool(self._pool.waitForDone(msecs))

    def _start(
        self, work: Callable[[Callable[[int, int], None], Callable[[], bool]], EventLoad]
    ) -> None:
        self._stop.set()  # the load before this one stops at its next check
        self._stop = threading.Event()
        self._generation += 1
        self.busy = True
        self._pool.start(_Job(self._generation, self._signals, work, self._stop))
        self.progressed.emit(0)

    def _progressed(self, generation: int, percent: int) -> None:
        if generation == self._generation and self.busy:
            self.progressed.emit(percent)

    def _done(self, generation: int, load: EventLoad | None) -> None:
        if generation != self._generation or load is None:
            return
        self.busy = False
        self.finished.emit(load)


class LoadProgress(QWidget):
    """A determinate bar ("Reading events… 42%") and a Cancel button, for the status bar."""

    def __init__(self, loader: EventLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsLoadProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setObjectName("eventsLoadBar")
        self.bar.setRange(0, 100)
        self.bar.setMinimumWidth(200)
        self.bar.setFormat(self.tr("Reading events… %p%"))
        layout.addWidget(self.bar)
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("eventsLoadCancel")
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop reading the events"))
        self.cancel_button.clicked.connect(loader.cancel)
        layout.addWidget(self.cancel_button)
        loader.progressed.connect(self._progressed)
        loader.finished.connect(self.hide)
        loader.cancelled.connect(self.hide)
        self.hide()

    def _progressed(self, percent: int) -> None:
        self.bar.setValue(percent)
        self.show()
