"""A long-lived service made on first use and closed at shutdown only if it was made: the HTTP
client and the image pipeline cost ~200 ms to start, which the window should not wait for."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Lazy(Generic[T]):
    """``get()`` makes the one ``T`` (thread-safe) the first time; ``aclose()`` closes it if made.

    After ``aclose()`` nothing is made any more: ``get()`` raises ``RuntimeError``, because a service
    made then would never be closed.
    """

    def __init__(self, make: Callable[[], T], close: Callable[[T], Awaitable[object]]) -> None:
        self._make = make
        self._close = close
        self._value: T | None = None
        self._closed = False
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._closed:
                raise RuntimeError("the app is shutting down")
            if self._value is None:
                self._value = self._make()
            return self._value

    def peek(self) -> T | None:
        """The value if it was made, without making it."""
        return self._value

    async def aclose(self) -> None:
        with self._lock:
            value, self._value, self._closed = self._value, None, True
        if value is not None:
            await self._close(value)
