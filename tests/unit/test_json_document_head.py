"""A large document that keeps only the head of its source (JsonDocument.keep_head, what the app
keeps of a 50 MB event): the whole tree, the source's length, and the positions of the nodes that
start in the head, exactly where the whole text has them."""

from __future__ import annotations

import json

from snapview.core.json_document import JsonDocument

EVENT = {
    "event_type": "thumbnailComplete",
    "thumbnail_info": {
        "asset_id": "a1",
        "sample": [{"offset": i, "url": f"https://cdn/{i}.jpg"} for i in range(2_000)],
    },
}
TEXT = json.dumps(EVENT, indent=1)
HEAD = 2_000


def _head_document() -> JsonDocument:
    document = JsonDocument.parse(TEXT)
    document.keep_head(HEAD)
    return document


def test_the_head_keeps_the_tree_and_the_length_of_the_whole() -> None:
    document = _head_document()
    assert document.truncated
    assert document.text == TEXT[:HEAD]
    assert document.length == len(TEXT)
    assert document.root == EVENT


def test_nodes_that_start_in_the_head_are_found_where_the_whole_text_has_them() -> None:
    whole = JsonDocument.parse(TEXT)
    document = _head_document()
    for path in [
        ("event_type",),
        ("thumbnail_info", "sample", 3),
        ("thumbnail_info", "sample", 3, "url"),
    ]:
        assert document.span(path) == whole.span(path)
    assert json.loads(TEXT[slice(*_start_end(document, ("thumbnail_info", "sample", 3)))]) == {
        "offset": 3,
        "url": "https://cdn/3.jpg",
    }


def test_a_node_that_runs_past_the_head_ends_there_and_one_past_it_has_no_span() -> None:
    document = _head_document()
    running = document.span(("thumbnail_info", "sample"))
    assert running is not None
    assert TEXT[running.start] == "[" and running.end == HEAD
    assert document.span(("thumbnail_info", "sample", 1_999)) is None


def test_a_small_document_is_kept_whole() -> None:
    document = JsonDocument.parse('{"a": [1, 2]}')
    document.keep_head(HEAD)
    assert not document.truncated
    assert document.length == len(document.text) == 13
    assert document.span(("a", 1)) is not None


def _start_end(document: JsonDocument, path: tuple) -> tuple[int, int]:
    span = document.span(path)
    assert span is not None
    return span.start, span.end
