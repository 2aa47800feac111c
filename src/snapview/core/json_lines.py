"""JSON Lines as a log really holds them: lines end at ``\\n`` only and each line is decoded on its own.

A log of events is read one line at a time, so one line must never cost another: a line with a byte
that is not UTF-8 is reported by itself (the others still decode), and the Unicode line breaks that
``str.splitlines`` also splits at (U+2028, U+2029, U+0085, VT, FF, FS, GS, RS) stay inside the line,
where JSON allows them in strings. :func:`looks_like_json_lines` is the rule that decides whether a
text that is not one JSON document should be read this way at all.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass
from typing import AnyStr

from snapview.core.json_document import JsonSyntaxError, decode_text, parse_value

_SAMPLE = 200  # lines looked at to decide whether a text is JSON Lines
HEAD_LINES = 2000  # lines split to take that decision (blank ones do not count towards the 200)
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line (without its ``\\n``). ``text`` is None when the line is not UTF-8; then
    ``bad_column`` is the 1-based column (in characters) of its first bad byte."""

    number: int
    text: str | None
    bad_column: int = 0

    @property
    def blank(self) -> bool:
        return self.text is not None and not self.text.strip()


def split_lines(data: bytes | str, limit: int | None = None) -> list[SourceLine]:
    """The lines of a text or of a file's bytes, split at ``\\n`` only (a ``\\r`` before it stays
    and is JSON whitespace); with ``limit``, only the first ``limit`` lines (enough to decide
    whether a 400 MB log is JSON Lines without splitting all of it). A file in UTF-16/32 (with its
    BOM) is decoded whole first; JsonSyntaxError if that fails."""
    if isinstance(data, str) or data.startswith(_WIDE_BOMS):
        text = decode_text(data)
        parts = _head(text, "\n", limit).split("\n")
        return [SourceLine(number, line) for number, line in enumerate(parts, start=1)]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    chunks = _head(data, b"\n", limit).split(b"\n")
    lines: list[SourceLine] = []
    for number, raw in enumerate(chunks, start=1):
        try:
            lines.append(SourceLine(number, raw.decode("utf-8")))
        except UnicodeDecodeError as exc:
            column = len(raw[: exc.start].decode("utf-8", errors="replace")) + 1
            lines.append(SourceLine(number, None, column))
    return lines


def _head(data: AnyStr, newline: AnyStr, limit: int | None) -> AnyStr:
    """The first ``limit`` lines of ``data`` (all of it without a limit), found without copying
    the rest."""
    if limit is None:
        return data
    end = -1
    for _ in range(limit):
        end = data.find(newline, end + 1)
        if end < 0:
            return data
    return data[:end]


def _object_line(text: str) -> bool:
    stripped = text.strip()
    if not stripped.startswith("{"):
        return False
    try:
        return isinstance(parse_value(stripped), dict)
    except JsonSyntaxError:
        return False


def looks_like_json_lines(lines: Sequence[SourceLine]) -> bool:
    """Whether a text that is not one JSON document is a log of one object per line: among its first
    2,000 lines at least two that are not blank, and of the first 200 of those either the first is an
    object or at least half are (so a broken pretty-printed document is one error, not a
    line-by-line list of them)."""
    filled = [line for line in lines[:HEAD_LINES] if not line.blank]
    if len(filled) < 2:
        return False
    sample = filled[:_SAMPLE]
    objects = sum(1 for line in sample if line.text is not None and _object_line(line.text))
    first = filled[0].text
    first_ok = first is not None and _object_line(first)
    return objects > 0 and (first_ok or objects * 2 >= len(sample))
