"""Event mode: Huawei VOD events opened, dropped or pasted, listed, shown beside the inspector and
checked for their signatures.

- :mod:`~snapview.ui.events.feature` — the actions, dialogs, loading and selection sync;
- :mod:`~snapview.ui.events.panel` — the list of loaded events and its filter;
- :mod:`~snapview.ui.events.signatures` — certificate and MFS-key checks of the events;
- :mod:`~snapview.ui.events.view` — the central area: one event's header, signature line and
  snapshots as tiles (on the grid's tile model and loader).
"""
