"""Fixtures for GUI tests: the real app window, and Qt's model tester on any number of models.

``app_window(...)`` opens the window the app opens, built by ``snapview.app.build_window(services,
args)`` with every feature installed, on the test's qasync loop. Its settings file, caches and logs
live in the test's own ``tmp_path`` (under the session root, so the end-of-session secret scan reads
them), and every window's services (image pipeline, HTTP clients, tasks) are closed at teardown, as
the app closes them on quit. Call it again for a second start of the app on the same settings.

``model_validator.check(model, ...)`` runs Qt's ``QAbstractItemModelTester`` on models for the rest
of the test: every later change (reset, rows, data) is checked too, and a broken rule is a Qt
warning, which fails the test (``qt_log_level_fail``). Unlike ``qtmodeltester`` it takes several
models, and survives resets of a lazily filled one (see :class:`_CheckedModel`). Both testers probe
``fetchMore`` from inside their own handler of every change, so rows a lazy model inserts for that
probe are reported as a change nested in another: fetch such a model (expand it) before checking,
as ``tests/gui/test_inspector.py`` does.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import shiboken6

from snapview.app import AppWindow, build_window, create_application
from snapview.core.credentials import AliyunCredentials, HuaweiCredentials, Profile, Provider
from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from snapview.emulator.huawei_catalog import HUAWEI_DEMO_AK, HUAWEI_DEMO_PROJECT_ID, HUAWEI_DEMO_SK
from snapview.launcher import show_shell
from snapview.services.app_services import AppServices
from snapview.services.settings import Settings
from snapview.ui.profiles.feature import ProfilesFeature
from snapview.ui.shell.main_window import MainWindow
from tests.helpers.async_qt import run


class OpenedApp(NamedTuple):
    """One start of the app: unpacks as ``window, services, app`` (``app`` holds the features)."""

    window: MainWindow
    services: AppServices
    app: AppWindow


def use_emulator_profile(
    profiles: ProfilesFeature,
    emulator: Any,
    name: str = "Emulator",
    secret: str = DEMO_ACCESS_KEY_SECRET,
) -> None:
    """Select a profile for ``emulator`` (``secret`` may be wrong on purpose).

    The profile is kept in memory only, as a profile from the environment is: nothing is stored."""
    profile = Profile(name=name, endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID)
    profiles.use_memory_profile(profile, AliyunCredentials(DEMO_ACCESS_KEY_ID, secret))


def use_huawei_emulator_profile(
    profiles: ProfilesFeature,
    emulator: Any,
    name: str = "Huawei emulator",
    secret_key: str = HUAWEI_DEMO_SK,
    project_id: str = HUAWEI_DEMO_PROJECT_ID,
    *,
    select: bool = True,
) -> Profile:
    """A Huawei Cloud profile for ``emulator``'s Huawei VOD API, in memory (nothing is stored),
    selected unless ``select`` is False."""
    profile = Profile(
        name=name,
        provider=Provider.HUAWEI,
        region="cn-north-4",
        endpoint=emulator.base_url,
        access_key_id=HUAWEI_DEMO_AK,
        project_id=project_id,
    )
    credentials = HuaweiCredentials(HUAWEI_DEMO_AK, secret_key, project_id)
    if select:
        profiles.use_memory_profile(profile, credentials)
    else:
        profiles.add_memory_profile(profile, credentials)
    return profile


@pytest.fixture
def app_window(
    qtbot: Any,
    qasync_loop: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: Any,
    emulator_factory: Any,  # set up first, so torn down after the app (see below)
) -> Iterator[Callable[..., OpenedApp]]:
    """Factory: ``app_window(size=None, settings_file=None, language=None, demo_profile=False,
    **args)`` builds, shows and returns the app's window and services.

    - ``size``: resize before showing; ``None`` keeps the size the app itself chooses (restored).
    - ``settings_file``: defaults to ``tmp_path/"settings.json"``, shared by every call of a test.
    - ``language``: build the window in this interface language (``"zh_CN"``), as ``--lang`` does.
    - ``demo_profile``: select an in-memory profile for the session emulator's demo account.
    - ``shell_first``: show the shell window before building the features into it, as
      ``launcher.run_gui`` does (the default builds the whole window, then shows it).
    - ``args``: the command-line namespace (``files=[...]``, ``screenshot=...``).

    It asks for ``emulator_factory`` so that any emulator a test starts is set up before the app
    and stopped after it, whatever order the test names them in: stopped first, it left the app's
    keep-alive connections to be collected later as ResourceWarnings (test_scan_filter, 1 in 6).
    """
    # Caches and logs of the app in this test's folder: nothing left by another test is reused.
    monkeypatch.setenv("SNAPVIEW_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SNAPVIEW_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SNAPVIEW_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("SNAPVIEW_DATA_DIR", str(tmp_path / "data"))  # the review store
    opened: list[OpenedApp] = []

    def open_app(
        *,
        size: tuple[int, int] | None = None,
        settings_file: Path | None = None,
        language: str | None = None,
        demo_profile: bool = False,
        shell_first: bool = False,
        **args: Any,
    ) -> OpenedApp:
        app = create_application()
        services = AppServices(settings=Settings(settings_file or tmp_path / "settings.json"))
        # As the launcher does: the shell window on screen first, the features built into it.
        shell = (
            show_shell(app, services.settings, not args.get("screenshot")) if shell_first else None
        )
        if language is None:
            in_language: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
        else:
            from snapview.ui.shell.language import interface_language

            in_language = interface_language(app, language)
        with in_language:
            built = build_window(services, argparse.Namespace(**args), shell)
        window = built.window
        # Not qtbot.addWidget: pytest-qt would delete the window before this fixture's teardown,
        # while tasks of its features still run; the app deletes it only after services.aclose().
        opened.append(OpenedApp(window, services, built))
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if demo_profile:
            use_emulator_profile(built.profiles, request.getfixturevalue("emulator"))
        return opened[-1]

    yield open_app
    # The app's own shutdown order (app.run_app): the window closes (saving its state), the
    # services close (tasks cancelled, then clients and pipelines), and only then the window goes.
    while opened:
        window, services, _ = opened.pop()
        if shiboken6.isValid(window) and window.isVisible():
            window.close()
        run(qtbot, services.aclose())
        if shiboken6.isValid(window):
            window.deleteLater()


class _CheckedModel:
    """One model under Qt's tester, with a fresh tester after every reset of the model.

    Both testers (Qt's C++ one and pytest-qt's port) handle ``modelReset`` by first running every
    check, which calls ``fetchMore`` wherever ``canFetchMore`` says so, and only then marking the
    reset as finished. A lazily filled model (the inspector's tree, the grid) inserts rows in that
    ``fetchMore``, and the tester reports "rows inserted during a reset" for a model that did
    nothing wrong. So the tester is dropped when a reset begins and a new one, which checks the whole
    model at once, is attached when it ends.
    """

    def __init__(self, model: Any, force_py: bool) -> None:
        self.model = model
        self.force_py = force_py
        self.tester: Any = None
        self.attach()
        model.modelAboutToBeReset.connect(self.detach)
        model.modelReset.connect(self.attach)

    def attach(self) -> None:
        from pytestqt.modeltest import ModelTester

        self.tester = ModelTester(None)
        self.tester.check(self.model, force_py=self.force_py)

    def detach(self) -> None:
        tester, self.tester = self.tester, None
        if tester is not None:
            # Disconnects the Python port (pytest-qt's own fixture does the same); dropping the last
            # reference destroys the C++ tester. The model may be gone already, with its window.
            with contextlib.suppress(RuntimeError):
                tester._cleanup()

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.model.modelAboutToBeReset.disconnect(self.detach)
            self.model.modelReset.disconnect(self.attach)
        self.detach()


class ModelValidator:
    """Runs Qt's model tester on every model given to :meth:`check` until the test ends."""

    def __init__(self) -> None:
        self._checked: list[_CheckedModel] = []

    def check(self, *models: Any, force_py: bool = False) -> None:
        """Check ``models`` now and after every change. ``force_py`` uses pytest-qt's Python port,
        which raises with a readable message instead of logging Qt's (it is slower)."""
        self._checked += [_CheckedModel(model, force_py) for model in models]

    def close(self) -> None:
        for checked in self._checked:
            checked.close()
        self._checked.clear()


@pytest.fixture
def model_validator(qapp: Any) -> Iterator[ModelValidator]:
    validator = ModelValidator()
    yield validator
    validator.close()
