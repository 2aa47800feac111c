"""A byte-bounded LRU for decoded thumbnails, with negative entries (after FeelUOwn's
``thumbnail_cache.py`` and calibre's ``RAMCache``).

Qt's ``QPixmapCache`` is application-wide and 10 MB by default, far too small for a grid of thousands
of tiles and shared with every widget, so the pipeline owns its cache. Each entry has a cost in bytes
(``QImage.sizeInBytes()`` for images, a small constant for failures); inserting past the budget evicts
the least recently used entries. A failure can carry an expiry time so that transient failures and
expired links are retried later instead of being remembered for the whole session.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

V = TypeVar("V")


@dataclass(slots=True)
class _Entry(Generic[V]):
    value: V
    cost: int
    expires_at: float | None


class ByteLRU(Generic[V]):
    """Maps hashable keys to values; total cost stays within ``max_bytes``."""

    def __init__(self, max_bytes: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_bytes = max(0, max_bytes)
        self._clock = clock
        self._entries: OrderedDict[Hashable, _Entry[V]] = OrderedDict()
        self._bytes = 0
        self.evictions = 0

    def get(self, key: Hashable) -> V | None:
        """The value (marking it recently used), or None when absent or expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires_at is not None and self._clock() >= entry.expires_at:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return entry.value

    def peek(self, key: Hashable) -> V | None:
        """Like :meth:`get` without touching the recency order."""
        entry = self._entries.get(key)
        if entry is None or (entry.expires_at is not None and self._clock() >= entry.expires_at):
            return None
        return entry.value

    def put(self, key: Hashable, value: V, cost: int, *, ttl: float | None = None) -> None:
        """Insert or replace; an entry costlier than the whole budget is not kept at all."""
        if key in self._entries:
            self._drop(key)
        cost = max(1, cost)
        if cost > self.max_bytes:
            return
        expires_at = None if ttl is None else self._clock() + ttl
        self._entries[key] = _Entry(value, cost, expires_at)
        self._bytes += cost
        while self._bytes > self.max_bytes and self._entries:
            oldest = next(iter(self._entries))
            self._drop(oldest)
            self.evictions += 1

    def pop(self, key: Hashable) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._drop(key)
        return entry.value

    def _drop(self, key: Hashable) -> None:
        entry = self._entries.pop(key)
        self._bytes -= entry.cost

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def keys(self) -> list[Hashable]:
        """Keys from least to most recently used."""
        return list(self._entries)

    def items(self) -> Iterator[tuple[Hashable, V]]:
        for key, entry in list(self._entries.items()):
            yield key, entry.value

    @property
    def total_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries
