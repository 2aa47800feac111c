"""A test fails when snapview (or asyncio) logs a WARNING or worse that the test did not expect
(after qutebrowser's ``tests/helpers/logfail.py``).

The handler sits on the ``snapview`` logger itself, not on the root logger: ``setup_logging`` sets
``propagate = False`` there, so the root never sees our records once the app configured logging. It
also watches ``asyncio``, where "Task exception was never retrieved" and "Task was destroyed but it
is pending!" end up: both are bugs of ours, not of asyncio.

A record is expected, and passes, when:

- the test said so with ``caplog.at_level(level, logger="snapview.x")`` (or ``caplog.set_level``)
  and the record has exactly that level and comes from that logger or one below it. Name the logger:
  ``caplog.at_level(logging.WARNING)`` on the root cannot be told apart from Python's default;
- or it matches one of the :data:`ALLOWED` entries below, each with the reason it is not a bug.

An unexpected record fails the phase (setup, call or teardown) in which it was logged, so a strict
``xfail`` covers it like any other failure. Records logged from another thread are collected too;
one that arrives after its test finished is reported by the next test's setup, with its thread name.

Each test also gets the ``snapview`` logger back as it found it: ``setup_logging`` (called by the CLI
tests in-process) would otherwise leave ``propagate = False`` and its handlers for every later test.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from snapview.core.redaction import redact

# The loggers whose warnings are ours to fix.
WATCHED_LOGGERS = ("snapview", "asyncio")


@dataclass(frozen=True)
class Allowance:
    """A record that is not a bug wherever it appears, and why."""

    logger: str  # this logger or one below it
    level: int
    message: str  # a regular expression searched in the formatted message
    why: str


# Every entry says why the record is not a bug. Prefer ``caplog.at_level`` in the one test that
# expects a record; an entry here is for records any test may trigger.
ALLOWED: tuple[Allowance, ...] = ()


class LogFailHandler(logging.Handler):
    """Collects every WARNING+ record that no test expected; :meth:`take` hands them over."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._unexpected: list[str] = []
        self._records_lock = threading.Lock()
        self._root_level_at_start = logging.getLogger().level

    def emit(self, record: logging.LogRecord) -> None:
        if self._expected(record):
            return
        where = f"{record.pathname}:{record.lineno}"
        thread = "" if record.threadName == "MainThread" else f" [thread {record.threadName}]"
        text = f"{record.levelname} {record.name}{thread}: {record.getMessage()}  ({where})"
        if record.exc_info and record.exc_info[1] is not None:
            text += f"\n    {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        with self._records_lock:
            self._unexpected.append(redact(text))  # the report lands in CI logs

    def take(self) -> list[str]:
        with self._records_lock:
            taken, self._unexpected = self._unexpected, []
        return taken

    def _expected(self, record: logging.LogRecord) -> bool:
        if _set_by_the_test(record, self._root_level_at_start):
            return True
        message = record.getMessage()
        return any(
            record.levelno == allowed.level
            and _within(record.name, allowed.logger)
            and re.search(allowed.message, message)
            for allowed in ALLOWED
        )


def _within(name: str, logger: str) -> bool:
    return name == logger or name.startswith(logger + ".")


def _set_by_the_test(record: logging.LogRecord, root_level_at_start: int) -> bool:
    """True when ``caplog.at_level``/``set_level`` gave the record's logger (or a parent) its level.

    The source code never sets a level on a snapview logger other than DEBUG on ``snapview``
    itself (logconfig), so a level equal to the record's can only come from the test.
    """
    logger: logging.Logger | None = logging.getLogger(record.name)
    root = logging.getLogger()
    while logger is not None and logger is not root:
        if logger.level == record.levelno:
            return True
        logger = logger.parent
    return root.level == record.levelno and root.level != root_level_at_start


_handler = LogFailHandler()


def _failure(records: list[str], when: str) -> str:
    return (
        f"snapview logged {len(records)} unexpected record(s) during {when} "
        "(expect one with caplog.at_level(level, logger=...), or fix its cause):\n  "
        + "\n  ".join(records)
    )


def _checked_phase(item: pytest.Item, when: str) -> Iterator[None]:
    try:
        result = yield
    except BaseException:
        # The phase failed anyway: show the records beside its own error, do not hide it.
        records = _handler.take()
        if records:
            item.add_report_section(when, "unexpected log records", "\n".join(records))
        raise
    records = _handler.take()
    if records:
        pytest.fail(_failure(records, when), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    return (yield from _checked_phase(item, "setup"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    return (yield from _checked_phase(item, "call"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    return (yield from _checked_phase(item, "teardown"))


def pytest_configure(config: pytest.Config) -> None:
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).addHandler(_handler)


def pytest_unconfigure(config: pytest.Config) -> None:
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).removeHandler(_handler)


@pytest.fixture(autouse=True)
def _snapview_logging_restored() -> Iterator[None]:
    """Give every test the ``snapview`` logger as the previous one found it (handlers, level,
    propagation), so a test that runs ``setup_logging`` cannot change what later tests see."""
    logger = logging.getLogger("snapview")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    for handler in list(logger.handlers):
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    for handler in handlers:
        if handler not in logger.handlers:
            logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = propagate
