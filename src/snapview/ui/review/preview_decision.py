"""Decisions in the preview window: beside the facts of the snapshot, its decision, reject reason,
comment, and who decided it when; and the triage keys work there too — P approves, X opens the
reason picker (then the comment field, as on the grid), 1–9 reject with that reason, U clears,
Ctrl+Z / Ctrl+Shift+Z undo and redo. With auto-advance on, the preview steps to the next snapshot
after a decision, so a reviewer can triage at full size.

The preview (ui/preview.py) only offers two hooks: its ``info_form`` for the rows and its
``row_shown`` signal; everything else lives here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from snapview.core.review.decisions import Verdict
from snapview.core.review.reasons import Reason
from snapview.ui.preview import PreviewWindow
from snapview.ui.review.binding import ReviewBinding
from snapview.ui.review.comment_field import CommentField
from snapview.ui.review.reason_picker import DIGIT_REASONS, ReasonPicker
from snapview.ui.review.triage import TriageKeys
from snapview.ui.shell.shortcuts_dialog import set_shortcut_place
from snapview.ui.tr import tr_format, tr_message


class PreviewDecision(QObject):
    def __init__(self, preview: PreviewWindow, binding: ReviewBinding, triage: TriageKeys) -> None:
        super().__init__(preview)
        self.preview = preview
        self.binding = binding
        self.triage = triage
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("decision", self.tr("Decision")),
            ("comment", self.tr("Comment")),
            ("decided_by", self.tr("Decided by")),
        ):
            value = QLabel()
            value.setObjectName(f"preview_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            preview.info_form.addRow(label, value)
            self.fields[key] = value
        self.picker = ReasonPicker(preview, self._picked)
        self.comment_field = CommentField(preview.scroll_area.viewport(), self._commented)
        self._reason: Reason | None = None
        self.actions: dict[str, QAction] = {}
        self._key("approve", "P", lambda: self._decide(Verdict.APPROVED))
        self._key("reject", "X", self._open_picker)
        self._key("clear", "U", lambda: self._decide(Verdict.NOT_REVIEWED))
        self._key("undo", "Ctrl+Z", self.triage.undo)
        self._key("redo", "Ctrl+Shift+Z", self.triage.redo)
        for digit, reason in enumerate(DIGIT_REASONS, start=1):
            self._key(f"reject_{digit}", str(digit), self._digit(reason))
        preview.row_shown.connect(self.refresh)
        binding.marks_changed.connect(self._on_marks)
        binding.session_changed.connect(self.refresh)

    def _digit(self, reason: Reason) -> Callable[[], None]:
        return lambda: self._picked(reason) if self.picker.isVisible() else self._reject(reason)

    def _key(self, name: str, keys: str, slot: Callable[[], object]) -> None:
        # The grid's words for the same key (its action of the same name): what the shortcut list
        # shows, in the user's language, for the preview window too.
        action = QAction(self.triage.actions[name].text(), self.preview)
        action.setObjectName(f"preview_review_{name}")
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        set_shortcut_place(action, self.tr("Preview"))
        action.triggered.connect(lambda _=False: slot())
        self.preview.addAction(action)
        self.actions[name] = action

    # -- deciding ---------------------------------------------------------------------------------

    def _decide(self, verdict: Verdict, reason: Reason | None = None, comment: str = "") -> None:
        session = self.binding.session
        row = self.preview.row
        if session is None or row < 0:
            return
        session.decide([row + 1], verdict, reason, comment)
        self.refresh()
        if self.triage.auto_advance.isChecked() and row + 1 < self.preview.model.rowCount():
            self.preview.step(1)

    def _reject(self, reason: Reason, comment: str = "") -> None:
        self._decide(Verdict.REJECTED, reason, comment)

    def _open_picker(self) -> None:
        if self.binding.session is None or self.preview.row < 0:
            return
        area = self.preview.scroll_area
        self.picker.show_at(area.mapToGlobal(area.rect().center()))

    def _picked(self, reason: Reason) -> None:
        self.picker.close()
        self._reason = reason
        viewport = self.preview.scroll_area.viewport()
        self.comment_field.ask(QRect(8, 8, viewport.width() - 16, 0), tr_message(reason.label))

    def _commented(self, comment: str) -> None:
        reason, self._reason = self._reason, None
        self.preview.setFocus()
        if reason is not None:
            self._reject(reason, comment)

    # -- showing ----------------------------------------------------------------------------------

    def _on_marks(self, indices: tuple[int, ...] | None) -> None:
        if indices is None or self.preview.row + 1 in indices:
            self.refresh()

    def refresh(self, *_: object) -> None:
        session = self.binding.session
        row = self.preview.row
        decision = session.board.decision(row + 1) if session is not None and row >= 0 else None
        tile = session.board.tile(row + 1) if session is not None and row >= 0 else None
        f = self.fields
        if session is None:
            text = self.tr("No review session for this video")
        elif tile is None or decision is None or tile.mark.verdict is Verdict.NOT_REVIEWED:
            text = tr_message(Verdict.NOT_REVIEWED.label)
        else:
            text = tr_message(tile.mark.verdict.label)
            if tile.mark.reason is not None:
                text += f": {tr_message(tile.mark.reason.label)}"
            if tile.stale:
                text += "\n" + self.tr("Decided on an earlier snapshot job")
        f["decision"].setText(text)
        shown = decision is not None and tile is not None and tile.mark.reviewed
        f["comment"].setText(tile.mark.comment if shown and tile and tile.mark.comment else "—")
        if shown and decision is not None:
            when = decision.decided_at.astimezone().strftime("%Y-%m-%d %H:%M")
            f["decided_by"].setText(
                tr_format(self.tr("{reviewer}, {when}"), reviewer=decision.reviewer, when=when)
            )
        else:
            f["decided_by"].setText("—")
