"""services/background_import.py: a feature's heavy modules are imported on a worker thread, so the
window does not freeze while they load (the first Scan Video froze it for 55-100 ms)."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from snapview.services.background_import import import_in_thread

# The module records the thread its code ran on, and how many times it ran.
_RECORDING_MODULE = """
import threading
RAN_ON = threading.current_thread()
import builtins
builtins.__dict__.setdefault("{counter}", []).append(1)
"""


@pytest.fixture
def module_folder(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    added = set(sys.modules)
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in set(sys.modules) - added:
            if name.startswith("bg_import_probe"):
                del sys.modules[name]


def _write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.py").write_text(text, encoding="utf-8")


def test_the_modules_code_runs_on_another_thread_than_the_callers(module_folder: Path) -> None:
    _write(module_folder, "bg_import_probe_a", _RECORDING_MODULE.format(counter="_bg_probe_a"))

    asyncio.run(import_in_thread("bg_import_probe_a"))

    module = sys.modules["bg_import_probe_a"]
    assert module.RAN_ON is not threading.current_thread()


def test_a_module_already_imported_is_not_run_again(module_folder: Path) -> None:
    import builtins

    _write(module_folder, "bg_import_probe_b", _RECORDING_MODULE.format(counter="_bg_probe_b"))
    try:
        asyncio.run(import_in_thread("bg_import_probe_b"))
        asyncio.run(import_in_thread("bg_import_probe_b"))
        import bg_import_probe_b  # noqa: F401  (the statement the feature uses afterwards)

        assert builtins.__dict__["_bg_probe_b"] == [1]
    finally:
        builtins.__dict__.pop("_bg_probe_b", None)


def test_an_import_error_reaches_the_caller_as_the_import_statement_would_raise_it(
    module_folder: Path,
) -> None:
    _write(module_folder, "bg_import_probe_c", "raise ValueError('broken module')\n")

    with pytest.raises(ValueError, match="broken module"):
        asyncio.run(import_in_thread("bg_import_probe_c"))
    with pytest.raises(ModuleNotFoundError):
        asyncio.run(import_in_thread("bg_import_probe_missing"))
    assert "bg_import_probe_c" not in sys.modules  # a failed import leaves nothing half-made
