"""When and how long to wait before retrying a VOD API call, and the loop that does it, shared by the
Alibaba and the Huawei clients.

The official SDKs do not retry VOD calls by default (SPEC A.5), so snapview has its own policy: a
bounded number of attempts per call, waits by "decorrelated jitter" (AWS architecture blog,
"Exponential Backoff And Jitter": ``sleep = min(cap, uniform(base, previous * 3))``, which spreads
clients apart better than full jitter and never waits less than ``base``), the server's
``x-acs-retry-after`` (milliseconds, as ``alibabacloud_tea_openapi`` reads it) or standard
``Retry-After`` (seconds or an HTTP date) honoured, and never a retry for a permanent error.
``SignatureNonceUsed`` gets exactly one retry: every attempt is re-signed with a fresh nonce anyway.

A listing of many pages gives each page its own, larger number of attempts (``page_attempts``) so
one bad run of faults does not cost the page, and shares one :class:`RetryBudget` over the whole
listing so a server that is down costs a bounded number of retries, not pages × attempts.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TypeVar

from snapview.core.vod_errors import VodError

log = logging.getLogger("snapview.vod")
T = TypeVar("T")


@dataclass
class VodStats:
    """Counters of one client: HTTP requests sent, retries among them, calls that finally failed,
    throttled answers, and requests on the wire right now."""

    requests: int = 0
    retries: int = 0
    failures: int = 0
    throttled: int = 0
    in_flight: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "retries": self.retries,
            "failures": self.failures,
            "throttled": self.throttled,
            "in_flight": self.in_flight,
        }


class RetryBudget:
    """Retries one listing may still spend: ``initial`` to start with, ``per_success`` more for every
    call that succeeded (a token bucket, as gRPC's and Finagle's retry budgets). While the server
    answers most calls the budget grows faster than it is spent; when it stops answering, the
    listing gives up after ``initial`` retries instead of retrying every page to its limit."""

    def __init__(self, initial: float = 40.0, per_success: float = 2.0) -> None:
        if initial < 0 or per_success < 0:
            raise ValueError("a retry budget cannot be negative")
        self.tokens = float(initial)
        self.per_success = per_success
        self.spent = 0

    def try_spend(self) -> bool:
        """Take one retry from the budget; False (nothing taken) when it is used up."""
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        self.spent += 1
        return True

    def earn(self) -> None:
        self.tokens += self.per_success

    @property
    def exhausted(self) -> bool:
        return self.tokens < 1.0


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` and ``page_attempts`` count the first try; delays are seconds."""

    max_attempts: int = 5
    base_delay: float = 0.2
    multiplier: float = 3.0  # decorrelated jitter: the next wait is at most this times the last
    max_delay: float = 8.0
    max_retry_after: float = 30.0  # cap on a server-requested wait
    nonce_retries: int = 1
    page_attempts: int = 20  # per page of a listing (with a RetryBudget over the listing)
    budget_initial: float = 40.0
    budget_per_success: float = 2.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.page_attempts < 1:
            raise ValueError("max_attempts and page_attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0 or self.multiplier < 1:
            raise ValueError("delays must be non-negative and the multiplier at least 1")

    @classmethod
    def never(cls) -> RetryPolicy:
        return cls(max_attempts=1, page_attempts=1)

    def budget(self) -> RetryBudget:
        """A fresh budget for one listing."""
        return RetryBudget(self.budget_initial, self.budget_per_success)

    def should_retry(
        self,
        error: VodError,
        attempt: int,
        nonce_retries_used: int = 0,
        *,
        max_attempts: int | None = None,
    ) -> bool:
        """Whether to try again after ``attempt`` (1-based) failed with ``error``."""
        limit = self.max_attempts if max_attempts is None else max_attempts
        if error.unreachable:  # a host that refuses connections gets an ordinary call's attempts
            limit = min(limit, self.max_attempts)
        if attempt >= limit or not error.retryable:
            return False
        if error.code == "SignatureNonceUsed":
            return nonce_retries_used < self.nonce_retries
        return True

    def delay(self, previous: float | None = None, error: VodError | None = None) -> float:
        """Seconds to wait before the next attempt, ``previous`` being the last wait (None before
        the first retry): the server's wish if it stated one, else decorrelated jitter."""
        if error is not None and error.retry_after is not None:
            return min(max(error.retry_after, 0.0), self.max_retry_after)
        last = self.base_delay if previous is None else max(previous, self.base_delay)
        high = max(self.base_delay, last * self.multiplier)
        return min(self.max_delay, self.rng.uniform(self.base_delay, high))

    async def run(
        self,
        attempt_once: Callable[[], Awaitable[T]],
        *,
        label: str,
        stats: VodStats,
        max_attempts: int | None = None,
        budget: RetryBudget | None = None,
        logger: logging.Logger = log,
        gate: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    ) -> T:
        """``attempt_once()`` until it succeeds or may not be retried; the final error carries
        ``attempts``. ``label`` names the call in ``logger``'s lines (never anything secret).
        ``gate()`` is entered around each attempt, not around the waits between them: a pager's
        request slot is given back while a page waits to retry, so other pages keep moving."""
        limit = self.max_attempts if max_attempts is None else max_attempts
        attempt = 0
        nonce_retries = 0
        wait: float | None = None
        while True:
            attempt += 1
            try:
                if gate is None:
                    result = await attempt_once()
                else:
                    async with gate():
                        result = await attempt_once()
            except VodError as error:
                error.attempts = attempt
                retry = self.should_retry(error, attempt, nonce_retries, max_attempts=limit)
                if retry and budget is not None and not budget.try_spend():
                    logger.info("%s: the listing's retry budget is used up", label)
                    retry = False
                if not retry:
                    stats.failures += 1
                    logger.info(
                        "%s failed after %d attempt(s): %s %s (RequestId %s)",
                        label, attempt, error.error_class, error.code, error.request_id or "-",
                    )  # fmt: skip
                    raise
                if error.code == "SignatureNonceUsed":
                    nonce_retries += 1
                wait = self.delay(wait, error)
                stats.retries += 1
                logger.info(
                    "%s: %s (RequestId %s); retry %d/%d in %.2f s",
                    label, error.code, error.request_id or "-", attempt, limit - 1, wait,
                )  # fmt: skip
                await asyncio.sleep(wait)
            else:
                if budget is not None:
                    budget.earn()
                return result


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait the server asked for, in seconds: ``x-acs-retry-after`` (milliseconds, Alibaba) or
    ``Retry-After`` (seconds or an HTTP date, RFC 9110); None when absent or unusable."""
    acs = standard = None
    for key, value in headers.items():
        name = key.lower()
        if name == "x-acs-retry-after":
            acs = str(value).strip()
        elif name == "retry-after":
            standard = str(value).strip()
    if acs is not None:
        try:
            millis = int(acs)
        except ValueError:
            millis = 0
        if millis > 0:
            return millis / 1000.0
    if standard is None:
        return None
    if standard.isdigit():
        seconds = int(standard)
        return float(seconds) if seconds > 0 else None
    try:
        when = email.utils.parsedate_to_datetime(standard).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    left = when - (time.time() if now is None else now)
    return left if left > 0 else None
