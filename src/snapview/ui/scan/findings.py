"""A scan document (the JSON of ``snapview scan --json``, live or stored) as the Defects panel and
the tiles show it: findings grouped by kind in a fixed order, each with the words a reviewer reads,
and the short badge a tile carries.

Both a running scan (entries made from each ``SnapshotChecked``) and a stored one go through the
same :func:`group_findings`, so what the panel shows never depends on where the findings came from.
Info flags (a symmetric letterbox: a source shot that way) are listed, marked as such, but never
count as defects, never get a badge and are skipped by F8.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from snapview.ui.tr import tr_format

# The panel's order: what a reviewer must look at first, then the job as a whole.
FRAME_KINDS = (
    "black",
    "uniform",
    "blurred",
    "letterbox",
    "frozen",
    "repeat",
    "wrong_aspect",
    "sprite_misaligned",
)
FAILED = "failed"  # every failure that is a finding about the video
ERROR = "error"  # snapshots this computer could not check
JOB = "job"
GROUP_ORDER = (*FRAME_KINDS, FAILED, ERROR, JOB)


def kind_label(kind: str) -> str:
    labels = {
        "black": QCoreApplication.translate("ScanFindings", "Black frames"),
        "uniform": QCoreApplication.translate("ScanFindings", "Uniform colour"),
        "blurred": QCoreApplication.translate("ScanFindings", "Blurred"),
        "letterbox": QCoreApplication.translate("ScanFindings", "Letterbox bars"),
        "frozen": QCoreApplication.translate("ScanFindings", "Frozen"),
        "repeat": QCoreApplication.translate("ScanFindings", "Repeated frames"),
        "wrong_aspect": QCoreApplication.translate("ScanFindings", "Wrong aspect ratio"),
        "sprite_misaligned": QCoreApplication.translate("ScanFindings", "Misaligned sprite sheets"),
        FAILED: QCoreApplication.translate("ScanFindings", "Could not be loaded"),
        ERROR: QCoreApplication.translate("ScanFindings", "Not checked (problem on this computer)"),
        JOB: QCoreApplication.translate("ScanFindings", "Snapshot job"),
    }
    return labels.get(kind, kind)


def badge_text(kind: str) -> str:
    """The few letters on a tile (the tooltip and the panel say the rest)."""
    badges = {
        "black": QCoreApplication.translate("ScanFindings", "BLACK"),
        "uniform": QCoreApplication.translate("ScanFindings", "FLAT"),
        "blurred": QCoreApplication.translate("ScanFindings", "BLUR"),
        "letterbox": QCoreApplication.translate("ScanFindings", "BARS"),
        "frozen": QCoreApplication.translate("ScanFindings", "FROZEN"),
        "repeat": QCoreApplication.translate("ScanFindings", "REPEAT"),
        "wrong_aspect": QCoreApplication.translate("ScanFindings", "ASPECT"),
        "sprite_misaligned": QCoreApplication.translate("ScanFindings", "SPRITE"),
        FAILED: QCoreApplication.translate("ScanFindings", "FAILED"),
    }
    return badges.get(kind, kind.upper())


def failure_label(failure: str) -> str:
    labels = {
        "not_found": QCoreApplication.translate("ScanFindings", "Not found (404)"),
        "expired": QCoreApplication.translate(
            "ScanFindings", "Link expired (still 403 after a fresh link)"
        ),
        "forbidden": QCoreApplication.translate("ScanFindings", "Access denied (403)"),
        "not_image": QCoreApplication.translate("ScanFindings", "Not an image"),
        "corrupt": QCoreApplication.translate("ScanFindings", "Corrupt or truncated image"),
        "empty": QCoreApplication.translate("ScanFindings", "Empty file (0 bytes)"),
        "too_large": QCoreApplication.translate("ScanFindings", "Too large"),
        "timeout": QCoreApplication.translate("ScanFindings", "Timed out"),
        "network": QCoreApplication.translate("ScanFindings", "Network error"),
        "bad_link": QCoreApplication.translate("ScanFindings", "Unusable link"),
        "http_error": QCoreApplication.translate("ScanFindings", "Refused by the server"),
        "local": QCoreApplication.translate("ScanFindings", "Problem on this computer"),
    }
    return labels.get(failure, failure)


def _colour_label(name: str) -> str:
    names = {
        "green": QCoreApplication.translate("ScanFindings", "green"),
        "grey": QCoreApplication.translate("ScanFindings", "grey"),
        "black": QCoreApplication.translate("ScanFindings", "black"),
        "white": QCoreApplication.translate("ScanFindings", "white"),
        "red": QCoreApplication.translate("ScanFindings", "red"),
        "blue": QCoreApplication.translate("ScanFindings", "blue"),
        "magenta": QCoreApplication.translate("ScanFindings", "magenta"),
        "yellow": QCoreApplication.translate("ScanFindings", "yellow"),
        "cyan": QCoreApplication.translate("ScanFindings", "cyan"),
    }
    return names.get(name, name)


def flag_detail(kind: str, details: Mapping[str, Any]) -> str:
    """What the detector measured, in a few words."""
    if kind == "uniform":
        colour = str(details.get("colour") or "")
        return tr_format(
            QCoreApplication.translate("ScanFindings", "solid {colour} ({rgb})"),
            colour=_colour_label(colour),
            rgb=details.get("rgb", ""),
        )
    if kind == "letterbox":
        sides = [
            tr_format(
                QCoreApplication.translate("ScanFindings", "{side} {px} px"),
                side=side_label,
                px=details.get(f"{side}_px", 0),
            )
            for side, side_label in (
                ("top", QCoreApplication.translate("ScanFindings", "top")),
                ("bottom", QCoreApplication.translate("ScanFindings", "bottom")),
                ("left", QCoreApplication.translate("ScanFindings", "left")),
                ("right", QCoreApplication.translate("ScanFindings", "right")),
            )
            if details.get(f"{side}_px")
        ]
        text = ", ".join(sides)
        if details.get("severity") == "info":
            text += " " + QCoreApplication.translate("ScanFindings", "(even bars: info only)")
        return text
    if kind == "frozen":
        return tr_format(
            QCoreApplication.translate("ScanFindings", "run #{start}–#{end}, {length} frames"),
            start=details.get("run_start", "?"),
            end=details.get("run_end", "?"),
            length=details.get("run_length", "?"),
        )
    if kind == "repeat":
        return tr_format(
            QCoreApplication.translate("ScanFindings", "same picture as #{index}"),
            index=details.get("same_as", "?"),
        )
    if kind == "wrong_aspect":
        return tr_format(
            QCoreApplication.translate(
                "ScanFindings", "{width}×{height}, the others are {expected}"
            ),
            width=details.get("width", "?"),
            height=details.get("height", "?"),
            expected=details.get("expected_size", "?"),
        )
    if kind == "blurred":
        return tr_format(
            QCoreApplication.translate("ScanFindings", "sharpness {value}"),
            value=details.get("laplacian_variance", "?"),
        )
    return ""


def job_detail(finding: Mapping[str, Any]) -> tuple[str, str]:
    """(title, detail) of a job finding."""
    flag = str(finding.get("flag", ""))
    if flag == "count_mismatch":
        return QCoreApplication.translate("ScanFindings", "Count mismatch"), tr_format(
            QCoreApplication.translate("ScanFindings", "Total says {total}, {listed} listed"),
            total=finding.get("total", "?"),
            listed=finding.get("listed", "?"),
        )
    if flag == "missing_index":
        missing = ", ".join(f"#{n}" for n in finding.get("missing") or [])
        return QCoreApplication.translate("ScanFindings", "Missing or repeated indexes"), missing
    if flag == "job_failed":
        return QCoreApplication.translate("ScanFindings", "The snapshot job failed"), str(
            finding.get("exec_desc") or finding.get("message") or finding.get("code") or ""
        )
    if flag == "processing":
        return QCoreApplication.translate("ScanFindings", "Still processing"), str(
            finding.get("message") or finding.get("code") or ""
        )
    return flag, ""


@dataclass(frozen=True)
class Finding:
    """One row of the panel: a snapshot (``index``) or the job (``index`` None)."""

    kind: str
    index: int | None
    title: str
    detail: str = ""
    defect: bool = True


@dataclass
class FindingGroups:
    """Findings by kind (in :data:`GROUP_ORDER`), and which snapshots carry a defect."""

    groups: dict[str, list[Finding]] = field(default_factory=dict)
    # Snapshot index -> the badge kinds of its defects (info flags get none).
    badges: dict[int, list[str]] = field(default_factory=dict)

    @property
    def flagged_indexes(self) -> list[int]:
        """Snapshots with a defect or a failure, in order (what F8 walks)."""
        return sorted(self.badges)

    def count(self, kind: str) -> int:
        return len(self.groups.get(kind, ()))

    def ordered(self) -> list[tuple[str, list[Finding]]]:
        return [(kind, self.groups[kind]) for kind in GROUP_ORDER if self.groups.get(kind)]

    def add_entry(self, entry: Mapping[str, Any]) -> None:
        """One snapshot's entry (a running scan adds them as they come, in any order)."""
        index = int(entry.get("index") or 0)
        details = entry.get("details") or {}
        title = _snapshot_title(entry)
        for kind in entry.get("flags") or ():
            flag_details = details.get(kind) or {}
            defect = flag_details.get("severity", "defect") != "info"
            self._add(kind, Finding(kind, index, title, flag_detail(kind, flag_details), defect))
            if defect:
                self.badges.setdefault(index, []).append(kind)
        failure = entry.get("failure")
        if failure:
            group = ERROR if entry.get("state") == "error" else FAILED
            finding = Finding(group, index, title, failure_label(str(failure)), group == FAILED)
            self._add(group, finding)
            if group == FAILED:
                self.badges.setdefault(index, []).append(FAILED)

    def _add(self, kind: str, finding: Finding) -> None:
        self.groups.setdefault(kind, []).append(finding)


def _snapshot_title(entry: Mapping[str, Any]) -> str:
    title = tr_format(
        QCoreApplication.translate("ScanFindings", "Snapshot #{index}"), index=entry.get("index")
    )
    offset = entry.get("offset")
    if isinstance(offset, int | float):
        minutes, seconds = divmod(int(offset), 60)
        title += f"  {minutes:02d}:{seconds:02d}"
    return title


def group_findings(
    entries: Iterable[Mapping[str, Any]], job_flags: Iterable[Mapping[str, Any]] = ()
) -> FindingGroups:
    """Group snapshot entries (``snapshot_entry`` dicts) and job flags for the panel."""
    out = FindingGroups()
    for entry in entries:
        out.add_entry(entry)
    for job in job_flags:
        title, detail = job_detail(job)
        out.groups.setdefault(JOB, []).append(Finding(JOB, None, title, detail))
    return out
