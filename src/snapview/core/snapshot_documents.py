"""Where an API response holds its snapshots, and which of its items is snapshot N: what keeps the
inspector's tree and the grid's tiles in step, for every response the grid shows a page of.

- Alibaba ``ListSnapshots``: ``$.MediaSnapshot.Snapshots.Snapshot[i]``, items with ``Index`` and ``Url``.
- Huawei ``ShowAssetDetail``: ``$.thumbnail_info.<kind>[i]`` (``sample``, ``dots``, ``quantity``),
  items with ``offset`` and ``url`` — in the API's order, which need not be offset order, while a
  snapshot's index is its 1-based position in offset order.
- Huawei ``ListThumbnailDetails`` (one page of a long list): ``$.thumbnail_result[i]``, the same items;
  the page's first index is ``(page_no - 1) * page_size + 1``.

Pure functions of the parsed JSON; a document of another shape has no snapshot list (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from snapview.core.json_document import Path

ALIBABA_SNAPSHOTS: Path = ("MediaSnapshot", "Snapshots", "Snapshot")
HUAWEI_DETAIL_INFO = "thumbnail_info"
HUAWEI_DETAILS_PAGE: Path = ("thumbnail_result",)


@dataclass(frozen=True, slots=True)
class SnapshotList:
    """The snapshot items of one response: ``path`` to the list, and the index of its first item
    in offset order (Huawei; Alibaba items carry their own ``Index``)."""

    path: Path
    items: tuple[Any, ...]
    first_index: int = 1

    @property
    def by_offset(self) -> bool:
        """True when an item's index is its rank by ``offset`` (Huawei), not an ``Index`` field."""
        return self.path != ALIBABA_SNAPSHOTS

    def position_of(self, index: int, url: str | None) -> int | None:
        """Where snapshot ``index`` (or the item with this ``url``) sits in the list."""
        if not self.by_offset:
            for position, item in enumerate(self.items):
                if isinstance(item, dict) and _as_int(item.get("Index")) == index:
                    return position
        if url:
            for position, item in enumerate(self.items):
                if isinstance(item, dict) and (item.get("Url") or item.get("url")) == url:
                    return position
        if self.by_offset:
            ranked = self._ranked()
            rank = index - self.first_index
            if 0 <= rank < len(ranked):
                return ranked[rank]
        return None

    def index_at(self, position: int) -> int | None:
        """The snapshot index of the item at ``position`` (None when it is not a snapshot)."""
        if not 0 <= position < len(self.items) or not isinstance(self.items[position], dict):
            return None
        if not self.by_offset:
            return _as_int(self.items[position].get("Index"))
        ranked = self._ranked()
        return self.first_index + ranked.index(position) if position in ranked else None

    def url_at(self, position: int) -> str | None:
        item = self.items[position] if 0 <= position < len(self.items) else None
        if not isinstance(item, dict):
            return None
        url = item.get("Url") if not self.by_offset else item.get("url")
        return url if isinstance(url, str) and url else None

    def _ranked(self) -> list[int]:
        """Positions of the items with an offset, in offset order (ties keep the API's order)."""
        with_offset = [
            (offset, position)
            for position, item in enumerate(self.items)
            if isinstance(item, dict) and (offset := _as_float(item.get("offset"))) is not None
        ]
        return [position for _offset, position in sorted(with_offset)]


def snapshot_list(
    raw: Any, *, kind: str = "sample", page_no: int = 1, page_size: int = 100
) -> SnapshotList | None:
    """The snapshot list of a response document (``kind``: which Huawei list of ShowAssetDetail;
    ``page_no``/``page_size``: where a ListThumbnailDetails page starts)."""
    if not isinstance(raw, dict):
        return None
    alibaba = _at(raw, ALIBABA_SNAPSHOTS)
    if alibaba is not None:
        return SnapshotList(ALIBABA_SNAPSHOTS, tuple(alibaba))
    info = raw.get(HUAWEI_DETAIL_INFO)
    if isinstance(info, dict):
        items = info.get(kind)
        return SnapshotList(
            (HUAWEI_DETAIL_INFO, kind), tuple(items if isinstance(items, list) else ())
        )
    page = _at(raw, HUAWEI_DETAILS_PAGE)
    if page is not None:
        return SnapshotList(HUAWEI_DETAILS_PAGE, tuple(page), (page_no - 1) * page_size + 1)
    return None


def _at(raw: dict[str, Any], path: Path) -> list[Any] | None:
    node: Any = raw
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node if isinstance(node, list) else None


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
