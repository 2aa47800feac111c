"""A ListSnapshots response can be anything a gateway sends; reading it ends in a page or a
``VodError`` that says what was wrong, never another exception (a 5,000-digit Total, deep nesting,
lone surrogates, wrong types at any field, truncation)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snapview.core.listsnapshots import ResponseFormatError, build_request, parse_response
from snapview.core.vod_errors import VodError
from tests.fuzz.event_mutations import json_paths

REQUEST = build_request("v" * 32, "normal", 2, 3)
PAGE: dict[str, Any] = {
    "RequestId": "r-1",
    "MediaSnapshot": {
        "Total": 9,
        "JobId": "j",
        "CreationTime": "2026-01-01T00:00:00Z",
        "Regular": "http://a/{SnapshotCount}.jpg",
        "Snapshots": {
            "Snapshot": [
                {"Index": 4, "Url": "http://a/4.jpg"},
                {"Index": "5", "Url": "http://a/5.jpg"},
                {"Url": "http://a/6.jpg"},
            ]
        },
    },
}
WRONG: list[Any] = [None, True, 0, -1, 2**64, 10**300, 1e300, "", " 7 ", "null", "\ud800", [], {}]
WRONG += [[{"Url": 1}], {"Snapshot": 5}, "x" * 3000, float("inf")]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('{"MediaSnapshot": {"Total": ' + "9" * 5000 + "}}", "Total is not a whole number"),
        ("[" * 100_000, "nested more than 500 levels"),
        ('{"MediaSnapshot": {"Total": 3', "1:30: the document ends too early"),
        ("<html>502 Bad Gateway</html>", "not JSON"),
        (b'{"RequestId": "\xff"', "not JSON"),
    ],
    ids=["5000-digit-total", "deep", "truncated", "html", "bad-utf8"],
)
def test_unusable_bodies_are_a_response_format_error_that_says_why(
    body: str | bytes, words: str
) -> None:
    with pytest.raises(ResponseFormatError) as info:
        parse_response(body, REQUEST)
    assert words in str(info.value)


def test_a_lone_surrogate_in_a_url_is_kept_for_the_image_layer_to_refuse() -> None:
    body = json.dumps(PAGE).replace("http://a/4.jpg", "http://a/\\udfff.jpg")
    page = parse_response(body.encode(), REQUEST)
    assert page.snapshots[0].url == "http://a/\udfff.jpg"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=10_000), st.sampled_from(range(len(WRONG)))),
        min_size=1,
        max_size=3,
    ),
    st.integers(min_value=0, max_value=10_000),
    st.booleans(),
)
def test_no_response_raises_anything_but_a_vod_error(
    edits: list[tuple[int, int]], cut: int, as_bytes: bool
) -> None:
    body: Any = copy.deepcopy(PAGE)
    for where, what in edits:
        paths = list(json_paths(body))
        path = paths[where % len(paths)]
        value = copy.deepcopy(WRONG[what])
        if not path:
            body = value
            continue
        node = body
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    text = json.dumps(body, ensure_ascii=False)
    if cut % 4 == 0:
        text = text[: cut % (len(text) + 1)]
    data = text.encode("utf-8", "surrogatepass") if as_bytes else text
    try:
        page = parse_response(data, REQUEST)
    except VodError as exc:
        message = str(exc)
    else:
        message = "a page"
        assert all(snapshot.index >= 1 for snapshot in page.snapshots)
    assert message
