"""The HTTP stack under every request: httpcore must learn its async library from a module that is
there, not from a failed import repeated per request (each one walked sys.path: 9 % of a scan)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

from httpcore._synchronization import current_async_library


class ImportRecorder(MetaPathFinder):
    """Notes every module the import system goes looking for (none is found here)."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        self.searched.append(fullname)
        return None


def test_a_request_asks_the_import_system_for_nothing() -> None:
    recorder = ImportRecorder()

    async def ask() -> str:
        return current_async_library()  # what httpcore calls for every connection and request

    asyncio.run(ask())  # a first call may import what it needs once
    sys.meta_path.insert(0, recorder)
    try:
        assert asyncio.run(ask()) == "asyncio"
    finally:
        sys.meta_path.remove(recorder)
    assert recorder.searched == []
