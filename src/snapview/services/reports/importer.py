"""Merging an exported JSON into a review store: every valid decision is recorded (the newer one
of each key becomes current, the older stays in the history), verdict overrides and snapshot sets
likewise; broken rows are skipped and listed. Recording is idempotent, so importing the same file
twice changes nothing the second time."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from snapview.core.i18n import Message
from snapview.core.review.interchange import ImportProblem, parse_document
from snapview.services.review_store.interface import ReviewStore, StoreStatus, WriteOutcome


@dataclass(slots=True)
class ImportReport:
    rows: int = 0  # decisions in the file that could be read
    current: int = 0  # now the current decision of their snapshot
    older: int = 0  # kept in the history; a newer local decision stays current
    known: int = 0  # already in the store (imported before)
    pending: int = 0  # read, but not saved yet (the store could not be written)
    overrides: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    status: StoreStatus | None = None

    @property
    def skipped(self) -> int:
        return len(self.problems)


async def import_file(store: ReviewStore, path: Path, name: str | None = None) -> ImportReport:
    """Merge ``path`` into ``store``. Raises ``ImportFileError`` when it is not an export at all
    (naming the file ``name``, else the path), ``OSError`` when it cannot be read."""
    shown = name or str(path)
    # Reading and parsing a large file off the event loop's thread (the GUI stays responsive).
    parsed = await asyncio.to_thread(lambda: parse_document(Path(path).read_bytes(), shown))
    report = ImportReport(rows=len(parsed.decisions), problems=parsed.problems, notes=parsed.notes)
    if parsed.decisions:
        written = await store.record(parsed.decisions)
        report.current = written.count(WriteOutcome.CURRENT)
        report.older = written.count(WriteOutcome.SUPERSEDED)
        report.known = written.count(WriteOutcome.DUPLICATE)
        report.pending = written.count(WriteOutcome.PENDING)
    if parsed.overrides:
        written = await store.set_overrides(parsed.overrides)
        report.overrides = written.count(WriteOutcome.CURRENT)
    if parsed.snapshot_sets:
        await store.note_snapshot_sets(parsed.snapshot_sets)
    report.status = store.status
    return report
