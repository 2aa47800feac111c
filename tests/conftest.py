"""Test harness shared by every test (in the spirit of qutebrowser's and napari's).

- Qt runs offscreen, set here before anything imports Qt.
- Every directory the app writes to (settings, logs, caches) and pytest's ``tmp_path`` folders are
  in one per-session temp root, and when the session finishes every file there is scanned for the
  suite's secrets (``tests/helpers/secret_scan.py``): a hit fails the run.
- Qt warnings, Python warnings (pyproject: ``qt_log_level_fail``, ``filterwarnings``) and unexpected
  WARNING+ records of snapview's loggers (``tests/helpers/logfail.py``) fail the test.
- No test may leave a QTimer running, a thread alive or an ImagePipeline open (autouse checks).
- The shared fixtures are plugins (``pytest_plugins`` below): the emulator, the qasync loop, the app
  window and the model validator.
- ``--require-sdks`` (implied by the ``CI`` environment variable) turns a missing vendor SDK into a
  failure of the conformance suites instead of a skip (``tests/helpers/sdks.py``).
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import threading
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "0")
# Fontconfig may warn about a missing cache dir in throw-away homes; Qt itself must stay quiet.
# scripts/with-keyring.sh makes (and removes) the root; a bare pytest run makes its own here.
_OWN_SESSION_ROOT = not os.environ.get("SNAPVIEW_TEST_ROOT")
_SESSION_ROOT = Path(
    os.environ.get("SNAPVIEW_TEST_ROOT") or tempfile.mkdtemp(prefix="snapview-tests-")
)
os.environ["SNAPVIEW_LOG_DIR"] = str(_SESSION_ROOT / "logs")
os.environ["SNAPVIEW_CONFIG_DIR"] = str(_SESSION_ROOT / "snapview-config")
os.environ["SNAPVIEW_CACHE_DIR"] = str(_SESSION_ROOT / "snapview-cache")

import pytest  # noqa: E402

from tests.helpers import sdks  # noqa: E402
from tests.helpers.secret_scan import scan_session  # noqa: E402
from tests.helpers.timeouts import WAIT_MS  # noqa: E402

SESSION_ROOT = _SESSION_ROOT

pytest_plugins = [
    # The local VOD emulator (real HTTP on loopback): ``emulator``, ``emulator_factory``.
    "tests.helpers.emulator_fixtures",
    # ``qasync_loop``: the app's kind of event loop, for coroutines and Qt events together.
    "tests.helpers.qasync_loop",
    # ``app_window`` (the real window, services closed at teardown) and ``model_validator``.
    "tests.helpers.fixtures",
    # A real PostgreSQL server for the shared review store: ``postgres_server``, ``pg_location``.
    "tests.helpers.postgres_fixtures",
    # ``stores``: a test of the review store runs on SQLite and on PostgreSQL.
    "tests.helpers.review_stores",
    # Unexpected WARNING+ log records of snapview fail the test.
    "tests.helpers.logfail",
    # ``pytester``: tests/unit/test_harness.py runs inner sessions to prove the checks above fail.
    "pytester",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--require-sdks",
        action="store_true",
        help="fail, not skip, the conformance tests when a vendor SDK is missing (implied by CI=1)",
    )


@pytest.hookimpl(tryfirst=True)  # before pytest's tmpdir plugin reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    sdks.required_by_option = bool(config.getoption("--require-sdks"))
    if config.option.basetemp is None:
        # tmp_path folders in the session root too, so the secret scan reads what tests wrote there.
        config.option.basetemp = str(SESSION_ROOT / "pytest")


_scan: dict[str, object] = {}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The no-secrets-on-disk scan, after every test and fixture is done, in any test order."""
    if session.config.option.collectonly or not session.testscollected:
        return
    files, hits = scan_session(SESSION_ROOT)
    _scan.update(files=files, hits=hits)
    if hits:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif _OWN_SESSION_ROOT and session.exitstatus == pytest.ExitCode.OK:
        shutil.rmtree(SESSION_ROOT, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "hits" not in _scan:
        return
    hits = _scan["hits"]
    assert isinstance(hits, list)
    if hits:
        terminalreporter.section("secrets found on disk", sep="!", red=True)
        terminalreporter.write_line(f"under {SESSION_ROOT}:")
        for path, secret in hits:
            terminalreporter.write_line(f"  {path}: {secret}", red=True)
    else:
        terminalreporter.write_line(
            f"secret scan: no test secret in the {_scan['files']} files the suite wrote"
        )


@pytest.fixture(scope="session")
def session_root() -> Path:
    """The folder holding every settings, log and cache directory the suite's app instances use."""
    return SESSION_ROOT


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["snapview-tests"]


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture
def wait_ms() -> int:
    return WAIT_MS


def _live_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.is_alive() and not t.daemon}


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread():
    """Collect each test's garbage here, on the main thread, after every other fixture is torn down.

    Otherwise a Qt object left in a reference cycle (a closed qasync loop and its timer QObject) is
    collected in whichever thread next allocates (an emulator or decode worker), Qt destroys it there
    ("QObject::~QObject: Timers cannot be stopped from another thread") and a later event for its
    timer crashes the main thread (seen as random segfaults in tests/services).
    """
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """A test must join every non-daemon thread it starts (workers, servers)."""
    before = _live_threads()
    yield
    leaked = {t for t in _live_threads() - before if t.is_alive()}
    for thread in leaked:
        thread.join(timeout=WAIT_MS / 1000)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"test leaked threads: {still}"


@pytest.fixture(autouse=True)
def _no_leaked_timers(request):
    """A GUI test must not leave an active QTimer behind (napari's leak check, simplified)."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    yield
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    # Let deleteLater() calls of the test run before counting.
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    active = [t for t in app.findChildren(QTimer) if t.isActive()]
    for widget in QApplication.topLevelWidgets():
        active += [t for t in widget.findChildren(QTimer) if t.isActive()]
    names = sorted({t.objectName() or repr(t) for t in active})
    assert not names, f"test left active timers: {names}"


@pytest.fixture(autouse=True)
def _no_leaked_image_pipelines():
    """A test must close every ImagePipeline it opens (the app closes them on quit): an open one keeps
    its decode threads, its GC timer and Python's automatic GC switched off for every later test."""
    import sys

    module = sys.modules.get("snapview.services.images")
    before = module._MainThreadGarbageCollector._users if module else 0
    yield
    module = sys.modules.get("snapview.services.images")
    after = module._MainThreadGarbageCollector._users if module else 0
    assert after <= before, f"test left {after - before} ImagePipeline(s) open; close them (aclose)"
