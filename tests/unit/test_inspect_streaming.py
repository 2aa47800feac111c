"""`snapview inspect --json` writes a large event a batch of snapshots at a time and frees each
file's bytes once decoded; what it writes stays byte for byte what ``json.dumps`` of the row gives."""

from __future__ import annotations

import io
import json
import tracemalloc
from typing import Any

import pytest

from snapview.commands import inspect
from snapview.core import huawei_events
from snapview.core.huawei_events import VodEvent, parse_consuming, parse_events, parse_sources
from snapview.core.json_document import JsonDocument


def _event(count: int) -> dict[str, Any]:
    sample: list[Any] = [
        {"offset": t, "url": f"https://cdn.example/亚洲/{t}.jpg?\u2028x=\ud800"}
        for t in range(count)
    ]
    sample += [{"offset": "soon", "url": "null"}, "not an object", {"offset": 3.7}]
    return {
        "event_type": "thumbnailComplete",
        "thumbnail_info": {"asset_id": "a1", "status": "succeed", "sample": sample, "dots": []},
    }


SOURCES = [
    json.dumps(_event(10)),
    json.dumps({"event_type": "thumbnailComplete", "thumbnail_info": {"status": "FAILED"}}),
    json.dumps({"type": "Notification", "topic_urn": "urn:x", "message": "plain text"}),
    json.dumps({"message": json.dumps(_event(2))}),
    json.dumps({"hello": "world"}),
    json.dumps([_event(1), _event(4)]),
]


@pytest.mark.parametrize("batch", [1, 3, 4096])
@pytest.mark.parametrize("text", SOURCES)
def test_streamed_line_is_the_dumped_line(
    monkeypatch: pytest.MonkeyPatch, text: str, batch: int
) -> None:
    monkeypatch.setattr(inspect, "_BATCH", batch)
    events = parse_events(text.encode("utf-8", "surrogatepass"), "f.json").events
    assert events
    for event in events:
        out = io.StringIO()
        inspect.write_normalised(out, event, "not-applicable")
        expected = json.dumps(inspect.normalised(event, "not-applicable"), ensure_ascii=False)
        assert out.getvalue() == expected + "\n"


def test_parse_consuming_reads_what_parse_sources_reads() -> None:
    contents: list[tuple[str, bytes | str]] = [
        ("a.json", SOURCES[0].encode()),
        ("b.jsonl", "\n".join(SOURCES[:3]) + "\n{broken\n"),
        ("c.txt", b"\xff\xfe not json"),
        ("d.json", "# Notes\nnot JSON at all"),
    ]
    expected = parse_sources(contents)
    consumed = list(contents)
    got = parse_consuming(consumed)
    assert consumed == []
    assert [(e.source, e.line, e.event_type, e.thumbnail) for e in got.events] == [
        (e.source, e.line, e.event_type, e.thumbnail) for e in expected.events
    ]
    assert [str(p) for p in got.problems] == [str(p) for p in expected.problems]
    assert any("this text is not JSON" in str(p) for p in got.problems)


MESSAGE_DECODED = json.dumps({"type": "Notification", "topic_urn": "u", "message": _event(3)})


@pytest.mark.parametrize("text", [*SOURCES, MESSAGE_DECODED, "\n\n  " + SOURCES[0]])
def test_without_the_source_the_events_are_the_same(text: str) -> None:
    kept = parse_events(text, "f.json").events
    forgotten = parse_consuming([("f.json", text)], keep_source=False).events

    def seen(events: list[VodEvent]) -> list[tuple[Any, ...]]:
        return [
            (
                e.line,
                e.kind,
                e.envelope,
                e.event_type,
                e.status,
                e.asset_id,
                e.thumbnail,
                e.text,
                [n.english() for n in e.notes],
            )
            for e in events
        ]

    assert seen(forgotten) == seen(kept)
    assert all(e.document.text == "" and e.document.span(()) is None for e in forgotten)


def test_the_file_is_in_memory_once_while_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # bytes cannot be watched with a weak reference, so count what is allocated: when the text is
    # parsed the 8 MB file is there once (its text; its bytes are gone), and when the snapshots
    # are read its text is gone too (only the parsed tree is left).
    traced: dict[str, int] = {}
    real_parse = JsonDocument.parse
    real_info = huawei_events.parse_thumbnail_info

    def parse(data: bytes | str) -> JsonDocument:
        traced["before parse"] = tracemalloc.get_traced_memory()[0]
        document = real_parse(data)
        traced["after parse"] = tracemalloc.get_traced_memory()[0]
        return document

    def thumbnail_info(event: Any, notes: Any = None) -> Any:
        traced["snapshots"] = tracemalloc.get_traced_memory()[0]
        return real_info(event, notes)

    monkeypatch.setattr(JsonDocument, "parse", parse)
    monkeypatch.setattr(huawei_events, "parse_thumbnail_info", thumbnail_info)
    tracemalloc.start()
    try:
        sources: list[tuple[str, bytes | str]] = [
            ("big.json", json.dumps(_event(100_000)).encode())
        ]
        size = len(sources[0][1])
        with_bytes = tracemalloc.get_traced_memory()[0]
        result = parse_consuming(sources, keep_source=False)
    finally:
        tracemalloc.stop()
    assert size > 8_000_000 and result.events[0].thumbnail is not None
    assert traced["before parse"] < with_bytes + size / 2  # the text came, the bytes went
    assert traced["snapshots"] < traced["after parse"] - size / 2  # the text went
