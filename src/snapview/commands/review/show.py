"""``snapview review list``: a video's verdict, counts and decisions, as a table or JSON."""

from __future__ import annotations

import argparse
import sys

from snapview.commands.review.store_access import collect


async def show(args: argparse.Namespace) -> int:
    from snapview.core.review.report import ReportScope
    from snapview.services.reports.tabular import json_text

    report = await collect(args, ReportScope(video_ids=(args.video_id.strip(),)))
    if args.json:
        sys.stdout.write(json_text(report))
        return 0
    out = sys.stdout
    if not report.videos:
        out.write(
            f"(no review decisions for {args.video_id} in {args.db or 'the default store'})\n"
        )
        return 0
    for video in report.videos:
        summary, counts = video.summary, video.summary.counts
        total = counts.total if counts.total is not None else "?"
        verdict = summary.verdict.value + (
            f" (set by {summary.override.reviewer}; derived {summary.derived.value})"
            if summary.overridden and summary.override
            else ""
        )
        out.write(f"Video     {video.video.video_id}  ({video.video.account.display()})\n")
        out.write(f"Verdict   {verdict}\n")
        out.write(
            f"Reviewed  {counts.reviewed} of {total}: {counts.approved} approved, "
            f"{counts.rejected} rejected, {counts.stale} stale\n\n"
        )
        rows = video.reviewed()
        header = (
            "Type",
            "Index",
            "Decision",
            "Reason",
            "Reviewer",
            "Decided (UTC)",
            "Job",
            "Comment",
        )
        table = [
            (
                d.key.snapshot_type,
                str(d.key.index),
                d.verdict.value + (" (stale)" if video.stale(d) else ""),
                d.reason.value if d.reason else "",
                d.reviewer,
                d.decided_at.strftime("%Y-%m-%d %H:%M:%S"),
                d.job_id[:12] or "-",
                " ".join(d.comment.split()),
            )
            for d in sorted(rows, key=lambda d: (d.key.snapshot_type, d.key.index))
        ]
        widths = [max(len(r[c]) for r in [header, *table]) for c in range(len(header) - 1)]
        for row in [header, *table]:
            cells = [
                row[c].rjust(widths[c]) if c == 1 else row[c].ljust(widths[c])
                for c in range(len(widths))
            ]
            out.write(("  ".join(cells) + "  " + row[-1]).rstrip() + "\n")
        out.write("\n")
    return 0
