"""Finds the files under ``resources/`` (icons, translations, desktop files) wherever snapview runs:
from a source checkout, from an installed wheel (packaged as ``snapview/resources``) or from a
PyInstaller bundle (``sys._MEIPASS/resources``).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    here = Path(__file__).resolve().parent
    candidates.append(here / "resources")  # installed wheel
    candidates.append(
        here.parent.parent / "resources"
    )  # source checkout: src/snapview/../../resources
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "snapview resources not found; looked in: " + ", ".join(map(str, candidates))
    )


def resource_path(*parts: str) -> Path:
    """Path of a resource file, e.g. ``resource_path("icons", "snapview.svg")``."""
    return resources_root().joinpath(*parts)
