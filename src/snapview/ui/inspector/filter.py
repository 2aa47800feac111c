"""Search in the inspector: which nodes match a needle, and the proxy that shows only those.

The pure part (:func:`scalar_text`, :func:`count_matches`) walks plain JSON values and is safe to run
in a worker thread. :class:`JsonFilterProxy` filters the tree with Qt's own fixed-string filter.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from snapview.core.json_document import Path

MATCH_REVEAL_LIMIT = 2_000  # matches whose ancestors are loaded so the filtered tree can show them
# The role the filter reads (JsonTreeModel.SearchRole): the proxy's side of the contract.
SEARCH_ROLE = int(Qt.ItemDataRole.UserRole) + 2


def scalar_text(value: Any) -> str:
    """A scalar as search sees it: strings case-folded, literals as JSON, numbers as Python writes them."""
    if isinstance(value, str):
        return value.casefold()
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return repr(value)


def count_matches(value: Any, needle: str, limit: int) -> tuple[int, list[Path]]:
    """Every matching node (up to ``limit`` paths kept, in document order), walking iteratively."""
    count = 0
    paths: list[Path] = []
    stack: list[tuple[Path, Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        pairs = node.items() if isinstance(node, dict) else enumerate(node)
        nested: list[tuple[Path, Any]] = []
        for key, child in pairs:
            container = isinstance(child, dict | list)
            hit = (isinstance(key, str) and needle in key.casefold()) or (
                not container and needle in scalar_text(child)
            )
            if hit:
                count += 1
                if len(paths) < limit:
                    paths.append((*path, key))
            if container and child:
                nested.append(((*path, key), child))
        stack.extend(reversed(nested))
    return count, paths


class JsonFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose key or value contains the search text, and (recursively) their ancestors.

    Uses Qt's own fixed-string filter on ``JsonTreeModel.SearchRole`` rather than a Python
    ``filterAcceptsRow``: with no search text Qt then never calls into Python per row, and loading a
    300,000-item array through the proxy took 5.3 s with the Python override versus 0.5 s without."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_needle(self, needle: str) -> None:
        self.setFilterFixedString(needle)
