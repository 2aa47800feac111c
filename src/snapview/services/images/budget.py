"""A bound on the pixels being decoded at once, so decode memory depends on the images' sizes and
not on how many arrive together.

Each decode reserves its cost (``decode.decode_cost``: the pixels it will hold at its peak) before
it is handed to a worker thread and gives it back when the thread is done with it, even when the
request was cancelled meanwhile (the thread cannot be stopped, so its memory is still in use).
Waiters are served in arrival order: a near-limit PNG waits until enough is free and then goes
first, instead of being overtaken forever by small thumbnails. A cost above the whole budget is
clipped to it, so such an image decodes alone rather than never.

Lives on the event loop thread; not thread-safe (the release from a worker is posted to the loop).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")


class PixelBudget:
    """At most ``limit`` pixels reserved at once; ``run`` reserves, runs the work, and releases."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.in_flight = 0
        self.peak = 0
        self.waits = 0
        self._waiters: deque[tuple[int, asyncio.Future[None]]] = deque()

    async def run(self, cost: int, submit: Callable[[], Future[T]]) -> T:
        """Reserve ``cost`` pixels, call ``submit`` (which starts the work in a thread) and await it.

        The reservation is held until the thread's future is done, whatever happens to the caller.
        """
        cost = min(max(1, cost), self.limit)
        await self._acquire(cost)
        try:
            work = submit()
        except BaseException:
            self._release(cost)
            raise
        try:
            return await asyncio.wrap_future(work)
        finally:
            if work.done():
                self._release(cost)
            else:  # cancelled while the thread still decodes: its memory is in use until it ends
                loop = asyncio.get_running_loop()

                def release(_: Future[T]) -> None:
                    with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                        loop.call_soon_threadsafe(self._release, cost)

                work.add_done_callback(release)

    async def _acquire(self, cost: int) -> None:
        if not self._waiters and self.in_flight + cost <= self.limit:
            self._take(cost)
            return
        self.waits += 1
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (cost, waiter)
        self._waiters.append(entry)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._release(cost)  # granted just as we were cancelled: give it back
            else:
                self._waiters.remove(entry)
                self._wake()  # the head may have left: the next ones may fit now
            raise

    def _take(self, cost: int) -> None:
        self.in_flight += cost
        self.peak = max(self.peak, self.in_flight)

    def _release(self, cost: int) -> None:
        self.in_flight -= cost
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self.in_flight + self._waiters[0][0] <= self.limit:
            cost, waiter = self._waiters.popleft()
            if waiter.done():
                continue
            self._take(cost)
            waiter.set_result(None)
