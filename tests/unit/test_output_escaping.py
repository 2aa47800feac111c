"""The CLI's writer (commands/output.py) can write any text to any stream: what the stream's
encoding lacks and what a terminal would obey (control characters, bidirectional overrides, line
separators) comes out as ``\\uXXXX``, which keeps JSON output valid and equal to what it encodes."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snapview.commands.output import EscapingWriter, printable

# Every code point, lone surrogates included, with the troublesome ones made likely.
any_text = st.text(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
    | st.sampled_from(
        ["\ud800", "\udfff", "\udc80", "\x1b", "\x85", "\u2028", "\u202e", "\r", "😀"]
    ),
    max_size=40,
)


BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _write(text: str, encoding: str) -> str:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="\n")
    EscapingWriter(stream).write(text)
    stream.flush()
    return raw.getvalue().decode(encoding)


@settings(max_examples=400, deadline=None)
@given(any_text, st.sampled_from(["utf-8", "ascii", "latin-1", "gb18030"]))
def test_json_written_through_the_writer_reads_back_as_the_same_value(
    value: str, encoding: str
) -> None:
    line = json.dumps({"v": value}, ensure_ascii=False)
    written = _write(line, encoding)
    assert json.loads(written) == {"v": value}


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_text_output_holds_no_character_a_terminal_would_act_on(text: str) -> None:
    written = _write(text, "utf-8")
    acted_on = [
        ch
        for ch in written
        if ch not in "\n\t"
        and (unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI_CONTROLS)
    ]
    assert acted_on == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\u001b[2J"),
        ("a\rb", "a\\u000db"),
        ("\u202eevil", "\\u202eevil"),
        ("x\ud800y", "x\\ud800y"),
        ("line\nnext\ttab", "line\nnext\ttab"),
        ("截图 😀", "截图 😀"),
    ],
)
def test_printable_escapes_only_what_is_unsafe(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_an_ascii_stream_gets_json_escapes_for_what_it_lacks() -> None:
    assert _write("截图 😀 é", "ascii") == "\\u622a\\u56fe \\ud83d\\ude00 \\u00e9"
