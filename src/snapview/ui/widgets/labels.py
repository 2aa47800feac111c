"""The one way snapview sets up a ``QLabel``: object name (tests and style sheets find it by that),
alignment, emphasis, selection and wrapping, in one call instead of five lines per label."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def make_label(
    text: str = "",
    *,
    object_name: str = "",
    bold: bool = False,
    scale: float = 1.0,
    centered: bool = False,
    selectable: bool = False,
    wrap: bool = False,
    parent: QWidget | None = None,
) -> QLabel:
    """A label; ``scale`` multiplies the font size (titles), ``selectable`` lets users copy the text."""
    label = QLabel(text, parent)
    if object_name:
        label.setObjectName(object_name)
    if bold or scale != 1.0:
        font = label.font()
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
    # Qt's enums by name through the property system: naming PySide6's ``Qt`` builds its ~95 enum
    # classes (20-35 ms), and the shell's labels are in the first frame (start-up budget).
    if centered:
        label.setProperty("alignment", "AlignCenter")
    if selectable:
        label.setProperty("textInteractionFlags", "TextSelectableByMouse")
    label.setWordWrap(wrap)
    return label
