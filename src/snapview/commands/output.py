"""What every subcommand writes goes through here, so that writing is never what fails.

:func:`run_command` runs a subcommand with stdout and stderr behind an :class:`EscapingWriter` and
ends it quietly when the reader of its output goes away (``snapview ls … | head``).

*Escaping.* Text from event files and servers can hold anything: lone surrogates (JSON's
``"\\ud800"``) that no encoding can write, characters the terminal's encoding lacks (a C locale),
and control characters that would move the cursor, recolour or retitle the terminal (``ESC``, C1
controls), break a line where JSON allows none (U+2028/U+2029/U+0085) or reorder what is shown
(bidirectional overrides). Each is written as its JSON escape ``\\uXXXX``: visible in text output, and
in ``--json`` output still valid JSON with the same value, since such characters can only occur
inside JSON strings. Newlines and tabs pass through.

*A closed pipe* ends the command with status 141 (128 + SIGPIPE), what a shell reports for
``cat`` or ``grep`` in the same place: no traceback, no "internal error", and a script running under
``set -o pipefail`` learns that the output was not all read, as it would with any Unix tool. (Exit
status 0 would claim every line was delivered.)
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

EXIT_PIPE_CLOSED = 128 + 13  # 128 + SIGPIPE, as the shell reports a tool killed by a closed pipe
_ERRORS = "snapview.json-escape"
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def json_escape(ch: str) -> str:
    """``\\uXXXX`` (a surrogate pair for characters beyond U+FFFF), valid in a JSON string."""
    code = ord(ch)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every unsafe character (see the module docstring) written as its escape."""
    return _UNSAFE.sub(lambda match: json_escape(match.group()), text)


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(json_escape(ch) for ch in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(_ERRORS, _escape_unencodable)


class EscapingWriter:
    """A text stream that writes every character it can show and escapes the others; everything
    else (``buffer``, ``fileno``, ``isatty``, ``encoding``…) is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        try:
            self._codec = codecs.lookup(stream.encoding or "utf-8").name
        except (LookupError, AttributeError, TypeError):
            self._codec = "utf-8"

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def write(self, text: str) -> int:
        safe = printable(text)
        if self._codec != "utf-8":  # e.g. ASCII under a C locale without UTF-8 mode
            safe = safe.encode(self._codec, _ERRORS).decode(self._codec)
        self._stream.write(safe)
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """stdout and stderr behind :class:`EscapingWriter` for the duration, then as they were."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = EscapingWriter(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = EscapingWriter(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def run_command(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one subcommand with escaped output; a reader that went away ends it with status 141."""
    try:
        with escaped_output(), closed_pipe_exits():
            return int(run(args))
    except SystemExit as exit_:
        if exit_.code == EXIT_PIPE_CLOSED:
            return EXIT_PIPE_CLOSED
        raise


@contextlib.contextmanager
def closed_pipe_exits() -> Iterator[None]:
    """A BrokenPipeError inside (from a subcommand, or from argparse printing ``--help``) becomes
    ``SystemExit(141)``, without a traceback now or an "Exception ignored" message at exit."""
    try:
        try:
            yield
        finally:
            # What is still buffered (argparse's help before its exit, a command's last lines) is
            # written here, where a closed pipe can still be handled, not at interpreter exit.
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:
        _discard_closed_streams()
        raise SystemExit(EXIT_PIPE_CLOSED) from None


def _discard_closed_streams() -> None:
    """Point a stream whose reader left at /dev/null: its buffered rest would otherwise fail again
    at interpreter exit with an "Exception ignored … BrokenPipeError" message."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
            continue
        except (OSError, ValueError):
            pass
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
