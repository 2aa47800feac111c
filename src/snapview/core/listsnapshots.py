"""``ListSnapshots`` on the wire: building a validated request from what the user typed, and reading
the response into :class:`~snapview.core.snapshots.SnapshotPage` with the tolerances of SPEC A.1
(numbers as strings, a missing ``Snapshots``/``Snapshot`` level, one object instead of a list,
unknown fields). Anything else that is not a usable page raises :class:`ResponseFormatError`, a
:class:`VodError` naming what was wrong, never a bare ``KeyError`` or ``TypeError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.json_document import JsonSyntaxError, parse_value
from snapview.core.snapshots import Snapshot, SnapshotPage, SnapshotType
from snapview.core.vod_errors import ErrorClass, VodError, parse_error_body

ACTION = "ListSnapshots"
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MIN_AUTH_TIMEOUT = 3600
MAX_AUTH_TIMEOUT = 2_592_000  # 30 days, the limit for OSS URLs


class InvalidRequest(VodError):
    """A request that was never sent because an argument is unusable. ``field`` names the argument."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__("InvalidParameter", message.english(), error_class=ErrorClass.INPUT)
        self.field = field
        self.reason = message

    @property
    def user_message(self) -> Message:
        return self.reason


class ResponseFormatError(VodError):
    """A 200 response that is not a ListSnapshots page."""

    def __init__(self, message: str, *, request_id: str = "") -> None:
        super().__init__(
            "MalformedResponse", message, request_id=request_id, error_class=ErrorClass.UNKNOWN
        )


@dataclass(frozen=True, slots=True)
class ListSnapshotsRequest:
    """A validated request. ``auth_timeout_requested`` differs from ``auth_timeout`` when clamped."""

    video_id: str
    snapshot_type: SnapshotType = SnapshotType.COVER
    page_no: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    auth_timeout: int = MIN_AUTH_TIMEOUT
    auth_timeout_requested: int = MIN_AUTH_TIMEOUT

    @property
    def clamped(self) -> bool:
        return self.auth_timeout != self.auth_timeout_requested

    @property
    def clamp_note(self) -> Message | None:
        """What the user should know when the URL validity they asked for was adjusted."""
        if not self.clamped:
            return None
        params = {"requested": self.auth_timeout_requested, "used": self.auth_timeout}
        if self.auth_timeout_requested < self.auth_timeout:
            return Message(
                "ListSnapshots",
                QT_TRANSLATE_NOOP(
                    "ListSnapshots",
                    "URL validity {requested} s is below the minimum; using {used} s.",
                ),
                params,
            )
        return Message(
            "ListSnapshots",
            QT_TRANSLATE_NOOP(
                "ListSnapshots", "URL validity {requested} s is above the maximum; using {used} s."
            ),
            params,
        )

    def params(self) -> dict[str, str]:
        """The API parameters (without ``Action`` and the signing parameters)."""
        return {
            "VideoId": self.video_id,
            "SnapshotType": str(self.snapshot_type),
            "PageNo": str(self.page_no),
            "PageSize": str(self.page_size),
            "AuthTimeout": str(self.auth_timeout),
        }

    def with_page(self, page_no: int) -> ListSnapshotsRequest:
        return build_request(
            self.video_id, self.snapshot_type, page_no, self.page_size, self.auth_timeout_requested
        )


def _invalid(argument: str, template: str, **params: object) -> InvalidRequest:
    return InvalidRequest(argument, Message("ListSnapshots", template, params))


def _as_int(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise _invalid(
            field,
            QT_TRANSLATE_NOOP("ListSnapshots", "{field} must be a whole number."),
            field=field,
        )
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise _invalid(
        field,
        QT_TRANSLATE_NOOP("ListSnapshots", "{field} must be a whole number, not “{value}”."),
        field=field,
        value=str(value)[:40],
    )


def parse_snapshot_type(value: str | SnapshotType) -> SnapshotType:
    """A snapshot type from its API name, case-insensitively, with or without the ``Snapshot``
    suffix (``normal``, ``NormalSnapshot``, ``sprite-origin``)."""
    if isinstance(value, SnapshotType):
        return value
    wanted = str(value).strip().lower().replace("-", "").replace("_", "")
    for member in SnapshotType:
        name = member.value.lower()
        if wanted in (name, name.removesuffix("snapshot")):
            return member
    raise _invalid(
        "SnapshotType",
        QT_TRANSLATE_NOOP(
            "ListSnapshots", "Unknown snapshot type “{value}”; use one of {choices}."
        ),
        value=str(value)[:40],
        choices=", ".join(m.value for m in SnapshotType),
    )


def build_request(
    video_id: str,
    snapshot_type: str | SnapshotType = SnapshotType.COVER,
    page_no: int | str = 1,
    page_size: int | str = DEFAULT_PAGE_SIZE,
    auth_timeout: int | str = MIN_AUTH_TIMEOUT,
) -> ListSnapshotsRequest:
    """Validate and normalise; raises :class:`InvalidRequest` with a message for the user."""
    vid = video_id.strip()
    if not vid:
        raise _invalid("VideoId", QT_TRANSLATE_NOOP("ListSnapshots", "Enter a video ID."))
    if any(ch.isspace() or not ch.isprintable() for ch in vid) or len(vid) > 128:
        raise _invalid(
            "VideoId",
            QT_TRANSLATE_NOOP(
                "ListSnapshots",
                "“{value}” is not a video ID (a video ID has no spaces or control characters and at most 128 characters).",  # noqa: E501 (one literal per translatable message)
            ),
            value=vid[:40] + ("…" if len(vid) > 40 else ""),
        )
    kind = parse_snapshot_type(snapshot_type)
    page = _as_int(page_no, "PageNo")
    if page < 1:
        raise _invalid(
            "PageNo",
            QT_TRANSLATE_NOOP("ListSnapshots", "Page number must be 1 or more, not {value}."),
            value=page,
        )
    size = _as_int(page_size, "PageSize")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise _invalid(
            "PageSize",
            QT_TRANSLATE_NOOP(
                "ListSnapshots", "Page size must be between 1 and {max}, not {value}."
            ),
            value=size,
            max=MAX_PAGE_SIZE,
        )
    requested = _as_int(auth_timeout, "AuthTimeout")
    used = min(max(requested, MIN_AUTH_TIMEOUT), MAX_AUTH_TIMEOUT)
    return ListSnapshotsRequest(vid, kind, page, size, used, requested)


# --- the response ----------------------------------------------------------------------------------


_DIGITS = re.compile(r"^\s*\+?[0-9]{1,18}\s*$", re.ASCII)


def _number(value: object, what: str, request_id: str) -> int:
    """An integer given as a number or a numeric string (one vendor appendix types Index as String)."""
    if isinstance(value, bool):
        raise ResponseFormatError(f"{what} is a boolean, not a number", request_id=request_id)
    if isinstance(value, int):
        number = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and _DIGITS.match(value)
    ):
        number = int(value)
    else:
        raise ResponseFormatError(
            f"{what} is not a whole number: {str(value)[:40]!r}", request_id=request_id
        )
    if number < 0:
        raise ResponseFormatError(f"{what} is negative: {number}", request_id=request_id)
    return number


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _snapshot_items(media: Mapping[str, Any], request_id: str) -> list[object]:
    container = media.get("Snapshots")
    if container is None:
        return []
    if isinstance(container, list):  # the Snapshot level left out
        return list(container)
    if not isinstance(container, Mapping):
        raise ResponseFormatError(
            "Snapshots is neither an object nor a list", request_id=request_id
        )
    items = container.get("Snapshot")
    if items is None:
        return []
    if isinstance(items, Mapping):  # one snapshot, as XML-to-JSON converters give it
        return [items]
    if not isinstance(items, list):
        raise ResponseFormatError(
            "Snapshots.Snapshot is neither a list nor an object", request_id=request_id
        )
    return list(items)


def decode_body(body: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    """The JSON object of a response body; :class:`ResponseFormatError` if there is none."""
    if isinstance(body, Mapping):
        return body
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(text)  # the C parser with plain dicts: the fast path of every page
    except (ValueError, RecursionError):
        try:
            # The document parser for what json.loads refused: integers of any length (a gateway's
            # 5,000-digit Total is then "not a whole number"), or a line:column saying where.
            data = parse_value(text)
        except JsonSyntaxError as exc:
            snippet = " ".join(text.split())[:80]
            raise ResponseFormatError(f"the response is not JSON ({exc}): {snippet!r}") from None
    if not isinstance(data, Mapping):
        raise ResponseFormatError(f"the response is a JSON {type(data).__name__}, not an object")
    return data


def parse_response(
    body: bytes | str | Mapping[str, Any],
    request: ListSnapshotsRequest,
    *,
    fetched_at: float = 0.0,
) -> SnapshotPage:
    """One page from a 200 response body. A body that carries an API error ``Code`` instead of a
    page raises that :class:`VodError`; anything else unusable raises :class:`ResponseFormatError`."""
    data = decode_body(body)
    if "ListSnapshotsResponse" in data and isinstance(data["ListSnapshotsResponse"], Mapping):
        data = data["ListSnapshotsResponse"]
    request_id = _text(data.get("RequestId"))
    media = data.get("MediaSnapshot")
    if media is None:
        if isinstance(data.get("Code"), str) and data.get("Code"):
            fields = parse_error_body(data)
            raise VodError(
                fields.get("Code", ""),
                fields.get("Message", ""),
                request_id=request_id,
                http_status=200,
                raw=data,
            )
        media = {}
    if not isinstance(media, Mapping):
        raise ResponseFormatError("MediaSnapshot is not an object", request_id=request_id)

    first_index = (request.page_no - 1) * request.page_size + 1
    snapshots: list[Snapshot] = []
    for position, item in enumerate(_snapshot_items(media, request_id)):
        if not isinstance(item, Mapping):
            raise ResponseFormatError(
                f"snapshot #{position + 1} of the page is not an object", request_id=request_id
            )
        url = item.get("Url")
        if not isinstance(url, str) or not url.strip():
            raise ResponseFormatError(
                f"snapshot #{position + 1} of the page has no Url", request_id=request_id
            )
        raw_index = item.get("Index")
        index = (
            first_index + position
            if raw_index is None
            else _number(raw_index, f"Index of snapshot #{position + 1}", request_id)
        )
        if index < 1:
            raise ResponseFormatError(f"Index {index} is not 1-based", request_id=request_id)
        snapshots.append(Snapshot(index, url.strip()))
    snapshots.sort(key=lambda snap: snap.index)

    raw_total = media.get("Total")
    if raw_total is None:
        # Without Total, what this page proves is the only safe lower bound.
        total = max([snap.index for snap in snapshots], default=0)
    else:
        total = _number(raw_total, "Total", request_id)
    return SnapshotPage(
        request_id=request_id,
        video_id=request.video_id,
        snapshot_type=request.snapshot_type,
        page_no=request.page_no,
        page_size=request.page_size,
        total=total,
        job_id=_text(media.get("JobId")),
        creation_time=_text(media.get("CreationTime")),
        regular=_text(media.get("Regular")),
        snapshots=tuple(snapshots),
        fetched_at=fetched_at,
        auth_timeout=request.auth_timeout,
        raw=dict(data),
    )
