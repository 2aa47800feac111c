"""Python's cyclic garbage collector, run on the GUI (event-loop) thread only while worker threads
that allocate Python objects exist: process-wide, reference-counted over its users.

The collector runs in whichever thread happens to allocate when a threshold is crossed. With image
decode workers allocating all the time, that is often a worker, and a Qt object that sits in a
reference cycle would then be destroyed off the GUI thread: Qt warns "Timers cannot be stopped
from another thread" and can crash (seen in the test suite). pyqtgraph's ``GarbageCollector``
fixes it the same way: automatic collection off, the same thresholds checked on the GUI thread.

The check runs from a ``QTimer`` (it needs a running Qt event loop, as under qasync) and from
:meth:`MainThreadGarbageCollector.poll`, which the owner calls on its own thread (the image
pipeline does on every result, so a plain ``asyncio.run`` with only a ``QCoreApplication``, where
no Qt timer fires, collects too). ``poll`` checks at most once an interval: a full collection
costs tens of milliseconds of GUI time, and the thresholds alone would run one far more often.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector:
    """While any instance is active, automatic collection is off and the owner's thread collects."""

    _users = 0
    _was_enabled = True

    def __init__(self, parent: QObject, interval_ms: int = 500) -> None:
        cls = type(self)
        if cls._users == 0:
            cls._was_enabled = gc.isenabled()
            gc.disable()
        cls._users += 1
        self._timer = QTimer(parent)
        self._timer.setObjectName("imagePipelineGcTimer")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self._interval_s = interval_ms / 1000
        self._last_check = time.monotonic()
        self._active = True

    @classmethod
    def users(cls) -> int:
        """How many guards are active (the test harness checks that none is leaked)."""
        return cls._users

    def poll(self) -> None:
        """:meth:`check`, unless one ran less than an interval ago (call on the owner's thread)."""
        if time.monotonic() - self._last_check >= self._interval_s:
            self.check()

    def check(self) -> None:
        """Collect the oldest generation whose threshold is crossed (call on the owner's thread)."""
        self._last_check = time.monotonic()
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                break

    def stop(self) -> None:
        """Give back this guard; the last one restores automatic collection.

        It does not collect: stop() runs while its owner is being closed, inside an event dispatch
        (a qasync callback), and a full collection there destroyed Qt objects of a window that was
        itself mid-teardown (a segfault in the suite, once). The next collection runs at a quiet
        point on this thread: the workers that made a GUI-thread collection necessary are gone."""
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        cls = type(self)
        cls._users -= 1
        if cls._users == 0 and cls._was_enabled:
            gc.enable()


def freeze_startup_heap() -> None:
    """Take every object alive now — the imported modules, the built window and its features — out
    of the collector's sight, once, after start-up.

    A full collection walks every tracked object, and with PySide6, httpx and the features loaded
    that is several hundred thousand objects that live as long as the process: walking them was
    most of the 40–90 ms a full collection cost the GUI thread in the middle of a scan (a stall the
    reviewer sees). Objects made later are collected as before; frozen ones are still freed by
    reference counting, only a reference cycle among them would wait for the process to end."""
    gc.collect()
    gc.freeze()
