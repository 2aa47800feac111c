"""The CSV and JSON exports of a report (columns and fields: docs/review.md).

CSV is for people: UTF-8 with a byte-order mark, which is what makes Excel open Chinese comments
correctly (without it Excel guesses the ANSI code page), one row per reviewed snapshot, the reason
label in the chosen language next to its stable code, and text that would run as a formula made
inert. JSON is for machines and hand-over: every current decision of the scope (cleared ones too,
so a clear propagates on import), the videos with their snapshot sets and verdict overrides.
Files are written to a temporary name and renamed, so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from snapview import __version__
from snapview.core.i18n import Message
from snapview.core.review import interchange
from snapview.core.review.report import ReportData
from snapview.services.review_store.interface import PendingWrites

Translate = Callable[[Message], str]


def _english(message: Message) -> str:
    return message.english()


def csv_text(report: ReportData, translate: Translate = _english) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, what Excel writes itself
    writer.writerow(interchange.CSV_COLUMNS)
    for video in report.videos:
        for decision in video.reviewed():
            label = translate(decision.reason.label) if decision.reason else ""
            writer.writerow(
                interchange.csv_row(
                    decision,
                    stale=video.stale(decision),
                    reason_label=label,
                    video_verdict=video.summary.verdict,
                )
            )
    return buffer.getvalue()


def json_document(report: ReportData) -> dict[str, object]:
    from snapview.core.review.decisions import format_time

    scope = report.scope
    return interchange.document(
        exported_at=report.generated_at,
        app_version=__version__,
        scope={
            "video_ids": list(scope.video_ids),
            "since": format_time(scope.since) if scope.since else None,
            "until": format_time(scope.until) if scope.until else None,
            "exported_by": report.generated_by,
        },
        videos=[interchange.video_fields(v.summary, v.sets) for v in report.videos],
        decisions=[
            interchange.decision_fields(d, stale=video.stale(d))
            for video in report.videos
            for d in video.decisions
        ],
    )


def pending_document(
    pending: PendingWrites, *, exported_by: str, now: datetime
) -> dict[str, object]:
    """Decisions a store could not write, as a document ``snapview review import`` takes: what the
    app offers to save elsewhere when it quits with the store still unwritable."""
    from snapview.core.review.decisions import format_time

    videos: dict[object, dict[str, object]] = {}
    for override in pending.overrides:
        videos[override.video] = {
            **interchange.account_fields(override.video.account),
            "video_id": override.video.video_id,
            "override": interchange.override_fields(override),
            "snapshot_sets": [],
        }
    return interchange.document(
        exported_at=now,
        app_version=__version__,
        scope={"pending": True, "exported_by": exported_by, "saved_at": format_time(now)},
        videos=list(videos.values()),
        decisions=[interchange.decision_fields(d, stale=False) for d in pending.decisions],
    )


def json_text(report: ReportData) -> str:
    return json.dumps(json_document(report), ensure_ascii=False, indent=2) + "\n"


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` at ``path``, all or nothing (temp file in the same folder, fsync, rename)."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_csv(report: ReportData, path: Path, translate: Translate = _english) -> None:
    write_atomically(path, csv_text(report, translate).encode("utf-8-sig"))


def write_json(report: ReportData, path: Path) -> None:
    write_atomically(path, json_text(report).encode("utf-8"))
