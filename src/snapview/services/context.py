"""The long-lived services of one running app, and their orderly shutdown.

Shutdown order matters with qasync + httpx (CRAFT practice 11): first cancel every background task,
then close the HTTP clients and other resources (in reverse order of registration), and only then
let the event loop stop and Qt go.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from snapview.services.settings import Settings
from snapview.services.tasks import TaskRegistry

log = logging.getLogger("snapview.app")

Closer = Callable[[], Awaitable[Any] | Any]


class AppServices:
    """Holds the task registry and everything that must be closed when the app quits."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.tasks = TaskRegistry()
        self.settings = settings or Settings()
        self._closers: list[tuple[str, Closer]] = []
        self.closed = False
        # Filled in by the features that own them (VOD client, image pipeline, credentials...).
        self.extras: dict[str, Any] = {}

    def add_closer(self, name: str, closer: Closer) -> None:
        """Register a (sync or async) callable run at shutdown, after all tasks were cancelled."""
        self._closers.append((name, closer))

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        await self.tasks.cancel_all()
        for name, closer in reversed(self._closers):
            try:
                result = closer()
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("closing %s failed", name)
        self._closers.clear()
