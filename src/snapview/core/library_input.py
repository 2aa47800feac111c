"""What a user types into the library's search and filters, or pastes as a list of video IDs,
turned into a :class:`~snapview.core.library.LibraryFilter` or an :class:`IdList` — with a specific,
translatable message for each mistake (a date that is not a date, a range the wrong way round, a
status the provider does not have, a line of an ID list that holds no ID).

An ID list keeps its valid part: every line that holds IDs contributes them, and each line that does
not is reported with its number, so one typo never throws away the other 199 IDs. Pure: the caller
passes the time zone and "now" (for ``today``) in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.library import LibraryFilter, TimeBound, format_utc, title_terms

_CONTEXT = "Library"
MAX_TEXT = 128  # Alibaba titles are at most 128 bytes; a longer search cannot match anything
VIDEO_ID = re.compile(r"^[0-9a-f]{32}$")


class LibraryInputError(UserFacingError):
    """A filter value that cannot be used; ``field`` names it (text, status, category, since, until)."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__(message)
        self.field = field


def _error(field: str, template: str, **params: object) -> LibraryInputError:
    return LibraryInputError(field, Message(_CONTEXT, template, params))


# --- dates ---------------------------------------------------------------------------------------

_DATE_SHAPE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$", re.ASCII)
_DATETIME_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d", re.ASCII | re.IGNORECASE)
_NOT_A_DATE = QT_TRANSLATE_NOOP(
    "Library",
    "“{value}” is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (with Z or +08:00 for another time zone).",
)
_TODAY = {"today", "今天"}
_YESTERDAY = {"yesterday", "昨天"}


def _day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz)


def parse_time_bound(
    text: str,
    *,
    end: bool,
    tz: tzinfo = UTC,
    now: datetime | None = None,
    field: str | None = None,
) -> TimeBound | None:
    """One end of a creation-time range, or None for an empty value.

    A day (``2026-11-20``, ``today``, ``yesterday``) means that whole day in ``tz``: as a start it
    includes its midnight, as an end it stops before the next midnight. A time without an offset is
    in ``tz`` too; ``Z`` or ``+08:00`` say otherwise."""
    name = field or ("until" if end else "since")
    value = text.strip()
    if not value:
        return None
    lowered = value.casefold()
    day: date | None = None
    if lowered in _TODAY or lowered in _YESTERDAY:
        current = (now or datetime.now(UTC)).astimezone(tz)
        day = current.date() - timedelta(days=1 if lowered in _YESTERDAY else 0)
    else:
        shape = _DATE_SHAPE.match(value)
        if shape:
            try:
                day = date(int(shape[1]), int(shape[2]), int(shape[3]))
            except ValueError:
                raise _error(
                    name,
                    QT_TRANSLATE_NOOP("Library", "“{value}” is not a date of the calendar."),
                    value=value,
                ) from None
    if day is not None:
        if end:
            return TimeBound(_day_start(day + timedelta(days=1), tz), inclusive=False)
        return TimeBound(_day_start(day, tz), inclusive=True)
    try:
        when = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        if _DATETIME_SHAPE.match(value):
            template = QT_TRANSLATE_NOOP(
                "Library", "“{value}” is not a valid time; use YYYY-MM-DDTHH:MM:SS, e.g. {example}."
            )
        else:
            template = _NOT_A_DATE
        raise _error(name, template, value=value[:40], example="2026-11-20T08:00:00") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return TimeBound(when, inclusive=True)


# --- statuses and categories ---------------------------------------------------------------------


def parse_statuses(values: Iterable[str], known: Sequence[str]) -> tuple[str, ...]:
    """Status words in the provider's spelling, case-insensitively; commas separate several.
    Duplicates are dropped; an unknown word raises, naming the closest known one."""
    by_key = {status.casefold(): status for status in known}
    chosen: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            word = part.strip()
            if not word:
                continue
            status = by_key.get(word.casefold())
            if status is None:
                close = difflib.get_close_matches(word.casefold(), list(by_key), n=1, cutoff=0.75)
                if close:
                    raise _error(
                        "status",
                        QT_TRANSLATE_NOOP(
                            "Library", "Unknown status “{value}” — did you mean {suggestion}?"
                        ),
                        value=word[:40],
                        suggestion=by_key[close[0]],
                    )
                raise _error(
                    "status",
                    QT_TRANSLATE_NOOP("Library", "Unknown status “{value}”; use one of {choices}."),
                    value=word[:40],
                    choices=", ".join(known),
                )
            chosen[status] = None
    return tuple(chosen)


def parse_category(value: str | int | None) -> int | None:
    """A category ID (a whole number, 0 or more), or None for an empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]{1,18}", text, re.ASCII):
        raise _error(
            "category",
            QT_TRANSLATE_NOOP(
                "Library", "“{value}” is not a category ID; a category ID is a whole number."
            ),
            value=text[:40],
        )
    return int(text)


# --- the whole filter ----------------------------------------------------------------------------


def build_filter(
    *,
    text: str = "",
    statuses: Iterable[str] = (),
    category: str | int | None = None,
    since: str = "",
    until: str = "",
    known_statuses: Sequence[str],
    newest_first: bool = True,
    tz: tzinfo = UTC,
    now: datetime | None = None,
) -> LibraryFilter:
    """A validated filter; raises :class:`LibraryInputError` for the first unusable value."""
    query = " ".join(text.split())
    if len(query.encode("utf-8")) > MAX_TEXT:
        raise _error(
            "text",
            QT_TRANSLATE_NOOP(
                "Library",
                "The search text is too long ({length} bytes); titles have at most {max} bytes.",
            ),
            length=len(query.encode("utf-8")),
            max=MAX_TEXT,
        )
    lower = parse_time_bound(since, end=False, tz=tz, now=now)
    upper = parse_time_bound(until, end=True, tz=tz, now=now)
    if lower is not None and upper is not None:
        empty = lower.at > upper.at or (
            lower.at == upper.at and not (lower.inclusive and upper.inclusive)
        )
        if empty:
            raise _error(
                "until",
                QT_TRANSLATE_NOOP(
                    "Library",
                    "The date range is the wrong way round: it starts {since} and ends {until}. Swap the dates.",
                ),
                since=since.strip(),
                until=until.strip(),
                since_utc=format_utc(lower.at),
                until_utc=format_utc(upper.at),
            )
    return LibraryFilter(
        text=" ".join(title_terms(query)),
        statuses=parse_statuses(statuses, known_statuses),
        category_id=parse_category(category),
        since=lower,
        until=upper,
        newest_first=newest_first,
    )


# --- pasted ID lists -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """A line of an ID list that was not used, with why."""

    line: int  # 1-based
    text: str
    reason: Message


@dataclass(frozen=True, slots=True)
class IdList:
    """The IDs of a pasted list, unique and in first-seen order, and the lines that were not used."""

    ids: tuple[str, ...]
    rejected: tuple[RejectedLine, ...] = ()
    duplicates: int = 0


_TOKEN_SPLIT = re.compile(r"[\s,;|]+")
_TOKEN_TRIM = "\"'`()[]{}<>"
# A token someone meant as an ID: letters and digits only, about the right length.
_NEAR_ID = re.compile(r"^[0-9A-Za-z_-]{16,64}$", re.ASCII)


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _rejected(number: int, line: str, template: str, **params: object) -> RejectedLine:
    return RejectedLine(number, _shown(line), Message(_CONTEXT, template, params))


def parse_id_list(text: str, *, pattern: re.Pattern[str] = VIDEO_ID) -> IdList:
    """The video IDs in ``text``: one or more per line, separated by spaces, commas or semicolons,
    quotes and brackets ignored (a JSON array or a CSV column pastes fine), ``#`` starts a comment.
    IDs are matched case-insensitively and kept in lower case.

    A line's words that are not IDs are ignored when the line has an ID (a CSV row with a title);
    a line without any ID is rejected, and so is a word that looks like a mistyped ID."""
    ids: dict[str, None] = {}
    rejected: list[RejectedLine] = []
    duplicates = 0
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        found = 0
        for raw in _TOKEN_SPLIT.split(content):
            token = raw.strip(_TOKEN_TRIM)
            if not token:
                continue
            candidate = token.lower()
            if pattern.match(candidate):
                found += 1
                if candidate in ids:
                    duplicates += 1
                else:
                    ids[candidate] = None
            elif _NEAR_ID.match(token) and any(ch.isdigit() for ch in token):
                found += 1  # counted as an attempt, so the line is not also reported as empty
                template = QT_TRANSLATE_NOOP(
                    "Library",
                    "“{value}” is not a video ID ({length} characters; a video ID has 32 hexadecimal characters).",
                )
                rejected.append(
                    _rejected(number, line, template, value=token[:64], length=len(token))
                )
        if not found:
            template = QT_TRANSLATE_NOOP("Library", "No video ID on this line: “{value}”.")
            rejected.append(_rejected(number, line, template, value=_shown(line)))
    return IdList(tuple(ids), tuple(rejected), duplicates)
