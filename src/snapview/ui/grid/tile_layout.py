"""Where every tile of the grid sits, by arithmetic: uniform cells, left to right, line by line.

Qt's icon-mode list lays out each row as an item of its own (a position, a spatial-index entry),
in batches of 500 over the event loop: at 100,000 snapshots that is half a second or more of the
GUI thread while the first viewport loads, and again after every change of the decision filter.
Tiles of one size need none of it. A row's place is its slot (its position among the rows shown)
times the cell size, and the rows under a rectangle are a range of slots — no work per row, so a
100,000-snapshot video lays out as fast as a 1,000-snapshot one.

Hidden rows (the decision and flag filters) take slots away. With none hidden a slot is its row;
with some, the shown rows are kept as one sorted array, rebuilt on the first question after a
change (one pass, milliseconds at 100,000 rows), so hiding thousands of rows in a row costs one
rebuild, not thousands.
"""

from __future__ import annotations

import bisect
from array import array


class TileLayout:
    """Slots of uniform ``cell_width`` × ``cell_height`` cells in a view ``width`` pixels wide."""

    def __init__(self) -> None:
        self.cell_width = 1
        self.cell_height = 1
        self.width = 1
        self.rows = 0
        self._hidden: set[int] = set()
        self._shown: array[int] | None = None  # the shown rows, sorted; None: rebuild when asked

    # -- rows ---------------------------------------------------------------------------------------

    def reset(self, rows: int) -> None:
        """A new model (or a reset one): every row shown, as Qt's views do after a reset."""
        self.rows = max(0, rows)
        self._hidden.clear()
        self._shown = None

    def insert(self, first: int, count: int) -> None:
        """``count`` rows were inserted before ``first``: the hidden rows after them move along."""
        self.rows += count
        if self._hidden:
            self._hidden = {r + count if r >= first else r for r in self._hidden}
        self._shown = None

    def remove(self, first: int, count: int) -> None:
        """Rows ``first`` … ``first + count - 1`` were removed."""
        self.rows = max(0, self.rows - count)
        if self._hidden:
            end = first + count
            self._hidden = {
                r - count if r >= end else r for r in self._hidden if not first <= r < end
            }
        self._shown = None

    def set_hidden(self, row: int, hide: bool) -> bool:
        """Hide or show ``row``; True when that changed anything."""
        if not 0 <= row < self.rows or hide == (row in self._hidden):
            return False
        if hide:
            self._hidden.add(row)
        else:
            self._hidden.discard(row)
        self._shown = None
        return True

    def is_hidden(self, row: int) -> bool:
        return row in self._hidden

    def show_all(self) -> bool:
        """Show every row; True when any was hidden."""
        if not self._hidden:
            return False
        self._hidden.clear()
        self._shown = None
        return True

    # -- slots ----------------------------------------------------------------------------------------

    @property
    def slots(self) -> int:
        """How many tiles are shown."""
        return self.rows - len(self._hidden)

    def _shown_rows(self) -> array[int]:
        if self._shown is None:
            hidden = self._hidden
            self._shown = array("i", (r for r in range(self.rows) if r not in hidden))
        return self._shown

    def slot_of(self, row: int) -> int | None:
        """The slot of ``row``; None for a hidden row or one beyond the model."""
        if not 0 <= row < self.rows or row in self._hidden:
            return None
        if not self._hidden:
            return row
        return bisect.bisect_left(self._shown_rows(), row)

    def row_at(self, slot: int) -> int | None:
        """The row shown in ``slot``; None past the last one."""
        if not 0 <= slot < self.slots:
            return None
        return slot if not self._hidden else self._shown_rows()[slot]

    # -- geometry -------------------------------------------------------------------------------------

    @property
    def columns(self) -> int:
        return max(1, self.width // max(1, self.cell_width))

    @property
    def lines(self) -> int:
        return -(-self.slots // self.columns)

    @property
    def height(self) -> int:
        """The height of all the lines: what the scroll bar scrolls over."""
        return self.height_for(self.width)

    def height_for(self, width: int) -> int:
        """The height of all the lines in a view ``width`` pixels wide (before it is that wide)."""
        columns = max(1, width // max(1, self.cell_width))
        return -(-self.slots // columns) * self.cell_height

    def cell(self, slot: int) -> tuple[int, int]:
        """The top-left corner of ``slot``'s cell, in content coordinates."""
        line, column = divmod(slot, self.columns)
        return column * self.cell_width, line * self.cell_height

    def slot_at(self, x: int, y: int) -> int | None:
        """The slot under a point in content coordinates; None over empty space."""
        if x < 0 or y < 0:
            return None
        column = x // max(1, self.cell_width)
        if column >= self.columns:
            return None
        slot = (y // max(1, self.cell_height)) * self.columns + column
        return slot if slot < self.slots else None

    def slots_between(self, top: int, bottom: int) -> range:
        """The slots of the lines that meet content rows ``top`` … ``bottom`` (inclusive)."""
        if bottom < top or self.slots == 0:
            return range(0)
        first = max(0, top) // max(1, self.cell_height)
        last = max(0, bottom) // max(1, self.cell_height)
        columns = self.columns
        return range(min(self.slots, first * columns), min(self.slots, (last + 1) * columns))
