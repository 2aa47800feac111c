"""The video library shared by both clouds: one video's row, the category tree, a page of rows, and
the filter a user sets (title text, statuses, category, creation-time range, newest or oldest first).

Alibaba's ``SearchMedia``/``GetVideoInfos`` rows and Huawei's ``ListAssetList`` rows both become a
:class:`VideoSummary`: the provider's own status word is kept for display, and :class:`VideoState`
says what it means for snapshots, so the library pane colours and badges rows without knowing the
provider. Turning what a user typed into a filter, with a specific message for each mistake, lives in
``library_input.py``; the Alibaba wire format in ``search_media.py``. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from snapview.core.credentials import Provider


class VideoState(StrEnum):
    """What a video's status means for a snapshot reviewer, whatever the provider calls it."""

    READY = "ready"  # snapshots can be listed
    PROCESSING = "processing"  # uploading, transcoding or snapshotting: come back later
    FAILED = "failed"  # the upload, transcode or snapshot job failed
    BLOCKED = "blocked"  # blocked by review; snapshots still list
    UNKNOWN = "unknown"  # a status word this version does not know

    @property
    def has_snapshots(self) -> bool:
        return self in (VideoState.READY, VideoState.BLOCKED)


@dataclass(frozen=True, slots=True)
class VideoSummary:
    """One row of the library. ``raw`` is the provider's row as it arrived (for the inspector)."""

    provider: Provider
    video_id: str
    title: str = ""
    status: str = ""  # the provider's word: Normal, TranscodeFail, THUMBNAIL_FAILED…
    state: VideoState = VideoState.UNKNOWN
    duration: float | None = None  # seconds
    creation_time: str = (
        ""  # ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ"; the provider's text if unparsable
    )
    cover_url: str = ""
    category_id: int | None = None
    category_name: str = ""
    detail: str = ""  # why it failed, when the provider says (Huawei ``exec_desc``)
    snapshot_urls: tuple[
        str, ...
    ] = ()  # automatic snapshots the row carries (Alibaba ``Snapshots``)
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def as_json(self) -> dict[str, Any]:
        """The row as ``snapview videos --json`` prints it."""
        return {
            "video_id": self.video_id,
            "title": self.title,
            "status": self.status,
            "duration": self.duration,
            "creation_time": self.creation_time,
            "cover_url": self.cover_url,
            "category_id": self.category_id,
        }

    @property
    def created(self) -> datetime | None:
        return parse_utc(self.creation_time)


@dataclass(frozen=True, slots=True)
class Category:
    """A node of the category tree. ``children`` is None until loaded (Alibaba loads one level per
    call); Huawei's ``ListAssetCategory`` gives whole subtrees, which arrive filled in."""

    category_id: int
    name: str
    level: int = 0  # 0 is a top-level category (Alibaba has levels 0-2)
    parent_id: int | None = None  # None for a top-level category
    child_count: int | None = None  # how many children the API says it has, when it says
    children: tuple[Category, ...] | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def may_have_children(self) -> bool:
        """Whether a tree view should offer to expand this node."""
        if self.children is not None:
            return bool(self.children)
        return self.child_count is None or self.child_count > 0


@dataclass(frozen=True, slots=True)
class CategoryLevel:
    """The children of one category (``parent`` None: the top level), all pages of them."""

    parent: Category | None
    children: tuple[Category, ...]
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class VideoPage:
    """One page of a library listing, in the provider's order.

    ``total`` is the number of matches as the provider counts them (None when it did not say).
    ``unknown_ids`` lists the IDs of a lookup batch the provider does not know."""

    videos: tuple[VideoSummary, ...]
    page_no: int
    total: int | None
    request_id: str = ""
    unknown_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeBound:
    """One end of a creation-time range: an aware UTC time, with or without the end point itself."""

    at: datetime
    inclusive: bool = True

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("a TimeBound needs an aware datetime")
        object.__setattr__(self, "at", self.at.astimezone(UTC).replace(microsecond=0))

    @property
    def text(self) -> str:
        return format_utc(self.at)

    def admits_as_lower(self, when: datetime) -> bool:
        return when >= self.at if self.inclusive else when > self.at

    def admits_as_upper(self, when: datetime) -> bool:
        return when <= self.at if self.inclusive else when < self.at


@dataclass(frozen=True, slots=True)
class LibraryFilter:
    """What the user narrowed the library to. Built and validated by ``library_input.build_filter``.

    ``text`` matches titles (every term must appear); ``statuses`` are the provider's words (any
    of them); ``since``/``until`` bound the creation time."""

    text: str = ""
    statuses: tuple[str, ...] = ()
    category_id: int | None = None
    since: TimeBound | None = None
    until: TimeBound | None = None
    newest_first: bool = True

    @property
    def terms(self) -> tuple[str, ...]:
        return title_terms(self.text)

    @property
    def is_empty(self) -> bool:
        """Whether the filter lets every video through (its sort order aside)."""
        bounds = (self.category_id, self.since, self.until)
        return not self.terms and not self.statuses and all(b is None for b in bounds)

    def resumed_after(self, creation_time: datetime) -> LibraryFilter:
        """The same filter limited to the rows at or beyond ``creation_time`` in this filter's order:
        how a walk that lost its place starts again without reading what it already has."""
        bound = TimeBound(creation_time, inclusive=True)
        if self.newest_first:
            if self.until is None or bound.at < self.until.at:
                return replace(self, until=bound)
            return self
        if self.since is None or bound.at > self.since.at:
            return replace(self, since=bound)
        return self

    def matches(self, video: VideoSummary) -> bool:
        """Whether ``video`` passes this filter, judged here (for a pasted ID list narrowed by the
        filters): titles contain every term case-insensitively, as the emulator matches them."""
        title = video.title.casefold()
        if any(term.casefold() not in title for term in self.terms):
            return False
        if self.statuses and video.status.casefold() not in {s.casefold() for s in self.statuses}:
            return False
        if self.category_id is not None and video.category_id != self.category_id:
            return False
        if self.since is None and self.until is None:
            return True
        created = video.created
        if created is None:
            return False
        if self.since is not None and not self.since.admits_as_lower(created):
            return False
        return self.until is None or self.until.admits_as_upper(created)


# Quotes are the search syntax's string delimiters and have no documented escape: they separate
# terms, which a title search treats the way a tokenising search engine does.
_TERM_SPLIT = re.compile(r"[\s'\"‘’“”]+")


def title_terms(text: str) -> tuple[str, ...]:
    """The words of a title search, without duplicates, in the order typed."""
    seen: dict[str, None] = {}
    for term in _TERM_SPLIT.split(text):
        if term and term.casefold() not in {t.casefold() for t in seen}:
            seen[term] = None
    return tuple(seen)


_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.ASCII | re.IGNORECASE,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$", re.ASCII)  # Huawei


def parse_utc(text: str) -> datetime | None:
    """An aware UTC datetime from ISO 8601 (``Z`` or an offset; none means UTC) or Huawei's
    ``yyyymmddhhmmss`` (UTC); None when ``text`` is neither."""
    value = text.strip()
    match = _ISO.match(value)
    try:
        if match:
            year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
            second = int(match[6] or 0)
            zone = (match[7] or "Z").upper()
            when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            if zone != "Z":
                sign = 1 if zone[0] == "+" else -1
                digits = zone[1:].replace(":", "")
                offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
                when -= timedelta(minutes=offset)
            return when
        match = _COMPACT.match(value)
        if match:
            year, month, day, hour, minute, second = (int(match[i]) for i in range(1, 7))
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    return None


def format_utc(when: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ``, the form both the API and ``--json`` use."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_CANONICAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", re.ASCII)


def normalize_time(text: str) -> str:
    """A provider's creation time in the one form the library shows; unparsable text is kept."""
    if _CANONICAL.match(text):  # what Alibaba sends, already in this form
        return text
    when = parse_utc(text)
    return format_utc(when) if when is not None else text.strip()


def format_duration(seconds: float | None, missing: str = "-") -> str:
    """``m:ss`` or ``h:mm:ss``, as the library list and ``snapview videos`` show a duration."""
    if seconds is None:
        return missing
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
