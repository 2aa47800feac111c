"""Where things are in a JSON source text: line and column of an offset, and the offsets of a
container's children, both found in time proportional to the text walked rather than to the text
before the answer.

A :class:`LineIndex` remembers positions it has already counted and counts newlines only from the
nearest one before the offset it is asked about, so asking for the items of a 100,000-event array
one after another costs one pass over the text (not one pass per item, as counting from offset 0
did), and so does a minified document on a single line (columns are carried forward too). A
:class:`ChildIndex` walks a container once with the C decoder's ``raw_decode`` to skip values and
keeps every child's start and end; a later question about any child it has passed costs nothing.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

_scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009 - C accelerated, untyped in typeshed
_WS = re.compile(r"[ \t\n\r]*")
# Skips values with the all-C decoder (several times faster than the hooked one that builds the tree).
_SKIPPER = json.JSONDecoder()
# The same for a value holding an integer literal too long for int() (over 4,300 digits): only
# tried after the fast skipper refused, since a Python hook per integer is slow.
_LONG_INT_SKIPPER = json.JSONDecoder(parse_int=len)
_MARK_EVERY = 4096  # characters between remembered positions: bounds both memory and each count


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node sits in the source: ``start``/``end`` are character offsets (end exclusive),
    ``line``/``column`` (1-based) are those of ``start``."""

    start: int
    end: int
    line: int
    column: int


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of one offset, counted from the start (for a single question)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class LineIndex:
    """Line and column of offsets in ``text``, each counted from the closest known position at or
    before it: the last answer (so asking in order costs one pass) or a remembered mark (one every
    few KB, so going back costs little). Safe to share between threads: the state is tuples, each
    replaced or inserted whole."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._marks: list[tuple[int, int, int]] = [(0, 1, 1)]  # (offset, line, column)
        self._last = (0, 1, 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        text = self._text
        offset = max(0, min(offset, len(text)))
        marks = self._marks
        mark = marks[bisect.bisect_right(marks, (offset, 1 << 62, 0)) - 1]
        last = self._last
        base, line, column = last if mark[0] <= last[0] <= offset else mark
        newlines = text.count("\n", base, offset)
        if newlines:
            line += newlines
            column = offset - text.rfind("\n", base, offset)
        else:
            column += offset - base
        self._last = (offset, line, column)
        if offset - mark[0] >= _MARK_EVERY:
            bisect.insort(marks, (offset, line, column))
        return line, column


def skip_value(text: str, start: int) -> int:
    """The offset just past the JSON value that starts at ``start``; ValueError or RecursionError
    when there is no readable value there."""
    try:
        return int(_SKIPPER.raw_decode(text, start)[1])
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer literal longer than int() accepts
        return int(_LONG_INT_SKIPPER.raw_decode(text, start)[1])


def _skip_ws(text: str, idx: int) -> int:
    match = _WS.match(text, idx)
    return match.end() if match else idx


@dataclass(slots=True)
class ChildIndex:
    """The children of one container found so far: array items in order, or object members by key
    (when a key repeats, the last one, as in the parsed dict). ``resume`` is where the walk goes on;
    -1 once the container's end was reached (or the text could not be walked further)."""

    opener: str
    items: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each array item
    members: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (start, end)
    resume: int = -1
    # ``text`` is the head of a valid document (JsonDocument.keep_head): a child whose value runs
    # past it is kept with end -1 (unknown), so the children of a node near the start are found.
    partial: bool = False

    @classmethod
    def at(cls, text: str, start: int, *, partial: bool = False) -> ChildIndex | None:
        """An index for the container that starts at ``start`` (None if no container starts there)."""
        if start >= len(text) or text[start] not in "[{":
            return None
        return cls(text[start], resume=_skip_ws(text, start + 1), partial=partial)

    def item(self, text: str, index: int) -> tuple[int, int] | None:
        """Start and end of array item ``index``, walking on only as far as needed."""
        if self.opener != "[":
            return None
        while len(self.items) <= index and self.resume >= 0:
            self._step_item(text)
        return self.items[index] if index < len(self.items) else None

    def member(self, text: str, key: str, *, last_wins: bool) -> tuple[int, int] | None:
        """Start and end of the value of ``key``. With ``last_wins`` (the document repeats some key)
        the whole object is walked first, so the answer is the value the parsed dict holds."""
        if self.opener != "{":
            return None
        while self.resume >= 0 and (last_wins or key not in self.members):
            self._step_member(text)
        return self.members.get(key)

    def _step_item(self, text: str) -> None:
        idx = self.resume
        if idx >= len(text) or text[idx] == "]":
            self.resume = -1
            return
        try:
            end = skip_value(text, idx)
        except (ValueError, RecursionError):
            if self.partial:
                self.items.append((idx, -1))
            self.resume = -1
            return
        self.items.append((idx, end))
        self.resume = self._after_comma(text, end)

    def _step_member(self, text: str) -> None:
        idx = self.resume
        if idx >= len(text) or text[idx] != '"':
            self.resume = -1
            return
        try:
            key, idx = _scanstring(text, idx + 1)
            idx = _skip_ws(text, idx)
            if idx >= len(text) or text[idx] != ":":
                self.resume = -1
                return
            start = _skip_ws(text, idx + 1)
        except (ValueError, RecursionError):
            self.resume = -1
            return
        try:
            end = skip_value(text, start)
        except (ValueError, RecursionError):
            if self.partial and start < len(text):
                self.members[key] = (start, -1)
            self.resume = -1
            return
        self.members[key] = (start, end)
        self.resume = self._after_comma(text, end)

    @staticmethod
    def _after_comma(text: str, end: int) -> int:
        idx = _skip_ws(text, end)
        if idx < len(text) and text[idx] == ",":
            return _skip_ws(text, idx + 1)
        return -1 if idx >= len(text) or text[idx] in "]}" else idx
