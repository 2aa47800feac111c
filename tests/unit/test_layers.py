"""The house rules of CRAFT.md, checked on the source: imports only go down (core ← services ← ui),
each layer keeps to its libraries, and no module grows past 600 lines.

Every ``import``/``from … import`` of every module under ``src/snapview`` counts, including those
under ``if TYPE_CHECKING:`` and inside functions: a type-only or late import is still a dependency
a reader has to follow.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "snapview"
MAX_LINES = 600

# layer -> (forbidden import prefixes, why)
RULES: dict[str, tuple[tuple[str, ...], str]] = {
    "core": (
        (
            "snapview.services",
            "snapview.ui",
            "snapview.emulator",
            "snapview.commands",
            "snapview.app",
            "PySide6",
            "shiboken6",
            "httpx",
            "aiohttp",
            "keyring",
        ),
        "core is pure Python: no Qt, no I/O library, nothing from the layers above",
    ),
    "services": (
        ("snapview.ui", "snapview.app", "snapview.commands", "PySide6.QtWidgets"),
        "services never import the UI (QtCore/QtGui are allowed for images)",
    ),
    "ui": (
        ("httpx", "aiohttp", "snapview.emulator", "snapview.commands", "snapview.app"),
        "ui talks to services; it does no HTTP of its own and does not start the emulator",
    ),
    "emulator": (
        ("snapview.ui", "snapview.services", "snapview.commands", "snapview.app"),
        "the emulator may use core only, so it cannot share a bug with the client",
    ),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(source: str, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in ``source``, the text of ``module``."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            # "from PySide6 import QtWidgets" names the submodule in the alias.
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def _violations(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """One line per import statement of ``module`` that breaks its layer's rule."""
    layer = module.split(".")[1] if module.count(".") else ""
    forbidden, why = RULES.get(layer, ((), ""))
    found: dict[int, str] = {}
    for line, target in _imports(source, module, is_package):
        if line not in found and any(target == p or target.startswith(p + ".") for p in forbidden):
            found[line] = f"{module}:{line} imports {target} ({why})"
    return [found[line] for line in sorted(found)]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_layer_imports_only_what_it_may() -> None:
    violations = [
        violation
        for path in _modules()
        for violation in _violations(
            path.read_text(encoding="utf-8"),
            _module_name(path),
            is_package=path.name == "__init__.py",
        )
    ]
    assert violations == []


def test_no_module_is_longer_than_600_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize(
    ("module", "statement"),
    [
        ("snapview.core.sprites", "from snapview.ui.tr import tr_message"),
        ("snapview.core.sprites", "from PySide6 import QtCore"),
        ("snapview.core.sprites", "import keyring"),
        ("snapview.services.frames", "from PySide6.QtWidgets import QWidget"),
        ("snapview.services.frames", "from PySide6 import QtWidgets"),
        ("snapview.services.credentials.store", "from ...ui import tr"),
        ("snapview.ui.video.feature", "import httpx"),
        ("snapview.ui.video.feature", "from snapview.emulator.process import EmulatorProcess"),
        ("snapview.emulator.cdn", "from snapview.services import settings"),
    ],
)
def test_an_upward_or_foreign_import_is_reported(module: str, statement: str) -> None:
    """The checker itself: a planted import in a real module's text is reported, with its line."""
    path = PACKAGE.parent.joinpath(*module.split(".")).with_suffix(".py")
    source = path.read_text(encoding="utf-8")
    planted = f"{source}\nif TYPE_CHECKING:\n    {statement}\n"
    assert _violations(source, module) == []
    (violation,) = _violations(planted, module)
    assert violation.startswith(f"{module}:{len(planted.splitlines())} imports ")


def test_allowed_imports_are_not_reported() -> None:
    assert _violations("from PySide6.QtGui import QImageReader", "snapview.services.frames") == []
    assert _violations("from snapview.core import signing", "snapview.emulator.cdn") == []
    assert _violations("from . import errors", "snapview.services.credentials.store") == []
