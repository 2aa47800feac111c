"""The preview on a small screen and in Chinese, as a reviewer sees it: at full screen on the
offscreen platform's 800 px screen every button shows its whole word, the URL fits its row with
"…" in its middle (host and masked token both in sight, the whole URL in the tooltip), and the
State row says the picture on show is loaded — in the user's language — even when the grid's own
tile for that row has not loaded yet."""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtCore import QRect

from snapview.app import create_application
from snapview.ui.grid.tiles import TileState
from snapview.ui.shell.language import interface_language
from tests.gui.test_preview import open_defects
from tests.gui.test_preview_inspection import open_sprite_frames
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "Corrupt JPEG data", "Unsupported marker type", "This plugin does not support raise"
    ),
]

LOADED = {"en": "Loaded", "zh_CN": "已加载"}


def inside(preview, widget) -> bool:
    """Whether ``widget`` lies wholly within the preview window (nothing of it cut off)."""
    rect = QRect(widget.mapTo(preview, widget.rect().topLeft()), widget.size())
    return preview.rect().contains(rect)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_at_full_screen_on_800_px_every_word_and_the_url_fit(
    app_window, qtbot, language, tmp_path
) -> None:
    # The translators stay installed while the preview is built on demand, as in the running app.
    with contextlib.ExitStack() as stack:
        if language != "en":
            stack.enter_context(interface_language(create_application(), language))
        check_full_screen(app_window, qtbot, language, tmp_path)


def check_full_screen(app_window, qtbot, language: str, tmp_path) -> None:
    _window, feature = open_sprite_frames(app_window, qtbot)
    feature.open_preview(7)
    preview = feature.preview
    qtbot.waitUntil(lambda: preview.original is not None, timeout=WAIT_MS)
    preview.set_full_screen(True)
    screen = preview.screen().geometry()
    qtbot.waitUntil(lambda: preview.width() == screen.width(), timeout=WAIT_MS)
    assert preview.width() <= 800  # the small screen this guards
    buttons = [
        preview.prev_button,
        preview.next_button,
        preview.fit_button,
        preview.actual_button,
        preview.zoom_out_button,
        preview.zoom_in_button,
        preview.smooth_button,
        preview.loupe_button,
        preview.full_screen_button,
    ]
    for button in buttons:
        # As wide as its word needs ("ull Scree" was what was left of Full Screen), on screen.
        assert button.width() >= button.sizeHint().width(), button.text()
        assert inside(preview, button), button.text()
    url = preview.url_label
    full = url.toolTip()
    assert full.startswith("http://127.0.0.1:") and full.endswith("auth_key=***")
    token = feature.model.tile(7).url.split("auth_key=", 1)[1]
    assert token not in full and token not in url.shown_text()
    shown = url.shown_text()
    # Elided in the middle: the host and the masked token both stay in sight.
    assert "…" in shown and shown.startswith("http://127") and shown.endswith("key=***")
    assert url.fontMetrics().horizontalAdvance(shown) <= url.width()
    assert inside(preview, url)
    assert preview.fields["state"].text() == LOADED[language]
    preview.grab().save(str(tmp_path / f"preview-800-{language}.png"))
    preview.set_full_screen(False)
    preview.close()


def test_the_state_is_the_previews_own_picture_not_the_grids_tile(
    app_window, qtbot, monkeypatch
) -> None:
    # Big tiles: only the first rows are on screen. The grid follows the preview to row 60, and
    # would fetch its tile there; held as while the user is still scrolling, it asks for nothing,
    # so the grid's tile is still waiting when the preview's own picture comes.
    _window, _services, feature = open_defects(app_window, qtbot, zoom=400)
    row = 60
    assert feature.model.tile(row).state is not TileState.LOADED
    loader = feature.model.loader
    loader.pause_requests()
    monkeypatch.setattr(loader, "settle_on", lambda visible, margin: None)
    feature.open_preview(row)
    preview = feature.preview
    # Nothing of it downloaded yet: the window says so until the picture comes.
    assert preview.original is None and preview.image_label.text() == "Loading…"
    assert preview.fields["state"].text() == "Loading…"
    qtbot.waitUntil(lambda: preview.original is not None, timeout=WAIT_MS)
    assert feature.model.tile(row).state is not TileState.LOADED  # the grid's tile still waits
    assert preview.fields["state"].text() == "Loaded"
    assert preview.image_label.text() == ""  # no "Loading…" left over the picture
    preview.close()


def test_the_preview_keeps_its_picture_coming_when_the_grid_settles(app_window, qtbot) -> None:
    # The grid and the preview share one pipeline. A settle (the scroll stopped, a zoom ended)
    # cancels the tiles that left the grid's view; it once cancelled every other fetch too, and
    # the preview said "Loading…" for ever.
    _window, _services, feature = open_defects(app_window, qtbot, zoom=400)
    feature.open_preview(60)
    preview = feature.preview
    assert preview.original is None  # its fetch is on its way
    feature.view.refocus()  # the grid settles while it is
    qtbot.waitUntil(lambda: preview.original is not None, timeout=WAIT_MS)
    assert preview.fields["state"].text() == "Loaded"
    preview.close()
