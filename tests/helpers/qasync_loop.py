"""A qasync event loop for GUI tests, as the app has one: coroutines and Qt events run together.

``qasync_loop`` creates ``qasync.QEventLoop(qapp, already_running=True)`` and makes it the current
and running loop, so code under test can ``asyncio.get_running_loop()``, spawn tasks and await
them while the test drives Qt with ``qtbot`` (``qtbot.waitUntil`` / ``waitSignal`` process both
Qt events and asyncio callbacks). At teardown every task still pending is cancelled and awaited,
then the loop is closed and unset.

``tests/conftest.py`` loads this module as a plugin, so every test can ask for ``qasync_loop``.

Written against qasync 0.28.0 (pyproject.toml bounds qasync below 0.29 for this reason): the
teardown undoes ``already_running=True`` through qasync's private state (the name-mangled
``_QEventLoop__is_running`` flag and ``_after_run_forever``) and asyncio's
``events._set_running_loop``. Check those names before raising the bound.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

os.environ.setdefault("QT_API", "pyside6")

import PySide6.QtWidgets  # noqa: F401  (PySide6 before qasync)
import pytest

from tests.helpers.timeouts import WAIT_MS


@pytest.fixture
def qasync_loop(qapp, qtbot) -> Iterator[asyncio.AbstractEventLoop]:
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            qtbot.waitUntil(lambda: all(t.done() for t in pending), timeout=WAIT_MS)
        # Undo what already_running=True did (qasync leaves this to the caller).
        try:
            qapp.aboutToQuit.disconnect(loop._after_run_forever)
        except (RuntimeError, TypeError):
            pass
        loop._QEventLoop__is_running = False
        loop._after_run_forever()
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)
        loop.close()
