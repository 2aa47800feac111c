"""Every form a Huawei VOD event arrives in is recognised, and thumbnailComplete is read as the
reviewer needs it: snapshots ordered by offset, failures with their code and message."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from snapview.core.huawei_events import (
    Envelope,
    EventKind,
    LoadResult,
    format_offset,
    parse_events,
    parse_offset,
    parse_sources,
)
from tests.fixtures.huawei.smn_signing import mfs_callback, seed_event, smn_envelope

FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"


def test_the_vendor_seed_example_is_a_succeeded_snapshot_event() -> None:
    result = parse_events((FIXTURES / "thumbnail_succeed_seed.json").read_bytes(), "seed.json")
    assert result.problems == []
    [event] = result.events
    assert (event.envelope, event.kind, event.event_type) == (
        Envelope.NONE,
        EventKind.EVENT,
        "thumbnailComplete",
    )
    info = event.thumbnail
    assert info is not None and not info.failed and not event.failed
    assert info.asset_id == "14d7b2faba0dddd6b4e8936272d6bc3f"
    assert [s.offset for s in info.sample] == [0, 5, 10, 15, 20, 25]
    assert info.sample[3].url.endswith("/snapshot/sample/15.jpg")
    assert info.dots == ()
    assert event.snapshot_path("sample", info.sample[3]) == ("thumbnail_info", "sample", 3)


def test_failed_event_keeps_code_and_turns_literal_null_into_no_message() -> None:
    [event] = parse_events((FIXTURES / "thumbnail_failed.json").read_text()).events
    info = event.thumbnail
    assert info is not None and info.failed and event.failed
    assert (info.error_code, info.error_msg) == ("VOD.10053", None)
    assert info.sample == () and info.dots == ()


def test_string_offsets_are_tolerated_and_sorted() -> None:
    event = {
        "event_type": "thumbnailComplete",
        "thumbnail_info": {
            "asset_id": "a",
            "status": "succeed",
            "sample": [
                {"offset": "12", "url": "u12"},
                {"offset": 0, "url": "u0"},
                {"offset": "x", "url": "ux"},
                {"offset": 6.0, "url": "u6"},
            ],
            "dots": "null",
        },
    }
    [parsed] = parse_events(json.dumps(event)).events
    info = parsed.thumbnail
    assert info is not None and info.status == "SUCCEED"
    assert [(s.offset, s.url) for s in info.sample] == [
        (0, "u0"),
        (6, "u6"),
        (12, "u12"),
        (None, "ux"),
    ]
    # The original position survives sorting, so the inspector finds the node.
    assert [s.index for s in info.sample] == [1, 3, 0, 2]
    assert any("offset" in note.english() for note in parsed.notes)


def test_smn_notification_envelope_is_unwrapped() -> None:
    env = smn_envelope(seed_event())
    [event] = parse_events(json.dumps(env)).events
    assert event.envelope is Envelope.SMN and event.smn_type == "Notification"
    assert event.thumbnail is not None and len(event.thumbnail.sample) == 6
    assert event.raw_message == env["message"]
    assert event.inspector_document.root["event_type"] == "thumbnailComplete"
    assert event.envelope_fields["topic_urn"].startswith("urn:smn:")


def test_smn_confirmations_and_text_messages_are_shown_as_text() -> None:
    for kind in ("SubscriptionConfirmation", "UnsubscribeConfirmation", "Notification"):
        env = smn_envelope("You are invited to subscribe to topic vod-events.", kind=kind)
        [event] = parse_events(json.dumps(env)).events
        assert (event.envelope, event.kind, event.smn_type) == (Envelope.SMN, EventKind.TEXT, kind)
        assert event.text is not None and event.text.startswith("You are invited")


def test_mfs_wrapper_is_unwrapped() -> None:
    [event] = parse_events(json.dumps(mfs_callback(seed_event(), key="k"))).events
    assert event.envelope is Envelope.MFS and event.kind is EventKind.EVENT
    assert (
        event.thumbnail is not None
        and event.thumbnail.asset_id == "14d7b2faba0dddd6b4e8936272d6bc3f"
    )


def test_recognition_order_prefers_smn_then_bare_then_mfs() -> None:
    both = {
        "type": "Notification",
        "topic_urn": "urn:smn:x",
        "event_type": "thumbnailComplete",
        "message": json.dumps(seed_event()),
    }
    assert parse_events(json.dumps(both)).events[0].envelope is Envelope.SMN
    bare_with_message = dict(seed_event(), message="hello")
    assert parse_events(json.dumps(bare_with_message)).events[0].envelope is Envelope.NONE
    [unknown] = parse_events('{"hello": "world"}').events
    assert unknown.kind is EventKind.UNKNOWN and unknown.notes


def test_other_event_types_are_kept_as_json() -> None:
    text = (FIXTURES / "events_with_broken_line.jsonl").read_text()
    result = parse_events(text, "log.jsonl")
    by_type = {e.event_type: e for e in result.events}
    cover = by_type["coverComplete"]
    assert cover.thumbnail is None and cover.event is not None
    assert cover.event["cover_info"]["cover_urls"][0]["offset"] == 3
    assert by_type["transcodeComplete"].asset_id == "aaaa0000aaaa0000aaaa0000aaaa0005"


def test_json_lines_with_a_broken_line_report_it_and_load_the_rest() -> None:
    result = parse_events((FIXTURES / "events_with_broken_line.jsonl").read_text(), "log.jsonl")
    assert [e.line for e in result.events] == [1, 2, 5, 6]
    [problem] = result.problems
    assert (problem.source, problem.line) == ("log.jsonl", 3)
    assert problem.column > 1
    assert str(problem).startswith("log.jsonl:3:")
    statuses = [e.status for e in result.events]
    assert statuses == ["SUCCEED", "FAILED", "SUCCEED", "SUCCEED"]


def test_a_broken_pretty_printed_document_is_one_error_not_many_lines() -> None:
    text = json.dumps(seed_event(), indent=2).replace('"dots": []', '"dots": [],')
    result = parse_events(text, "e.json")
    assert result.events == []
    [problem] = result.problems
    assert problem.line == text.count("\n", 0, text.rindex("}", 0, len(text) - 1)) + 1


def test_array_of_events_and_folder_of_files() -> None:
    array = json.dumps(
        [seed_event(), json.loads((FIXTURES / "thumbnail_failed.json").read_text())], indent=1
    )
    result = parse_sources(
        [("a.json", array), ("b.json", b"{broken"), ("c.json", json.dumps(seed_event()))]
    )
    assert [(e.source, e.failed) for e in result.events] == [
        ("a.json", False),
        ("a.json", True),
        ("c.json", False),
    ]
    second_start = array.index('{\n  "event_type"', 5)
    assert result.events[1].line == array.count("\n", 0, second_start) + 1
    assert [p.source for p in result.problems] == ["b.json"]


def test_offsets_format_as_minutes_and_seconds() -> None:
    assert [format_offset(s) for s in (0, 5, 65, 3600 + 61, None)] == [
        "00:00",
        "00:05",
        "01:05",
        "1:01:01",
        "?",
    ]
    assert [parse_offset(v) for v in (3, "4", " 5.0 ", True, None, [1], float("nan"))] == [
        3,
        4,
        5,
        None,
        None,
        None,
        None,
    ]


json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.sampled_from(["null", "thumbnailComplete", "FAILED", "SUCCEED", "Notification"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "event_type",
                    "thumbnail_info",
                    "status",
                    "sample",
                    "dots",
                    "offset",
                    "url",
                    "type",
                    "topic_urn",
                    "message",
                    "error_msg",
                    "asset_id",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=15,
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        json_like.map(json.dumps),
        json_like.map(
            lambda v: json.dumps(
                {"type": "Notification", "topic_urn": "u", "message": json.dumps(v)}
            )
        ),
        json_like.map(lambda v: json.dumps({"message": json.dumps(v)})),
        st.text(max_size=80),
        st.binary(max_size=80),
        st.lists(json_like.map(json.dumps) | st.text(max_size=10), max_size=4).map("\n".join),
    )
)
def test_no_input_crashes_the_event_parser(text: str | bytes) -> None:
    result = parse_events(text, "fuzz")
    assert isinstance(result, LoadResult)
    if text.strip():
        assert result.events or result.problems
    for event in result.events:
        _ = (event.asset_id, event.status, event.failed, event.inspector_document)
    for problem in result.problems:
        assert problem.line >= 1 and problem.message
