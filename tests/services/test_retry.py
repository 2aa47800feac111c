"""The retry policy: bounded attempts, jittered exponential waits, the server's wish honoured, and no
retry for anything a retry cannot fix."""

from __future__ import annotations

import random

import pytest

from snapview.core.vod_errors import ErrorClass, VodError
from snapview.services.retry import RetryPolicy, parse_retry_after


def _error(code: str, status: int = 400) -> VodError:
    return VodError(code, "m", request_id="R", http_status=status)


@pytest.mark.parametrize(
    "code",
    [
        "InvalidVideo.NotFound",
        "Forbidden.IllegalStatus",
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId.NotFound",
        "Forbidden.RAM",
        "OperationDenied.Suspended",
        "InvalidTimeStamp.Expired",
        "InvalidParameter",
    ],
)
def test_permanent_errors_are_never_retried(code: str) -> None:
    assert not RetryPolicy().should_retry(_error(code), attempt=1)


@pytest.mark.parametrize(
    "code", ["Throttling.User", "InternalError", "ServiceUnavailable", "HTTP502"]
)
def test_transient_errors_are_retried_until_the_attempts_run_out(code: str) -> None:
    policy = RetryPolicy(max_attempts=4)
    error = _error(code, 503 if code.startswith("HTTP") else 400)
    assert [policy.should_retry(error, attempt) for attempt in (1, 2, 3, 4)] == [
        True,
        True,
        True,
        False,
    ]


def test_network_errors_are_retried() -> None:
    assert RetryPolicy().should_retry(VodError.network("reset"), attempt=1)


def test_nonce_reuse_is_retried_once() -> None:
    policy = RetryPolicy(max_attempts=5)
    error = _error("SignatureNonceUsed")
    assert error.error_class is ErrorClass.TRANSIENT
    assert policy.should_retry(error, attempt=1, nonce_retries_used=0)
    assert not policy.should_retry(error, attempt=2, nonce_retries_used=1)


def test_waits_follow_decorrelated_jitter_between_base_and_three_times_the_last() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=3.0, rng=random.Random(7))
    first = [policy.delay() for _ in range(400)]
    assert all(0.5 <= w <= 1.5 for w in first)
    # Jitter spreads the waits over the whole range instead of synchronising clients.
    assert max(first) > 1.35 and min(first) < 0.65
    after_long = [policy.delay(2.0) for _ in range(400)]
    assert all(0.5 <= w <= 3.0 for w in after_long)  # capped at max_delay, never below base
    assert max(after_long) == 3.0 and min(after_long) < 0.8
    # A chain of waits climbs towards the cap rather than staying near the base.
    wait = None
    for _ in range(30):
        wait = policy.delay(wait)
    assert wait is not None and wait > 0.5


def test_server_retry_after_wins_and_is_capped() -> None:
    policy = RetryPolicy(base_delay=5.0, max_retry_after=2.0)
    error = _error("Throttling.User")
    error.retry_after = 0.7
    assert policy.delay(None, error) == 0.7
    error.retry_after = 60.0
    assert policy.delay(1.0, error) == 2.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-acs-retry-after": "1500"}, 1.5),
        ({"X-Acs-Retry-After": " 200 "}, 0.2),
        ({"x-acs-retry-after": "0"}, None),
        ({"x-acs-retry-after": "-5"}, None),
        ({"x-acs-retry-after": "soon"}, None),
        ({}, None),
        # Huawei's gateway and plain HTTP use the standard header: seconds, or an HTTP date.
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after": "0"}, None),
        ({"Retry-After": "Thu, 01 Jan 1970 00:00:10 GMT"}, 10.0),
        ({"Retry-After": "later"}, None),
        ({"x-acs-retry-after": "500", "Retry-After": "9"}, 0.5),
    ],
)
def test_retry_after_header_is_milliseconds_like_the_sdk(
    headers: dict[str, str], expected: float | None
) -> None:
    assert parse_retry_after(headers, now=0.0) == expected


def test_never_means_one_attempt() -> None:
    assert not RetryPolicy.never().should_retry(_error("InternalError", 500), attempt=1)


def test_nonsense_policies_are_refused() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="multiplier"):
        RetryPolicy(multiplier=0.5)
