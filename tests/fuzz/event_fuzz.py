"""The event-file fuzz run: every input through the parser, both signature checks and the CLI's
output path, in this process, against the oracle of the reliability report.

Oracle, per input: no exception escapes (``parse_events`` has no documented exception at all; its
problems are ``LoadProblem`` values, each with line ≥ 1 and column ≥ 1 and printed ``FILE:LINE:COL:``);
no input under 1 MB takes more than 2 s of this thread's CPU time (CPU, not wall time, so the other
engineers' jobs on the machine do not count; a slow input is timed again before it counts); the
``--json`` and text output written to strict UTF-8 and strict ASCII streams never fails and the JSON
lines read back as JSON, one per event; and a JSON Lines input loses no line that a line-by-line
reader (split at ``\\n`` only, each line decoded alone, the project's own "is this JSON Lines" rule)
keeps. Every 25th input also goes through ``snapview inspect`` itself (``cli.main``, in-process,
stdin to strict streams), alternately text and ``--json``, with the MFS key and the certificate.

Run alone for figures: ``python -m tests.fuzz.event_fuzz --inputs 100000 [--seed 1] [--only N]``.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from snapview.cli import main as cli_main
from snapview.commands.inspect import _summary, normalised
from snapview.commands.output import EscapingWriter
from snapview.core.event_signatures import SignatureStatus, verify_event
from snapview.core.huawei_events import parse_events
from snapview.core.json_lines import SourceLine, looks_like_json_lines
from tests.fixtures.huawei.smn_signing import identity
from tests.fuzz.event_mutations import MFS_KEY, hand_made, make_input

SOURCE = "fuzz.json"
HANG_CPU_S = 2.0
MB = 1_000_000
CLI_EVERY = 25
WATCHDOG_CPU_S = 20  # a looping input is stopped here and reported as a hang


class _Stuck(Exception):
    pass


@dataclass
class Figures:
    inputs: int = 0
    cli_runs: int = 0
    cli_exit: collections.Counter[int] = field(default_factory=collections.Counter)
    crashes: collections.Counter[str] = field(default_factory=collections.Counter)
    examples: dict[str, str] = field(default_factory=dict)
    hangs: list[str] = field(default_factory=list)
    json_lines_inputs: int = 0
    json_lines_losing: list[str] = field(default_factory=list)
    slowest: tuple[float, str, int] = (0.0, "", 0)
    wall_s: float = 0.0

    def crash(self, key: str, label: str) -> None:
        self.crashes[key] += 1
        self.examples.setdefault(key, label)

    def summary(self) -> str:
        slow_s, slow_label, slow_size = self.slowest
        return (
            f"{self.inputs:,} inputs + {self.cli_runs} CLI runs (exit codes "
            f"{dict(sorted(self.cli_exit.items()))}) in {self.wall_s:.1f} s: "
            f"{sum(self.crashes.values())} crashes in {len(self.crashes)} classes, "
            f"{len(self.hangs)} hangs, {len(self.json_lines_losing)} of {self.json_lines_inputs} "
            f"JSON Lines inputs losing lines; slowest {slow_label} ({slow_size:,} bytes) "
            f"{slow_s:.2f} s CPU"
        )

    def failures(self) -> list[str]:
        out = [f"crash {k} x{n}, e.g. {self.examples[k]}" for k, n in self.crashes.items()]
        out += [f"hang {h}" for h in self.hangs]
        out += [f"lost lines {x}" for x in self.json_lines_losing[:20]]
        return out


def reference_lines(data: bytes | str) -> set[int] | None:
    """Lines a line-by-line reader keeps, or None when it would not read the input as JSON Lines."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    try:
        json.loads(raw.decode("utf-8-sig"))
        return None  # one JSON document: not JSON Lines
    except (ValueError, RecursionError):
        pass
    lines: list[SourceLine] = []
    kept: set[int] = set()
    for number, chunk in enumerate(raw.split(b"\n"), start=1):
        if number == 1 and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError:
            lines.append(SourceLine(number, None, 1))
            continue
        lines.append(SourceLine(number, text))
        try:
            if isinstance(json.loads(text), dict):
                kept.add(number)
        except (ValueError, RecursionError):
            pass
    return kept if looks_like_json_lines(lines) else None


def _strict_streams() -> list[tuple[io.BytesIO, io.TextIOWrapper[io.BytesIO]]]:
    out: list[tuple[io.BytesIO, io.TextIOWrapper[io.BytesIO]]] = []
    for encoding in ("utf-8", "ascii"):
        raw = io.BytesIO()
        out.append((raw, io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="\n")))
    return out


def output_path(events: list[Any], cert: bytes) -> None:
    """What ``snapview inspect`` writes for these events, through its writer to strict streams;
    raises when any of it cannot be written or the JSON does not read back."""
    streams = _strict_streams()
    writers = [EscapingWriter(stream) for _, stream in streams]
    for event in events:
        plain = verify_event(event)
        checked = verify_event(event, certificate=cert, mfs_key=MFS_KEY)
        for check in (plain, checked):
            assert check.status in SignatureStatus and check.detail.english()
        line = json.dumps(normalised(event, str(checked.status)), ensure_ascii=False) + "\n"
        text = _summary(event, str(plain.status), plain.detail.english()) + "\n"
        for writer in writers:
            writer.write(line)
            writer.write(text)
    for (raw, stream), _writer in zip(streams, writers, strict=True):
        stream.flush()
        written = raw.getvalue().decode(stream.encoding)
        json_rows = [row for row in written.split("\n") if row.startswith('{"envelope"')]
        assert len(json_rows) == len(events), "a --json line is missing or split"
        for row in json_rows:
            json.loads(row)


def run_cli(data: bytes | str, cert_path: Path, as_json: bool) -> int:
    """``snapview inspect -`` in this process, stdin from ``data``, stdout/stderr strict UTF-8."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    sys.stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    os.environ["SNAPVIEW_MFS_KEY"] = MFS_KEY
    try:
        args = ["inspect", "-", "--cert", str(cert_path)] + (["--json"] if as_json else [])
        status = cli_main(args)
        sys.stdout.flush()
        sys.stderr.flush()
        return status
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        os.environ.pop("SNAPVIEW_MFS_KEY", None)


def exercise(data: bytes | str, cert: bytes) -> list[Any]:
    """The in-process path of ``snapview inspect`` for one input; returns the events."""
    result = parse_events(data, SOURCE)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert str(problem).startswith(f"{SOURCE}:{problem.line}:{problem.column}: ")
    for event in result.events:
        _ = (event.asset_id, event.status, event.failed, event.inspector_document.text)
    output_path(result.events, cert)
    return result.events


def _crash_key(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"


def _on_watchdog(_signum: int, _frame: Any) -> None:
    raise _Stuck()


def _timed(data: bytes | str, cert: bytes) -> tuple[float, list[Any]]:
    start = time.thread_time()
    events = exercise(data, cert)
    return time.thread_time() - start, events


def check_one(
    figures: Figures, label: str, data: bytes | str, cert: bytes, cert_path: Path, number: int
) -> None:
    figures.inputs += 1
    size = len(data)
    use_watchdog = hasattr(signal, "setitimer")
    if use_watchdog:
        previous = signal.signal(signal.SIGPROF, _on_watchdog)
        signal.setitimer(signal.ITIMER_PROF, WATCHDOG_CPU_S)
    try:
        cpu, events = _timed(data, cert)
        allowance = HANG_CPU_S + max(0.0, size - MB) / MB
        if cpu > allowance:
            cpu = min(cpu, _timed(data, cert)[0])  # once more, to rule out a stall of the machine
            if cpu > allowance:
                figures.hangs.append(f"{label} ({size:,} bytes, {cpu:.1f} s CPU)")
        if cpu > figures.slowest[0]:
            figures.slowest = (cpu, label, size)
        expected = reference_lines(data)
        if expected is not None:
            figures.json_lines_inputs += 1
            got = {event.line for event in events}
            if not expected <= got:
                figures.json_lines_losing.append(f"{label}: lines {sorted(expected - got)[:10]}")
        if number % CLI_EVERY == 0:
            status = run_cli(data, cert_path, as_json=number % (2 * CLI_EVERY) == 0)
            figures.cli_runs += 1
            figures.cli_exit[status] += 1
            if status not in (0, 2):
                figures.crash(f"CLI exit {status}", label)
    except _Stuck:
        figures.hangs.append(f"{label} ({size:,} bytes, stopped after {WATCHDOG_CPU_S} s CPU)")
    except Exception as exc:
        figures.crash(_crash_key(exc), label)
    finally:
        if use_watchdog:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)


def run_fuzz(
    inputs: int,
    seed: int = 1,
    *,
    long: bool = False,
    only: int | None = None,
    progress: bool = False,
) -> Figures:
    """``inputs`` mutated inputs of run ``seed`` plus the hand-made cases (``long``: bigger ones)."""
    figures = Figures()
    cert = identity().cert_pem
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        cert_path = Path(folder) / "smn.pem"
        cert_path.write_bytes(cert)
        if only is None:
            for name, data in hand_made(long):
                check_one(figures, f"hand-made {name}", data, cert, cert_path, 0)
        numbers = range(inputs) if only is None else [only]
        for number in numbers:
            kind, data = make_input(seed, number, long=long)
            check_one(figures, f"input {number} ({kind})", data, cert, cert_path, number)
            if progress and number and number % 5000 == 0:
                figures.wall_s = time.perf_counter() - started
                print(figures.summary(), flush=True)
    figures.wall_s = time.perf_counter() - started
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", type=int, help="rebuild and run input N alone")
    parser.add_argument("--long", action="store_true", help="bigger hand-made and giant inputs")
    args = parser.parse_args()
    figures = run_fuzz(args.inputs, args.seed, long=args.long, only=args.only, progress=True)
    for failure in figures.failures():
        print(failure)
    print(figures.summary())
    return 1 if figures.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
