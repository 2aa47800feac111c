"""Running coroutines from synchronous pytest-qt tests on the qasync loop of ``qasync_loop``.

``run(qtbot, coro)`` starts the coroutine as a task on the current (qasync) loop and lets Qt and
asyncio run together until it finishes, then returns its result or raises its exception. The wait
is on the task's completion, never a sleep; ``WAIT_MS`` only bounds a real hang.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from tests.helpers.timeouts import WAIT_MS

T = TypeVar("T")


def run(qtbot: Any, coro: Coroutine[Any, Any, T], *, timeout_ms: int = WAIT_MS) -> T:
    """Run ``coro`` to completion on the current event loop while Qt keeps processing events."""
    task = asyncio.get_event_loop().create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout_ms)
    return task.result()
