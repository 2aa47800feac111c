"""Start-up to a shown window is a documented budget (docs/performance.md, ≤ ×1.5 a bare PySide6
window, timed from the parent's clock), so what loads before the first frame is held here:

- the launcher's first frame (``launcher.show_shell``: menus, toolbar, the empty grid area,
  "Starting…") loads the shell's modules alone: no feature package, no inspector, no event loop
  (asyncio, qasync), no keyring, no HTTP stack, no emulator;
- the first frame itself (``launcher.show_first_frame``) never uses PySide6's ``Qt`` namespace,
  ``QStyle`` or ``QEvent``: a class's first use builds its Python enum classes (~95 for ``Qt``,
  20-35 ms, about a fifth of a bare window's start-up; ~10 ms for ``QStyle``, 4 ms for ``QEvent``);
- the whole window, with every feature, still loads nothing only a first load needs: httpx (and
  its TLS trust store), the image pipeline, the VOD client, the emulator, ``cryptography`` (only an
  SMN signature check needs it).

Checked in fresh interpreters, so no other test's imports count."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

LATE = (
    "cryptography",  # ~250 ms for x509 alone: loaded by the first SMN signature check
    "PIL",  # ~70 ms: the scan's detectors need it, the grid's badges do not
    "httpx",
    "aiohttp",
    "snapview.services.images",
    "snapview.services.vod_client",
    "snapview.services.huawei_client",
    "snapview.services.huawei_pager",
    "snapview.services.frames",
    "snapview.services.cert_fetcher",
    "snapview.emulator.process",
)

PROBE = """
import argparse, json, sys
from pathlib import Path
from snapview.app import build_window, create_application
from snapview.services.app_services import AppServices
from snapview.services.settings import Settings
app = create_application(["probe"])
services = AppServices(Settings(Path(sys.argv[1])))
window = build_window(services, argparse.Namespace()).window
window.show()
print(json.dumps(sorted(m for m in sys.modules if m in set(sys.argv[2:]))))
"""


# Loaded after the first frame (by ``app.run_app``), on top of LATE. Prefixes: a package and all of
# its modules.
AFTER_FIRST_FRAME = (
    "asyncio",  # with qasync: the event loop starts once the shell is painted
    "qasync",
    "keyring",  # the keyring probe never delays the window
    "secretstorage",
    "snapview.app",
    "snapview.services.credentials",
    "snapview.services.app_services",
    "snapview.ui.inspector",
    "snapview.ui.events",
    "snapview.ui.grid",
    "snapview.ui.video",
    "snapview.ui.library",
    "snapview.ui.profiles",
    "snapview.ui.review",
    "snapview.ui.scan",
    "snapview.emulator",
    "logging.handlers",  # the log file's rotating handler: set up once the window is on screen
)

SHELL_PROBE = """
import json, sys
from pathlib import Path
from snapview.launcher import create_application, show_shell
from snapview.services.settings import Settings
from snapview.ui.shell.language import install_translators
app = create_application(["probe"])
install_translators(app, "zh_CN")
window = show_shell(app, Settings(Path(sys.argv[1])))
assert window.isVisible() and window.first_shown_at > 0
late = tuple(sys.argv[2:])
print(json.dumps(sorted(m for m in sys.modules if m in late or m.startswith(tuple(p + "." for p in late)))))
"""


def _loaded(tmp_path: Path, probe: str, modules: tuple[str, ...]) -> list[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SNAPVIEW_CONFIG_DIR=str(tmp_path / "config"),
        SNAPVIEW_CACHE_DIR=str(tmp_path / "cache"),
        SNAPVIEW_LOG_DIR=str(tmp_path / "logs"),
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "settings.json"), *modules],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    loaded: list[str] = json.loads(proc.stdout.strip().splitlines()[-1])
    return loaded


def test_building_and_showing_the_window_loads_no_network_stack(tmp_path: Path) -> None:
    assert _loaded(tmp_path, PROBE, LATE) == []


def test_the_first_frame_loads_the_shell_alone(tmp_path: Path) -> None:
    assert _loaded(tmp_path, SHELL_PROBE, LATE + AFTER_FIRST_FRAME) == []


FIRST_FRAME_PROBE = """
import json, sys
from pathlib import Path
import PySide6.QtCore, PySide6.QtWidgets
from snapview.launcher import create_application, show_first_frame
from snapview.services.settings import Settings
from snapview.ui.shell.language import install_translators
app = create_application(["probe"])
install_translators(app, sys.argv[2])
window = show_first_frame(app, Settings(Path(sys.argv[1])))
assert window.isVisible() and window.first_shown_at > 0
# PySide6 makes a class (and its enums) on first use.
built = [name for name in ("Qt", "QEvent") if name in vars(PySide6.QtCore)]
built += [name for name in ("QStyle",) if name in vars(PySide6.QtWidgets)]
window.finish_first_frame()
print(json.dumps([f"at first frame: {built}", f"finished: {'Qt' in vars(PySide6.QtCore)}"]))
"""


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_first_frame_builds_neither_the_qt_namespace_nor_qstyle_nor_qevent(
    tmp_path: Path, language: str
) -> None:
    # Once the dock is added the enums exist: the probe can tell the two apart.
    built = _loaded(tmp_path, FIRST_FRAME_PROBE, (language,))
    assert built == ["at first frame: []", "finished: True"]
