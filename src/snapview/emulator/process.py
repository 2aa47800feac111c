"""Run the emulator in its own process (``python -m snapview emulator``), as ``snapview --demo`` does.

A separate process keeps the emulator's rendering and HTTP work off the app's interpreter (no shared GIL)
and is what a user would run by hand. :func:`start_emulator_process` spawns it, waits for the ready line
with its base URL (with a timeout) and returns an :class:`EmulatorProcess`; if the child exits or stays
silent, the error says so and quotes what it printed on stderr.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import tempfile
import threading
from types import TracebackType
from typing import IO

from snapview.emulator.config import EmulatorConfig

READY_PREFIX = "snapview emulator listening on "
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


class EmulatorProcessError(RuntimeError):
    """The emulator process did not start; the message includes the reason it gave."""


def emulator_argv(config: EmulatorConfig) -> list[str]:
    """The command line that runs ``config`` (everything but an in-memory catalogue can be expressed)."""
    if config.catalog is not None:
        raise ValueError(
            "an in-memory catalogue cannot be passed to a process; save it and use catalog_path"
        )
    argv = [
        sys.executable,
        "-m",
        "snapview",
        "emulator",
        "--host",
        config.host,
        "--port",
        str(config.port),
    ]
    if config.catalog_path is not None:
        argv += ["--catalog", str(config.catalog_path)]
    for flag, value in (
        ("--latency-ms", config.latency_ms),
        ("--jitter-ms", config.jitter_ms),
        ("--fault-rate", config.fault_rate),
        ("--throttle-rate", config.throttle_rate),
        ("--reset-rate", config.reset_rate),
        ("--truncate-rate", config.truncate_rate),
        ("--image-fault-rate", config.image_fault_rate),
    ):
        if value:
            argv += [flag, repr(float(value))]
    if config.url_validity_s is not None:
        argv += ["--url-validity", str(config.url_validity_s)]
    if config.image_cache_bytes != EmulatorConfig.image_cache_bytes:
        argv += ["--image-cache-mb", repr(config.image_cache_bytes / 2**20)]
    argv += ["--seed", str(config.seed)]
    return argv


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    # Keep reading after the ready lines so the child never blocks on a full pipe.
    for line in stream:
        lines.put(line.rstrip("\r\n"))
    lines.put(None)


class EmulatorProcess:
    """A running ``snapview emulator`` child process; ``stop()`` terminates it and waits."""

    def __init__(
        self,
        popen: subprocess.Popen[str],
        base_url: str,
        env_lines: dict[str, str],
        stderr: IO[bytes],
        pump: threading.Thread,
    ) -> None:
        self._popen = popen
        self._pump = pump
        self._stderr = stderr
        self.base_url = base_url
        self.access_key_id = env_lines.get("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
        self.access_key_secret = env_lines.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")

    @property
    def pid(self) -> int:
        return self._popen.pid

    @property
    def returncode(self) -> int | None:
        return self._popen.poll()

    def stop(self) -> int | None:
        """Terminate (SIGTERM), wait, kill if it does not go; returns the exit status."""
        if self._popen.poll() is None:
            self._popen.terminate()
            try:
                self._popen.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._popen.kill()
                self._popen.wait(STOP_TIMEOUT_S)
        _close_pipes(self._popen, self._pump, self._stderr)
        return self._popen.returncode

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _close_pipes(popen: subprocess.Popen[str], pump: threading.Thread, stderr: IO[bytes]) -> None:
    # The pump sees EOF once the child is gone; close the pipe only after it stopped reading.
    pump.join(STOP_TIMEOUT_S)
    if popen.stdout is not None and not pump.is_alive():
        popen.stdout.close()
    stderr.close()


def _stderr_text(stderr: IO[bytes]) -> str:
    stderr.seek(0)
    return stderr.read().decode("utf-8", "replace").strip()[-2000:]


def start_emulator_process(
    config: EmulatorConfig | None = None, timeout_s: float = START_TIMEOUT_S
) -> EmulatorProcess:
    """Spawn ``python -m snapview emulator`` for ``config`` and return once it prints its base URL."""
    argv = emulator_argv(config or EmulatorConfig())
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - EmulatorProcess.stop() or fail() closes it
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    try:
        popen = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
            env=env,
        )
    except OSError as exc:
        stderr.close()
        raise EmulatorProcessError(
            f"cannot start the emulator ({argv[0]}): {exc.strerror or exc}"
        ) from None
    assert popen.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    pump = threading.Thread(
        target=_pump, args=(popen.stdout, lines), name="emulator-stdout", daemon=True
    )
    pump.start()

    def fail(reason: str) -> EmulatorProcessError:
        if popen.poll() is None:
            popen.kill()
        popen.wait(STOP_TIMEOUT_S)
        said = _stderr_text(stderr)
        _close_pipes(popen, pump, stderr)
        return EmulatorProcessError(f"{reason}" + (f": {said}" if said else ""))

    try:
        first = lines.get(timeout=timeout_s)
    except queue.Empty:
        raise fail(f"the emulator printed no ready line within {timeout_s:.0f} s") from None
    if first is None or not first.startswith(READY_PREFIX):
        raise fail(
            f"the emulator exited with status {popen.wait(STOP_TIMEOUT_S)}"
            if first is None
            else f"unexpected first line {first[:200]!r}"
        )
    env_lines: dict[str, str] = {}
    for _ in range(2):
        try:
            line = lines.get(timeout=timeout_s)
        except queue.Empty:
            break
        if line is None:
            break
        name, _, value = line.partition("=")
        env_lines[name] = value
    return EmulatorProcess(popen, first[len(READY_PREFIX) :].strip(), env_lines, stderr, pump)
