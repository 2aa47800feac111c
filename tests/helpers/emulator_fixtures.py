"""pytest fixtures that run the local VOD emulator on loopback (real HTTP, a background thread each).

- ``emulator``: one session-wide :class:`RunningEmulator` with the default catalogue and no faults. Do not
  advance its clock or rely on its counters starting at zero; use ``emulator_factory`` for that.
- ``emulator_factory(**config_overrides)``: a fresh emulator per call (any :class:`EmulatorConfig` field),
  stopped and joined when the test ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields

import pytest

from snapview.emulator.server import EmulatorConfig, RunningEmulator, start_emulator_thread

_CONFIG_FIELDS = {f.name for f in fields(EmulatorConfig)}


@pytest.fixture(scope="session")
def emulator() -> Iterator[RunningEmulator]:
    running = start_emulator_thread(EmulatorConfig())
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def emulator_factory() -> Iterator[Callable[..., RunningEmulator]]:
    started: list[RunningEmulator] = []

    def start(**config_overrides: object) -> RunningEmulator:
        unknown = sorted(set(config_overrides) - _CONFIG_FIELDS)
        if unknown:
            raise TypeError(f"unknown EmulatorConfig fields: {', '.join(unknown)}")
        running = start_emulator_thread(EmulatorConfig(**config_overrides))  # type: ignore[arg-type]
        started.append(running)
        return running

    try:
        yield start
    finally:
        for running in started:
            running.stop()
