"""The Defects panel's grouping of a scan document, as a reviewer reads it: kinds in order with
counts, what each detector measured in words, info flags listed but never flagged, and a long list
capped so that a video with thousands of failed snapshots does not stall the window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTreeWidgetItem

from snapview.ui.scan.findings import group_findings
from snapview.ui.scan.panel import MAX_ROWS_PER_GROUP, DefectsPanel

pytestmark = pytest.mark.gui


def entry(index: int, flag: str | None = None, failure: str | None = None, **details) -> dict:
    return {
        "index": index,
        "offset": None,
        "state": "failed" if failure else "ok",
        "failure": failure,
        "flags": [flag] if flag else [],
        "details": {flag: details} if flag else {},
    }


def test_kinds_come_in_order_with_their_counts_and_info_is_not_flagged(qtbot) -> None:
    groups = group_findings(
        [
            entry(9, failure="not_found"),
            entry(3, "letterbox", top_px=33, bottom_px=34, severity="info"),
            entry(2, "black"),
            entry(7, "uniform", colour="green", rgb="#008700"),
        ],
        [{"flag": "count_mismatch", "total": 73, "listed": 72}],
    )
    panel = DefectsPanel()
    qtbot.addWidget(panel)
    panel.show_findings(groups, scanned=72, total=73, scanned_at=1_700_000_000)
    heads = [
        present(panel.tree.topLevelItem(n)).text(0) for n in range(panel.tree.topLevelItemCount())
    ]
    assert heads == [
        "Black frames (1)",
        "Uniform colour (1)",
        "Letterbox bars (1)",
        "Could not be loaded (1)",
        "Snapshot job (1)",
    ]
    assert present(panel.item_for("uniform", 7)).text(1) == "solid green (#008700)"
    assert (
        present(panel.item_for("letterbox", 3)).text(1)
        == "top 33 px, bottom 34 px (even bars: info only)"
    )
    assert present(panel.item_for("failed", 9)).text(1) == "Not found (404)"
    assert groups.flagged_indexes == [2, 7, 9]  # the even bars are not a defect
    assert panel.summary.text().startswith("3 of 73 snapshots flagged · scanned ")
    assert panel.scan_button.text() == "Rescan"


def test_thousands_of_findings_are_counted_but_only_the_first_listed(qtbot) -> None:
    groups = group_findings(entry(i, failure="timeout") for i in range(10_000, 0, -1))
    panel = DefectsPanel()
    qtbot.addWidget(panel)
    panel.show_findings(groups, scanned=10_000, total=10_000)
    head = present(panel.tree.topLevelItem(0))
    assert head.text(0) == "Could not be loaded (10000)"
    assert head.childCount() == MAX_ROWS_PER_GROUP + 1
    assert (
        present(head.child(0)).text(0) == "Snapshot #1"
    )  # in index order, whatever order they came in
    assert (
        present(head.child(MAX_ROWS_PER_GROUP))
        .text(0)
        .startswith(f"…and {10_000 - MAX_ROWS_PER_GROUP} more")
    )
    assert len(groups.flagged_indexes) == 10_000  # F8 still walks every one


def present(item: QTreeWidgetItem | None) -> QTreeWidgetItem:
    """The item, which the panel must have made."""
    assert item is not None
    return item


def test_a_scanned_tile_shows_the_scans_badges_not_the_quick_checks_as_well(qtbot) -> None:
    from snapview.services.images.results import ImageResult
    from snapview.ui.grid.delegate import tile_badges
    from snapview.ui.grid.tiles import Tile

    black = ImageResult(key="k", url="https://cdn.example/6.jpg", is_black=True)
    tile = Tile(index=6, result=black, duplicate=True)
    assert [text for text, _ in tile_badges(tile)] == ["BLACK", "DUP"]  # on screen, before a scan
    tile.scan_findings = (("BLACK", "black frame"),)
    assert [text for text, _ in tile_badges(tile)] == ["BLACK"]  # once, in the scan's colour
