"""Review triage driven by the keyboard on the real window against the emulator: P, X with its
reason picker, the digits, U, undo/redo, auto-advance, the filter, the status line, and the marks
in the store (a real SQLite file in the test's data directory)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt

from snapview.core.review.board import DecisionFilter
from snapview.core.review.decisions import Verdict
from snapview.core.review.reasons import Reason
from snapview.emulator.catalog import DEFECTS_VIDEO_ID, EXPIRING_VIDEO_ID, SHORT_VIDEO_ID
from snapview.services.review_store.interface import DecisionQuery
from tests.helpers.async_qt import run
from tests.helpers.grid_hooks import wait_grid_settled
from tests.helpers.review_gui import open_video
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    # The reason picker is a popup; the offscreen platform cannot raise it or grab the keyboard.
    pytest.mark.qt_log_ignore(
        "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
    ),
]


def verdicts(session, count: int) -> list[str]:
    return [session.board.mark(i).verdict.value[0] for i in range(1, count + 1)]


@pytest.fixture
def opened(app_window):
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    return window, services, app


def test_keys_decide_advance_undo_and_count(opened, qtbot) -> None:
    window, services, app = opened
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    assert session.board.video.account.label == "Emulator"
    assert session.board.video.video_id == SHORT_VIDEO_ID
    assert session.board.job_id
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_1)  # reject: black frame, at once
    assert verdicts(session, 4) == ["a", "a", "r", "n"]
    assert session.board.mark(3).reason is Reason.BLACK
    assert view.currentIndex().row() == 3  # auto-advance walked on
    qtbot.keyClick(view, Qt.Key.Key_X)
    picker = app.review.triage.picker
    qtbot.waitUntil(picker.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(picker, Qt.Key.Key_3)  # "&3  Wrong cover"
    field = app.review.triage.comment_field
    qtbot.waitUntil(field.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(field, Qt.Key.Key_Escape)  # no comment: rejected all the same
    qtbot.waitUntil(lambda: session.board.mark(4).reason is Reason.WRONG_COVER, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=WAIT_MS)
    # A window manager hands activation back when a popup closes; the offscreen platform does not.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    assert view.hasFocus()
    qtbot.waitUntil(lambda: "Rejected 2" in app.review.status_line.text(), timeout=WAIT_MS)
    status = app.review.status_line.text()
    assert "Approved 2" in status and "Rejected 2" in status and "Verdict: Failed" in status
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.board.mark(4).verdict is Verdict.NOT_REVIEWED
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert session.board.mark(4).reason is Reason.WRONG_COVER
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_U)
    assert session.board.mark(1).verdict is Verdict.NOT_REVIEWED
    # Marks reach the tiles through the model's role, and the store through its worker.
    mark = view.model().index(2, 0).data(view.model().ReviewMarkRole)
    assert mark.mark.verdict is Verdict.REJECTED
    run(qtbot, session.drain())
    rows = run(
        qtbot, services.review_store.get().current(DecisionQuery(video_ids=(SHORT_VIDEO_ID,)))
    )
    current = {r.key.index: r.decision.verdict for r in rows}
    assert current[2] is Verdict.APPROVED and current[3] is Verdict.REJECTED
    assert current[1] is Verdict.NOT_REVIEWED


def test_review_keys_act_only_on_the_grid(opened, qtbot) -> None:
    window, _, app = opened
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    window.video_edit.setFocus()
    qtbot.keyClicks(window.video_edit, "px")
    assert window.video_edit.text().endswith("px")
    window.zoom_slider.setFocus()
    qtbot.keyClick(window.zoom_slider, Qt.Key.Key_P)
    qtbot.keyClick(window.zoom_slider, Qt.Key.Key_1)
    assert session.counts().reviewed == 0


def test_the_filter_keeps_only_the_chosen_decisions(opened, qtbot) -> None:
    window, _, app = opened
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_2)
    box = app.review.filter
    box.select(DecisionFilter.REJECTED)
    shown = [r for r in range(view.model().rowCount()) if not view.isRowHidden(r)]
    assert shown == [1]
    box.select(DecisionFilter.UNREVIEWED)
    shown = [r for r in range(view.model().rowCount()) if not view.isRowHidden(r)]
    assert 0 not in shown and 1 not in shown and 2 in shown
    view.setCurrentIndex(view.model().index(2, 0))
    qtbot.keyClick(view, Qt.Key.Key_P)  # decided: leaves the "not reviewed" view at once
    assert view.isRowHidden(2) and view.currentIndex().row() == 3
    box.select(DecisionFilter.ALL)
    assert not any(view.isRowHidden(r) for r in range(view.model().rowCount()))
    assert session.counts().approved == 2


def test_next_unreviewed_crosses_into_the_next_video(opened, qtbot) -> None:
    window, _, app = opened
    session = open_video(qtbot, window, app, f"{SHORT_VIDEO_ID} {DEFECTS_VIDEO_ID}")
    view = app.video.view
    total = session.board.total
    view.selectAll()
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert session.counts().approved == total
    qtbot.keyClick(view, Qt.Key.Key_N)
    qtbot.waitUntil(
        lambda: (
            app.review.binding.session is not None
            and app.review.binding.session.board.video.video_id == DEFECTS_VIDEO_ID
        ),
        timeout=WAIT_MS,
    )
    assert app.video.position == 1


def test_a_tile_tooltip_names_the_decision_and_the_reviewer(opened, qtbot) -> None:
    window, services, app = opened
    open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    qtbot.keyClick(view, Qt.Key.Key_4)  # the 4th reason: misaligned sprite
    tip = view.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert f"Rejected: Misaligned sprite ({services.reviewer}, " in tip


def test_a_store_that_cannot_open_is_said_and_the_keys_do_nothing(
    app_window, qtbot, tmp_path, caplog
) -> None:
    not_a_store = tmp_path / "notes.sqlite3"
    not_a_store.write_text("these are my notes, not a database\n" * 200)
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    services.settings.set("review.store", str(not_a_store))
    window.video_edit.setText(SHORT_VIDEO_ID)
    problem = app.review.status_line.problem
    with caplog.at_level(logging.WARNING, logger="snapview.review"):
        qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: problem.text() != "", timeout=WAIT_MS)
    assert f"{not_a_store} is not a snapview review store; choose another file" in problem.text()
    assert problem.isVisibleTo(window)
    view = app.video.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert app.review.binding.session is None
    assert not_a_store.read_text().startswith("these are my notes")  # nothing overwritten


def on_video(app, video_id: str) -> bool:
    session = app.review.binding.session
    return session is not None and session.board.video.video_id == video_id


def test_next_unreviewed_skips_videos_of_the_list_already_reviewed(opened, qtbot) -> None:
    window, _, app = opened
    ids = (SHORT_VIDEO_ID, DEFECTS_VIDEO_ID, EXPIRING_VIDEO_ID)
    session = open_video(qtbot, window, app, " ".join(ids))
    view = app.video.view
    status = app.review.status_line
    qtbot.waitUntil(lambda: "0 of 3 videos reviewed" in status.text(), timeout=WAIT_MS)
    view.selectAll()
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: "1 of 3 videos reviewed" in status.text(), timeout=WAIT_MS)
    qtbot.keyClick(view, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: on_video(app, DEFECTS_VIDEO_ID), timeout=WAIT_MS)
    wait_grid_settled(qtbot, view)
    view.setFocus()
    view.selectAll()
    qtbot.keyClick(view, Qt.Key.Key_P)
    run(qtbot, app.review.binding.session.drain())
    app.video.step(-1)  # back to the first video, reviewed already
    qtbot.waitUntil(lambda: on_video(app, SHORT_VIDEO_ID), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "2 of 3 videos reviewed" in status.text(), timeout=WAIT_MS)
    wait_grid_settled(qtbot, view)
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_N)  # the second is done: on to the third
    qtbot.waitUntil(lambda: on_video(app, EXPIRING_VIDEO_ID), timeout=WAIT_MS)
    assert app.video.position == 2
    del session


def test_holding_p_leaves_the_inspector_on_the_tile_where_it_stopped(opened, qtbot) -> None:
    window, _, app = opened
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    inspector = window.inspector
    for _ in range(12):  # a held key: faster than the inspector follows
        qtbot.keyClick(view, Qt.Key.Key_P)
    assert session.counts().approved == 12 and view.currentIndex().row() == 12
    # Once the keys pause, the inspector shows the snapshot now current (Snapshot[12]; the
    # demo video's first page lists its normal snapshots in order).
    qtbot.waitUntil(
        lambda: inspector.current_path() == "$.MediaSnapshot.Snapshots.Snapshot[12]",
        timeout=WAIT_MS,
    )


def test_the_store_is_open_before_the_first_video_is(opened, qtbot) -> None:
    # Opening it on the first page cost the GUI thread 20-40 ms while the first pictures arrived.
    window, services, app = opened
    qtbot.waitUntil(lambda: app.review.team.store_now is not None, timeout=WAIT_MS)
    store = services.review_store.peek()
    assert store is not None and app.video.model.rowCount() == 0  # no video asked for yet
    assert run(qtbot, store.current(DecisionQuery())) == []  # open and answering
