"""A parsed JSON document that remembers where each node came from in the source text.

The inspector needs what plain ``json.loads`` does not give: the document's key order (dicts keep
it), the line and column of any node so the raw view can highlight it, a syntax error with a 1-based
line:column, and an answer for every input — integer literals of any length, any nesting, repeated
keys (the last one wins, as in every JSON reader, and the repeated names are kept so the user can be
told). The tree is built by the C parser (fast enough for a 50 MB document); positions are found
lazily by :mod:`snapview.core.json_positions`, only for the nodes someone asks about. Paths use the
JSONPath-like form the UI copies, ``$.thumbnail_info.sample[3].url`` (keys that are not identifiers
are written ``$["a b"]``).
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.json_positions import ChildIndex, LineIndex, Span, line_col, skip_value

__all__ = [
    "SHOWN_SOURCE_CHARS",
    "JsonDocument",
    "JsonSyntaxError",
    "LargeInteger",
    "Path",
    "PathPart",
    "Span",
    "children",
    "decode_text",
    "format_path",
    "json_type",
    "not_json_excerpt",
    "parse_path",
    "parse_value",
    "paused_gc",
]

PathPart = str | int
Path = tuple[PathPart, ...]

_WS = re.compile(r"[ \t\n\r]*")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DECODE_CHUNK = 1 << 20
_LARGE = 1_000_000  # characters; larger documents are parsed with the cyclic GC paused
_MAX_DEPTH = 500  # reported depth; the C parser itself stops at the interpreter's recursion limit
# Strings (skipped whole, in C) and brackets: enough to follow the nesting depth of any text.
_NESTING_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.S)
_EXCERPT = 40  # characters of a non-JSON text quoted back to the user
# Characters of a large document's source a viewer shows and keeps (the inspector's Raw tab):
# beyond them only the parsed tree is kept (JsonDocument.keep_head).
SHOWN_SOURCE_CHARS = 256_000
# Byte-order marks of the wide encodings, UTF-32 first (its little-endian mark starts like UTF-16's).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


class JsonSyntaxError(UserFacingError, ValueError):
    """Malformed JSON: ``line`` and ``column`` are 1-based, ``offset`` is 0-based in characters.
    ``message`` is the parser's own (English) text; ``user_message`` the sentence with the place.
    ``excerpt`` is set when the text is not JSON at all (its first words, to quote back)."""

    def __init__(
        self, message: str, line: int, column: int, offset: int, excerpt: str | None = None
    ) -> None:
        super().__init__()
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        self.excerpt = excerpt
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


class LargeInteger(str):
    """An integer literal too long for ``int()`` (over 4,300 digits: the interpreter refuses longer
    conversions, which take quadratic time). Kept as its exact text; its JSON type is number."""

    __slots__ = ()


def _integer(literal: str) -> int | LargeInteger:
    try:
        return int(literal)
    except ValueError:
        return LargeInteger(literal)


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


def paused_gc(size: int) -> contextlib.AbstractContextManager[None]:
    """The cyclic GC paused while an input of ``size`` characters (or bytes) is turned into
    objects, when it is large (see :class:`_GcPaused`); it halves the time of a 30 MB JSON Lines log
    (measured: benchmarks/events_bench.py)."""
    return _GcPaused() if size >= _LARGE else contextlib.nullcontext()


def _depth_error(text: str) -> JsonSyntaxError:
    """Where nesting first goes deeper than the parser can follow (only called after RecursionError)."""
    depth = 0
    for token in _NESTING_TOKEN.finditer(text):
        ch = token.group()
        if ch in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                offset = token.start()
                line, column = line_col(text, offset)
                return JsonSyntaxError(
                    f"nested more than {_MAX_DEPTH} levels deep", line, column, offset
                )
        elif ch in "]}":
            depth -= 1
    return JsonSyntaxError("nested too deeply", 1, 1, 0)


def _decoder(duplicates: list[str], *, long_integers: bool = False) -> json.JSONDecoder:
    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        # A Python-level hook (not the C ``dict``) lets the interpreter hand the GIL to the GUI
        # thread between objects while a worker parses a large document.
        value = dict(pairs)
        if len(value) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen and key not in duplicates:
                    duplicates.append(key)
                seen.add(key)
        return value

    if long_integers:
        # A Python call per integer is slow, so this decoder is only used after the fast one met
        # an integer literal longer than int() accepts.
        return json.JSONDecoder(object_pairs_hook=pairs_to_dict, parse_int=_integer)
    return json.JSONDecoder(object_pairs_hook=pairs_to_dict)


def decode_text(data: bytes | str) -> str:
    """Text from bytes as a user's file holds them: UTF-8 with an optional BOM, or UTF-16/UTF-32
    when a BOM says so (what Windows tools write). Bad bytes are a positioned error."""
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    for bom, codec, name in _WIDE_BOMS:
        if data.startswith(bom):
            return _decode_wide(data, codec, name)
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
        line, column = line_col(prefix, len(prefix))
        raise JsonSyntaxError("the file is not UTF-8 text", line, column, len(prefix)) from None
    raise AssertionError("unreachable: chunked decoding failed but whole decoding did not")


def _decode_wide(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode(codec, errors="replace")
        line, column = line_col(prefix, len(prefix))
        raise JsonSyntaxError(
            f"the file is {name} text with a broken character", line, column, len(prefix)
        ) from None


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
    return _parse(text)[0]


def _parse(text: str) -> tuple[Any, tuple[str, ...]]:
    """The value and the keys that some object of the document repeats."""
    duplicates: list[str] = []
    try:
        try:
            value = _decode(_decoder(duplicates), text)
        except json.JSONDecodeError:
            raise
        except ValueError:  # an integer literal longer than int() accepts: read it as text
            duplicates.clear()
            value = _decode(_decoder(duplicates, long_integers=True), text)
    except json.JSONDecodeError as exc:
        raise _syntax_error(exc, text) from None
    except RecursionError:
        raise _depth_error(text) from None
    return value, tuple(duplicates)


def _decode(decoder: json.JSONDecoder, text: str) -> Any:
    if len(text) < _LARGE:
        return decoder.decode(text)
    with _GcPaused():
        return decoder.decode(text)


_JSON_SPACE = " \t\r\n"
_LEADING_SPACE = re.compile(r"[ \t\r\n\ufeff]*")
_WINDOW = 4096  # characters looked at around an error (never a copy of a 400 MB text)


def _content_start(text: str) -> int:
    match = _LEADING_SPACE.match(text)
    return match.end() if match else 0


def _before_space(text: str, end: int) -> str:
    """Up to ``_WINDOW`` characters that end at ``end`` with the JSON whitespace before it dropped."""
    return text[max(0, end - _WINDOW) : end].rstrip(_JSON_SPACE)


def not_json_excerpt(text: str) -> str | None:
    """The first words of a text that cannot be a JSON object or array (a Markdown page, a log
    line, prose), to quote back to the user; None when it starts like one."""
    start = _content_start(text)
    if start >= len(text) or text[start] in "[{":
        return None
    first = text[start : start + 4 * _EXCERPT].split("\n", 1)[0].strip()
    shown = "".join(
        ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in first[:_EXCERPT]
    )
    return shown + ("…" if len(first) > _EXCERPT else "")


def _syntax_error(exc: json.JSONDecodeError, text: str) -> JsonSyntaxError:
    excerpt = not_json_excerpt(text)
    if excerpt is not None:
        # Python's "Expecting value" (or "Extra data" after a leading word such as a log's date)
        # says nothing useful about a file that is not JSON at all; say so, at its first word.
        offset = _content_start(text)
        line, column = line_col(text, offset)
        return JsonSyntaxError(
            f"it starts with “{excerpt}”, which is not JSON", line, column, offset, excerpt
        )
    return JsonSyntaxError(_friendly(exc, text), exc.lineno, exc.colno, exc.pos)


def _friendly(exc: json.JSONDecodeError, text: str) -> str:
    msg = exc.msg
    if _content_start(text) >= len(text):
        return "the document is empty"
    if msg == "Extra data":
        return "unexpected text after the end of the JSON value (several documents? use JSON Lines)"
    if not text[exc.pos : exc.pos + _WINDOW].strip(_JSON_SPACE) and (
        exc.pos + _WINDOW >= len(text) or not text[exc.pos :].strip(_JSON_SPACE)
    ):  # whatever was expected, the text ran out first
        return "the document ends too early (truncated?)"
    if msg == "Expecting value" and _before_space(text, exc.pos).endswith(","):
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
    """A parsed document: ``root`` holds the values; ``span(path)`` finds a node in ``text``.
    ``duplicate_keys`` names keys that some object repeats (the parsed dict holds the last value).
    ``text`` may be only the source's head (:meth:`keep_head`); :attr:`length` is the whole's."""

    text: str
    root: Any
    duplicate_keys: tuple[str, ...] = ()
    _spans: dict[Path, Span] = field(default_factory=dict, repr=False, compare=False)
    _children: dict[Path, ChildIndex] = field(default_factory=dict, repr=False, compare=False)
    _lines: LineIndex | None = field(default=None, repr=False, compare=False)
    _length: int | None = field(default=None, repr=False, compare=False)

    @property
    def length(self) -> int:
        """Characters in the whole source, also when only its head is kept."""
        return len(self.text) if self._length is None else self._length

    @property
    def truncated(self) -> bool:
        """Only the head of the source is kept (:meth:`keep_head`)."""
        return self._length is not None and self._length > len(self.text)

    @classmethod
    def parse(cls, data: bytes | str) -> JsonDocument:
        text = decode_text(data)
        root, duplicates = _parse(text)
        return cls(text=text, root=root, duplicate_keys=duplicates)

    @classmethod
    def from_value(cls, value: Any, indent: int | None = 2) -> JsonDocument:
        """A document for a value that arrived already parsed (an API response)."""
        try:
            text = json.dumps(value, ensure_ascii=False, indent=indent)
        except RecursionError:  # the indenting encoder is pure Python; the compact one is C
            text = json.dumps(value, ensure_ascii=False)
        return cls(text=text, root=value)

    def forget_source(self) -> None:
        """Drop the source text, for a reader that never shows it (``snapview inspect`` on a 50 MB
        event: the text is a quarter of its memory). Spans are None from then on; sub-documents
        have no source either."""
        self.text = ""
        self._spans.clear()
        self._children.clear()
        self._lines = None

    def keep_head(self, limit: int = SHOWN_SOURCE_CHARS) -> None:
        """Keep only the first ``limit`` characters of the source, for a viewer that never shows
        more (the app on a 50 MB event: the text is 50 MB beside a 110 MB tree). Spans of the nodes
        that start in the head are still found (one that runs past it ends at the head's end);
        others are None. Positions found so far stay; the line index, which holds the whole text,
        is rebuilt on the head."""
        if len(self.text) <= limit:
            return
        self._length = self.length
        self.text = self.text[:limit]
        self._lines = None

    def value_at(self, path: Path) -> Any:
        node = self.root
        for part in path:
            node = node[part]
        return node

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset, counted from the nearest offset already
        asked about (so a pass over many nodes in order costs one pass over the text)."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_col(offset)

    def span(self, path: Path) -> Span | None:
        """Where the node at ``path`` sits in the source, or None if there is no such node."""
        cached = self._spans.get(path)
        if cached is not None:
            return cached
        text = self.text
        if not text:  # the source was forgotten
            return None
        pos = _WS.match(text, 0)
        start = pos.end() if pos else 0
        end: int | None = None
        for depth, part in enumerate(path):
            found = self._child(path[:depth], start, part)
            if found is None:
                return None
            start, end = found
        if end is None or end < 0:
            try:
                end = skip_value(text, start)
            except (ValueError, RecursionError):
                end = len(text) if self.truncated else start
        line, column = self.line_col(start)
        span = Span(start, end, line, column)
        self._spans[path] = span
        return span

    def _child(self, parent: Path, parent_start: int, part: PathPart) -> tuple[int, int] | None:
        index = self._children.get(parent)
        if index is None:
            index = ChildIndex.at(self.text, parent_start, partial=self.truncated)
            if index is None:
                return None
            self._children[parent] = index
        if isinstance(part, int):
            return index.item(self.text, part) if part >= 0 else None
        return index.member(self.text, part, last_wins=bool(self.duplicate_keys))

    def sub_document(self, path: Path) -> JsonDocument:
        """The node at ``path`` as a document of its own, with its source text exactly as written
        (an item of an array of events, an envelope's already-decoded message)."""
        value = self.value_at(path)
        if not self.text:
            return JsonDocument(text="", root=value)
        span = self.span(path)
        if self.truncated and (span is None or span.end >= len(self.text)):
            return JsonDocument(text="", root=value)  # its source is not all in the kept head
        if span is None or span.end <= span.start:
            return JsonDocument.from_value(value)
        text = self.text[span.start : span.end]
        # Which keys repeat inside this node is only worth a second parse when some key repeats.
        duplicates = _parse(text)[1] if self.duplicate_keys else ()
        return JsonDocument(text=text, root=value, duplicate_keys=duplicates)


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
    if isinstance(value, int | float | LargeInteger):
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
