"""Sprite sheet geometry for ``SpriteSnapshot`` (SPEC A.2): where each snapshot sits on which sheet,
so "Split frames" can cut a sheet back into its cells.

With a known ``SpriteSnapshotConfig`` the layout is the inferred vendor one: row-major cells,
``x = Margin + col·(CellWidth+Padding)``, ``y = Margin + row·(CellHeight+Padding)``, ``Columns × Lines``
cells per sheet, further shots overflowing onto further sheets (50 shots at 10×3 → sheets of 30 and
20). When the config is unknown, :func:`infer_grid` guesses it from a sheet's pixel size; see its
docstring for the assumptions. WebVTT regions, when a track exists, are exact and beat both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

# Vendor documentation defaults for SpriteSnapshotConfig when a field is left out.
DEFAULT_COLUMNS = 10
DEFAULT_LINES = 10


class SpriteConfigError(UserFacingError, ValueError):
    """A sprite configuration (rows, columns, cell size) that cannot describe a sheet."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class CellRect:
    x: int
    y: int
    width: int
    height: int

    def as_tuple(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.width, self.height


@dataclass(frozen=True, slots=True)
class SpriteLayout:
    """Cell size, grid and spacing of the sprite sheets of one snapshot job."""

    cell_width: int
    cell_height: int
    columns: int = DEFAULT_COLUMNS
    lines: int = DEFAULT_LINES
    padding: int = 0
    margin: int = 0

    def __post_init__(self) -> None:
        if (
            min(self.cell_width, self.cell_height, self.columns, self.lines) < 1
            or min(self.padding, self.margin) < 0
        ):
            raise SpriteConfigError(
                Message(
                    "Sprites",
                    QT_TRANSLATE_NOOP(
                        "Sprites",
                        "Sprite settings out of range (cells {columns}×{lines} of {width}×{height} px, "
                        "padding {padding}, margin {margin}).",
                    ),
                    {
                        "columns": self.columns,
                        "lines": self.lines,
                        "width": self.cell_width,
                        "height": self.cell_height,
                        "padding": self.padding,
                        "margin": self.margin,
                    },
                )
            )

    @classmethod
    def from_config(cls, config: Mapping[str, object] | str) -> SpriteLayout:
        """From a ``SpriteSnapshotConfig`` (dict or its JSON string; numbers may be strings)."""
        if isinstance(config, str):
            try:
                loaded = json.loads(config)
            except ValueError:
                loaded = None
            if not isinstance(loaded, dict):
                raise SpriteConfigError(
                    Message(
                        "Sprites",
                        QT_TRANSLATE_NOOP("Sprites", "The sprite settings are not a JSON object."),
                    )
                )
            config = loaded

        def number(name: str, default: int | None) -> int:
            value = config.get(name, default)
            if value is None:
                raise SpriteConfigError(
                    Message(
                        "Sprites",
                        QT_TRANSLATE_NOOP("Sprites", "The sprite settings lack {field}."),
                        {"field": name},
                    )
                )
            try:
                return int(str(value).strip())
            except ValueError:
                raise SpriteConfigError(
                    Message(
                        "Sprites",
                        QT_TRANSLATE_NOOP("Sprites", "{field} is not a whole number: “{value}”."),
                        {"field": name, "value": str(value)[:40]},
                    )
                ) from None

        return cls(
            cell_width=number("CellWidth", None),
            cell_height=number("CellHeight", None),
            columns=number("Columns", DEFAULT_COLUMNS),
            lines=number("Lines", DEFAULT_LINES),
            padding=number("Padding", 0),
            margin=number("Margin", 0),
        )

    @property
    def cells_per_sheet(self) -> int:
        return self.columns * self.lines

    @property
    def sheet_size(self) -> tuple[int, int]:
        """Pixel size of a full sheet."""
        width = 2 * self.margin + self.columns * self.cell_width + (self.columns - 1) * self.padding
        height = 2 * self.margin + self.lines * self.cell_height + (self.lines - 1) * self.padding
        return width, height

    def cell_rect(self, index_on_sheet: int) -> CellRect:
        """The rectangle of the 0-based cell ``index_on_sheet`` (row-major)."""
        if not 0 <= index_on_sheet < self.cells_per_sheet:
            raise IndexError(f"cell {index_on_sheet} is not on a {self.columns}×{self.lines} sheet")
        row, col = divmod(index_on_sheet, self.columns)
        return CellRect(
            self.margin + col * (self.cell_width + self.padding),
            self.margin + row * (self.cell_height + self.padding),
            self.cell_width,
            self.cell_height,
        )

    def cells(self, count: int) -> list[CellRect]:
        """The first ``count`` cells of a sheet (a last, partly filled sheet has fewer)."""
        return [self.cell_rect(i) for i in range(min(max(0, count), self.cells_per_sheet))]

    def locate(self, shot_index: int) -> tuple[int, CellRect]:
        """0-based sheet number and cell of the 0-based ``shot_index`` across all sheets."""
        if shot_index < 0:
            raise IndexError("shot index must not be negative")
        sheet, cell = divmod(shot_index, self.cells_per_sheet)
        return sheet, self.cell_rect(cell)

    def sheet_counts(self, total_shots: int) -> list[int]:
        """How many shots each sheet holds: 50 shots at 10×3 → ``[30, 20]``."""
        full, rest = divmod(max(0, total_shots), self.cells_per_sheet)
        return [self.cells_per_sheet] * full + ([rest] if rest else [])


def infer_grid(
    sheet_width: int,
    sheet_height: int,
    *,
    cell_width: int | None = None,
    cell_height: int | None = None,
    cell_aspect: float | None = 16 / 9,
    expected_cells: int | None = None,
    padding: int = 0,
    margin: int = 0,
    min_cell_width: int = 48,
    max_side: int = 100,
) -> SpriteLayout | None:
    """Guess the layout of a sheet of ``sheet_width × sheet_height`` pixels when the config is unknown.

    Assumptions (documented because the vendor does not describe the geometry in text):

    * ``padding`` and ``margin`` are as given (the vendor default is 0 for both).
    * With a known cell size (e.g. the NormalSnapshot size of the same job), the grid is as many
      whole cells as fit; a partly filled last sheet may be cropped or full size, both work.
    * Otherwise every cell has the video's aspect ratio ``cell_aspect`` (within 2 %) and the sheet
      holds a whole number of equally sized cells. That leaves several grids (a 10×10 sheet of 16:9
      cells is also a 5×5 one), so: with ``expected_cells`` (the shots on this sheet), the smallest
      grid with room for them wins; without it, the vendor default 10×10 if it fits, else the finest
      grid whose cells are at least ``min_cell_width`` pixels wide.

    Returns None when no grid fits.
    """
    if sheet_width <= 0 or sheet_height <= 0:
        return None
    if cell_width and cell_height:
        columns = (sheet_width - 2 * margin + padding) // (cell_width + padding)
        lines = (sheet_height - 2 * margin + padding) // (cell_height + padding)
        if columns < 1 or lines < 1:
            return None
        return SpriteLayout(cell_width, cell_height, columns, lines, padding, margin)
    candidates: list[SpriteLayout] = []
    for columns in range(1, max_side + 1):
        inner_w = sheet_width - 2 * margin - (columns - 1) * padding
        if inner_w < columns or inner_w % columns:
            continue
        cw = inner_w // columns
        if cw < min_cell_width and columns > 1:
            continue
        for lines in range(1, max_side + 1):
            inner_h = sheet_height - 2 * margin - (lines - 1) * padding
            if inner_h < lines or inner_h % lines:
                continue
            ch = inner_h // lines
            if cell_aspect and abs(cw / ch - cell_aspect) / cell_aspect > 0.02:
                continue
            candidates.append(SpriteLayout(cw, ch, columns, lines, padding, margin))
    if not candidates:
        return None
    if expected_cells:
        roomy = [c for c in candidates if c.cells_per_sheet >= expected_cells]
        if roomy:
            return min(roomy, key=lambda c: (c.cells_per_sheet, -c.cell_width))
    for candidate in candidates:
        if (candidate.columns, candidate.lines) == (DEFAULT_COLUMNS, DEFAULT_LINES):
            return candidate
    return max(candidates, key=lambda c: (c.cells_per_sheet, c.cell_width))
