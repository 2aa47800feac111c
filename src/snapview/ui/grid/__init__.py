"""The thumbnail grid, in the shape of calibre's ``gui2/library`` and qutebrowser's ``completion/``:

- :mod:`~snapview.ui.grid.tiles` — the vocabulary: ``TileState``, ``Cell``, ``Tile`` and tile texts;
- :mod:`~snapview.ui.grid.model` — ``TileListModel`` and ``SnapshotGridModel``: rows, tiles, pixmaps;
- :mod:`~snapview.ui.grid.loader` — ``TileLoader``/``GridLoader``: what to fetch and when (pages
  visible-first, requests held while scrolling), talking to the pager and the image pipeline;
- :mod:`~snapview.ui.grid.delegate` — ``TileDelegate``: how a tile looks (painting is asking);
- :mod:`~snapview.ui.grid.view` — ``ThumbnailGridView``: zoom, scrolling, keyboard;
- :mod:`~snapview.ui.grid.context_menu` — copy, open and save originals (through ``services.downloads``).

Import from the modules themselves; this package file stays empty so that importing the vocabulary
does not pull in the widgets.
"""
