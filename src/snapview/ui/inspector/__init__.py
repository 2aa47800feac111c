"""The inspector: the JSON behind what the main window shows, as a tree and as raw text.

- :mod:`~snapview.ui.inspector.widget` — ``InspectorWidget``: the dock's contents and its owner API;
- :mod:`~snapview.ui.inspector.tree_model` — ``JsonTreeModel``: the lazily built Key/Type/Value tree;
- :mod:`~snapview.ui.inspector.filter` — search: the pure match counting and ``JsonFilterProxy``;
- :mod:`~snapview.ui.inspector.highlighter` — ``JsonHighlighter`` for the Raw tab.
"""

from snapview.ui.inspector.filter import JsonFilterProxy
from snapview.ui.inspector.tree_model import JsonTreeModel
from snapview.ui.inspector.widget import InspectorWidget

__all__ = ["InspectorWidget", "JsonFilterProxy", "JsonTreeModel"]
