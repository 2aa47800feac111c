"""The event view's old address, kept until arch-wiring lands (the events feature imports
:class:`EventView` from here). New code imports from :mod:`snapview.ui.events.view`."""

from snapview.ui.events.view import EventTilesModel, EventView

StateRole = EventTilesModel.StateRole

__all__ = ["EventTilesModel", "EventView", "StateRole"]
