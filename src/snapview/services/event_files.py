"""Reading Huawei VOD event files from disk, for the app (File → Open Events, drag and drop, files on
the command line) and for ``snapview inspect``: a file, or every event file of a folder (by suffix,
sorted by name), then parsed by :mod:`snapview.core.huawei_events`. Blocking file I/O: the app
calls :func:`load_event_paths` from a worker thread."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from snapview.core.huawei_events import LoadResult, parse_sources

EVENT_SUFFIXES = (".json", ".jsonl", ".ndjson", ".log", ".txt")

Source = tuple[str, bytes]  # (file name, content)


def no_event_files(folder: str | Path) -> str:
    """The line that says a folder holds nothing to read."""
    return f"{folder}: no event files ({', '.join(EVENT_SUFFIXES)})"


def read_event_sources(path: Path) -> list[Source]:
    """(name, bytes) of a file, or of every event file in a folder (sorted); OSError if unreadable."""
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EVENT_SUFFIXES
        )
        return [(str(p), p.read_bytes()) for p in files]
    return [(str(path), path.read_bytes())]


def read_event_paths(paths: Iterable[str]) -> tuple[list[Source], list[str]]:
    """The sources of every path (folders expanded), and one line per path that could not be read."""
    sources: list[Source] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            found = read_event_sources(path)
        except OSError as exc:
            errors.append(f"{path}: {exc.strerror or type(exc).__name__}")
            continue
        if not found:
            errors.append(no_event_files(path))
        sources.extend(found)
    return sources, errors


def load_event_paths(paths: Iterable[str]) -> tuple[LoadResult, list[str]]:
    """The events of every path, and the read errors (parse problems are in the result)."""
    sources, errors = read_event_paths(paths)
    return parse_sources(sources), errors
