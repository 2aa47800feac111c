"""Go to (Ctrl+G): what a reviewer types, read as a snapshot number or a time."""

from __future__ import annotations

import pytest

from snapview.core.goto_target import GoToTarget, InvalidGoToTarget, parse_goto


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("140", GoToTarget(index=140)),
        (" #7 ", GoToTarget(index=7)),
        ("1:05", GoToTarget(time_ms=65_000)),
        ("01:02:03", GoToTarget(time_ms=3_723_000)),
        ("0:02.5", GoToTarget(time_ms=2_500)),
        ("75s", GoToTarget(time_ms=75_000)),
    ],
)
def test_numbers_and_times(text: str, expected: GoToTarget) -> None:
    assert parse_goto(text) == expected


@pytest.mark.parametrize("text", ["", "0", "abc", "1:75", "1:60:00", "-3"])
def test_anything_else_says_what_is_expected(text: str) -> None:
    with pytest.raises(InvalidGoToTarget) as caught:
        parse_goto(text)
    assert "snapshot number" in caught.value.user_message.english()
