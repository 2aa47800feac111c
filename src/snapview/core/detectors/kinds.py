"""The names of everything a whole-video scan can report, and the shape of one finding.

Flag names are part of ``snapview scan --json`` (a publishing pipeline greps them), so they are
plain lowercase strings that never change meaning. A flag is either a *defect* (the reviewer must
look; it makes the scan exit 1) or *info* (worth knowing, expected in some sources: symmetric
letterbox bars). Fetch outcomes name why a snapshot could not be checked at all; all but ``local`` are
findings about the video (``local`` is a fault of the scanning computer, reported as a scan error).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class FrameFlag(StrEnum):
    """What a detector found on one snapshot."""

    BLACK = "black"
    UNIFORM = "uniform"
    BLURRED = "blurred"
    LETTERBOX = "letterbox"
    FROZEN = "frozen"
    REPEAT = "repeat"
    WRONG_ASPECT = "wrong_aspect"
    SPRITE_MISALIGNED = "sprite_misaligned"


class JobFlag(StrEnum):
    """What is wrong with the snapshot job as a whole."""

    JOB_FAILED = "job_failed"
    PROCESSING = "processing"
    COUNT_MISMATCH = "count_mismatch"
    MISSING_INDEX = "missing_index"


class FetchFailure(StrEnum):
    """Why a snapshot could not be checked (after retries: transient faults never end up here
    unless they persisted)."""

    NOT_FOUND = "not_found"  # 404 / 410
    EXPIRED = "expired"  # 403 on a signed link, still 403 after one refreshed link
    FORBIDDEN = "forbidden"  # 403 on a link without a signing token (nothing to refresh)
    NOT_IMAGE = "not_image"  # e.g. an HTML error page served with 200
    CORRUPT = "corrupt"  # an image format, but truncated or garbled
    EMPTY = "empty"  # a 0-byte body
    TOO_LARGE = "too_large"  # over the pixel or byte limits (decompression bombs)
    TIMEOUT = "timeout"
    NETWORK = "network"  # connection refused or reset, DNS, TLS; also a persistent 5xx or 429
    BAD_LINK = "bad_link"  # the listed URL cannot be fetched at all (scheme, syntax, bad text)
    HTTP_ERROR = "http_error"  # any other refusal that does not pass (400, 405, 451…)
    # A fault on this computer (a scratch file could not be written, a bug): not a finding about
    # the video but a scan error the user must fix before the result can be trusted.
    LOCAL = "local"

    @property
    def about_the_video(self) -> bool:
        """Whether this failure says something about the video (a finding) rather than about the
        computer that scanned it."""
        return self is not FetchFailure.LOCAL


class Severity(StrEnum):
    DEFECT = "defect"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Flag:
    """One detector's verdict on one snapshot, with what it measured (JSON-ready values)."""

    kind: FrameFlag
    details: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity = Severity.DEFECT


@dataclass(frozen=True, slots=True)
class JobFinding:
    """A problem of the whole job (not of one snapshot)."""

    kind: JobFlag
    details: Mapping[str, Any] = field(default_factory=dict)
