"""JSON documents keep key order, find any node's line:column, and report malformed input precisely."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snapview.core.json_document import (
    JsonDocument,
    JsonSyntaxError,
    format_path,
    json_type,
    parse_path,
)

SEED = """{
\t"event_type": "thumbnailComplete",
\t"thumbnail_info": {
\t\t"status": "SUCCEED",
\t\t"sample": [{"offset": 0, "url": "a.jpg"}, {"offset": 5, "url": "b.jpg"}],
\t\t"dots": []
\t}
}"""


def test_key_order_is_the_documents_not_sorted() -> None:
    doc = JsonDocument.parse('{"z": 1, "a": 2, "m": {"y": 1, "b": 2}}')
    assert list(doc.root) == ["z", "a", "m"]
    assert list(doc.root["m"]) == ["y", "b"]


def test_span_points_at_the_node_in_the_source() -> None:
    doc = JsonDocument.parse(SEED)
    span = doc.span(("thumbnail_info", "sample", 1, "url"))
    assert span is not None
    assert doc.text[span.start : span.end] == '"b.jpg"'
    assert (span.line, span.column) == (5, SEED.splitlines()[4].index('"b.jpg"') + 1)
    whole = doc.span(("thumbnail_info", "sample", 1))
    assert (
        whole is not None and doc.text[whole.start : whole.end] == '{"offset": 5, "url": "b.jpg"}'
    )
    assert doc.span(("thumbnail_info", "sample", 9)) is None
    assert doc.span(("no_such_key",)) is None
    root = doc.span(())
    assert root is not None and root.start == 0 and root.end == len(SEED)


def test_span_with_escaped_keys_and_nested_containers() -> None:
    text = '{"a\\"b": [1, {"x": [2, 3]}, "s,]}"], "c": {"d": null}}'
    doc = JsonDocument.parse(text)
    span = doc.span(('a"b', 2))
    assert span is not None and text[span.start : span.end] == '"s,]}"'
    span = doc.span(("c", "d"))
    assert span is not None and text[span.start : span.end] == "null"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{\n  "a": 1,\n  "b": 2,\n}', 4, 1, "comma"),
        ('{"a": [1, 2}', 1, 12, "comma"),
        ('{\n"a": "unterminated\n}', 2, 19, "string"),
        ("", 1, 1, "empty"),
        ('{"a": 1', 1, 8, ""),
        ('{"a": 1} {"b": 2}', 1, 10, "after the end"),
    ],
)
def test_malformed_input_reports_line_and_column(
    text: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(JsonSyntaxError) as info:
        JsonDocument.parse(text)
    assert (info.value.line, info.value.column) == (line, column)
    assert words in info.value.message
    assert str(info.value).startswith(f"{line}:{column}: ")


def test_bytes_with_bom_and_bad_utf8() -> None:
    assert JsonDocument.parse(b'\xef\xbb\xbf{"a": "\xe6\x88\xaa"}').root == {"a": "截"}
    with pytest.raises(JsonSyntaxError) as info:
        JsonDocument.parse(b'{"a":\n "\xff"}')
    assert (info.value.line, info.value.column) == (2, 3)
    assert "UTF-8" in info.value.message


def test_absurd_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(JsonSyntaxError) as info:
        JsonDocument.parse("[" * 100_000 + "]" * 100_000)
    assert "nested" in info.value.message


def test_paths_round_trip_and_quote_odd_keys() -> None:
    path = ("thumbnail_info", "sample", 3, "url")
    assert format_path(path) == "$.thumbnail_info.sample[3].url"
    assert format_path(("a b", 0, "中")) == '$["a b"][0]["中"]'
    for p in [path, ("a b", 0, "中"), (), ('x"y', "z.w")]:
        assert parse_path(format_path(p)) == p
    with pytest.raises(ValueError, match="starts with"):
        parse_path("thumbnail_info")


def test_json_type_names() -> None:
    values: tuple[object, ...] = (None, True, 1, 1.5, "s", [], {})
    assert [json_type(v) for v in values] == [
        "null",
        "boolean",
        "number",
        "number",
        "string",
        "array",
        "object",
    ]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


def _paths(value, prefix=()):
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=150, deadline=None)
@given(json_values, st.sampled_from([None, 1, "\t"]))
def test_every_node_span_decodes_to_that_node(value, indent) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    doc = JsonDocument.parse(text)
    for path, node in _paths(doc.root):
        span = doc.span(path)
        assert span is not None
        assert json.loads(text[span.start : span.end]) == node
        line, column = span.line, span.column
        assert text.split("\n")[line - 1][column - 1 :].startswith(
            text[span.start : span.end].split("\n")[0]
        )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.binary(max_size=60))
def test_no_input_crashes_the_parser(data) -> None:
    error: JsonSyntaxError | None = None
    try:
        doc = JsonDocument.parse(data)
    except JsonSyntaxError as exc:
        error = exc
    if error is not None:
        assert error.line >= 1 and error.column >= 1 and error.message
    else:
        assert doc.span(()) is not None


def test_large_input_decodes_in_chunks_with_exact_error_position() -> None:
    body = ('{"k": "' + "中" * 1_500_000 + '"}').encode()
    assert JsonDocument.parse(b"\xef\xbb\xbf" + body).root["k"] == "中" * 1_500_000
    broken = body[:3_000_001] + b"\xff" + body[3_000_001:]
    with pytest.raises(JsonSyntaxError) as info:
        JsonDocument.parse(broken)
    # 7 ASCII characters, then 3-byte characters: byte 3_000_001 is the start of character 1_000_000.
    assert (info.value.line, info.value.column) == (1, 7 + 1_000_000 - 2 + 1)
