"""The grid's arithmetic layout: where tiles sit, with and without hidden rows."""

from __future__ import annotations

from snapview.ui.grid.tile_layout import TileLayout


def layout(rows: int, width: int = 1000, cell: tuple[int, int] = (200, 150)) -> TileLayout:
    tiles = TileLayout()
    tiles.cell_width, tiles.cell_height = cell
    tiles.width = width
    tiles.reset(rows)
    return tiles


def test_tiles_wrap_left_to_right_in_whole_cells() -> None:
    tiles = layout(12, width=1099)  # five whole cells fit; the rest of the width stays empty
    assert tiles.columns == 5 and tiles.lines == 3 and tiles.height == 450
    assert tiles.cell(0) == (0, 0) and tiles.cell(4) == (800, 0) and tiles.cell(5) == (0, 150)
    assert tiles.slot_at(850, 160) == 9
    assert tiles.slot_at(1050, 10) is None  # right of the last column
    assert tiles.slot_at(450, 400) is None  # the empty end of the last line
    assert tiles.slots_between(140, 160) == range(0, 10)  # two lines meet those pixels
    assert tiles.slots_between(300, 10_000) == range(10, 12)


def test_a_hundred_thousand_rows_need_no_work_per_row() -> None:
    tiles = layout(100_000)
    assert tiles._shown is None  # nothing built: every answer is arithmetic
    assert tiles.slot_of(99_999) == 99_999 and tiles.row_at(99_999) == 99_999
    assert tiles.height == 20_000 * 150
    assert tiles._shown is None


def test_hidden_rows_give_up_their_slots_and_the_rest_close_up() -> None:
    tiles = layout(10)
    for row in (1, 2, 7):
        assert tiles.set_hidden(row, True)
    assert not tiles.set_hidden(2, True)  # already hidden: no change to report
    assert tiles.slots == 7
    assert [tiles.row_at(s) for s in range(7)] == [0, 3, 4, 5, 6, 8, 9]
    assert tiles.slot_of(3) == 1 and tiles.slot_of(2) is None and tiles.row_at(7) is None
    tiles.set_hidden(2, False)
    assert tiles.slot_of(3) == 2 and tiles.slots == 8
    assert tiles.show_all()  # a filter turned off: every row back in its own slot at once
    assert tiles.slots == 10 and [tiles.row_at(s) for s in range(10)] == list(range(10))
    assert not tiles.show_all()


def test_hidden_rows_follow_rows_inserted_or_removed_before_them() -> None:
    tiles = layout(10)
    tiles.set_hidden(5, True)
    tiles.insert(0, 3)
    assert tiles.rows == 13 and tiles.is_hidden(8) and not tiles.is_hidden(5)
    tiles.remove(7, 2)  # rows 7 and 8 go, the hidden one with them
    assert tiles.rows == 11 and tiles.slots == 11
    tiles.set_hidden(10, True)
    tiles.remove(0, 1)
    assert tiles.is_hidden(9) and tiles.slots == 9
    tiles.reset(4)
    assert tiles.slots == 4 and not tiles.is_hidden(9)
