"""The library's quick filters against the emulator over real HTTP: "Snapshot job failed" lists
exactly Huawei's THUMBNAIL_FAILED assets, "Today's uploads" exactly those created since local
midnight, each shown in the pane's own fields; on Alibaba "Snapshot job failed" is disabled and
says why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from snapview.emulator import huawei_catalog as hc
from snapview.emulator.catalog import default_catalog
from tests.gui.test_library_pane import huawei, loaded  # noqa: F401 - the fixture
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui


def test_snapshot_job_failed_lists_the_failed_assets(huawei, qtbot) -> None:  # noqa: F811
    _window, app = huawei
    quick, pane, model = app.library.quick, app.library.pane, app.library.model
    expected = [
        a.asset_id
        for a in hc.HuaweiLibrary(default_catalog()).assets
        if "THUMBNAIL_FAILED" in a.statuses()
    ]
    assert quick.failed_button.isEnabled()
    quick.failed_button.click()
    qtbot.waitUntil(lambda: model.total == len(expected), timeout=WAIT_MS)
    loaded(qtbot, app.library, min(50, len(expected)))
    assert [v.video_id for v in model.videos] == expected[: model.rowCount()]
    assert pane.status == "THUMBNAIL_FAILED"


def test_todays_uploads_lists_what_was_created_since_midnight(huawei, qtbot) -> None:  # noqa: F811
    _window, app = huawei
    quick, pane, model = app.library.quick, app.library.pane, app.library.model
    midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    stamp = midnight.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    expected = [
        a.asset_id for a in hc.HuaweiLibrary(default_catalog()).assets if a.create_stamp >= stamp
    ]
    quick.today_button.click()
    assert pane.since_edit.text() == "today"
    qtbot.waitUntil(lambda: model.total == len(expected), timeout=WAIT_MS)
    loaded(qtbot, app.library)
    assert [v.video_id for v in model.videos] == expected[: model.rowCount()]
    # The emulator's catalogue is dated, so the list may well be empty: the search itself must
    # start at local midnight, newest first, and an empty answer must say so.
    searched = model.listing.filter
    assert searched.since is not None and searched.since.at == midnight.astimezone(UTC)
    assert searched.until is None and searched.newest_first
    if not expected:
        assert pane.count_label.text() == "No video matches these filters."


def test_alibaba_says_why_it_has_no_failed_filter(app_window, emulator, qtbot) -> None:
    _window, _services, app = app_window(size=(1500, 900), demo_profile=True)
    loaded(qtbot, app.library, 1)
    button = app.library.quick.failed_button
    assert not button.isEnabled()
    assert "Alibaba Cloud cannot search for a failed snapshot job" in button.toolTip()
