"""Team review in the real window against a real PostgreSQL server (tests/helpers/postgres_server)
and a real Secret Service (run through scripts/with-keyring.sh): the password dialog asks once
and keeps only a password the server accepted; a decision another reviewer's store makes appears
as a mark in the open video within a second, with who and when in the tooltip and in the counts;
another reviewer's open video says so in the library; "Assigned to me" lists the videos a lead
gave this reviewer; a server that cannot be reached is said in the status line, and the app goes
on (offline). Screenshots of the dialog and of a live mark go to SNAPVIEW_SHOTS when it is set."""

from __future__ import annotations

import contextlib
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip

from snapview.app import create_application
from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.server import ServerLocation
from snapview.emulator.catalog import DEFECTS_VIDEO_ID, SHORT_VIDEO_ID
from snapview.services.credentials.backend import KeyringAccess
from snapview.services.review_store import SETTING_KEY
from snapview.services.review_store.postgres_store import PostgresReviewStore
from snapview.services.review_store.server_login import stored_password
from snapview.services.settings import Settings
from snapview.ui.library.model import ClaimRole
from snapview.ui.shell.language import interface_language
from tests.helpers.async_qt import run
from tests.helpers.postgres_server import PASSWORD
from tests.helpers.review_gui import open_video
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.keyring,
    # The dialog and the tooltip are windows of their own; the offscreen platform cannot size them.
    pytest.mark.qt_log_ignore(
        "This plugin does not support propagateSizeHints", "This plugin does not support raise"
    ),
    pytest.mark.skipif(
        not os.environ.get("SNAPVIEW_REAL_KEYRING"),
        reason="needs a real Secret Service: run through scripts/with-keyring.sh",
    ),
]
LIVE_MS = 1000  # the bar: another reviewer's decision is on screen within a second
OTHER = "Li Wei"


def shots_dir() -> Path | None:
    folder = os.environ.get("SNAPVIEW_SHOTS")
    return Path(folder) if folder else None


def use_server(tmp_path: Path, location: ServerLocation) -> None:
    Settings(tmp_path / "settings.json").set(SETTING_KEY, location.display)


@pytest.fixture
def team(app_window, qtbot, tmp_path, pg_location):
    """The app on the team server, its password already in the keyring (``review login``)."""
    run(qtbot, KeyringAccess().set(pg_location.keyring_user, PASSWORD))
    use_server(tmp_path, pg_location)
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    qtbot.waitUntil(lambda: app.review.team.store_now is not None, timeout=WAIT_MS)
    yield window, services, app
    run(qtbot, KeyringAccess().delete(pg_location.keyring_user))


@pytest.fixture
def other(qtbot, tmp_path, pg_location):
    """A second reviewer's store on the same server (another desktop)."""
    store = PostgresReviewStore(pg_location, password=PASSWORD, queue_folder=tmp_path / "other")
    run(qtbot, store.open())
    yield store
    run(qtbot, store.aclose())


def save_with_tooltip(qtbot, window, view, index, path: Path) -> None:
    """The window with the tile's tooltip drawn where Qt shows it (a tooltip is a window of its
    own, which ``window.grab()`` leaves out)."""
    rect = view.visualRect(index)
    at = view.viewport().mapToGlobal(rect.center())
    QToolTip.showText(at, index.data(Qt.ItemDataRole.ToolTipRole), view.viewport())
    qtbot.waitUntil(QToolTip.isVisible, timeout=WAIT_MS)
    tip = next(w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel"))
    image = window.grab().toImage()
    painter = QPainter(image)
    painter.drawPixmap(window.mapFromGlobal(tip.pos()), tip.grab())
    painter.end()
    image.save(str(path))
    QToolTip.hideText()


def dialog_of(qtbot, app):
    qtbot.waitUntil(lambda: app.review.team.dialog is not None, timeout=WAIT_MS)
    dialog = app.review.team.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def test_the_password_dialog_keeps_nothing_refused_and_stores_what_the_server_accepts(
    app_window, qtbot, tmp_path, pg_location
) -> None:
    use_server(tmp_path, pg_location)
    keyring = KeyringAccess()
    assert run(qtbot, stored_password(keyring, pg_location)) is None
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    dialog = dialog_of(qtbot, app)
    assert dialog.url_label.text() == pg_location.display
    assert PASSWORD not in dialog.url_label.text()
    assert dialog.password_edit.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.remember_box.isChecked()
    assert not dialog.ok_button.isEnabled()  # nothing typed yet

    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.password_edit.text() == ""
    assert app.review.team.store_now is None  # not opened with a refused password
    assert run(qtbot, stored_password(keyring, pg_location)) is None
    if (shots := shots_dir()) is not None:
        shots.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(shots / "team-password-refused.png"))

    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.review.team.store_now is not None, timeout=WAIT_MS)
    assert app.review.team.dialog is None
    try:
        assert run(qtbot, stored_password(keyring, pg_location)) == PASSWORD
        assert services.review_store.get().status.problem is None
        assert app.review.status_line.problem.text() == ""
        assert PASSWORD not in services.settings.path.read_text()
    finally:
        run(qtbot, keyring.delete(pg_location.keyring_user))


def test_the_password_dialog_in_chinese_and_cancelled(
    app_window, qtbot, tmp_path, pg_location, caplog
) -> None:
    caplog.set_level(logging.WARNING, logger="snapview.review")  # the login fails, on purpose
    use_server(tmp_path, pg_location)
    with interface_language(create_application(), "zh_CN"):  # as --lang, for the whole run
        _window, _services, app = app_window(size=(1280, 800), demo_profile=True)
        dialog = dialog_of(qtbot, app)
        assert dialog.remember_box.text() == "在密钥环中记住"
        qtbot.keyClicks(dialog.password_edit, "not-the-password")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "拒绝" in dialog.message.text(), timeout=WAIT_MS)
        if (shots := shots_dir()) is not None:
            shots.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(shots / "team-password-zh_CN.png"))
        dialog.reject()
        # Cancelled: the store opens without a password; the status line says the login failed.
        problem = app.review.status_line.problem
        qtbot.waitUntil(lambda: "snapview review login" in problem.text(), timeout=WAIT_MS)


def test_another_reviewers_decision_appears_within_a_second_with_who_and_when(
    team, other, qtbot
) -> None:
    window, _services, app = team
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    model = view.model()
    key = SnapshotKey(session.board.video, session.board.snapshot_type, 2)
    decided = datetime.now(UTC)
    decision = Decision(
        key, Mark(Verdict.REJECTED, Reason.BLACK), OTHER, decided, job_id=session.board.job_id
    )
    run(qtbot, other.record([decision]))

    def shown() -> None:
        mark = model.index(1, 0).data(model.ReviewMarkRole)
        assert mark is not None and mark.mark.verdict is Verdict.REJECTED

    qtbot.waitUntil(shown, timeout=LIVE_MS)
    tip = model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    when = decided.astimezone().strftime("%H:%M:%S")
    assert f"Rejected: Black frame ({OTHER}, {when})" in tip
    qtbot.waitUntil(lambda: "Rejected 1" in app.review.status_line.text(), timeout=LIVE_MS)
    if (shots := shots_dir()) is not None:
        # The same reviewer has the video open: the library's row says so, beside the mark.
        run(qtbot, other.claim(session.board.video, OTHER))
        library = app.library.model
        qtbot.waitUntil(lambda: OTHER in str(library.claims.values()), timeout=WAIT_MS)
        shots.mkdir(parents=True, exist_ok=True)
        save_with_tooltip(qtbot, window, view, model.index(1, 0), shots / "team-live-mark.png")


def test_a_video_another_reviewer_has_open_is_marked_in_the_library(team, other, qtbot) -> None:
    _window, _services, app = team
    model = app.library.model
    qtbot.waitUntil(lambda: model.rowCount() > 3, timeout=WAIT_MS)
    video_id = model.video(2).video_id
    account = app.review.account()
    assert model.index(2, 0).data(ClaimRole) == ""
    run(qtbot, other.claim(VideoKey(account, video_id), OTHER))
    title = model.index(2, 0)
    qtbot.waitUntil(lambda: f"Being reviewed by {OTHER}" in title.data(), timeout=LIVE_MS)
    assert model.index(2, 0).data(ClaimRole) == OTHER
    assert "Being reviewed" not in model.index(1, 0).data()
    run(qtbot, other.release(VideoKey(account, video_id)))
    qtbot.waitUntil(lambda: "Being reviewed" not in title.data(), timeout=LIVE_MS)
    assert model.index(2, 0).data(ClaimRole) == ""


def test_assigned_to_me_lists_the_videos_a_lead_gave_me(team, other, qtbot) -> None:
    _window, services, app = team
    model, pane = app.library.model, app.library.pane
    qtbot.waitUntil(lambda: model.rowCount() > 3 and not model.loading, timeout=WAIT_MS)
    account = app.review.account()
    mine = [DEFECTS_VIDEO_ID, SHORT_VIDEO_ID]
    run(qtbot, other.assign([VideoKey(account, v) for v in mine], services.reviewer, "lead"))
    run(qtbot, other.assign([VideoKey(account, model.video(3).video_id)], OTHER, "lead"))
    pane.assigned_box.setChecked(True)

    def only_mine() -> None:
        assert model.listing is not None and not model.loading
        assert sorted(v.video_id for v in model.videos) == sorted(mine)

    qtbot.waitUntil(only_mine, timeout=WAIT_MS)
    pane.assigned_box.setChecked(False)
    qtbot.waitUntil(lambda: model.rowCount() > 3, timeout=WAIT_MS)


def test_an_unreachable_server_is_said_and_the_app_goes_on(
    app_window, qtbot, tmp_path, caplog
) -> None:
    caplog.set_level(logging.WARNING, logger="snapview.review")  # "working offline", on purpose
    with contextlib.closing(__import__("socket").socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    location = ServerLocation("reviewer", "127.0.0.1", port, "review")
    run(qtbot, KeyringAccess().set(location.keyring_user, PASSWORD))
    try:
        use_server(tmp_path, location)
        window, services, app = app_window(size=(1280, 800), demo_profile=True)
        problem = app.review.status_line.problem
        qtbot.waitUntil(lambda: "Working offline" in problem.text(), timeout=WAIT_MS)
        assert PASSWORD not in problem.text()
        session = open_video(qtbot, window, app, SHORT_VIDEO_ID)  # the window still works
        qtbot.keyClick(app.video.view, Qt.Key.Key_P)
        assert session.board.mark(1).verdict is Verdict.APPROVED
        qtbot.waitUntil(lambda: len(session.store.pending().decisions) == 1, timeout=WAIT_MS)
        run(qtbot, services.aclose())  # "closed offline: … wait in the queue", expected here
    finally:
        run(qtbot, KeyringAccess().delete(location.keyring_user))
