"""Run a function in a worker thread and get its result back on the GUI thread, newest call only.

The one helper for "parse this 50 MB document" / "search it" jobs (after Picard's ``run_task`` +
``to_main``): :meth:`Worker.run` hands the function to a ``QThreadPool``; its result (or its
exception) travels back through a queued signal and reaches the callback on the GUI thread. Every
call starts a new generation, so the answer of a call that was overtaken by a newer one — the user
opened another document, typed another letter — is dropped instead of painting stale data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("snapview.ui")

T = TypeVar("T")


class _Delivery(QObject):
    # Lives on the GUI thread; emitted from the pool thread, so the slot runs queued on the GUI.
    done = Signal(int, bool, object)  # generation, succeeded, result or exception


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], generation: int, delivery: _Delivery) -> None:
        super().__init__()
        self._fn: Callable[[], object] | None = fn
        self._generation = generation
        self._delivery = delivery

    def run(self) -> None:
        fn, self._fn = self._fn, None  # the job's data is not kept alive by the pool
        assert fn is not None
        try:
            outcome: object = fn()
            succeeded = True
        except Exception as exc:  # a bug must not vanish silently in the pool thread
            log.exception("background job failed")
            outcome, succeeded = exc, False
        try:
            self._delivery.done.emit(self._generation, succeeded, outcome)
        except RuntimeError:
            pass  # the owner was closed while the job ran


class Worker(QObject):
    """Runs one kind of job off the GUI thread; only the newest job's result is delivered.

    Several workers may share one pool (jobs then run one after the other on a one-thread pool).
    """

    def __init__(self, pool: QThreadPool, parent: QObject) -> None:
        super().__init__(parent)
        self._pool = pool
        self._generation = 0
        self._deliver: Callable[[Any], None] = _ignore
        self._failed: Callable[[Exception], None] = _ignore
        self._delivery = _Delivery(self)
        self._delivery.done.connect(self._done)

    def run(
        self,
        fn: Callable[[], T],
        deliver: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``fn()`` in the pool; ``deliver(result)`` (or ``failed(exception)``) on the GUI
        thread, unless :meth:`run` or :meth:`drop_pending` is called again before it finishes."""
        self._generation += 1
        self._deliver, self._failed = deliver, failed or _ignore
        self._pool.start(_Job(fn, self._generation, self._delivery))

    def drop_pending(self) -> None:
        """Whatever is still running will not be delivered."""
        self._generation += 1

    def _done(self, generation: int, succeeded: bool, outcome: object) -> None:
        if generation != self._generation:
            return
        if succeeded:
            self._deliver(outcome)
        else:
            assert isinstance(outcome, Exception)
            self._failed(outcome)


def _ignore(_value: object) -> None:
    return None
