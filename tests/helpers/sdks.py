"""The official vendor SDKs (test-only dependencies) for the conformance suites: required in CI,
optional on a developer's machine.

The conformance tests are the only thing that stops a signing bug shared by our client and our
emulator, so CI must not skip them. :func:`vendor_sdk` imports an SDK module; when it is missing:

- in CI (the ``CI`` environment variable is set, as ``.ci/run`` and hosted CI services do) or with
  ``pytest --require-sdks``, the test module fails to import: an error, never a skip;
- otherwise the module is skipped, with the command that installs the SDKs.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

INSTALL_HINT = "install the test extras: .venv/bin/python -m pip install -e '.[test]'"

# Set from ``--require-sdks`` by tests/conftest.py before any test module is imported.
required_by_option = False


def sdks_required() -> bool:
    ci = os.environ.get("CI", "").strip().lower()
    return required_by_option or ci not in ("", "0", "false", "no")


def vendor_sdk(module: str) -> ModuleType:
    """``import module``; a missing SDK is a skip only outside CI and without ``--require-sdks``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if sdks_required():
            raise ImportError(
                f"vendor SDK module {module} is missing ({exc}); the conformance tests "
                f"must run here (CI or --require-sdks): {INSTALL_HINT}"
            ) from exc
        pytest.skip(
            f"vendor SDK module {module} is not installed ({INSTALL_HINT})", allow_module_level=True
        )
