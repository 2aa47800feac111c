"""Sprite sheet geometry: cell rectangles, overflow onto further sheets, and grid inference."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snapview.core.sprites import CellRect, SpriteConfigError, SpriteLayout, infer_grid


def test_cells_are_row_major_with_margin_and_padding() -> None:
    layout = SpriteLayout(cell_width=120, cell_height=68, columns=10, lines=3, padding=4, margin=2)
    assert layout.cell_rect(0) == CellRect(2, 2, 120, 68)
    assert layout.cell_rect(1) == CellRect(2 + 124, 2, 120, 68)
    assert layout.cell_rect(10) == CellRect(2, 2 + 72, 120, 68)
    assert layout.cell_rect(29) == CellRect(2 + 9 * 124, 2 + 2 * 72, 120, 68)
    assert layout.sheet_size == (2 * 2 + 10 * 120 + 9 * 4, 2 * 2 + 3 * 68 + 2 * 4)
    with pytest.raises(IndexError):
        layout.cell_rect(30)


def test_fifty_shots_at_ten_by_three_overflow_onto_a_second_sheet() -> None:
    layout = SpriteLayout(cell_width=160, cell_height=90, columns=10, lines=3)
    assert layout.sheet_counts(50) == [30, 20]
    assert layout.sheet_counts(60) == [30, 30]
    assert layout.sheet_counts(0) == []
    assert layout.locate(29) == (0, CellRect(1440, 180, 160, 90))
    assert layout.locate(30) == (1, CellRect(0, 0, 160, 90))
    assert len(layout.cells(20)) == 20 and layout.cells(99)[-1] == layout.cell_rect(29)


def test_from_the_api_config_with_string_numbers_and_defaults() -> None:
    layout = SpriteLayout.from_config(
        {"CellWidth": "120", "CellHeight": 68, "Padding": "2", "Color": "tomato"}
    )
    assert (layout.columns, layout.lines, layout.padding, layout.margin) == (10, 10, 2, 0)
    assert (
        SpriteLayout.from_config(
            '{"CellWidth": 1, "CellHeight": 1, "Columns": 3, "Lines": 2}'
        ).cells_per_sheet
        == 6
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"CellHeight": 68}, "The sprite settings lack CellWidth."),
        ({"CellWidth": "wide", "CellHeight": 68}, "CellWidth is not a whole number: “wide”."),
        ("[1, 2]", "The sprite settings are not a JSON object."),
        ({"CellWidth": 0, "CellHeight": 68}, "Sprite settings out of range"),
    ],
)
def test_bad_configs_say_what_is_wrong(config, message: str) -> None:
    with pytest.raises(SpriteConfigError) as info:
        SpriteLayout.from_config(config)
    assert info.value.message.english().startswith(message)


def test_infer_with_a_known_cell_size() -> None:
    layout = infer_grid(1200, 680, cell_width=120, cell_height=68)
    assert layout is not None and (layout.columns, layout.lines) == (10, 10)
    # A cropped last sheet of 2 rows.
    layout = infer_grid(1200, 136, cell_width=120, cell_height=68)
    assert layout is not None and (layout.columns, layout.lines) == (10, 2)
    assert infer_grid(100, 50, cell_width=120, cell_height=68) is None


def test_infer_prefers_the_vendor_default_then_the_expected_count() -> None:
    layout = infer_grid(1600, 900)
    assert layout is not None and (layout.columns, layout.lines, layout.cell_width) == (10, 10, 160)
    # 10×3 of 16:9 cells is not square in cell count; known shot count picks the smallest fitting grid.
    layout = infer_grid(1600, 270, expected_cells=30)
    assert layout is not None and (layout.columns, layout.lines) == (10, 3)
    layout = infer_grid(1600 + 9 * 4, 270 + 2 * 4, padding=4, expected_cells=30)
    assert layout is not None and (layout.cell_width, layout.cell_height) == (160, 90)
    assert infer_grid(1000, 3) is None


@given(
    st.integers(1, 300),
    st.integers(1, 300),
    st.integers(1, 12),
    st.integers(1, 12),
    st.integers(0, 8),
    st.integers(0, 8),
)
def test_cells_never_overlap_and_stay_on_the_sheet(cw, ch, columns, lines, padding, margin) -> None:
    layout = SpriteLayout(cw, ch, columns, lines, padding, margin)
    width, height = layout.sheet_size
    rects = layout.cells(layout.cells_per_sheet)
    for r in rects:
        assert r.x >= 0 and r.x + r.width <= width and r.y >= 0 and r.y + r.height <= height
    for a, b in itertools.pairwise(rects):
        same_row = a.y == b.y
        assert (b.x >= a.x + a.width) if same_row else (b.y >= a.y + a.height)
    # With the sheet size and the cell size, inference gets the grid back.
    inferred = infer_grid(
        width, height, cell_width=cw, cell_height=ch, padding=padding, margin=margin
    )
    assert inferred == layout
