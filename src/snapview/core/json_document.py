"""A parsed JSON document that remembers where each node came from in the source text.

The inspector needs three things plain ``json.loads`` does not give: the document's key order (dicts
keep it), the line and column of any node so the raw view can highlight it, and a syntax error with
a 1-based line:column. The tree is built by the C parser (fast enough for a 50 MB document);
positions are found lazily, only for the nodes someone asks about, by walking the source with the
C decoder's ``raw_decode`` to skip siblings. Paths use the JSONPath-like form the UI copies,
``$.thumbnail_info.sample[3].url`` (keys that are not identifiers are written ``$["a b"]``).
"""

from __future__ import annotations

import codecs
import gc
import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

PathPart = str | int
Path = tuple[PathPart, ...]

_scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009 - C accelerated, untyped in typeshed
_WS = re.compile(r"[ \t\n\r]*")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DECODE_CHUNK = 1 << 20
_LARGE = 1_000_000  # characters; larger documents are parsed with the cyclic GC paused
_MAX_DEPTH = 500  # reported depth; the C parser itself stops at the interpreter's recursion limit


class JsonSyntaxError(UserFacingError, ValueError):
    """Malformed JSON: ``line`` and ``column`` are 1-based, ``offset`` is 0-based in characters.
    ``message`` is the parser's own (English) text; ``user_message`` the sentence with the place."""

    def __init__(self, message: str, line: int, column: int, offset: int) -> None:
        super().__init__()
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        self.args = (f"{line}:{column}: {message}",)

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"

    @property
    def user_message(self) -> Message:
        return Message(
            "JsonDocument",
            QT_TRANSLATE_NOOP(
                "JsonDocument", "JSON error at line {line}, column {column}: {message}"
            ),
            {"line": self.line, "column": self.column, "message": self.message},
        )


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node sits in the source: ``start``/``end`` are character offsets (end exclusive),
    ``line``/``column`` (1-based) are those of ``start``."""

    start: int
    end: int
    line: int
    column: int


def _pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A Python-level hook (not the C ``dict``) lets the interpreter hand the GIL to the GUI thread
    # between objects while a worker parses a large document.
    return dict(pairs)


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = True


class _GcPaused:
    """Keeps the cyclic GC off while a large tree is built, then moves the (acyclic) tree out of its
    reach: otherwise each full collection walks millions of fresh objects with the GIL held and the
    GUI stalls for 100 ms or more (measured). Reference counting still frees the tree."""

    def __enter__(self) -> None:
        global _gc_pausers, _gc_was_enabled
        with _gc_lock:
            if _gc_pausers == 0:
                _gc_was_enabled = gc.isenabled()
            _gc_pausers += 1
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        global _gc_pausers
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0:
                gc.freeze()
                if _gc_was_enabled:
                    gc.enable()


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _depth_error(text: str) -> JsonSyntaxError:
    """Where nesting first goes deeper than the parser can follow (only called after RecursionError)."""
    depth = 0
    in_string = False
    escaped = False
    for offset, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                line, column = _line_col(text, offset)
                return JsonSyntaxError(
                    f"nested more than {_MAX_DEPTH} levels deep", line, column, offset
                )
        elif ch in "]}":
            depth -= 1
    return JsonSyntaxError("nested too deeply", 1, 1, 0)


def _decoder() -> json.JSONDecoder:
    return json.JSONDecoder(object_pairs_hook=_pairs_to_dict)


# Skips over values when locating a node: the all-C decoder, several times faster than the hooked one.
_SKIPPER = json.JSONDecoder()


def decode_text(data: bytes | str) -> str:
    """Text from bytes as a user's file holds them (UTF-8, optional BOM); bad bytes are an error."""
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    try:
        if len(data) > 2 * _DECODE_CHUNK:
            return _decode_in_chunks(data)
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Only on the error path: decode in one go for the exact position of the first bad byte.
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        prefix = data[:bad].decode("utf-8-sig", errors="replace")
        line, column = _line_col(prefix, len(prefix))
        raise JsonSyntaxError("the file is not UTF-8 text", line, column, len(prefix)) from None
    raise AssertionError("unreachable: chunked decoding failed but whole decoding did not")


def _decode_in_chunks(data: bytes) -> str:
    """UTF-8 decode a piece at a time: one 50 MB ``bytes.decode`` holds the GIL for ~140 ms
    (measured), which a GUI thread waiting on a worker would feel as a freeze."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    parts = []
    for offset in range(start, len(data), _DECODE_CHUNK):
        end = offset + _DECODE_CHUNK
        parts.append(decoder.decode(view[offset:end], final=end >= len(data)))
    return "".join(parts)


def parse_value(text: str) -> Any:
    """Parse ``text`` into Python values (dicts keep the document's key order)."""
    try:
        if len(text) < _LARGE:
            return _decoder().decode(text)
        with _GcPaused():
            return _decoder().decode(text)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(_friendly(exc, text), exc.lineno, exc.colno, exc.pos) from None
    except RecursionError:
        raise _depth_error(text) from None


def _friendly(exc: json.JSONDecodeError, text: str) -> str:
    msg = exc.msg
    if not text.strip():
        return "the document is empty"
    if msg == "Extra data":
        return "unexpected text after the end of the JSON value (several documents? use JSON Lines)"
    if msg == "Expecting value" and exc.pos >= len(text.rstrip()):
        return "the document ends too early (truncated?)"
    if msg == "Expecting value" and text[: exc.pos].rstrip().endswith(","):
        return "expected a value after the comma (a trailing comma?)"
    if msg.startswith("Expecting ',' delimiter") or msg.startswith("Expecting property name"):
        return msg + " (a missing comma, or a trailing comma?)"
    if msg.startswith("Unterminated string"):
        return "a string is not closed with a quote"
    if msg.startswith("Invalid control character"):
        return "a raw line break or control character inside a string"
    return msg


@dataclass(slots=True)
class JsonDocument:
    """A parsed document: ``root`` holds the values; ``span(path)`` finds a node in ``text``."""

    text: str
    root: Any
    _spans: dict[Path, Span] = field(default_factory=dict, repr=False)

    @classmethod
    def parse(cls, data: bytes | str) -> JsonDocument:
        text = decode_text(data)
        return cls(text=text, root=parse_value(text))

    @classmethod
    def from_value(cls, value: Any, indent: int | None = 2) -> JsonDocument:
        """A document for a value that arrived already parsed (an API response)."""
        text = json.dumps(value, ensure_ascii=False, indent=indent)
        return cls(text=text, root=value)

    def value_at(self, path: Path) -> Any:
        node = self.root
        for part in path:
            node = node[part]
        return node

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset (C-speed counting, no index kept)."""
        return _line_col(self.text, offset)

    def span(self, path: Path) -> Span | None:
        """Where the node at ``path`` sits in the source, or None if there is no such node."""
        if path in self._spans:
            return self._spans[path]
        text = self.text
        pos = _WS.match(text, 0)
        start = pos.end() if pos else 0
        decoder = _SKIPPER
        for part in path:
            found = self._child_start(text, start, part, decoder)
            if found is None:
                return None
            start = found
        try:
            _, end = decoder.raw_decode(text, start)
        except (json.JSONDecodeError, RecursionError):
            end = start
        line, column = self.line_col(start)
        span = Span(start, end, line, column)
        self._spans[path] = span
        return span

    @staticmethod
    def _child_start(
        text: str, start: int, part: PathPart, decoder: json.JSONDecoder
    ) -> int | None:
        if start >= len(text):
            return None
        opener = text[start]
        pos = _WS.match(text, start + 1)
        idx = pos.end() if pos else start + 1
        try:
            if opener == "{" and isinstance(part, str):
                while idx < len(text) and text[idx] != "}":
                    key, idx = _scanstring(text, idx + 1)
                    m = _WS.match(text, idx)
                    idx = (m.end() if m else idx) + 1  # the colon
                    m = _WS.match(text, idx)
                    idx = m.end() if m else idx
                    if key == part:
                        return idx
                    _, idx = decoder.raw_decode(text, idx)
                    m = _WS.match(text, idx)
                    idx = m.end() if m else idx
                    if idx < len(text) and text[idx] == ",":
                        m = _WS.match(text, idx + 1)
                        idx = m.end() if m else idx + 1
                return None
            if opener == "[" and isinstance(part, int):
                index = 0
                while idx < len(text) and text[idx] != "]":
                    if index == part:
                        return idx
                    _, idx = decoder.raw_decode(text, idx)
                    m = _WS.match(text, idx)
                    idx = m.end() if m else idx
                    if idx < len(text) and text[idx] == ",":
                        m = _WS.match(text, idx + 1)
                        idx = m.end() if m else idx + 1
                    index += 1
                return None
        except (json.JSONDecodeError, ValueError, RecursionError):
            return None
        return None


def format_path(path: Iterable[PathPart]) -> str:
    """``("thumbnail_info", "sample", 3, "url")`` → ``$.thumbnail_info.sample[3].url``."""
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENT.match(part):
            out.append(f".{part}")
        else:
            out.append(f"[{json.dumps(part, ensure_ascii=False)}]")
    return "".join(out)


_PATH_TOKEN = re.compile(r"""\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]""")


def parse_path(text: str) -> Path:
    """The inverse of :func:`format_path`; raises ValueError on anything else."""
    text = text.strip()
    if not text.startswith("$"):
        raise ValueError(f"a path starts with $: {text!r}")
    parts: list[PathPart] = []
    pos = 1
    while pos < len(text):
        match = _PATH_TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"bad path at character {pos + 1}: {text!r}")
        name, index, quoted = match.groups()
        if name is not None:
            parts.append(name)
        elif index is not None:
            parts.append(int(index))
        else:
            parts.append(str(json.loads(quoted)))
        pos = match.end()
    return tuple(parts)


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def children(value: Any) -> Sequence[tuple[PathPart, Any]]:
    """The (key or index, value) pairs of a container in document order; empty for scalars."""
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return list(enumerate(value))
    return ()
