"""Comments, explicit verdicts and the reviewer's name, driven through the real window against the
emulator and a real SQLite store: X, a reason, then a comment (Enter) or none (Esc); Review → Set
Video Verdict… with a comment, explicit against derived in the status line, and back to derived;
Review → Reviewer Name… stamps the next decisions and shows in the status line."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from snapview.core.review.decisions import Verdict
from snapview.core.review.reasons import Reason
from snapview.core.review.verdicts import VideoVerdict
from snapview.emulator.catalog import SHORT_VIDEO_ID
from snapview.services.review_store.interface import DecisionQuery
from tests.helpers.async_qt import run
from tests.helpers.review_gui import open_video
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
    ),
]


@pytest.fixture
def opened(app_window, qtbot):
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    return window, services, app, session


def reject_via_picker(qtbot, app, digit: Qt.Key):
    view = app.video.view
    qtbot.keyClick(view, Qt.Key.Key_X)
    picker = app.review.triage.picker
    qtbot.waitUntil(picker.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(picker, digit)
    field = app.review.triage.comment_field
    qtbot.waitUntil(field.isVisible, timeout=WAIT_MS)
    return field


def stored(qtbot, services, session):
    run(qtbot, session.drain())
    rows = run(
        qtbot, services.review_store.get().current(DecisionQuery(video_ids=(SHORT_VIDEO_ID,)))
    )
    return {r.key.index: r.decision for r in rows}


def test_a_reject_takes_a_comment_on_enter_and_none_on_escape(opened, qtbot) -> None:
    window, services, app, session = opened
    field = reject_via_picker(qtbot, app, Qt.Key.Key_3)
    assert session.board.mark(1).verdict is Verdict.NOT_REVIEWED  # waits for the answer
    qtbot.keyClicks(field, "logo cut off, px 12")  # P and X are typed, not decided
    qtbot.keyClick(field, Qt.Key.Key_Return)
    mark = session.board.mark(1)
    assert mark.verdict is Verdict.REJECTED and mark.reason is Reason.WRONG_COVER
    assert mark.comment == "logo cut off, px 12"
    assert not field.isVisible()
    assert app.video.view.currentIndex().row() == 1  # auto-advance walked on
    assert session.board.mark(2).verdict is Verdict.NOT_REVIEWED
    field = reject_via_picker(qtbot, app, Qt.Key.Key_2)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert session.board.mark(2).reason is Reason.FROZEN and session.board.mark(2).comment == ""
    decisions = stored(qtbot, services, session)
    assert decisions[1].comment == "logo cut off, px 12"
    # One undo step takes the commented reject back whole. (A window manager hands activation
    # back when the picker popup closes; the offscreen platform does not.)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(app.video.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(app.video.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.board.mark(1).verdict is Verdict.NOT_REVIEWED


def test_an_explicit_verdict_with_a_comment_shows_apart_from_the_derived_one(opened, qtbot) -> None:
    window, services, app, session = opened
    qtbot.keyClick(app.video.view, Qt.Key.Key_1)  # a reject: derived "Failed"
    status = app.review.status_line
    qtbot.waitUntil(lambda: "Verdict: Failed (derived)" in status.text(), timeout=WAIT_MS)
    menu_entry = window.findChild(type(app.review.verdict.action), "action_review_verdict")
    assert menu_entry in window.review_menu.actions()
    menu_entry.trigger()
    dialog = app.review.verdict.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.derived.isChecked() and "Failed" in dialog.derived.text()
    dialog.buttons[VideoVerdict.NEEDS_ATTENTION].click()
    dialog.comment.setPlainText("black frame is the intro card; ask the editor")
    dialog.accept()
    reviewer = services.reviewer
    qtbot.waitUntil(
        lambda: f"Verdict: Needs attention (set by {reviewer})" in status.text(),
        timeout=WAIT_MS,
    )
    assert "ask the editor" in status.text()
    store = services.review_store.get()
    qtbot.waitUntil(
        lambda: (
            run(qtbot, store.overrides([session.board.video])).get(session.board.video) is not None
        ),
        timeout=WAIT_MS,
    )
    saved = run(qtbot, store.overrides([session.board.video]))[session.board.video]
    assert saved.verdict is VideoVerdict.NEEDS_ATTENTION and "intro card" in saved.comment
    # Back to the derived verdict.
    menu_entry.trigger()
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.buttons[VideoVerdict.NEEDS_ATTENTION].isChecked()
    dialog.derived.click()
    dialog.accept()
    qtbot.waitUntil(lambda: "Verdict: Failed (derived)" in status.text(), timeout=WAIT_MS)


def test_the_reviewer_name_is_set_once_shown_and_stamped_on_decisions(opened, qtbot) -> None:
    window, services, app, session = opened
    status = app.review.status_line
    qtbot.waitUntil(lambda: f"Reviewer: {services.reviewer}" in status.text(), timeout=WAIT_MS)
    app.review.reviewer.action.trigger()
    dialog = app.review.reviewer.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.name.setText("  Li Wei 李伟 ")
    dialog.accept()
    assert services.settings.get("review.reviewer") == "Li Wei 李伟"
    qtbot.waitUntil(lambda: "Reviewer: Li Wei 李伟" in status.text(), timeout=WAIT_MS)
    qtbot.keyClick(app.video.view, Qt.Key.Key_P)
    assert stored(qtbot, services, session)[1].reviewer == "Li Wei 李伟"
    QApplication.processEvents()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_screenshots_of_the_comment_field_and_the_verdict_dialog(
    app_window, qtbot, tmp_path, language
) -> None:
    # SNAPVIEW_SHOTS=docs/screenshots renders the committed pictures; by default the suite leaves
    # docs/ alone.
    folder = Path(os.environ.get("SNAPVIEW_SHOTS") or tmp_path)
    window, services, app = app_window(
        size=(1280, 800), demo_profile=True, language=None if language == "en" else language
    )
    # Widgets made after the window (dialogs, late status text) translate while the app runs in
    # that language, as it does for the whole session when started with --lang.
    from PySide6.QtWidgets import QApplication

    from snapview.ui.shell.language import interface_language

    app_instance = QApplication.instance()
    assert app_instance is not None

    with (
        interface_language(app_instance, language) if language != "en" else contextlib.nullcontext()
    ):
        session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
        view = app.video.view
        qtbot.keyClick(view, Qt.Key.Key_P)
        field = reject_via_picker(qtbot, app, Qt.Key.Key_1)
        field.insert("片头黑场 2 秒" if language == "zh_CN" else "two seconds of black intro")
        assert window.grab().save(str(folder / f"review-comment-{language}.png"))
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert session.board.mark(2).comment
        app.review.verdict.action.trigger()
        dialog = app.review.verdict.dialog
        qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
        dialog.buttons[VideoVerdict.NEEDS_ATTENTION].click()
        dialog.comment.setPlainText(
            "片头黑场是设计如此，请剪辑确认"
            if language == "zh_CN"
            else "The black intro is by design; ask the editor"
        )
        assert dialog.grab().save(str(folder / f"review-verdict-{language}.png"))
        dialog.accept()
        said = "设计如此" if language == "zh_CN" else "by design"
        qtbot.waitUntil(lambda: said in app.review.status_line.text(), timeout=WAIT_MS)
        assert window.grab().save(str(folder / f"review-verdict-status-{language}.png"))
