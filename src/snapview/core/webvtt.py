"""A lenient parser for the WebVTT thumbnail tracks of ``WebVttSnapshot`` (SPEC A.2): each cue maps a
time range to an image, or to a region of a sprite sheet given as a media fragment
(``sprite.jpg#xywh=0,0,120,68``, ``#xywh=pixel:…``, ``#xywh=percent:…``).

Real files stray from the W3C grammar, so this accepts optional cue ids, ``mm:ss.ttt`` times, ``,``
as the millisecond separator, fractions of 1-3 digits, cue settings after the end time, NOTE/STYLE/
REGION blocks and a missing header when cues follow. A cue that cannot be read is skipped and
reported with its line number; a file with no usable cue raises :class:`WebVttError` naming the line
that went wrong. Relative image URLs resolve against the ``.vtt`` URL, and the ``.vtt``'s query
(the CDN ``auth_key``) is carried over to image URLs on the same host that have none — otherwise
every sprite would answer 403 (an inference; no real Aliyun ``.vtt`` sample is public).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit, urlunsplit

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

_CONTEXT = "WebVtt"


class RegionUnit(StrEnum):
    PIXEL = "pixel"
    PERCENT = "percent"


@dataclass(frozen=True, slots=True)
class Region:
    """A rectangle of the cue's image, in pixels or in percent of the image size."""

    x: float
    y: float
    w: float
    h: float
    unit: RegionUnit = RegionUnit.PIXEL

    def to_pixels(self, image_width: int, image_height: int) -> tuple[int, int, int, int]:
        """``(x, y, w, h)`` in pixels of an image of the given size (percent regions are scaled)."""
        if self.unit is RegionUnit.PERCENT:
            x = self.x * image_width / 100
            y = self.y * image_height / 100
            w = self.w * image_width / 100
            h = self.h * image_height / 100
            return round(x), round(y), round(w), round(h)
        return round(self.x), round(self.y), round(self.w), round(self.h)


@dataclass(frozen=True, slots=True)
class Cue:
    """One thumbnail cue. ``image_url`` is absolute when a base URL was given, without the fragment."""

    start_ms: int
    end_ms: int
    image_url: str
    region: Region | None
    cue_id: str | None
    line: int  # 1-based line of the timing line


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found at a 1-based line; the cue there was skipped (or the header was missing)."""

    line: int
    message: Message

    def english(self) -> str:
        return f"line {self.line}: {self.message.english()}"


@dataclass(frozen=True, slots=True)
class WebVttTrack:
    cues: tuple[Cue, ...]
    issues: tuple[Issue, ...]

    def image_urls(self) -> list[str]:
        """The distinct images (sprite sheets) in order of first use."""
        return list(dict.fromkeys(cue.image_url for cue in self.cues))


class WebVttError(UserFacingError, ValueError):
    """The file holds no usable cue; ``line`` points at the first problem (1-based)."""

    def __init__(self, line: int, message: Message, issues: tuple[Issue, ...] = ()) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.issues = issues

    def __str__(self) -> str:
        return f"line {self.line}: {self.message.english()}"


def _msg(template: str, **params: object) -> Message:
    return Message(_CONTEXT, template, params)


_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(r"^\s*" + _TIME + r"\s*-->\s*" + _TIME + r"(?:\s+.*)?$")
_XYWH = re.compile(
    r"(?:^|&)xywh=(?:(pixel|percent):)?"
    r"\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*$",
    re.IGNORECASE,
)


def parse_time_ms(text: str) -> int | None:
    """``hh:mm:ss.ttt``, ``mm:ss.ttt`` (``,`` also separates ms) in milliseconds, or None."""
    match = re.fullmatch(_TIME, text.strip())
    return _groups_to_ms(match.groups()) if match else None


def _groups_to_ms(groups: tuple[str | None, ...]) -> int | None:
    hours, minutes, seconds, fraction = groups
    if minutes is None or seconds is None:
        return None
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    ms = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms


def parse_region(fragment: str) -> Region | None:
    """The region of a ``xywh=`` media fragment (without ``#``), or None when there is none.

    Raises ValueError for a fragment that names ``xywh`` but is malformed or empty in size.
    """
    if "xywh" not in fragment.lower():
        return None
    match = _XYWH.search(fragment.strip())
    if match is None:
        raise ValueError("malformed")
    unit = RegionUnit((match.group(1) or "pixel").lower())
    x, y, w, h = (float(g) for g in match.groups()[1:])
    if w <= 0 or h <= 0 or x < 0 or y < 0:
        raise ValueError("empty")
    return Region(x, y, w, h, unit)


def resolve_image_url(reference: str, base_url: str) -> str:
    """``reference`` made absolute against the ``.vtt`` URL; a same-host URL without a query gets the
    ``.vtt``'s query (its signing token). The token never goes to another host."""
    if not base_url:
        return reference
    resolved = urljoin(base_url, reference)
    base = urlsplit(base_url)
    parts = urlsplit(resolved)
    if (
        not parts.query
        and base.query
        and (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
    ):
        resolved = urlunsplit((parts.scheme, parts.netloc, parts.path, base.query, ""))
    return resolved


def parse_webvtt(text: str, base_url: str = "") -> WebVttTrack:
    """Parse a WebVTT thumbnail track. Raises :class:`WebVttError` when no cue can be read."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    issues: list[Issue] = []
    cues: list[Cue] = []
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise WebVttError(1, _msg(QT_TRANSLATE_NOOP("WebVtt", "The file is empty.")))
    header_ok = lines[first].strip().startswith("WEBVTT")
    if not header_ok:
        issues.append(Issue(first + 1, _msg(QT_TRANSLATE_NOOP("WebVtt", "No WEBVTT header."))))

    start = first
    if header_ok:
        # Header metadata lines (Kind:, X-TIMESTAMP-MAP=…) run until the first blank line; a timing
        # line right under the header (no blank line) still starts a cue.
        start = first + 1
        while start < len(lines) and lines[start].strip() and "-->" not in lines[start]:
            start += 1
        if start < len(lines) and "-->" in lines[start] and start - 1 > first:
            start -= 1  # the line above the timing is its cue id
    for block in _blocks(lines, start):
        cue = _parse_block(block, base_url, issues)
        if cue is not None:
            cues.append(cue)
    if cues:
        return WebVttTrack(tuple(cues), tuple(issues))
    if not header_ok:
        raise WebVttError(
            first + 1,
            _msg(
                QT_TRANSLATE_NOOP("WebVtt", "Not a WebVTT file (it starts with “{start}”)."),
                start=lines[first].strip()[:40],
            ),
            tuple(issues),
        )
    if issues:
        raise WebVttError(issues[0].line, issues[0].message, tuple(issues))
    raise WebVttError(len(lines), _msg(QT_TRANSLATE_NOOP("WebVtt", "The file has no cues.")))


def _blocks(lines: list[str], start: int) -> list[list[tuple[int, str]]]:
    """Blank-line separated blocks of (1-based line number, text)."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            current.append((index + 1, line.strip()))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _parse_block(block: list[tuple[int, str]], base_url: str, issues: list[Issue]) -> Cue | None:
    head = block[0][1]
    if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
        return None
    timing_at = next((i for i, (_, text) in enumerate(block) if "-->" in text), None)
    if timing_at is None or timing_at > 1:
        issues.append(
            Issue(
                block[0][0], _msg(QT_TRANSLATE_NOOP("WebVtt", "No cue timing (“start --> end”)."))
            )
        )
        return None
    cue_id = block[0][1] if timing_at == 1 else None
    line_no, timing = block[timing_at]
    match = _TIMING.match(timing)
    start = _groups_to_ms(match.groups()[:4]) if match else None
    end = _groups_to_ms(match.groups()[4:]) if match else None
    if start is None or end is None:
        issues.append(
            Issue(
                line_no,
                _msg(
                    QT_TRANSLATE_NOOP("WebVtt", "Cannot read the cue times “{timing}”."),
                    timing=timing[:60],
                ),
            )
        )
        return None
    if end < start:
        issues.append(
            Issue(line_no, _msg(QT_TRANSLATE_NOOP("WebVtt", "The cue ends before it starts.")))
        )
        return None
    payload = block[timing_at + 1 :]
    if not payload:
        issues.append(Issue(line_no, _msg(QT_TRANSLATE_NOOP("WebVtt", "The cue has no image."))))
        return None
    payload_line, reference = payload[0]
    reference, _, fragment = reference.partition("#")
    reference = reference.strip()
    if not reference:
        issues.append(
            Issue(payload_line, _msg(QT_TRANSLATE_NOOP("WebVtt", "The cue has no image.")))
        )
        return None
    try:
        region = parse_region(fragment)
    except ValueError:
        issues.append(
            Issue(
                payload_line,
                _msg(
                    QT_TRANSLATE_NOOP("WebVtt", "Cannot read the image region “{fragment}”."),
                    fragment=fragment[:60],
                ),
            )
        )
        return None
    try:
        url = resolve_image_url(reference, base_url)
        scheme = urlsplit(url).scheme.lower()
        if scheme and scheme not in ("http", "https"):
            raise ValueError(scheme)  # file:, javascript: and the like are never fetched
    except ValueError:  # also an unbalanced "[" taken for an IPv6 host
        issues.append(
            Issue(
                payload_line,
                _msg(
                    QT_TRANSLATE_NOOP("WebVtt", "Cannot read the image link “{link}”."),
                    link=reference[:60],
                ),
            )
        )
        return None
    return Cue(start, end, url, region, cue_id, line_no)
