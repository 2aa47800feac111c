"""A scan report as the JSON object ``snapview scan --json`` prints (one per video) and the lines of
its table — the shape a publishing pipeline reads, so it changes only by adding keys.

``{"video_id", "provider", "snapshot_type", "job_id", "total", "snapshots": [{"index", "offset",
"state", "failure", "flags", "details"}], "job_flags": [{"flag", …}], "summary": {"scanned",
"failed", "flagged", "errors", "by_flag", "by_failure"}}``. ``snapshot_type`` is the Alibaba type
or the Huawei kind (``sample``, ``dots``, ``quantity``); ``offset`` is the snapshot's second in the
video where the provider gives it (Huawei), else null. ``state`` is ``ok``, ``failed`` (a finding:
the snapshot cannot be loaded) or ``error`` (``failure`` ``local``: this computer could not check
it — counted in ``errors``, never in ``failed`` or ``by_failure``). ``details`` maps each flag (and
the failure) to what was measured; a failure's details carry the link with its token redacted.
``flagged`` counts snapshots with a defect; ``by_flag`` counts every flag, info ones (symmetric
letterbox) included.
"""

from __future__ import annotations

from typing import Any

from snapview.core.redaction import redact, redact_url
from snapview.services.scanner import ScanReport, SnapshotOutcome


def snapshot_entry(outcome: SnapshotOutcome) -> dict[str, Any]:
    details: dict[str, Any] = {}
    for flag in outcome.flags:
        details[flag.kind.value] = {**flag.details, "severity": flag.severity.value}
    if outcome.failure is not None:
        details[outcome.failure.value] = {
            "reason": redact(outcome.reason.english()) if outcome.reason else "",
            "http_status": outcome.http_status,
            "url": redact_url(outcome.url),
            "attempts": outcome.attempts,
        }
    state = "failed" if outcome.failed else "error" if outcome.scan_error else "ok"
    return {
        "index": outcome.index,
        "offset": _number(outcome.offset_s),
        "state": state,
        "failure": outcome.failure.value if outcome.failure is not None else None,
        "flags": [flag.kind.value for flag in outcome.flags],
        "details": details,
    }


def scan_document(report: ScanReport) -> dict[str, Any]:
    return {
        "video_id": report.video_id,
        "provider": report.provider,
        "snapshot_type": report.snapshot_type,
        "job_id": report.job_id,
        "total": report.total,
        "snapshots": [snapshot_entry(s) for s in report.snapshots],
        "job_flags": [{"flag": f.kind.value, **f.details} for f in report.job_findings],
        "summary": {
            "scanned": len(report.snapshots),
            "failed": report.failed,
            "flagged": report.flagged,
            "errors": report.errors,
            "by_flag": report.by_flag(),
            "by_failure": report.by_failure(),
        },
    }


def _number(value: float | None) -> float | int | None:
    """Whole seconds as an integer (``12``, not ``12.0``), as ``snapview ls --json`` prints them."""
    return int(value) if value is not None and float(value).is_integer() else value


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _describe(details: dict[str, Any]) -> str:
    parts = []
    for key, value in details.items():
        if key in ("severity", "url", "reason", "attempts") or value in (None, [], ""):
            continue
        if key.endswith("_count") and value == 0:
            continue
        parts.append(f"{key.replace('_', ' ')} {_text(value)}")
    return "; ".join(parts)


def table_lines(report: ScanReport) -> list[str]:
    """The human-readable report: a header, one line per finding, the summary."""
    scanned = len(report.snapshots)
    lines = [
        f"Video         {report.video_id}  ({report.snapshot_type}, {report.provider})",
        f"JobId         {report.job_id or '-'}",
        f"Total         {report.total if report.total is not None else '-'}"
        + (f"  ({scanned} listed)" if report.total not in (None, scanned) else ""),
    ]
    rows: list[tuple[str, str, str]] = []
    for finding in report.job_findings:
        rows.append(("job", finding.kind.value, _describe(dict(finding.details))))
    for outcome in report.snapshots:
        where = str(outcome.index)
        if (
            outcome.offset_s is not None
        ):  # Huawei: the second in the video says more than a position
            where = f"{outcome.index} ({outcome.offset_s:g} s)"
        if outcome.failure is not None:
            reason = redact(outcome.reason.english()) if outcome.reason else ""
            if outcome.scan_error:
                reason = f"(not checked: a problem on this computer) {reason}"
            rows.append((where, outcome.failure.value, reason))
        for flag in outcome.flags:
            text = _describe(dict(flag.details))
            if flag.severity.value == "info":
                text = f"(info) {text}"
            rows.append((where, flag.kind.value, text))
    lines.append("")
    if rows:
        width = max(5, *(len(r[0]) for r in rows))
        kind_width = max(len(r[1]) for r in rows)
        lines.append(f"{'Index':>{width}}  {'Finding':<{kind_width}}  Details")
        lines += [f"{a:>{width}}  {b:<{kind_width}}  {c}".rstrip() for a, b, c in rows]
    else:
        lines.append("No defects found.")
    state = "cancelled after" if report.cancelled else "scanned"
    lines.append("")
    errors = f", {report.errors} not checked (local errors)" if report.errors else ""
    lines.append(
        f"{state} {scanned} snapshots in {report.elapsed_s:.1f} s: "
        f"{report.failed} failed, {report.flagged} flagged, {len(report.job_findings)} job findings"
        f"{errors}"
    )
    return lines
