"""Every crash, hang and loss of the reliability report (shared/reports/reliability.md §1), each with
the report's minimal reproduction: hostile event files end in events or positioned problems, never
in an exception, and reading them costs time in proportion to their size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snapview.core import json_positions
from snapview.core.event_signatures import SignatureStatus, verify_event
from snapview.core.huawei_events import EventKind, VodEvent, parse_events
from snapview.core.json_document import JsonDocument, LargeInteger, json_type
from tests.fixtures.huawei.smn_signing import identity, mfs_callback, seed_event, smn_envelope
from tests.fuzz.event_fuzz import reference_lines
from tests.helpers.call_counter import count_calls

FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"
F1 = (
    '{"event_type":"thumbnailComplete","thumbnail_info":{"sample":[{"offset":' + "1" * 4301 + "}]}}"
)


# -- F1: integers of any length ----------------------------------------------------------------------


def test_f1_an_integer_of_4301_digits_is_read_and_reported_as_no_readable_offset() -> None:
    result = parse_events(F1.encode(), "f1.json")
    assert result.problems == []
    [event] = result.events
    info = event.thumbnail
    assert info is not None and [s.offset for s in info.sample] == [None]
    assert any("no readable offset" in note.english() for note in event.notes)
    literal = event.document.root["thumbnail_info"]["sample"][0]["offset"]
    assert isinstance(literal, LargeInteger) and literal == "1" * 4301
    assert json_type(literal) == "number"


@pytest.mark.parametrize(
    "text",
    [
        '{"event_type":"a"}\n{"event_type":"b","n":' + "7" * 5000 + "}\n",
        json.dumps(smn_envelope('{"event_type":"x","n":' + "3" * 6000 + "}")),
        '[{"event_type":"a"},{"event_type":"b","n":-' + "9" * 4400 + "}]",
    ],
    ids=["json-lines", "smn-message", "array"],
)
def test_f1_long_integers_in_lines_messages_and_arrays(text: str) -> None:
    result = parse_events(text, "f1")
    assert result.problems == []
    assert len(result.events) in (1, 2)
    assert all(e.kind is EventKind.EVENT for e in result.events)


def test_f1_positions_inside_a_document_with_a_long_integer() -> None:
    doc = JsonDocument.parse(F1)
    span = doc.span(("thumbnail_info", "sample", 0, "offset"))
    assert span is not None and doc.text[span.start : span.end] == "1" * 4301


# -- F2/F3: lone surrogates reach every printed field (output: tests/e2e/test_cli_output.py) ----------


def test_f2_a_lone_surrogate_escape_is_kept_as_the_value() -> None:
    text = r'{"event_type":"thumbnailComplete","thumbnail_info":{"asset_id":"\ud800","status":"SUCCEED"}}'
    [event] = parse_events(text.encode(), "f2.json").events
    assert event.asset_id == "\ud800"


# -- F4-F6: signature checks on such input say "invalid" with a reason --------------------------------


def _mfs_event(wrapper: dict[str, str | dict[str, str]]) -> VodEvent:
    [event] = parse_events(json.dumps(wrapper, ensure_ascii=False), "mfs").events
    return event


def test_f4_non_ascii_auth_sign_is_invalid_not_a_type_error() -> None:
    event = _mfs_event({"message": '{"event_type":"x"}', "auth_timestamp": "1", "auth_sign": "é"})
    check = verify_event(event, mfs_key="k")
    assert check.status is SignatureStatus.INVALID
    assert "not an HMAC-SHA256 in hex" in check.detail.english()
    # Without a key the answer is the same: no key can make "é" a valid signature.
    assert verify_event(event).status is SignatureStatus.INVALID


def test_f5_smn_envelope_with_a_lone_surrogate_is_invalid_with_its_field() -> None:
    text = (
        r'{"type":"Notification","topic_urn":"u","signature":"AAAA","message_id":"m",'
        r'"timestamp":"t","message":"hi \ud800"}'
    )
    [event] = parse_events(text, "f5").events
    for certificate in (identity().cert_pem, None):
        check = verify_event(event, certificate=certificate)
        assert check.status is SignatureStatus.INVALID
        assert "“message” holds a lone surrogate (\\ud800) at character 4" in check.detail.english()


def test_f6_mfs_message_with_a_lone_surrogate_is_invalid_with_its_position() -> None:
    key = "abcdef"
    genuine = mfs_callback(seed_event(), key)
    message = genuine["message"].replace("SUCCEED", "SUCCEED\ud800")
    wrapper = {"message": message, "headers": genuine["headers"]}
    event = _mfs_event(wrapper)
    check = verify_event(event, mfs_key=key)
    assert check.status is SignatureStatus.INVALID
    assert "“message” holds a lone surrogate (\\ud800)" in check.detail.english()
    # The report's minimal form: a two-letter auth_sign, invalid for its format before anything else.
    short = _mfs_event({"message": message, "auth_timestamp": "1", "auth_sign": "ab"})
    assert verify_event(short, mfs_key=key).status is SignatureStatus.INVALID


def test_a_genuine_mfs_signature_still_verifies() -> None:
    event = _mfs_event(mfs_callback(seed_event(), "abcdef"))
    assert verify_event(event, mfs_key="abcdef").status is SignatureStatus.VALID
    assert verify_event(event, mfs_key="other").status is SignatureStatus.INVALID


def test_an_mfs_key_from_a_non_utf8_environment_keeps_its_bytes() -> None:
    raw_key = b"k\xffey"
    key_as_os_gives_it = raw_key.decode("utf-8", "surrogateescape")
    import hashlib
    import hmac

    message = '{"event_type":"x"}'
    sign = hmac.new(raw_key, f"VOD_1_{message}".encode(), hashlib.sha256).hexdigest()
    event = _mfs_event({"message": message, "auth_timestamp": "1", "auth_sign": sign})
    assert verify_event(event, mfs_key=key_as_os_gives_it).status is SignatureStatus.VALID


# -- H1: an array of events is linear -----------------------------------------------------------------


def test_h1_item_positions_come_from_one_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's 19-byte event, 2,000 times: each value is skipped about once, not once per later
    item (the walk from the start made that 2,000,000 skips)."""
    skips = count_calls(monkeypatch, json_positions, "skip_value")
    items = 2000
    text = "[\n" + ",\n".join(['{"event_type":"x"}'] * items) + "\n]"
    result = parse_events(text, "h1")
    assert [e.line for e in result.events] == list(range(2, items + 2))
    assert skips.calls <= 2 * items


class _CountingText(str):
    """A text that adds up how many characters ``count`` and ``rfind`` look at."""

    scanned = 0

    def count(self, sub: str, start: int | None = None, end: int | None = None) -> int:  # type: ignore[override]
        _CountingText.scanned += (len(self) if end is None else end) - (start or 0)
        return super().count(sub, start, end)

    def rfind(self, sub: str, start: int | None = None, end: int | None = None) -> int:  # type: ignore[override]
        _CountingText.scanned += (len(self) if end is None else end) - (start or 0)
        return super().rfind(sub, start, end)


@pytest.mark.parametrize("separator", ["\n", ""], ids=["one-per-line", "minified"])
def test_h1_line_and_column_are_not_counted_from_offset_0_each_time(separator: str) -> None:
    items = 3000
    text = "[" + ("," + separator).join(['{"event_type":"x"}'] * items) + "]"
    doc = JsonDocument(text=_CountingText(text), root=json.loads(text))
    _CountingText.scanned = 0
    spans = [doc.span((index,)) for index in range(items)]
    assert all(span is not None for span in spans)
    last = spans[-1]
    assert last is not None
    assert (last.line, last.column) == (
        (items, 1) if separator else (1, 2 + (items - 1) * len('{"event_type":"x"},'))
    )
    assert _CountingText.scanned <= 3 * len(text)


# -- D1/D2: JSON Lines lose nothing that a line-by-line reader keeps ----------------------------------


def test_d1_a_line_that_is_not_utf8_is_reported_and_the_others_load() -> None:
    result = parse_events(b'{"event_type":"a"}\n{"event_type":"\xff"}\n{"event_type":"c"}\n', "d1")
    assert [(e.event_type, e.line) for e in result.events] == [("a", 1), ("c", 3)]
    [problem] = result.problems
    assert str(problem) == "d1:2:16: this line is not UTF-8 text"


def test_d2_unicode_line_separators_inside_strings_do_not_break_lines() -> None:
    result = parse_events('{"event_type":"a","x":"\u2028"}\n{"event_type":"b"}', "d2")
    assert [(e.event_type, e.line) for e in result.events] == [("a", 1), ("b", 2)]
    assert result.problems == []


@pytest.mark.parametrize("as_bytes", [True, False], ids=["file", "pasted"])
@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_d2_every_unicode_line_break_stays_inside_its_line(separator: str, as_bytes: bool) -> None:
    lines = ['{"event_type":"a","x":"1' + separator + '2"}', "garbage", '{"event_type":"c"}']
    text = "\n".join(lines)
    result = parse_events(text.encode() if as_bytes else text, "d2")
    assert [(e.event_type, e.line) for e in result.events] == [("a", 1), ("c", 3)]
    [problem] = result.problems
    assert (problem.line, problem.column) == (2, 1)  # the line number is not pushed down


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e"])
def test_control_characters_that_splitlines_breaks_at_cost_only_their_own_line(
    control: str,
) -> None:
    """JSON forbids them raw in a string, so their line is a problem, but only that line."""
    lines = ['{"event_type":"a","x":"' + control + '"}', '{"event_type":"b"}', '{"event_type":"c"}']
    result = parse_events("\n".join(lines).encode(), "vt")
    assert [e.line for e in result.events] == [2, 3]
    assert [(p.line, p.column) for p in result.problems] == [(1, 24)]


_line = st.one_of(
    st.sampled_from(
        [
            b'{"event_type":"a"}',
            b'{"event_type":"thumbnailComplete","thumbnail_info":{"status":"SUCCEED"}}',
            b"garbage",
            b"",
            b"  \r",
            b"[1]",
            b'{"event_type":',
        ]
    ),
    st.text(max_size=12).map(lambda t: json.dumps({"event_type": t}, ensure_ascii=False).encode()),
    st.sampled_from(["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"]).map(
        lambda sep: ('{"event_type":"a' + sep + 'b"}').encode()
    ),
    st.binary(max_size=3).map(lambda junk: b'{"event_type":"' + junk + b'"}'),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, min_size=2, max_size=12), st.sampled_from([b"\n", b"\r\n"]))
def test_json_lines_lose_no_line_a_line_by_line_reader_keeps(
    lines: list[bytes], end: bytes
) -> None:
    data = end.join(lines)
    expected = reference_lines(data)
    if expected is None:  # not JSON Lines by the project's rule: nothing to compare
        return
    result = parse_events(data, "log")
    assert expected <= {event.line for event in result.events}
    assert all(p.line >= 1 and p.column >= 1 for p in result.problems)


# -- the rest of "input never crashes" ----------------------------------------------------------------


def test_repeated_keys_use_the_last_value_and_say_so() -> None:
    text = (
        '{"event_type":"thumbnailComplete","thumbnail_info":{"status":"SUCCEED","status":"FAILED"}}'
    )
    [event] = parse_events(text, "dup").events
    assert event.status == "FAILED"
    assert any("more than once (status)" in n.english() for n in event.notes)
    span = event.document.span(("thumbnail_info", "status"))
    assert span is not None and event.document.text[span.start : span.end] == '"FAILED"'


def test_repeated_keys_inside_one_item_of_an_array_are_noted_on_that_event_only() -> None:
    text = '[{"event_type":"a"},{"event_type":"b","event_type":"c"}]'
    first, second = parse_events(text, "dup").events
    assert second.event_type == "c" and any("more than once" in n.english() for n in second.notes)
    assert not any("more than once" in n.english() for n in first.notes)


def test_array_items_keep_their_own_source_text() -> None:
    text = '[\n  {"event_type": "a",   "n": 1},\n  {"event_type": "b"}\n]'
    first, second = parse_events(text, "arr").events
    assert first.document.text == '{"event_type": "a",   "n": 1}'
    assert (first.line, second.line) == (2, 3)


def test_an_already_decoded_smn_message_keeps_its_source_text_not_a_re_serialised_copy() -> None:
    deep = '{"a":' * 400 + "1" + "}" * 400
    text = json.dumps(dict(smn_envelope("X"), message="X")).replace('"X"', deep, 1)
    [event] = parse_events(text, "deep").events
    assert event.inspector_document.text == deep


@pytest.mark.parametrize("depth", [1500, 5000, 100_000])
def test_deep_nesting_is_a_positioned_problem(depth: int) -> None:
    [problem] = parse_events("[" * depth + "]" * depth, "deep").problems
    assert (problem.line, problem.column) == (1, 501)
    assert "nested more than 500 levels" in problem.message


def test_utf16_with_a_bom_is_read_as_windows_tools_write_it() -> None:
    data = json.dumps(seed_event(), ensure_ascii=False, indent=2).encode("utf-16")
    [event] = parse_events(data, "utf16.json").events
    assert event.asset_id == "14d7b2faba0dddd6b4e8936272d6bc3f"
    log = ('{"event_type":"a"}\n{"event_type":"b"}\n').encode("utf-32")
    assert [e.event_type for e in parse_events(log, "utf32.jsonl").events] == ["a", "b"]


# -- D5: a file that is not JSON, and the JSON code blocks of a documentation page ---------------------


def test_d5_the_vendor_doc_page_opens_with_its_sample_event() -> None:
    page = (FIXTURES / "vendor_doc_page.txt").read_bytes()
    result = parse_events(page, "004.txt")
    assert result.problems == []
    [event] = result.events
    assert event.line == 6  # the line of the event's "{" in the page, below the ``` fence
    assert event.thumbnail is not None and len(event.thumbnail.sample) == 6
    assert [s.offset for s in event.thumbnail.sample] == [0, 5, 10, 15, 20, 25]
    assert event.notes[0].english() == (
        "Read from a JSON code block of this page: the file itself is not JSON."
    )


def test_d5_a_file_that_is_not_json_says_so_in_words() -> None:
    [problem] = parse_events("# 截图消息体\n\nno JSON here\n".encode(), "page.md").problems
    assert str(problem) == "page.md:1:1: this file is not JSON (it starts with “# 截图消息体”)"
    [log] = parse_events(b"2026-01-05 10:00:00 INFO started\n", "app.log").problems
    assert (
        log.message == "this file is not JSON (it starts with “2026-01-05 10:00:00 INFO started”)"
    )
    [pasted] = parse_events("hello", "clipboard").problems
    assert pasted.message == "this text is not JSON (it starts with “hello”)"


def test_d5_code_blocks_position_their_problems_in_the_page() -> None:
    page = '# Ticket\n\nBroken:\n~~~json\n{\n  "event_type": "a",\n}\n~~~\nFine:\n```\n{"event_type":"b"}\n```\n'
    result = parse_events(page, "ticket.md")
    assert [(e.event_type, e.line) for e in result.events] == [("b", 11)]
    [problem] = result.problems
    assert (problem.line, problem.column) == (7, 1)


def test_d5_jira_code_blocks_and_json_lines_inside_a_block() -> None:
    jira = (
        'Steps: {code:json}{"event_type":"a"}{code} and {noformat}\n{"event_type":"b"}\n{noformat}'
    )
    assert [(e.event_type, e.line) for e in parse_events(jira, "jira").events] == [
        ("a", 1),
        ("b", 2),
    ]
    block = 'Log:\n```\n{"event_type":"a"}\n{"event_type":"b"}\n```'
    assert [e.line for e in parse_events(block, "log.md").events] == [3, 4]


def test_d5_a_broken_json_document_is_not_searched_for_code_blocks() -> None:
    text = '{\n  "event_type": "a",\n  "x": "```\\n{\\"event_type\\": \\"b\\"}\\n```"\n'
    result = parse_events(text, "broken.json")
    assert result.events == []
    assert "not JSON" not in result.problems[0].message
