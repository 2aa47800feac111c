"""Bad covers badged in the library list, against the emulator's catalogue over real HTTP: a cover the
CDN answers 404 for, a black one and a flat decoder-green one each get the ⚠ badge, a warning
colour and a tooltip that says which fault it is (the grid's failure reason, the scan's ``black``
and ``uniform`` rules), while a good cover of the same list is shown without a badge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from snapview.emulator.catalog import default_catalog
from snapview.ui.library.model import Column
from tests.gui.test_library_pane import loaded
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui


def _first(defect: str) -> str:
    return next(
        v.video_id
        for v in default_catalog().videos.values()
        if v.cover_defect == defect and v.status == "Normal" and v.jobs and v.jobs[0].covers
    )


def test_missing_black_and_flat_covers_are_badged(app_window, emulator, qtbot) -> None:
    _window, _services, app = app_window(size=(1500, 900), demo_profile=True)
    loaded(qtbot, app.library, 1)
    good = next(
        v.video_id
        for v in default_catalog().videos.values()
        if not v.cover_defect and v.status == "Normal" and v.jobs and v.jobs[0].covers
    )
    bad = {defect: _first(defect) for defect in ("missing", "black", "uniform")}
    pane, model = app.library.pane, app.library.model
    pane.paste_button.setChecked(True)
    pane.ids_edit.setPlainText("\n".join([good, *bad.values()]))
    pane.show_ids_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 4 and not model.loading, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: all(model.cover_settled(r) for r in range(4)) and model.cover_count >= 3,
        timeout=WAIT_MS,
    )

    def title(video_id: str, role: Qt.ItemDataRole) -> object:
        return model.index(model.row_of(video_id), Column.TITLE).data(role)

    tip = Qt.ItemDataRole.ToolTipRole
    assert "did not load" in str(title(bad["missing"], tip))
    assert "404" in str(title(bad["missing"], tip))
    assert str(title(bad["black"], tip)) == "The cover is a black frame."
    assert str(title(bad["uniform"], tip)) == "The cover is one flat colour: solid green (#008700)."
    for video_id in bad.values():
        assert str(title(video_id, Qt.ItemDataRole.DisplayRole)).startswith("⚠ ")  # not elided
        assert title(video_id, Qt.ItemDataRole.ForegroundRole) is not None
    assert "⚠" not in str(title(good, Qt.ItemDataRole.DisplayRole))
    assert title(good, Qt.ItemDataRole.DecorationRole) is not None  # the good cover is shown
