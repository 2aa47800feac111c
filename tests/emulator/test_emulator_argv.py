"""The emulator's child-process command line carries the settings a benchmark gives it: what
``start_emulator_process`` builds parses back into the same configuration."""

from __future__ import annotations

import argparse

from snapview.commands import emulator as command
from snapview.emulator.config import EmulatorConfig
from snapview.emulator.process import emulator_argv


def parsed(config: EmulatorConfig) -> EmulatorConfig:
    argv = emulator_argv(config)
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return command._config(parser.parse_args(argv[argv.index("emulator") + 1 :]))


def test_a_larger_image_cache_reaches_the_child_process() -> None:
    # Without it a benchmark's emulator re-rendered every frame and was the bottleneck it measured.
    config = parsed(EmulatorConfig(image_cache_bytes=400 * 2**20, latency_ms=5.0, seed=3))
    assert config.image_cache_bytes == 400 * 2**20
    assert (config.latency_ms, config.seed) == (5.0, 3)


def test_the_default_image_cache_adds_no_flag() -> None:
    assert "--image-cache-mb" not in emulator_argv(EmulatorConfig())
    assert parsed(EmulatorConfig()).image_cache_bytes == EmulatorConfig.image_cache_bytes
