"""The mutable state of one running emulator: its clock, counters, seen nonces, job replacement and image cache.

Everything here is touched only from the emulator's event-loop thread, except :meth:`EmulatorState.stats`
and :meth:`EmulatorState.advance_clock`, which other threads (tests, the demo) call and which only do
single dict/float operations.
"""

from __future__ import annotations

import collections
import threading
import time
from collections import Counter, OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from aiohttp import web

from snapview.emulator.catalog import Catalog, Job, Video
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.faults import FaultPlan

NONCE_WINDOW_S = 15 * 60


@dataclass(frozen=True)
class CachedImage:
    body: bytes
    etag: str
    content_type: str


class ImageCache:
    """A byte-bounded LRU of rendered responses (the server renders each image once)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[tuple[str, ...], CachedImage] = OrderedDict()

    def get(self, key: tuple[str, ...]) -> CachedImage | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: tuple[str, ...], item: CachedImage) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self._items[key] = item
        self.bytes += len(item.body)
        while self.bytes > self.max_bytes and len(self._items) > 1:
            _, evicted = self._items.popitem(last=False)
            self.bytes -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._items)


class EmulatorState:
    def __init__(self, config: EmulatorConfig, catalog: Catalog) -> None:
        self.config = config
        self.catalog = catalog
        self.clock_offset = 0.0
        self.counters: Counter[str] = Counter()
        # stats() is read from other threads while the loop counts: copy under a lock.
        self._counter_lock = threading.Lock()
        self.sequence: Counter[str] = Counter()
        self._nonces: dict[str, float] = {}
        self._nonce_order: collections.deque[tuple[float, str]] = collections.deque()
        self.list_calls: Counter[str] = Counter()
        self.images = ImageCache(config.image_cache_bytes)
        self.api_faults = FaultPlan(
            seed=config.seed,
            latency_ms=config.latency_ms,
            jitter_ms=config.jitter_ms,
            reset_rate=config.reset_rate,
            fault_rate=config.fault_rate,
            throttle_rate=config.throttle_rate,
            truncate_rate=config.truncate_rate,
            failing_pages=frozenset(config.failing_pages),
        )
        share = config.image_fault_rate / 3
        self.image_faults = FaultPlan(
            seed=config.seed,
            latency_ms=config.latency_ms,
            jitter_ms=config.jitter_ms,
            reset_rate=share,
            fault_rate=share,
            truncate_rate=share,
        )
        # Rendering runs here so a cold image does not stall the event loop for other requests.
        self.render_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="emulator-render")

    def now(self) -> float:
        return time.time() + self.clock_offset

    def advance_clock(self, seconds: float) -> None:
        self.clock_offset += seconds

    def count(self, name: str, n: int = 1) -> None:
        with self._counter_lock:
            self.counters[name] += n

    def next_number(self, kind: str) -> int:
        number = self.sequence[kind]
        self.sequence[kind] += 1
        return number

    def stats(self) -> Counter[str]:
        """A copy of the counters; a kind that never happened reads as 0."""
        with self._counter_lock:
            return Counter(self.counters)

    def use_nonce(self, nonce: str) -> bool:
        """Record ``nonce``; False when it was already used within the 15-minute window."""
        now = self.now()
        while self._nonce_order and self._nonce_order[0][0] < now - NONCE_WINDOW_S:
            _, old = self._nonce_order.popleft()
            if self._nonces.get(old, 0) < now - NONCE_WINDOW_S:
                self._nonces.pop(old, None)
        if nonce in self._nonces:
            return False
        self._nonces[nonce] = now
        self._nonce_order.append((now, nonce))
        return True

    def current_job(self, video: Video) -> Job:
        """The video's latest job: a later one replaces the first after ``replace_after_calls`` listings."""
        if video.replace_after_calls <= 0 or len(video.jobs) == 1:
            return video.jobs[0]
        step = self.list_calls[video.video_id] // video.replace_after_calls
        return video.jobs[min(step, len(video.jobs) - 1)]

    def close(self) -> None:
        self.render_pool.shutdown(wait=True, cancel_futures=True)


# Where handlers find the state on their aiohttp application.
STATE_KEY = web.AppKey("snapview_emulator_state", EmulatorState)
