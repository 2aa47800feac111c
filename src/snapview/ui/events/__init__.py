"""Event mode: Huawei VOD events (one at a time) beside the inspector. :mod:`~snapview.ui.events.view`
holds the central area: the event's header and signature line, and its snapshots as tiles."""
