"""Keyboard triage on the grid, after Lightroom: P approves, X rejects (a reason picker opens; the
digits 1–9 reject with that reason at once), U clears, Ctrl+Z / Ctrl+Shift+Z undo and redo, N jumps
to the next unreviewed snapshot. After X and a reason a one-line comment field opens under the
tile (:mod:`.comment_field`): Enter records the reject with the comment, Esc without. Each acts
on the selected tiles (or the current one); with auto-advance on (the default, remembered in the
settings) the next shown tile becomes current, so holding P walks through a page.

The keys are actions of the grid view itself (``WidgetWithChildrenShortcut``): typing a VideoId
that contains a P or an X in the ID box never decides anything. The Review menu carries entries
for the same commands, with the keys named beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from snapview.core.review.decisions import Verdict
from snapview.core.review.reasons import Reason
from snapview.services.review_store.session import ReviewSession
from snapview.services.settings import Settings
from snapview.ui.grid.view import ThumbnailGridView
from snapview.ui.review.comment_field import CommentField
from snapview.ui.review.reason_picker import DIGIT_REASONS, ReasonPicker
from snapview.ui.shell.shortcuts_dialog import set_shortcut_place
from snapview.ui.tr import tr_format, tr_message

AUTO_ADVANCE_KEY = "review.auto_advance"


class TriageKeys(QObject):
    """The review keys of ``view``; ``session()`` is the session on screen (None: keys do nothing)."""

    decided = Signal(object)  # the 1-based indices a key changed
    nothing_left = Signal()  # N found no unreviewed snapshot after the current one

    def __init__(
        self,
        view: ThumbnailGridView,
        session: Callable[[], ReviewSession | None],
        settings: Settings,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.session = session
        self.settings = settings
        self.picker = ReasonPicker(view, self._reject_picked)
        self._picking: list[int] = []
        self.comment_field = CommentField(view.viewport(), self._comment_given)
        self._commenting: tuple[list[int], Reason] | None = None
        self.actions: dict[str, QAction] = {}
        self._add("approve", self.tr("&Approve"), "P", self.approve)
        self._add("reject", self.tr("&Reject…"), "X", self.open_picker)
        self._add("clear", self.tr("&Clear Decision"), "U", self.clear)
        self._add("undo", self.tr("&Undo Decision"), "Ctrl+Z", self.undo)
        self._add("redo", self.tr("Re&do Decision"), "Ctrl+Shift+Z", self.redo)
        self._add("next_unreviewed", self.tr("&Next Unreviewed"), "N", self.next_unreviewed)
        for digit, reason in enumerate(DIGIT_REASONS, start=1):
            # The text is what Help → Keyboard Shortcuts lists for the digit ("reject_1" had been).
            label = tr_message(reason.label).replace("&", "&&")
            text = tr_format(self.tr("Reject: {reason}"), reason=label)
            self._add(f"reject_{digit}", text, str(digit), self._digit(reason))
        self.auto_advance = QAction(self.tr("Auto-&advance After a Decision"), self)
        self.auto_advance.setObjectName("action_review_auto_advance")
        self.auto_advance.setCheckable(True)
        self.auto_advance.setChecked(bool(settings.get(AUTO_ADVANCE_KEY, True)))
        self.auto_advance.toggled.connect(lambda on: settings.set(AUTO_ADVANCE_KEY, bool(on)))

    def _digit(self, reason: Reason) -> Callable[[], None]:
        return lambda: self.reject_with(reason)

    def _add(self, name: str, text: str, keys: str, slot: Callable[[], object]) -> None:
        action = QAction(text or name, self.view)
        action.setObjectName(f"action_review_{name}")
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        set_shortcut_place(action, self.tr("Grid"))  # the keys work where the grid has the focus
        action.triggered.connect(lambda _=False: slot())
        self.view.addAction(action)
        self.actions[name] = action

    def fill_menu(self, menu: QMenu) -> None:
        """Entries for the commands, the key shown after a tab (the keys stay the grid's)."""
        for name in ("approve", "reject", "clear"):
            self._menu_entry(menu, name)
        menu.addSeparator()
        for name in ("undo", "redo"):
            self._menu_entry(menu, name)
        menu.addSeparator()
        self._menu_entry(menu, "next_unreviewed")
        menu.addAction(self.auto_advance)

    def _menu_entry(self, menu: QMenu, name: str) -> None:
        grid_action = self.actions[name]
        keys = grid_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        entry = menu.addAction(f"{grid_action.text()}\t{keys}")
        entry.setObjectName(f"menu_review_{name}")
        entry.triggered.connect(grid_action.trigger)

    # -- the commands ------------------------------------------------------------------------------

    def _rows(self) -> list[int]:
        return [r for r in self.view.selected_rows() if not self.view.isRowHidden(r)]

    def approve(self) -> None:
        self._decide(self._rows(), Verdict.APPROVED)

    def clear(self) -> None:
        self._decide(self._rows(), Verdict.NOT_REVIEWED)

    def reject(self, rows: Sequence[int], reason: Reason, comment: str = "") -> None:
        self._decide(rows, Verdict.REJECTED, reason, comment)

    def reject_with(self, reason: Reason) -> None:
        """A digit: the reason for the tiles the open picker was opened on, else the selection."""
        if self.picker.isVisible() and self._picking:
            self._reject_picked(reason)
        else:
            self.reject(self._rows(), reason)

    def open_picker(self) -> None:
        rows = self._rows()
        if self.session() is None or not rows:
            return
        self._picking = rows
        rect = self.view.visualRect(self.view.model().index(rows[-1], 0))
        self.picker.show_at(self.view.viewport().mapToGlobal(rect.center()))

    def _reject_picked(self, reason: Reason) -> None:
        rows, self._picking = self._picking, []
        self.picker.close()  # also when picked by a digit
        if not rows:
            return
        # The reject waits for the comment (Enter) or its refusal (Esc): one decision, one undo step.
        self._commenting = (rows, reason)
        rect = self.view.visualRect(self.view.model().index(rows[-1], 0))
        self.comment_field.ask(rect, tr_message(reason.label))

    def _comment_given(self, comment: str) -> None:
        pending, self._commenting = self._commenting, None
        self.view.setFocus()  # the grid gets the keys back
        if pending is not None:
            self.reject(pending[0], pending[1], comment)

    def _decide(
        self, rows: Sequence[int], verdict: Verdict, reason: Reason | None = None, comment: str = ""
    ) -> None:
        session = self.session()
        if session is None or not rows:
            return
        command = session.decide([r + 1 for r in rows], verdict, reason, comment)
        indices = tuple(c.key.index for c in command.changes)
        # The session told the feature already (synchronously), so the filter hid what it must.
        self.decided.emit(indices)
        if self.auto_advance.isChecked():
            self._go_to_shown_after(max(rows))

    def undo(self) -> None:
        self._after_history(self.session(), "undo")

    def redo(self) -> None:
        self._after_history(self.session(), "redo")

    def _after_history(self, session: ReviewSession | None, which: str) -> None:
        if session is None:
            return
        changes = session.undo() if which == "undo" else session.redo()
        indices = tuple(c.key.index for c in changes if c.key.video == session.board.video)
        self.decided.emit(indices)
        if indices:
            self._go_to(indices[-1] - 1)

    def next_unreviewed(self) -> None:
        session = self.session()
        if session is None:
            return
        current = self.view.currentIndex()
        after = current.row() + 1 if current.isValid() else 0
        index = session.next_unreviewed(after)
        if index is None:
            self.nothing_left.emit()
        else:
            self._go_to(index - 1)

    # -- moving -------------------------------------------------------------------------------------

    def _go_to_shown_after(self, row: int) -> None:
        rows = self.view.model().rowCount()
        for candidate in range(row + 1, rows):
            if not self.view.isRowHidden(candidate):
                self._go_to(candidate)
                return

    def _go_to(self, row: int) -> None:
        model = self.view.model()
        if not 0 <= row < model.rowCount():
            return
        index = model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index)
