"""Undo and redo for review decisions: commands over a multi-selection, as plain data.

Deciding is append-only, so undo does not delete anything: undoing "reject 3 snapshots" records
three new decisions that put back what each snapshot showed before (its earlier mark, or not
reviewed), and redo records the rejection again. A :class:`DecisionCommand` holds, for every key
it touched, the mark before and after; :class:`UndoHistory` is the Ctrl+Z / Ctrl+Shift+Z stack.
The GUI step binds keys to :meth:`UndoHistory.undo`/:meth:`~UndoHistory.redo` and applies the
returned changes through the review session; nothing here does I/O or knows about Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.decisions import Mark, Verdict
from snapview.core.review.keys import SnapshotKey

_CONTEXT = "ReviewUndo"
DEFAULT_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class MarkChange:
    """One key's mark before and after a command, and the job the new decision is made on."""

    key: SnapshotKey
    before: Mark
    after: Mark
    job_id: str = ""

    def inverted(self) -> MarkChange:
        return MarkChange(self.key, self.after, self.before, self.job_id)


@dataclass(frozen=True, slots=True)
class DecisionCommand:
    """What one key press did to a selection; ``changes`` skips keys that already had the mark."""

    changes: tuple[MarkChange, ...]
    after: Mark

    @property
    def empty(self) -> bool:
        return not self.changes

    def inverted(self) -> tuple[MarkChange, ...]:
        return tuple(change.inverted() for change in self.changes)

    def describe(self) -> Message:
        """For the Edit menu: "Approve 3 snapshots", "Reject 1 snapshot", "Clear 2 snapshots"."""
        count = len(self.changes)
        if self.after.verdict is Verdict.APPROVED:
            template = QT_TRANSLATE_NOOP("ReviewUndo", "Approve {count} snapshot(s)")
        elif self.after.verdict is Verdict.REJECTED:
            template = QT_TRANSLATE_NOOP("ReviewUndo", "Reject {count} snapshot(s)")
        else:
            template = QT_TRANSLATE_NOOP("ReviewUndo", "Clear {count} snapshot(s)")
        return Message(_CONTEXT, template, {"count": count})


class UndoHistory:
    """A bounded undo stack with a redo stack that a new command clears (as every editor does)."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._done: list[DecisionCommand] = []
        self._undone: list[DecisionCommand] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def next_undo(self) -> DecisionCommand | None:
        return self._done[-1] if self._done else None

    def next_redo(self) -> DecisionCommand | None:
        return self._undone[-1] if self._undone else None

    def push(self, command: DecisionCommand) -> None:
        if command.empty:
            return
        self._done.append(command)
        del self._done[: -self.limit]
        self._undone.clear()

    def undo(self) -> tuple[MarkChange, ...]:
        """The changes that undo the last command (empty when there is nothing to undo)."""
        if not self._done:
            return ()
        command = self._done.pop()
        self._undone.append(command)
        return command.inverted()

    def redo(self) -> tuple[MarkChange, ...]:
        """The changes that redo the last undone command (empty when there is none)."""
        if not self._undone:
            return ()
        command = self._undone.pop()
        self._done.append(command)
        return command.changes

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
