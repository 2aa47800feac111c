"""When and how long to wait before retrying a VOD API call.

The official SDKs do not retry VOD calls by default (SPEC A.5), so snapview has its own policy:
exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"),
a bounded number of attempts, the server's ``x-acs-retry-after`` honoured (milliseconds, as the
official ``alibabacloud_tea_openapi`` reads it), and never a retry for a permanent error.
``SignatureNonceUsed`` gets exactly one retry: every attempt is re-signed with a fresh nonce anyway.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from snapview.core.vod_errors import VodError


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` counts the first try; delays are seconds."""

    max_attempts: int = 5
    base_delay: float = 0.2
    multiplier: float = 2.0
    max_delay: float = 8.0
    max_retry_after: float = 30.0  # cap on a server-requested wait
    nonce_retries: int = 1
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0 or self.multiplier < 1:
            raise ValueError("delays must be non-negative and the multiplier at least 1")

    @classmethod
    def never(cls) -> RetryPolicy:
        return cls(max_attempts=1)

    def should_retry(self, error: VodError, attempt: int, nonce_retries_used: int = 0) -> bool:
        """Whether to try again after ``attempt`` (1-based) failed with ``error``."""
        if attempt >= self.max_attempts or not error.retryable:
            return False
        if error.code == "SignatureNonceUsed":
            return nonce_retries_used < self.nonce_retries
        return True

    def delay(self, attempt: int, error: VodError | None = None) -> float:
        """Seconds to wait after ``attempt`` (1-based) failed: the server's wish if it stated one,
        else a uniformly random share of the exponential cap (full jitter)."""
        if error is not None and error.retry_after is not None:
            return min(max(error.retry_after, 0.0), self.max_retry_after)
        cap = min(self.max_delay, self.base_delay * self.multiplier ** max(attempt - 1, 0))
        return self.rng.uniform(0.0, cap)


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """``x-acs-retry-after`` in seconds, or None when absent or not a positive whole number of ms."""
    raw = None
    for key, value in headers.items():
        if key.lower() == "x-acs-retry-after":
            raw = value
            break
    if raw is None:
        return None
    try:
        millis = int(str(raw).strip())
    except ValueError:
        return None
    return millis / 1000.0 if millis > 0 else None
