"""A fresh window (no saved layout) at 1280x800 gives the snapshot grid, the work surface, at least
three columns of default-size tiles beside the library and the inspector, with the library's title,
status and duration in view; a saved layout still wins over that default."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from snapview.emulator.catalog import LONG_VIDEO_ID
from snapview.ui.library.model import Column
from snapview.ui.shell.main_window import ZOOM_DEFAULT
from tests.gui.test_video_flow import app, type_and_load, viewport_done  # noqa: F401 (fixture)
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui


def _columns_in_view(view) -> list[int]:
    """The library columns shown whole in the list's viewport, without scrolling sideways."""
    header = view.horizontalHeader()
    width = view.viewport().width()
    return [
        column
        for column in range(header.count())
        if not header.isSectionHidden(column)
        and header.sectionViewportPosition(column) >= 0
        and header.sectionViewportPosition(column) + header.sectionSize(column) <= width
    ]


def test_a_fresh_1280_window_shows_three_grid_columns_and_the_librarys_key_columns(
    app,  # noqa: F811
    qtbot,
) -> None:
    window, feature, _, _ = app
    type_and_load(qtbot, window, LONG_VIDEO_ID)
    qtbot.waitUntil(lambda: viewport_done(feature), timeout=WAIT_MS)
    QApplication.processEvents()
    assert (window.width(), window.height()) == (1280, 800)
    assert feature.view.gridSize().width() >= ZOOM_DEFAULT
    assert feature.view.columns() >= 3
    assert len(feature.view.visible_rows()) >= 9  # three columns of at least three lines
    library = window.findChild(type(window.inspector_dock), "libraryDock")
    assert library is not None and library.isVisible()
    assert window.inspector_dock.isVisible() and not window.inspector_dock.isFloating()
    shown = _columns_in_view(library.widget().widget().view)
    assert {Column.TITLE, Column.STATUS, Column.DURATION} <= set(shown), shown
    # The pane itself fits its dock: the list is not cut off by a sideways-scrolling pane.
    assert library.widget().horizontalScrollBar().maximum() == 0


def test_a_saved_dock_layout_wins_over_the_default(app_window, qtbot, tmp_path) -> None:
    settings_file = tmp_path / "settings.json"
    first = app_window(settings_file=settings_file, size=(1280, 800)).window
    library = first.findChild(type(first.inspector_dock), "libraryDock")
    first.resizeDocks([library], [480], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: library.width() == 480)
    with qtbot.waitSignal(first.closed):
        first.close()

    second = app_window(settings_file=settings_file, size=(1280, 800)).window
    QApplication.processEvents()
    library = second.findChild(type(second.inspector_dock), "libraryDock")
    assert library.width() == 480


def test_a_screenshot_run_shows_the_same_fresh_layout(app_window, qtbot, tmp_path) -> None:
    """``--screenshot`` neither restores nor saves the layout; it shows the first start's."""
    from snapview.ui.shell.default_layout import default_dock_widths

    window = app_window(size=(1280, 800), screenshot=str(tmp_path)).window
    QApplication.processEvents()
    library = window.findChild(type(window.inspector_dock), "libraryDock")
    expected = default_dock_widths(1280)
    assert library.width() == expected.library
    assert window.inspector_dock.width() == expected.inspector


def test_the_launchers_shell_first_start_gets_the_default_layout_too(app_window, qtbot) -> None:
    # The launcher shows the shell before the features add their docks; the default widths were
    # given before those docks were first laid out, which undid them (the grid got 1-2 columns).
    window, _services, features = app_window(shell_first=True, demo_profile=True)
    assert (window.width(), window.height()) == (1280, 800)  # the shell's first-start size
    type_and_load(qtbot, window, LONG_VIDEO_ID)
    qtbot.waitUntil(lambda: viewport_done(features.video), timeout=WAIT_MS)
    assert features.video.view.columns() >= 3


def test_the_library_title_takes_the_width_beside_status_and_duration(app_window, qtbot) -> None:
    # At a fixed 150 px the default dock showed "Phys…" of every title; the title now takes what
    # the list's width leaves, grows with the dock, and keeps the width a user drags it to.
    window = app_window(size=(1280, 800)).window
    library = window.findChild(type(window.inspector_dock), "libraryDock")
    view = library.widget().widget().view
    header = view.horizontalHeader()

    def beside_title() -> int:
        return header.sectionSize(Column.STATUS) + header.sectionSize(Column.DURATION)

    qtbot.waitUntil(lambda: library.isVisible() and view.viewport().width() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: header.sectionSize(Column.TITLE) == view.viewport().width() - beside_title(),
        timeout=WAIT_MS,
    )
    assert header.sectionSize(Column.TITLE) > 150
    assert {Column.TITLE, Column.STATUS, Column.DURATION} <= set(_columns_in_view(view))
    narrow = header.sectionSize(Column.TITLE)
    window.resizeDocks([library], [library.width() + 120], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: header.sectionSize(Column.TITLE) >= narrow + 100, timeout=WAIT_MS)
    header.resizeSection(Column.TITLE, 210)  # the user drags its edge
    window.resizeDocks([library], [library.width() - 60], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: view.viewport().width() < narrow + beside_title() + 100)
    assert header.sectionSize(Column.TITLE) == 210
