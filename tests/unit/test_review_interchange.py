"""The review exchange formats: an exported decision reads back as the same decision; a broken row
is skipped with a message naming the row and the problem while the valid rows still come through;
a file from a newer snapview is read as far as it can be, with a note; a file that is not an export
at all is refused with one specific sentence."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.interchange import (
    CSV_COLUMNS,
    FORMAT_VERSION,
    ImportFileError,
    csv_row,
    decision_fields,
    parse_document,
)
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.verdicts import VideoVerdict

VIDEO = VideoKey(AccountRef("aliyun", "cn-shanghai", "QA 团队"), "902a023c6286bad2f8962f203727f898")
T0 = datetime(2026, 11, 20, 8, 15, 30, 123000, tzinfo=UTC)


APPROVED = Mark(Verdict.APPROVED)


def decision(index: int, mark: Mark = APPROVED) -> Decision:
    return Decision(SnapshotKey(VIDEO, "NormalSnapshot", index), mark, "李伟", T0, job_id="job-1")


def document(rows: list[Any], version: int = FORMAT_VERSION, **extra: Any) -> bytes:
    body = {"format": "snapview-review", "format_version": version, "decisions": rows, **extra}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def test_an_exported_decision_reads_back_as_the_same_decision() -> None:
    original = decision(5, Mark(Verdict.REJECTED, Reason.BLACK, "开场黑屏\n第二行"))
    parsed = parse_document(document([decision_fields(original, stale=False)]))
    assert parsed.problems == [] and parsed.notes == []
    [back] = parsed.decisions
    assert back.origin == "import"
    assert (back.key, back.mark, back.reviewer, back.decided_at, back.job_id, back.decision_id) == (
        original.key, original.mark, original.reviewer, original.decided_at, original.job_id,
        original.decision_id,
    )  # fmt: skip


def test_broken_rows_are_skipped_with_where_and_why_and_the_rest_imported() -> None:
    good = decision_fields(decision(1), stale=False)
    rows = [
        good,
        {**decision_fields(decision(2), stale=False), "reason": "blak", "decision": "rejected"},
        {**decision_fields(decision(3), stale=False), "index": "three"},
        {**decision_fields(decision(4), stale=False), "decided_at": "yesterday"},
        {**decision_fields(decision(5), stale=False), "decision": "maybe"},
        "not an object",
        good,  # the same decision twice
        {**decision_fields(decision(6), stale=False), "account": "LTAI5tSnapviewDemoKey01"},
    ]
    parsed = parse_document(document(rows))
    assert [d.key.index for d in parsed.decisions] == [1]
    assert [p.english() for p in parsed.problems] == [
        "decisions[1]: Unknown reject reason “blak”; use one of: black, frozen, wrong_cover, "
        "misaligned_sprite, broken_link, expired_link, corrupt, not_image, blurred, letterbox, other.",
        "decisions[2]: “index” must be a whole number.",
        "decisions[3]: “decided_at” is not an ISO 8601 time with a zone: “yesterday”.",
        "decisions[4]: Unknown decision “maybe”; expected approved, rejected or not_reviewed.",
        "decisions[5]: The row is not an object.",
        f"decisions[6]: Decision {good['decision_id']} appears twice in the file.",
        "decisions[7]: The account label looks like an AccessKey ID; name the account instead "
        "(review keys never hold credentials).",
    ]
    assert parsed.skipped == 7


def test_a_file_from_a_newer_snapview_is_read_as_far_as_it_can_be() -> None:
    row = {**decision_fields(decision(1), stale=False), "confidence": 0.93}  # a field from v2
    parsed = parse_document(document([row, {"shape": "unknown to us"}], version=FORMAT_VERSION + 1))
    assert [d.key.index for d in parsed.decisions] == [1]
    assert parsed.skipped == 1
    assert (
        parsed.notes[0]
        .english()
        .startswith(
            f"The file was written by a newer snapview (format {FORMAT_VERSION + 1}; this version reads "
            f"format {FORMAT_VERSION})."
        )
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"format": "snapview-review", ', "The file ends too early, as if it was cut off"),
        (b'{"decisions": []}', "The file is not a snapview review export"),
        (
            b'{"format": "snapview-review", "format_version": 1}',
            'The file has no "decisions" list.',
        ),
        (
            b'{"format": "snapview-review", "format_version": "1", "decisions": []}',
            "format_version “1” is not valid",
        ),
        (b'{"a": \xff}', "The file is not UTF-8 text (line 1, column 7)."),
    ],
    ids=["truncated", "foreign", "no-decisions", "version-text", "not-utf8"],
)
def test_a_file_that_is_not_an_export_is_refused_with_a_specific_sentence(
    data: bytes, message: str
) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_document(data)
    assert message in caught.value.user_message.english()


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (b"", "{file} is empty (line {line}, column {column})."),
        (b"these are my notes\n", "{file} is not JSON: it starts with “{excerpt}”"),
        (b'{"a": 1,}', "a quoted key is expected, or a comma is one too many"),
        (b'{"a" 1}', "a colon is missing after a key"),
        (b'{"a": [1 2]}', "a comma is missing"),
        (b'{"a": "x', "a string is not closed with a quote"),
        (b'{"a": "\n"}', "a line break or control character inside a string"),
        (b"{} {}", "{file} has more text after the end of its JSON"),
        (b"[" * 1000, "{file} is nested too deeply to read"),
        (b'{"a": tru}', "{file} is not valid JSON (line {line}, column {column})."),
    ],
    ids=["empty", "prose", "trailing-comma", "colon", "comma", "string", "control", "extra",
         "deep", "other"],
)  # fmt: skip
def test_a_file_that_is_not_json_is_named_with_the_place_in_a_translatable_sentence(
    data: bytes, sentence: str
) -> None:
    """The sentence is one of ours, whole (a translator words it; the JSON parser's English, such
    as "Expecting value", never reaches it), with the file and the line and column filled in."""
    with pytest.raises(ImportFileError) as caught:
        parse_document(data, "/work/其他/notes.json")
    message = caught.value.user_message
    assert sentence in message.template
    assert set(message.params) >= {"file", "line", "column"}
    assert message.params["file"] == "/work/其他/notes.json"
    text = message.english()
    assert text.startswith("/work/其他/notes.json ") and "(line 1, column " in text
    assert "Expecting" not in text and "delimiter" not in text


def test_video_overrides_and_snapshot_sets_come_through_and_bad_ones_are_listed() -> None:
    video = {
        "provider": "aliyun", "region": "cn-shanghai", "account": "QA 团队", "video_id": VIDEO.video_id,
        "override": {
            "override_id": "0" * 31 + "9", "verdict": "passed", "comment": "ok", "reviewer": "lead",
            "decided_at": "2026-11-20T09:00:00.000Z",
        },
        "snapshot_sets": [
            {"snapshot_type": "NormalSnapshot", "job_id": "job-1", "total": 48, "seen_at": "2026-11-20T09:00:00.000Z"},
            {"snapshot_type": "NormalSnapshot", "job_id": "job-1", "total": -1, "seen_at": "2026-11-20T09:00:00.000Z"},
        ],
    }  # fmt: skip
    parsed = parse_document(document([], videos=[video]))
    assert parsed.overrides[0].verdict is VideoVerdict.PASSED
    assert [s.total for s in parsed.snapshot_sets] == [48]
    assert [p.english() for p in parsed.problems] == [
        "videos[0].snapshot_sets[1]: “total” must be a whole number."
    ]


def test_csv_rows_follow_the_documented_columns_and_defuse_formulas() -> None:
    row = csv_row(
        decision(7, Mark(Verdict.REJECTED, Reason.OTHER, '=HYPERLINK("http://x")')),
        stale=True,
        reason_label="其他",
        video_verdict=VideoVerdict.FAILED,
    )
    fields = dict(zip(CSV_COLUMNS, row, strict=True))
    assert fields["comment"] == '\'=HYPERLINK("http://x")'
    assert (fields["reason"], fields["reason_label"], fields["stale"]) == ("other", "其他", "yes")
    assert (fields["index"], fields["decided_at"]) == ("7", "2026-11-20T08:15:30.123Z")
    assert fields["account"] == "QA 团队" and fields["video_verdict"] == "failed"
