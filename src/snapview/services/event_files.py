"""Reading Huawei VOD event files from disk, for the app (File → Open Events, drag and drop, files on
the command line, a paste) and for ``snapview inspect``: a file, or every event file of a folder (by
suffix, sorted by name), then parsed by :mod:`snapview.core.huawei_events`. Blocking file I/O: the
app calls :func:`load_events` from a worker thread, which reports progress (bytes read, then bytes
parsed — a large JSON Lines file is parsed in slices of whole lines so the bar moves and Cancel is
honoured within a slice) and stops with :class:`LoadCancelled` when asked. When nothing at all
could be read, the text of the source that failed comes back too, so the app can show the error in
place (the inspector's Raw tab) instead of only naming a line and column."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from snapview.core.huawei_events import (
    LoadProblem,
    LoadResult,
    parse_consuming,
    parse_events,
    parse_sources,
)
from snapview.core.json_document import SHOWN_SOURCE_CHARS, JsonSyntaxError, decode_text
from snapview.core.json_lines import HEAD_LINES, looks_like_json_lines, split_lines

EVENT_SUFFIXES = (".json", ".jsonl", ".ndjson", ".log", ".txt")
READ_CHUNK = 1 << 20  # bytes read between two progress reports / cancel checks
PARSE_SLICE = 2_000_000  # characters of JSON Lines parsed between two reports / checks
FAILED_TEXT_LIMIT = 2_000_000  # a failed source larger than this is not handed back for display

Source = tuple[str, bytes]  # (file name, content)
Progress = Callable[[int, int], None]  # (done, total) in bytes; total counts reading and parsing
Cancelled = Callable[[], bool]


class LoadCancelled(Exception):
    """The user cancelled the load; nothing of it is kept."""


@dataclass
class FailedText:
    """The text of the one source that held nothing readable, and where its first problem is."""

    source: str
    text: str
    problem: LoadProblem

    @property
    def offset(self) -> int:
        """0-based character offset of the problem's line:column in :attr:`text`."""
        start = 0
        for _ in range(self.problem.line - 1):
            found = self.text.find("\n", start)
            if found < 0:
                return len(self.text)
            start = found + 1
        return min(len(self.text), start + max(0, self.problem.column - 1))


@dataclass
class EventLoad:
    """What a load gave: the events and line problems, the files that could not be read, and the
    failed text when there are no events at all."""

    result: LoadResult = field(default_factory=LoadResult)
    errors: list[str] = field(default_factory=list)
    failed: FailedText | None = None


def no_event_files(folder: str | Path) -> str:
    """The line that says a folder holds nothing to read."""
    return f"{folder}: no event files ({', '.join(EVENT_SUFFIXES)})"


def _event_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EVENT_SUFFIXES
        )
    return [path]


def read_event_sources(path: Path) -> list[Source]:
    """(name, bytes) of a file, or of every event file in a folder (sorted); OSError if unreadable."""
    return [(str(p), p.read_bytes()) for p in _event_files(path)]


def _expand(paths: Iterable[str], errors: list[str]) -> list[Path]:
    """The event files of every path (folders expanded); a line in ``errors`` per path that could
    not be listed or holds none."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            found = _event_files(path)
        except OSError as exc:
            errors.append(_unreadable(path, exc))
            continue
        if not found:
            errors.append(no_event_files(path))
        files.extend(found)
    return files


def _unreadable(path: Path, exc: OSError) -> str:
    return f"{path}: {exc.strerror or type(exc).__name__}"


def read_event_paths(paths: Iterable[str]) -> tuple[list[Source], list[str]]:
    """The sources of every path (folders expanded), and one line per path that could not be read."""
    errors: list[str] = []
    sources: list[Source] = []
    for file in _expand(paths, errors):
        try:
            sources.append((str(file), file.read_bytes()))
        except OSError as exc:
            errors.append(_unreadable(file, exc))
    return sources, errors


def load_event_paths(paths: Iterable[str]) -> tuple[LoadResult, list[str]]:
    """The events of every path, and the read errors (parse problems are in the result)."""
    sources, errors = read_event_paths(paths)
    return parse_sources(sources), errors


class _Meter:
    """Progress over reading and parsing, with the cancel check at every step."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.total, self.done = max(1, total), 0
        self._progress, self._cancelled = progress, cancelled

    def advance(self, amount: int) -> None:
        if self._cancelled is not None and self._cancelled():
            raise LoadCancelled
        self.done = min(self.total, self.done + amount)
        if self._progress is not None:
            self._progress(self.done, self.total)


def load_events(
    paths: Sequence[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> EventLoad:
    """Read and parse every path (folders expanded), reporting progress; :class:`LoadCancelled`
    when ``cancelled()`` turns true."""
    load = EventLoad()
    files = _expand(paths, load.errors)
    sizes: dict[Path, int] = {}
    for file in files:
        try:
            sizes[file] = file.stat().st_size
        except OSError:
            sizes[file] = 0
    meter = _Meter(2 * sum(sizes.values()), progress, cancelled)
    sources: list[tuple[str, bytes | str]] = []
    for file in files:
        try:
            sources.append((str(file), _read(file, meter)))
        except OSError as exc:
            load.errors.append(_unreadable(file, exc))
    # Only sources small enough to show as failed text are kept past their parse: a 50 MB file's
    # bytes beside its text and tree were 50 MB of the app's peak for nothing.
    small = [(name, data) for name, data in sources if len(data) <= FAILED_TEXT_LIMIT]
    sources.reverse()
    while sources:
        load.result.extend(_parse_last(sources, meter))
    if not load.result.events and load.result.problems:
        load.failed = _failed_text(small, load.result.problems[0])
    return load


def load_text(
    text: str, source: str, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> EventLoad:
    """Parse a pasted text the same way, with the same progress and cancel."""
    meter = _Meter(len(text), progress, cancelled)
    load = EventLoad(result=_parse_last([(source, text)], meter))
    if not load.result.events and load.result.problems:
        load.failed = _failed_text([(source, text)], load.result.problems[0])
    return load


def _read(file: Path, meter: _Meter) -> bytes:
    chunks: list[bytes] = []
    with file.open("rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            chunks.append(chunk)
            meter.advance(len(chunk))
    return b"".join(chunks)


def _parse_last(sources: list[tuple[str, bytes | str]], meter: _Meter) -> LoadResult:
    """The last of ``sources``, taken off the list so that its content can be dropped as soon as
    it is decoded (decoded once: the text is what the parser gets, never the bytes again). JSON
    Lines larger than a slice are parsed in slices of whole lines (same events, same line numbers
    as one call); anything else in one call to the core parser."""
    name, data = sources.pop()
    size = len(data)
    if size <= PARSE_SLICE:
        result = parse_events(data, name)
        meter.advance(size)
        return result
    from_file = isinstance(data, bytes)
    try:
        text = decode_text(data)
    except JsonSyntaxError:  # the parser says where, from the bytes
        result = parse_events(data, name)
        meter.advance(size)
        return result
    del data  # the bytes are not needed once decoded
    if not looks_like_json_lines(split_lines(text[: PARSE_SLICE * 2], HEAD_LINES)):
        whole: list[tuple[str, bytes | str]] = [(name, text)]
        del text  # the list holds the only reference, which the parser drops once it has a tree
        # The app shows no more of a document's source than its head (the inspector's Raw tab).
        result = parse_consuming(whole, from_file=from_file, source_head=SHOWN_SOURCE_CHARS)
        meter.advance(size)
        return result
    result = LoadResult()
    start, line = 0, 1
    while start < len(text):
        cut = text.find("\n", start + PARSE_SLICE)
        end = len(text) if cut < 0 else cut + 1
        part = parse_events(text[start:end], name)
        shift = line - 1
        for event in part.events:
            event.line += shift
        result.events.extend(part.events)
        result.problems.extend(
            dataclasses.replace(problem, line=problem.line + shift) for problem in part.problems
        )
        line += text.count("\n", start, end)
        meter.advance(int(size * (end - start) / len(text)))
        start = end
    return result


def _failed_text(
    sources: Sequence[tuple[str, bytes | str]], problem: LoadProblem
) -> FailedText | None:
    for name, data in sources:
        if name != problem.source or len(data) > FAILED_TEXT_LIMIT:
            continue
        text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
        return FailedText(name, text, problem)
    return None
