"""VideoIds as a QA reviewer pastes them: from a chat, a spreadsheet column or a log line."""

from __future__ import annotations

import re

_SPLIT = re.compile(r"[\s,;，；]+")


def parse_video_ids(text: str) -> list[str]:
    """VideoIds from pasted text (spaces, commas, semicolons, newlines), in order, without repeats."""
    seen: list[str] = []
    for token in _SPLIT.split(text.strip()):
        token = token.strip().strip("\"'")
        if token and token not in seen:
            seen.append(token)
    return seen
