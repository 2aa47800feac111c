"""What a reviewer types into "Go to" (Ctrl+G): a snapshot number (``140``, ``#140``) or a time in
the video (``1:05``, ``01:02:03``, ``75s``). Parsing only; the grid decides which tile it means."""

from __future__ import annotations

import re
from dataclasses import dataclass

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

_INDEX = re.compile(r"#?\s*(\d{1,9})")
_CLOCK = re.compile(r"(?:(\d{1,3}):)?(\d{1,4}):(\d{1,2}(?:\.\d{1,3})?)")
_SECONDS = re.compile(r"(\d{1,7}(?:\.\d{1,3})?)\s*s")


class InvalidGoToTarget(UserFacingError):
    """The text is neither a snapshot number nor a time."""


@dataclass(frozen=True, slots=True)
class GoToTarget:
    """Exactly one of ``index`` (a snapshot number, from 1) and ``time_ms`` is set."""

    index: int | None = None
    time_ms: int | None = None


def parse_goto(text: str) -> GoToTarget:
    value = text.strip()
    if match := _INDEX.fullmatch(value):
        index = int(match.group(1))
        if index >= 1:
            return GoToTarget(index=index)
    elif match := _CLOCK.fullmatch(value):
        hours, minutes, seconds = match.group(1), match.group(2), match.group(3)
        if float(seconds) < 60 and (hours is None or int(minutes) < 60):
            total = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
            return GoToTarget(time_ms=round(total * 1000))
    elif match := _SECONDS.fullmatch(value):
        return GoToTarget(time_ms=round(float(match.group(1)) * 1000))
    raise InvalidGoToTarget(
        Message(
            "GoTo",
            QT_TRANSLATE_NOOP(
                "GoTo",
                "“{value}” is neither a snapshot number (such as 140) nor a time (such as 1:05).",
            ),
            {"value": value[:40]},
        )
    )
