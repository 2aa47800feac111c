"""Deterministic fault injection: which request is slowed, throttled, failed, reset or cut short.

Each request of a kind (``api`` or ``image``) gets the next sequence number of that kind, and its fate is a
pure function of ``(seed, kind, number)`` through a hash — no shared RNG whose state depends on timing. Two
runs with the same seed that send requests in the same order see the same faults at the same positions,
which is what makes retry tests and benchmarks repeatable. Concurrent clients still get the same *sequence*
of fates; which of them receives which one follows arrival order.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

# What can happen to a request, in the order the rates are stacked on the unit interval.
RESET = "reset"  # the connection is closed without an answer
ERROR = "error"  # InternalError 500 / ServiceUnavailable 503
THROTTLE = "throttle"  # Throttling.User, sometimes with x-acs-retry-after
TRUNCATE = "truncate"  # a correct status and headers, then half the body and a closed connection


@dataclass(frozen=True)
class Fate:
    """What the server does with one request."""

    delay_ms: float
    fault: str | None
    # A second independent draw for choices within a fault (which 5xx, whether to send retry-after).
    variant: float


@dataclass(frozen=True)
class FaultPlan:
    seed: int = 0
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    reset_rate: float = 0.0
    fault_rate: float = 0.0
    throttle_rate: float = 0.0
    truncate_rate: float = 0.0
    failing_pages: frozenset[int] = frozenset()  # ListSnapshots PageNo values that always fail

    def fails_page(self, page_no: str | None) -> bool:
        """Whether a ListSnapshots request for ``page_no`` (the raw parameter) is always failed."""
        if not self.failing_pages or page_no is None:
            return False
        try:
            return int(page_no.strip()) in self.failing_pages
        except ValueError:
            return False

    def _draws(self, kind: str, number: int) -> tuple[float, float, float]:
        digest = hashlib.blake2b(f"{self.seed}:{kind}:{number}".encode(), digest_size=24).digest()
        a, b, c = struct.unpack(">QQQ", digest)
        scale = float(2**64)
        return a / scale, b / scale, c / scale

    def fate(self, kind: str, number: int) -> Fate:
        """The fate of request ``number`` (0-based) of ``kind``; identical for identical inputs."""
        pick, jitter, variant = self._draws(kind, number)
        delay = self.latency_ms + self.jitter_ms * jitter
        edge = 0.0
        fault = None
        for name, rate in (
            (RESET, self.reset_rate),
            (ERROR, self.fault_rate),
            (THROTTLE, self.throttle_rate),
            (TRUNCATE, self.truncate_rate),
        ):
            edge += max(0.0, rate)
            if pick < edge:
                fault = name
                break
        return Fate(delay_ms=delay, fault=fault, variant=variant)

    @property
    def active(self) -> bool:
        return any(
            (
                self.latency_ms,
                self.jitter_ms,
                self.reset_rate,
                self.fault_rate,
                self.throttle_rate,
                self.truncate_rate,
                self.failing_pages,
            )
        )
