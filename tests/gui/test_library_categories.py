"""The library's category filter on Alibaba, against the emulator over real HTTP: the tree shows the
top level at once and loads a node's children (GetCategories with CateId) only when it is
expanded — two levels down — and choosing a subcategory narrows the list to it."""

from __future__ import annotations

import pytest

from tests.gui.test_library_pane import loaded
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui


def test_subcategories_load_on_expand_and_filter_the_list(app_window, emulator, qtbot) -> None:
    _window, _services, app = app_window(size=(1500, 900), demo_profile=True)
    loaded(qtbot, app.library, 1)
    combo = app.library.pane.category_combo
    qtbot.waitUntil(lambda: combo.item_of(1000) is not None, timeout=WAIT_MS)
    assert combo.item_of(1001) is None  # not asked for before the node is expanded
    news = combo.item_of(1000)
    assert news is not None and news.child(0).text() == "Loading…"
    combo.tree.expand(news.index())
    qtbot.waitUntil(lambda: combo.item_of(1001) is not None, timeout=WAIT_MS)
    assert [news.child(r).text() for r in range(news.rowCount())] == ["国内", "International"]
    domestic = combo.item_of(1001)
    assert domestic is not None
    combo.tree.expand(domestic.index())
    qtbot.waitUntil(lambda: combo.item_of(1003) is not None, timeout=WAIT_MS)
    international = combo.item_of(1004)
    assert international is not None
    combo.tree.expand(international.index())  # a leaf: its expander goes
    qtbot.waitUntil(lambda: international.rowCount() == 0, timeout=WAIT_MS)
    combo.select(1003)
    assert combo.currentText() == "Shanghai 上海" and app.library.pane.category_id == 1003
    model = app.library.model
    qtbot.waitUntil(lambda: model.total is not None and model.total < 1_000, timeout=WAIT_MS)
    loaded(qtbot, app.library, 1)
    assert {v.category_id for v in model.videos} == {1003}
