"""The error base: every user-facing error reads as one sentence, whatever raised it."""

from __future__ import annotations

from snapview.core.errors import UserFacingError, describe
from snapview.core.i18n import Message


def test_a_user_facing_error_reads_as_its_sentence() -> None:
    err = UserFacingError(Message("Ctx", "The file {name} is empty.", {"name": "a.json"}))
    assert str(err) == "The file a.json is empty."
    assert describe(err).english() == "The file a.json is empty."


def test_any_other_exception_is_named_with_its_type() -> None:
    assert describe(KeyError("x")).english() == "Unexpected error: KeyError: 'x'"
    assert describe(TimeoutError()).english() == "Unexpected error: TimeoutError"
