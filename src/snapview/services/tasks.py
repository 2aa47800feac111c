"""Named background tasks with strong references, so none is garbage-collected mid-flight and all
can be cancelled together at shutdown (after FeelUOwn's ``task.py``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class TaskRegistry:
    """Keeps every task it starts until it finishes; ``spawn`` with the same name replaces the old one."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._named: dict[str, asyncio.Task[Any]] = {}

    def spawn(
        self, coro: Coroutine[Any, Any, T], *, name: str, replace: bool = False
    ) -> asyncio.Task[T]:
        if replace:
            self.cancel(name)
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self._tasks.add(task)
        self._named[name] = task
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if self._named.get(task.get_name()) is task:
            del self._named[task.get_name()]
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.error("background task %s failed", task.get_name(), exc_info=exc)

    def get(self, name: str) -> asyncio.Task[Any] | None:
        return self._named.get(name)

    def cancel(self, name: str) -> bool:
        task = self._named.get(name)
        if task is None or task.done():
            return False
        task.cancel()
        return True

    def __len__(self) -> int:
        return len(self._tasks)

    async def cancel_all(self, grace: float = 5.0) -> None:
        tasks = [t for t in self._tasks if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=grace)
