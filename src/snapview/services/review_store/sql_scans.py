"""The store's SQL for automatic scans, shared by both backends: write a snapshot set's last scan
(one transaction, the video row with it) and read it back.

A scan is kept only if it is at least as recent as the stored one (``ON CONFLICT … DO UPDATE …
WHERE``), so a scan that waited in a fallback file and is imported later never replaces a newer
one made meanwhile (by the CLI, another window, a teammate on the shared store). The document is
stored as JSON text, which both SQLite and PostgreSQL keep as it is; a row whose document no longer
parses (edited by hand) reads as "never scanned", with a log line, rather than breaking the panel.
Nothing here touches the decision tables: a scan flag never becomes a decision.
"""

from __future__ import annotations

import json
import logging

from snapview.core.review.decisions import format_time, parse_time
from snapview.core.review.keys import VideoKey, video_ref_id
from snapview.services.review_store.interface import ScanRecord
from snapview.services.review_store.sql_session import SqlSession
from snapview.services.review_store.sql_writes import VIDEO_ROW

log = logging.getLogger("snapview.review")

_SAVE = (
    "INSERT INTO scan_result (video_ref, snapshot_type, job_id, scanned_at, total, scanned, "
    "flagged, failed, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (video_ref, snapshot_type) DO UPDATE SET job_id = excluded.job_id, "
    "scanned_at = excluded.scanned_at, total = excluded.total, scanned = excluded.scanned, "
    "flagged = excluded.flagged, failed = excluded.failed, document = excluded.document "
    "WHERE excluded.scanned_at >= scan_result.scanned_at"
)
_LAST = (
    "SELECT job_id, scanned_at, total, scanned, flagged, failed, document FROM scan_result "
    "WHERE video_ref = ? AND snapshot_type = ?"
)


def save_scan(session: SqlSession, scan: ScanRecord) -> bool:
    """Write ``scan``; True when it is now the stored last scan of its snapshot set."""
    ref = video_ref_id(scan.video)
    account = scan.video.account
    document = json.dumps(scan.document, ensure_ascii=False, separators=(",", ":"))
    with session.transaction():
        session.execute(
            VIDEO_ROW, (ref, account.provider, account.region, account.label, scan.video.video_id)
        )
        session.execute(
            _SAVE,
            (
                ref,
                scan.snapshot_type,
                scan.job_id,
                format_time(scan.scanned_at),
                scan.total,
                scan.scanned,
                scan.flagged,
                scan.failed,
                document,
            ),
        )
    # Read back outside the pipeline (PostgreSQL's rowcount of a pipelined upsert is not known
    # until it is synced): the row holds this scan exactly when its time is this scan's.
    row = session.execute(_LAST, (ref, scan.snapshot_type)).fetchone()
    return row is not None and row[1] == format_time(scan.scanned_at)


def last_scan(session: SqlSession, video: VideoKey, snapshot_type: str) -> ScanRecord | None:
    row = session.execute(_LAST, (video_ref_id(video), snapshot_type)).fetchone()
    if row is None:
        return None
    try:
        document = json.loads(row[6])
        if not isinstance(document, dict):
            raise ValueError("the document is not a JSON object")
        scanned_at = parse_time(row[1])
    except ValueError as exc:
        log.warning("ignoring an unreadable stored scan of %s: %s", video.video_id, exc)
        return None
    return ScanRecord(
        video,
        snapshot_type,
        job_id=str(row[0]),
        scanned_at=scanned_at,
        document=document,
        total=None if row[2] is None else int(row[2]),
        scanned=int(row[3]),
        flagged=int(row[4]),
        failed=int(row[5]),
    )
