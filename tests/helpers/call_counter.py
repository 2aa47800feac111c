"""Counting calls of a function a test wants to bound (work that must stay linear, not quadratic)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


class CallCounter:
    """How many times the patched function has been called (``calls``)."""

    def __init__(self) -> None:
        self.calls = 0


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> CallCounter:
    """Replace ``owner.name`` (for the test's duration) by a wrapper that counts its calls."""
    counter = CallCounter()
    real: Callable[..., Any] = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        counter.calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return counter
