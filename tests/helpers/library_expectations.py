"""What a library listing must return, computed straight from the emulator's catalogue with its
own few lines of logic — not through ``LibraryFilter``, the Match builder or the emulator's parser —
so a test that compares against it checks the whole path, not one code path against itself."""

from __future__ import annotations

from datetime import UTC, datetime

from snapview.emulator.catalog import Catalog


def _time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def expected_ids(
    catalog: Catalog,
    *,
    words: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    category: int | None = None,
    since: tuple[datetime, bool] | None = None,  # (time, end included)
    until: tuple[datetime, bool] | None = None,
    newest_first: bool = True,
) -> list[str]:
    """The IDs the search must list, in the emulator's order: creation time, then VideoId, both
    in the walk's direction."""
    assert catalog.library is not None
    chosen = []
    for entry in catalog.library.entries.values():
        title = entry.title.lower()
        if any(word.lower() not in title for word in words):
            continue
        if statuses and entry.status not in statuses:
            continue
        if category is not None and entry.cate_id != category:
            continue
        created = _time(entry.creation_time)
        if since is not None and (created < since[0] or (created == since[0] and not since[1])):
            continue
        if until is not None and (created > until[0] or (created == until[0] and not until[1])):
            continue
        chosen.append((entry.creation_time, entry.video_id))
    chosen.sort(reverse=newest_first)
    return [video_id for _, video_id in chosen]
