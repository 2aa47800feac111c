"""The review exchange formats: JSON documents for handing work over (import merges them) and CSV
rows for people and spreadsheets. Columns and fields are documented in docs/review.md and are
stable: new fields may be added, existing ones never change meaning.

Reading is strict per row and lenient per file: every row is validated on its own, a broken row is
skipped with a :class:`ImportProblem` naming where it is and what is wrong, and the valid rows still
come through. A document from a newer snapview (``format_version`` above :data:`FORMAT_VERSION`) is
read as far as its rows use fields this version knows; the reader says so in
:attr:`ParsedImport.notes`. Pure: bytes in, values out; files are the reports service's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.json_document import JsonSyntaxError, decode_text, parse_value
from snapview.core.review.decisions import Decision, Mark, Verdict, format_time, parse_time
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason, parse_reason
from snapview.core.review.verdicts import (
    SnapshotSet,
    VerdictOverride,
    VideoSummary,
    VideoVerdict,
)

_CONTEXT = "ReviewImport"
FORMAT = "snapview-review"
FORMAT_VERSION = 1
MAX_PROBLEMS_LISTED = 20

# The CSV columns, in order (docs/review.md describes each).
CSV_COLUMNS = (
    "provider",
    "region",
    "account",
    "video_id",
    "snapshot_type",
    "index",
    "job_id",
    "decision",
    "reason",
    "reason_label",
    "comment",
    "reviewer",
    "decided_at",
    "stale",
    "video_verdict",
    "decision_id",
)


class ImportFileError(UserFacingError):
    """The file cannot be imported at all (not JSON, not a snapview review export)."""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One row that was skipped: where (``decisions[12]``) and why."""

    where: str
    message: Message

    def english(self) -> str:
        return f"{self.where}: {self.message.english()}"


@dataclass(slots=True)
class ParsedImport:
    """What a document holds that this version can use, and what it skipped."""

    decisions: list[Decision] = field(default_factory=list)
    overrides: list[VerdictOverride] = field(default_factory=list)
    snapshot_sets: list[SnapshotSet] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    format_version: int = FORMAT_VERSION

    @property
    def skipped(self) -> int:
        return len(self.problems)


# -- writing ---------------------------------------------------------------------------------------


def account_fields(account: AccountRef) -> dict[str, str]:
    return {"provider": account.provider, "region": account.region, "account": account.label}


def decision_fields(decision: Decision, *, stale: bool) -> dict[str, Any]:
    """The JSON object of one decision (also the source of the CSV row)."""
    key = decision.key
    return {
        "decision_id": decision.decision_id,
        **account_fields(key.video.account),
        "video_id": key.video.video_id,
        "snapshot_type": key.snapshot_type,
        "index": key.index,
        "job_id": decision.job_id,
        "decision": decision.verdict.value,
        "reason": decision.reason.value if decision.reason else None,
        "comment": decision.comment,
        "reviewer": decision.reviewer,
        "decided_at": format_time(decision.decided_at),
        "origin": decision.origin,
        "stale": stale,
    }


def override_fields(override: VerdictOverride) -> dict[str, Any]:
    return {
        "override_id": override.override_id,
        "verdict": override.verdict.value if override.verdict else None,
        "comment": override.comment,
        "reviewer": override.reviewer,
        "decided_at": format_time(override.decided_at),
    }


def snapshot_set_fields(snapshot_set: SnapshotSet) -> dict[str, Any]:
    return {
        "snapshot_type": snapshot_set.snapshot_type,
        "job_id": snapshot_set.job_id,
        "total": snapshot_set.total,
        "seen_at": format_time(snapshot_set.seen_at),
    }


def video_fields(summary: VideoSummary, sets: Iterable[SnapshotSet]) -> dict[str, Any]:
    counts = summary.counts
    return {
        **account_fields(summary.video.account),
        "video_id": summary.video.video_id,
        "verdict": summary.verdict.value,
        "derived_verdict": summary.derived.value,
        "override": override_fields(summary.override) if summary.override else None,
        "counts": {
            "total": counts.total,
            "reviewed": counts.reviewed,
            "approved": counts.approved,
            "rejected": counts.rejected,
            "stale": counts.stale,
            "by_reason": {reason.value: n for reason, n in sorted(counts.by_reason.items())},
        },
        "snapshot_sets": [snapshot_set_fields(s) for s in sets],
    }


def csv_row(
    decision: Decision, *, stale: bool, reason_label: str, video_verdict: VideoVerdict
) -> list[str]:
    """One CSV row in :data:`CSV_COLUMNS` order (booleans as ``yes``/``no`` for spreadsheets)."""
    fields = decision_fields(decision, stale=stale)
    fields["reason"] = fields["reason"] or ""
    fields["reason_label"] = reason_label
    fields["stale"] = "yes" if stale else "no"
    fields["video_verdict"] = video_verdict.value
    return [_spreadsheet_safe(str(fields[column])) for column in CSV_COLUMNS]


def _spreadsheet_safe(text: str) -> str:
    """A comment starting with = + - @ would run as a formula in Excel (CSV injection); a leading
    apostrophe makes it text, as OWASP advises. Identifiers never start with those characters."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def document(
    *,
    exported_at: datetime,
    app_version: str,
    scope: Mapping[str, Any],
    videos: list[dict[str, Any]],
    decisions: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": format_time(exported_at),
        "app_version": app_version,
        "scope": dict(scope),
        "videos": videos,
        "decisions": decisions,
    }


# -- reading ---------------------------------------------------------------------------------------


def _problem(where: str, template: str, **params: object) -> ImportProblem:
    return ImportProblem(where, Message(_CONTEXT, template, params))


def _file_error(template: str, **params: object) -> ImportFileError:
    return ImportFileError(Message(_CONTEXT, template, params))


# What the JSON reader (core/json_document.py) says went wrong, by the start of its English text,
# as a whole sentence a translator can word: the parser's own English never reaches a Chinese
# message. A cause not listed gets the plain sentence with the place (_SYNTAX_OTHER).
_SYNTAX_CAUSES = (
    (
        "the document is empty",
        QT_TRANSLATE_NOOP("ReviewImport", "{file} is empty (line {line}, column {column})."),
    ),
    (
        "the document ends too early",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} ends too early, as if it was cut off (line {line}, column {column}).",
        ),
    ),
    (
        "the file is not UTF-8 text",
        QT_TRANSLATE_NOOP(
            "ReviewImport", "{file} is not UTF-8 text (line {line}, column {column})."
        ),
    ),
    (
        "the file is UTF-",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} has a broken character in its text (line {line}, column {column}).",
        ),
    ),
    (
        "unexpected text after the end",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} has more text after the end of its JSON (line {line}, column {column}).",
        ),
    ),
    (
        "expected a value after the comma",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} is not valid JSON: a value is missing after a comma, or the comma is one "
            "too many (line {line}, column {column}).",
        ),
    ),
    (
        "Expecting ',' delimiter",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} is not valid JSON: a comma is missing (line {line}, column {column}).",
        ),
    ),
    (
        "Expecting ':' delimiter",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} is not valid JSON: a colon is missing after a key (line {line}, column "
            "{column}).",
        ),
    ),
    (
        "Expecting property name",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} is not valid JSON: a quoted key is expected, or a comma is one too many "
            "(line {line}, column {column}).",
        ),
    ),
    (
        "a string is not closed",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} is not valid JSON: a string is not closed with a quote (line {line}, "
            "column {column}).",
        ),
    ),
    (
        "a raw line break or control character",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} is not valid JSON: a line break or control character inside a string "
            "(line {line}, column {column}).",
        ),
    ),
    (
        "nested ",
        QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} is nested too deeply to read (line {line}, column {column}).",
        ),
    ),
)
_SYNTAX_OTHER = QT_TRANSLATE_NOOP(
    "ReviewImport", "{file} is not valid JSON (line {line}, column {column})."
)


def _not_json(error: JsonSyntaxError, file: str) -> ImportFileError:
    """The sentence for a file the JSON reader refused, naming the file and the place."""
    place: dict[str, object] = {
        "file": file or "The file",
        "line": f"{error.line:,}",
        "column": f"{error.column:,}",
    }
    if error.excerpt is not None:  # prose, a log, Markdown: not JSON at all
        template = QT_TRANSLATE_NOOP(
            "ReviewImport",
            "{file} is not JSON: it starts with “{excerpt}” (line {line}, column {column}).",
        )
        return _file_error(template, excerpt=error.excerpt, **place)
    for start, template in _SYNTAX_CAUSES:
        if error.message.startswith(start):
            return _file_error(template, **place)
    return _file_error(_SYNTAX_OTHER, **place)


class _RowError(Exception):
    def __init__(self, message: Message) -> None:
        self.message = message


def _text(row: Mapping[str, Any], name: str, *, optional: bool = False) -> str:
    value = row.get(name)
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise _RowError(
            Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP("ReviewImport", "“{field}” must be text."),
                {"field": name},
            )
        )
    return value


def _time(row: Mapping[str, Any], name: str) -> datetime:
    text = _text(row, name)
    try:
        return parse_time(text)
    except ValueError:
        raise _RowError(
            Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "ReviewImport", "“{field}” is not an ISO 8601 time with a zone: “{value}”."
                ),
                {"field": name, "value": text},
            )
        ) from None


def _account(row: Mapping[str, Any]) -> AccountRef:
    return AccountRef(_text(row, "provider"), _text(row, "region"), _text(row, "account"))


def _decision(row: Any) -> Decision:
    if not isinstance(row, Mapping):
        raise _RowError(
            Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewImport", "The row is not an object."))
        )
    video = VideoKey(_account(row), _text(row, "video_id"))
    index = row.get("index")
    if isinstance(index, bool) or not isinstance(index, int):
        raise _RowError(
            Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewImport", "“index” must be a whole number."))
        )
    key = SnapshotKey(video, _text(row, "snapshot_type"), index)
    verdict_text = _text(row, "decision")
    try:
        verdict = Verdict(verdict_text)
    except ValueError:
        raise _RowError(
            Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "ReviewImport",
                    "Unknown decision “{value}”; expected approved, rejected or not_reviewed.",
                ),
                {"value": verdict_text},
            )
        ) from None
    reason_text = _text(row, "reason", optional=True)
    reason: Reason | None = parse_reason(reason_text) if reason_text else None
    mark = Mark(verdict, reason, _text(row, "comment", optional=True))
    return Decision(
        key,
        mark,
        _text(row, "reviewer"),
        _time(row, "decided_at"),
        job_id=_text(row, "job_id", optional=True),
        decision_id=_text(row, "decision_id"),
        origin="import",
    )


def _video_parts(
    row: Any, where: str, parsed: ParsedImport
) -> tuple[VerdictOverride | None, list[SnapshotSet]]:
    if not isinstance(row, Mapping):
        raise _RowError(
            Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewImport", "The row is not an object."))
        )
    video = VideoKey(_account(row), _text(row, "video_id"))
    override = None
    raw_override = row.get("override")
    if isinstance(raw_override, Mapping):
        verdict_text = raw_override.get("verdict")
        try:
            verdict = VideoVerdict(verdict_text) if verdict_text is not None else None
        except ValueError:
            raise _RowError(
                Message(
                    _CONTEXT,
                    QT_TRANSLATE_NOOP("ReviewImport", "Unknown video verdict “{value}”."),
                    {"value": verdict_text},
                )
            ) from None
        override = VerdictOverride(
            video,
            verdict,
            _text(raw_override, "comment", optional=True),
            _text(raw_override, "reviewer"),
            _time(raw_override, "decided_at"),
            override_id=_text(raw_override, "override_id"),
        )
    sets = []
    for number, raw_set in enumerate(row.get("snapshot_sets") or ()):
        try:
            if not isinstance(raw_set, Mapping):
                raise _RowError(
                    Message(
                        _CONTEXT, QT_TRANSLATE_NOOP("ReviewImport", "The row is not an object.")
                    )
                )
            total = raw_set.get("total")
            if isinstance(total, bool) or not isinstance(total, int) or total < 0:
                raise _RowError(
                    Message(
                        _CONTEXT,
                        QT_TRANSLATE_NOOP("ReviewImport", "“total” must be a whole number."),
                    )
                )
            # The key validates the type for the provider.
            SnapshotKey(video, _text(raw_set, "snapshot_type"), 1)
            sets.append(
                SnapshotSet(
                    video,
                    _text(raw_set, "snapshot_type"),
                    _text(raw_set, "job_id", optional=True),
                    total,
                    _time(raw_set, "seen_at"),
                )
            )
        except (_RowError, UserFacingError, ValueError) as exc:
            parsed.problems.append(ImportProblem(f"{where}.snapshot_sets[{number}]", _why(exc)))
    return override, sets


def _why(exc: BaseException) -> Message:
    if isinstance(exc, _RowError):
        return exc.message
    if isinstance(exc, UserFacingError):
        return exc.user_message
    return Message(
        _CONTEXT, QT_TRANSLATE_NOOP("ReviewImport", "Invalid value: {error}"), {"error": str(exc)}
    )


def parse_document(data: bytes | str, file: str = "") -> ParsedImport:
    """Every usable decision, override and snapshot set of an exported JSON document; ``file``
    (its path as the user gave it) names it in the message when it is not JSON.

    Raises :class:`ImportFileError` when the file is not a snapview review export at all; broken
    rows are listed in ``problems`` and skipped."""
    try:
        root = parse_value(decode_text(data))
    except JsonSyntaxError as exc:
        raise _not_json(exc, file) from None
    if not isinstance(root, Mapping) or root.get("format") != FORMAT:
        raise _file_error(
            QT_TRANSLATE_NOOP(
                "ReviewImport",
                'The file is not a snapview review export (no "format": "snapview-review").',
            )
        )
    version = root.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _file_error(
            QT_TRANSLATE_NOOP("ReviewImport", "The file's format_version “{value}” is not valid."),
            value=version,
        )
    parsed = ParsedImport(format_version=version)
    if version > FORMAT_VERSION:
        parsed.notes.append(
            Message(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "ReviewImport",
                    "The file was written by a newer snapview (format {version}; this version reads "
                    "format {supported}). Rows it can read are imported; fields it does not know are "
                    "ignored and rows it cannot read are skipped.",
                ),
                {"version": version, "supported": FORMAT_VERSION},
            )
        )
    rows = root.get("decisions")
    if not isinstance(rows, list):
        raise _file_error(QT_TRANSLATE_NOOP("ReviewImport", 'The file has no "decisions" list.'))
    seen: set[str] = set()
    for number, row in enumerate(rows):
        where = f"decisions[{number}]"
        try:
            decision = _decision(row)
        except (_RowError, UserFacingError, ValueError) as exc:
            parsed.problems.append(ImportProblem(where, _why(exc)))
            continue
        if decision.decision_id in seen:
            parsed.problems.append(
                _problem(
                    where,
                    QT_TRANSLATE_NOOP("ReviewImport", "Decision {id} appears twice in the file."),
                    id=decision.decision_id,
                )
            )
            continue
        seen.add(decision.decision_id)
        parsed.decisions.append(decision)
    videos = root.get("videos") or []
    for number, row in enumerate(videos if isinstance(videos, list) else []):
        where = f"videos[{number}]"
        try:
            override, sets = _video_parts(row, where, parsed)
        except (_RowError, UserFacingError, ValueError) as exc:
            parsed.problems.append(ImportProblem(where, _why(exc)))
            continue
        if override is not None:
            parsed.overrides.append(override)
        parsed.snapshot_sets.extend(sets)
    return parsed
