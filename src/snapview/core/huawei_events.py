"""Recognises and parses Huawei Cloud VOD events in every form a reviewer meets them (SPEC B.2).

A reviewer opens or pastes a bare event, an SMN HTTP(S) envelope (Notification or one of the two
confirmations), an MFS callback wrapper, a JSON Lines log of many of those, or a folder of files.
:func:`parse_events` turns one text into :class:`VodEvent` values plus :class:`LoadProblem` values for
what could not be read (a broken line in the middle of a log is reported with its line number and
the other lines still load). ``thumbnailComplete`` gets a typed :class:`ThumbnailInfo`; every other
event type is kept as JSON for the inspector. Recognition order: SMN (``type`` + ``topic_urn``) →
bare (``event_type``) → MFS (``message``) → unknown. Vendor quirks (string numbers, the literal
``"null"``, camelCase/snake_case mixes) are tolerated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from snapview.core.code_blocks import json_code_blocks
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.json_document import JsonDocument, JsonSyntaxError, decode_text, paused_gc
from snapview.core.json_lines import HEAD_LINES, SourceLine, looks_like_json_lines, split_lines
from snapview.core.json_positions import LineIndex

_LEADING_SPACE = re.compile(r"[ \t\r\n]*")


class Envelope(StrEnum):
    NONE = "none"
    SMN = "smn"
    MFS = "mfs"


class EventKind(StrEnum):
    EVENT = "event"  # a VOD event object (any event_type)
    TEXT = "text"  # an SMN message that is plain text (template messages, confirmations)
    UNKNOWN = "unknown"  # JSON we do not recognise: shown raw


@dataclass(frozen=True, slots=True)
class EventSnapshot:
    """One snapshot of a thumbnailComplete event; ``offset`` is whole seconds (None if unreadable)."""

    offset: int | None
    url: str
    index: int  # position in its list in the event, for the inspector path


@dataclass(frozen=True, slots=True)
class ThumbnailInfo:
    asset_id: str
    status: str  # upper-cased: SUCCEED, FAILED, or whatever the event said
    sample: tuple[EventSnapshot, ...]
    dots: tuple[EventSnapshot, ...]
    error_code: str | None
    error_msg: str | None
    info_key: str = "thumbnail_info"

    @property
    def failed(self) -> bool:
        return self.status == "FAILED"


@dataclass(slots=True)
class VodEvent:
    """One event as loaded. ``document`` is the outermost JSON (what the inspector shows);
    ``event_path`` is where the bare event sits inside it (``()`` for a bare event; for envelopes the
    event was decoded from the ``message`` string and lives in ``event`` only)."""

    source: str
    line: int  # 1-based line in the source where this document starts
    envelope: Envelope
    kind: EventKind
    document: JsonDocument
    event: dict[str, Any] | None = None
    event_document: JsonDocument | None = None  # the decoded ``message`` of an envelope
    event_type: str | None = None
    thumbnail: ThumbnailInfo | None = None
    text: str | None = None  # a plain-text SMN message
    smn_type: str | None = None  # Notification / SubscriptionConfirmation / UnsubscribeConfirmation
    raw_message: str | None = None  # the envelope's ``message`` exactly as received (signatures)
    notes: list[Message] = field(default_factory=list)

    @property
    def envelope_fields(self) -> dict[str, Any]:
        root = self.document.root
        return root if isinstance(root, dict) else {}

    @property
    def inspector_document(self) -> JsonDocument:
        """What the inspector shows: the event itself (decoded from an envelope's message)."""
        return self.event_document or self.document

    def snapshot_path(self, group: str, shot: EventSnapshot) -> tuple[str | int, ...]:
        """The inspector path of a snapshot of ``group`` ("sample" or "dots")."""
        return (*self.snapshots_path(group), shot.index)

    def snapshots_path(self, group: str) -> tuple[str, str]:
        """The inspector path of the list ``group`` ("sample" or "dots")."""
        return (self.thumbnail.info_key if self.thumbnail else "thumbnail_info", group)

    @property
    def asset_id(self) -> str | None:
        if self.thumbnail is not None:
            return self.thumbnail.asset_id
        info = _info_object(self.event)
        value = info.get("asset_id", info.get("assetId")) if info else None
        return str(value) if value is not None else None

    @property
    def status(self) -> str | None:
        if self.thumbnail is not None:
            return self.thumbnail.status
        info = _info_object(self.event)
        value = info.get("status") if info else None
        return str(value).upper() if value is not None else None

    @property
    def failed(self) -> bool:
        return self.status in ("FAILED", "FAIL", "FAILURE")


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """Something that could not be read: where (1-based line/column) and why."""

    source: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.message}"

    def user_message(self) -> Message:
        return Message(
            "HuaweiEvents",
            QT_TRANSLATE_NOOP("HuaweiEvents", "{source}, line {line}, column {column}: {message}"),
            {
                "source": self.source,
                "line": self.line,
                "column": self.column,
                "message": self.message,
            },
        )


@dataclass(slots=True)
class LoadResult:
    events: list[VodEvent] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.events.extend(other.events)
        self.problems.extend(other.problems)


# -- parsing ---------------------------------------------------------------------------------------


def parse_events(data: bytes | str, source: str = "<input>") -> LoadResult:
    """Every event in one text: a JSON document (object or array of them), JSON Lines, or the JSON
    code blocks of a page that is not JSON itself (a saved documentation page, a ticket)."""
    return parse_consuming([(source, data)])


def parse_sources(sources: Iterable[tuple[str, bytes | str]]) -> LoadResult:
    """Events from several (name, content) pairs, for example the files of a folder."""
    result = LoadResult()
    for name, content in sources:
        result.extend(parse_events(content, name))
    return result


def parse_consuming(
    sources: list[tuple[str, bytes | str]],
    *,
    keep_source: bool = True,
    from_file: bool | None = None,
    source_head: int | None = None,
) -> LoadResult:
    """:func:`parse_sources` that empties ``sources`` as it goes: each content is dropped as soon as
    it is decoded, so a 50 MB file's bytes, text and parsed tree are never all in memory at once
    (``snapview inspect``; the caller must hold no other reference to the contents). Without
    ``keep_source`` the events' documents forget their source text once parsed, before the
    snapshots are read (see :meth:`JsonDocument.forget_source`); with ``source_head`` they keep
    only that many characters of it once every event is found (:meth:`JsonDocument.keep_head`:
    the app shows no more). ``from_file`` says the contents
    came from files even when they are text already (a file the caller decoded itself); by
    default bytes are a file's and text is a paste."""
    result = LoadResult()
    sources.reverse()
    while sources:
        source, data = sources.pop()
        file = isinstance(data, bytes) if from_file is None else from_file
        with paused_gc(len(data)):
            try:
                text = decode_text(data)
            except JsonSyntaxError as whole_error:
                result.extend(_not_one_document(data, file, whole_error, source))
                continue
            del data
            try:
                document = JsonDocument.parse(text)
            except JsonSyntaxError as whole_error:
                result.extend(_not_one_document(text, file, whole_error, source))
                continue
            del text  # the document holds it, until it forgets it
            found = _from_document(document, source, keep_source=keep_source)
            del document  # the events hold what they need of it
            if source_head is not None:
                for event in found.events:
                    _keep_heads(event, source_head)
            result.extend(found)
    return result


def _from_document(
    document: JsonDocument, source: str, line: int = 1, *, keep_source: bool = True
) -> LoadResult:
    """The events of one parsed document; ``line`` is the source line where its text starts."""
    result = LoadResult()
    root = document.root
    if isinstance(root, list) and root and all(isinstance(item, dict) for item in root):
        # One walk over the array gives every item's position (JsonDocument.span is incremental);
        # each event keeps its own source text, exactly as written.
        for index in range(len(root)):
            span = document.span((index,))
            item_line = line - 1 + (span.line if span else 1)
            event = recognise(document.sub_document((index,)), source, item_line)
            if not keep_source:
                _forget_sources(event)
            result.events.append(event)
        if not keep_source:
            document.forget_source()
        return result
    first_line = document.line_col(_first_content(document.text))[0]
    if not keep_source:
        document.forget_source()  # before the snapshots are read: text, tree and snapshots at once
        # are the peak of a 50 MB event
    event = recognise(document, source, line - 1 + first_line)
    if not keep_source:
        _forget_sources(event)
    result.events.append(event)
    return result


def _first_content(text: str) -> int:
    """Where the text starts after white space (no match object is kept: it would hold the text)."""
    leading = _LEADING_SPACE.match(text)
    return leading.end() if leading else 0


def _forget_sources(event: VodEvent) -> None:
    event.document.forget_source()
    if event.event_document is not None:
        event.event_document.forget_source()


def _keep_heads(event: VodEvent, limit: int) -> None:
    event.document.keep_head(limit)
    if event.event_document is not None:
        event.event_document.keep_head(limit)


def _not_one_document(
    text: str | bytes, from_file: bool, whole_error: JsonSyntaxError, source: str
) -> LoadResult:
    """A text that is not one JSON document: JSON Lines, a page with JSON code blocks, or an error.
    ``text`` is still bytes when it did not decode; ``from_file`` says it came as bytes."""
    try:
        # Decided on the head, so a large file that is not JSON Lines (a 400 MB server log) is
        # never split into millions of lines just to say so.
        # Lines of the text when it decoded (no second decoding), else of the bytes, decoded
        # one line at a time so that one bad line costs only itself.
        if looks_like_json_lines(split_lines(text, HEAD_LINES)):
            return _parse_json_lines(split_lines(text), source)
    except JsonSyntaxError:  # UTF-16/32 that does not decode: the whole-document error says where
        pass
    if isinstance(text, str) and whole_error.excerpt is not None:
        blocks = _from_code_blocks(text, source)
        if blocks.events:
            return blocks
    message = whole_error.message
    if whole_error.excerpt is not None:
        what = "file" if from_file else "text"
        message = f"this {what} is not JSON (it starts with “{whole_error.excerpt}”)"
    result = LoadResult()
    result.problems.append(LoadProblem(source, whole_error.line, whole_error.column, message))
    return result


def _from_code_blocks(page: str, source: str) -> LoadResult:
    """The events in the JSON code blocks of a page (one document, an array or JSON Lines each),
    positioned in the page and noted as coming from a code block, so the user knows that the file
    itself was not an event file."""
    result = LoadResult()
    lines = LineIndex(page)
    note = Message(
        "HuaweiEvents",
        QT_TRANSLATE_NOOP(
            "HuaweiEvents", "Read from a JSON code block of this page: the file itself is not JSON."
        ),
    )
    for block in json_code_blocks(page):
        first_line, first_column = lines.line_col(block.offset)
        found = parse_events(block.text, source)
        for event in found.events:
            event.line += first_line - 1
            event.notes.insert(0, note)
        result.events.extend(found.events)
        result.problems.extend(
            LoadProblem(
                source,
                problem.line + first_line - 1,
                problem.column + (first_column - 1 if problem.line == 1 else 0),
                problem.message,
            )
            for problem in found.problems
        )
    return result


def _parse_json_lines(lines: Iterable[SourceLine], source: str) -> LoadResult:
    result = LoadResult()
    for line in lines:
        if line.text is None:
            result.problems.append(
                LoadProblem(source, line.number, line.bad_column, "this line is not UTF-8 text")
            )
            continue
        if not line.text.strip():
            continue
        try:
            document = JsonDocument.parse(line.text)
        except JsonSyntaxError as error:
            result.problems.append(LoadProblem(source, line.number, error.column, error.message))
            continue
        if not isinstance(document.root, dict):
            result.problems.append(
                LoadProblem(
                    source,
                    line.number,
                    1,
                    "this line is JSON but not an object (an event is an object)",
                )
            )
            continue
        result.events.append(recognise(document, source, line.number))
    return result


def recognise(document: JsonDocument, source: str = "<input>", line: int = 1) -> VodEvent:
    """Classify one parsed document per SPEC B.2 and parse the event inside it."""
    event = _recognise(document, source, line)
    repeated = list(document.duplicate_keys)
    if event.event_document is not None:
        repeated += [k for k in event.event_document.duplicate_keys if k not in repeated]
    if repeated:
        # Readers disagree on which copy counts (some take the first), so a repeated key can make
        # one event mean two things; we use the last, like Python and most JSON parsers.
        event.notes.append(
            Message(
                "HuaweiEvents",
                QT_TRANSLATE_NOOP(
                    "HuaweiEvents",
                    "A key appears more than once ({keys}); the last value is used.",
                ),
                {"keys": ", ".join(repeated[:5]) + (", …" if len(repeated) > 5 else "")},
            )
        )
    return event


def _recognise(document: JsonDocument, source: str, line: int) -> VodEvent:
    root = document.root
    if isinstance(root, dict):
        if "type" in root and "topic_urn" in root:
            return _from_envelope(document, Envelope.SMN, source, line)
        if "event_type" in root:
            return _from_event(document, root, Envelope.NONE, source, line)
        if "message" in root:
            return _from_envelope(document, Envelope.MFS, source, line)
    event = VodEvent(source, line, Envelope.NONE, EventKind.UNKNOWN, document)
    event.notes.append(
        Message(
            "HuaweiEvents",
            QT_TRANSLATE_NOOP(
                "HuaweiEvents",
                "Not a Huawei VOD event or envelope (no event_type, type/topic_urn or message): shown as JSON.",
            ),
        )
    )
    return event


def _from_envelope(document: JsonDocument, envelope: Envelope, source: str, line: int) -> VodEvent:
    root: dict[str, Any] = document.root
    message = root.get("message")
    smn_type = str(root.get("type")) if envelope is Envelope.SMN else None
    if isinstance(message, dict):
        # Someone already decoded the string (a log that pretty-prints); the signature cannot be
        # checked against re-serialised text, but the event is still readable.
        decoded = document.sub_document(("message",))
        event = _from_event(decoded, message, envelope, source, line)
        event.document, event.event_document, event.smn_type = document, decoded, smn_type
        return event
    if not isinstance(message, str):
        event = VodEvent(source, line, envelope, EventKind.UNKNOWN, document, smn_type=smn_type)
        event.notes.append(
            Message(
                "HuaweiEvents", QT_TRANSLATE_NOOP("HuaweiEvents", "The envelope has no message.")
            )
        )
        return event
    try:
        inner: JsonDocument | None = JsonDocument.parse(message)
    except JsonSyntaxError:
        inner = None
    inner_value = inner.root if inner is not None else None
    if (
        inner is not None
        and isinstance(inner_value, dict)
        and ("event_type" in inner_value or envelope is Envelope.MFS)
    ):
        event = _from_event(inner, inner_value, envelope, source, line)
        event.document, event.event_document = document, inner
        event.smn_type, event.raw_message = smn_type, message
        return event
    return VodEvent(
        source,
        line,
        envelope,
        EventKind.TEXT,
        document,
        text=message,
        smn_type=smn_type,
        raw_message=message,
    )


def _from_event(
    document: JsonDocument, root: dict[str, Any], envelope: Envelope, source: str, line: int
) -> VodEvent:
    event_type = root.get("event_type", root.get("eventType"))
    event = VodEvent(
        source,
        line,
        envelope,
        EventKind.EVENT,
        document,
        event=root,
        event_type=str(event_type) if event_type is not None else None,
    )
    if event.event_type == "thumbnailComplete":
        event.thumbnail = parse_thumbnail_info(root, event.notes)
    return event


# -- thumbnailComplete -----------------------------------------------------------------------------


def _info_object(event: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if not event:
        return None
    for key, value in event.items():
        if isinstance(value, dict) and (key.endswith("_info") or key.endswith("Info")):
            return value
    return None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if text == "" or text.lower() == "null" else text


def parse_offset(value: Any) -> int | None:
    """Whole seconds from 12, 12.0, "12" or " 12.0 "; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value == value and abs(value) < 1e15 else None
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number == number and abs(number) < 1e15 else None
    return None


def _snapshots(value: Any, name: str, notes: list[Message]) -> tuple[EventSnapshot, ...]:
    if value is None or value == "null":
        return ()
    if not isinstance(value, list):
        notes.append(
            Message(
                "HuaweiEvents",
                QT_TRANSLATE_NOOP("HuaweiEvents", "“{name}” is not a list; ignored."),
                {"name": name},
            )
        )
        return ()
    shots: list[EventSnapshot] = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            notes.append(
                Message(
                    "HuaweiEvents",
                    QT_TRANSLATE_NOOP("HuaweiEvents", "{name}[{index}] is not an object; skipped."),
                    {"name": name, "index": index},
                )
            )
            continue
        offset = parse_offset(item.get("offset"))
        if offset is None:
            notes.append(
                Message(
                    "HuaweiEvents",
                    QT_TRANSLATE_NOOP("HuaweiEvents", "{name}[{index}] has no readable offset."),
                    {"name": name, "index": index},
                )
            )
        url = _clean(item.get("url")) or ""
        shots.append(EventSnapshot(offset, url, index))
    if not _in_order(shots):
        shots.sort(key=lambda shot: (shot.offset is None, shot.offset or 0, shot.index))
    return tuple(shots)


def _in_order(shots: list[EventSnapshot]) -> bool:
    """Whether the snapshots already come by offset (as every event we have seen lists them), so
    that sorting, whose keys would cost 100 bytes a snapshot at the peak of a 50 MB event's
    parse, can be skipped."""
    previous = -(1 << 63)
    for shot in shots:  # indices increase by construction; unknown offsets sort last
        if shot.offset is None or shot.offset < previous:
            return False
        previous = shot.offset
    return True


def parse_thumbnail_info(
    event: Mapping[str, Any], notes: list[Message] | None = None
) -> ThumbnailInfo:
    """The typed ``thumbnail_info`` of a thumbnailComplete event (lists sorted by offset)."""
    notes = notes if notes is not None else []
    info_key = "thumbnail_info" if "thumbnail_info" in event else "thumbnailInfo"
    info = event.get(info_key)
    if not isinstance(info, dict):
        notes.append(
            Message(
                "HuaweiEvents",
                QT_TRANSLATE_NOOP("HuaweiEvents", "The event has no thumbnail_info."),
            )
        )
        info = {}
    status = (_clean(info.get("status")) or "").upper()
    return ThumbnailInfo(
        asset_id=_clean(info.get("asset_id", info.get("assetId"))) or "",
        status=status,
        sample=_snapshots(info.get("sample"), "sample", notes),
        dots=_snapshots(info.get("dots"), "dots", notes),
        error_code=_clean(info.get("error_code", info.get("errorCode"))),
        error_msg=_clean(info.get("error_msg", info.get("errorMsg"))),
        info_key=info_key,
    )


def format_offset(seconds: int | None) -> str:
    """mm:ss (h:mm:ss from one hour on); "?" when unknown."""
    if seconds is None:
        return "?"
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"
