"""Old name of :mod:`snapview.ui.tr`, kept until arch-grid lands (the grid, event view and preview import it)."""

from snapview.ui.tr import tr_message as tr_message
