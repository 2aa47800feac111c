"""`snapview inspect FILE|-`: summarise Huawei VOD event files (thumbnailComplete and the others).

Reads a bare event, an SMN envelope, an MFS callback, JSON Lines or a folder of such files, prints a
readable summary (or, with ``--json``, one normalised object per event as JSON Lines) and checks
signatures when given a certificate (``--cert``) or the MFS callback key (``SNAPVIEW_MFS_KEY``,
preferred over ``--mfs-key``, which other users can see in the process list). Malformed input exits
with status 2 and ``FILE:LINE:COL: message`` on stderr; the events that could be read are still
printed. Module-level imports stay light: this module is imported for ``snapview --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from snapview.core.huawei_events import EventSnapshot, VodEvent

_GROUPS = ("sample", "dots")
_BATCH = 4096  # snapshots encoded per write: the line of a 50 MB event is never one string


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this command's options."""
    parser.add_argument(
        "file", metavar="FILE|-", help="event file, folder of event files, or - for stdin"
    )
    parser.add_argument(
        "--json", action="store_true", help="print one normalised JSON object per event"
    )
    parser.add_argument(
        "--cert", metavar="PEM", help="SMN signing certificate to verify envelope signatures"
    )
    parser.add_argument(
        "--mfs-key",
        metavar="KEY",
        help="MFS callback key to verify auth_sign (better: set SNAPVIEW_MFS_KEY, argv is visible to others)",
    )


def normalised(event: VodEvent, signature: str) -> dict[str, Any]:
    """The ``--json`` form of one event (:func:`write_normalised` writes the same, piece by piece)."""
    info = event.thumbnail
    shots = {
        group: [{"offset": s.offset, "url": s.url} for s in (getattr(info, group) if info else ())]
        for group in _GROUPS
    }
    return _row(event, signature, shots)


def _row(event: VodEvent, signature: str, shots: dict[str, Any]) -> dict[str, Any]:
    info = event.thumbnail
    return {
        "envelope": str(event.envelope),
        "signature": signature,
        "event_type": event.event_type,
        "asset_id": event.asset_id,
        "status": event.status,
        "sample": shots["sample"],
        "dots": shots["dots"],
        "error_code": info.error_code if info else None,
        "error_msg": info.error_msg if info else None,
        "source": event.source,
        "line": event.line,
    }


def write_normalised(out: TextIO, event: VodEvent, signature: str) -> None:
    """``json.dumps(normalised(event, signature), ensure_ascii=False) + "\\n"``, byte for byte,
    written a batch of snapshots at a time: the one-string form of a 50 MB event's line costs three
    copies of it (the snapshots as dicts, the encoder's parts, the joined line) on top of the
    parsed event (measured: benchmarks/inspect_bench.py)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    info = event.thumbnail
    separator = "{"
    for key, value in _row(event, signature, dict.fromkeys(_GROUPS)).items():
        out.write(f"{separator}{encode(key)}: ")
        separator = ", "
        if key in _GROUPS:
            _write_snapshots(out, encode, getattr(info, key) if info else ())
        else:
            out.write(encode(value))
    out.write("}\n")


def _write_snapshots(
    out: TextIO, encode: Callable[[Any], str], shots: tuple[EventSnapshot, ...]
) -> None:
    out.write("[")
    for start in range(0, len(shots), _BATCH):
        batch = [{"offset": s.offset, "url": s.url} for s in shots[start : start + _BATCH]]
        out.write((", " if start else "") + encode(batch)[1:-1])
    out.write("]")


def _summary(event: VodEvent, signature: str, detail: str) -> str:
    from snapview.core.huawei_events import EventKind, format_offset

    where = f"{event.source}:{event.line}"
    envelope = {
        "none": "bare event",
        "smn": f"SMN {event.smn_type or ''}".strip(),
        "mfs": "MFS callback",
    }[str(event.envelope)]
    lines = [f"{where}  {event.event_type or event.kind}  ({envelope}; signature: {signature})"]
    if signature in ("invalid", "unverified"):
        lines.append(f"  signature: {detail}")
    if event.kind is EventKind.TEXT:
        lines.append(f"  text message: {event.text}")
        return "\n".join(lines)
    if event.kind is EventKind.UNKNOWN:
        lines.append("  not a VOD event; shown as JSON in the app")
        return "\n".join(lines)
    if event.asset_id:
        lines.append(f"  asset {event.asset_id}  status {event.status or '?'}")
    info = event.thumbnail
    if info is not None:
        if info.failed:
            lines.append(
                f"  FAILED  {info.error_code or '(no code)'}: {info.error_msg or '(no message)'}"
            )
        for group in ("sample", "dots"):
            shots = getattr(info, group)
            lines.append(f"  {group}: {len(shots)} snapshot{'s' if len(shots) != 1 else ''}")
            lines.extend(f"    {format_offset(s.offset):>8}  {s.url}" for s in shots)
    lines.extend(f"  note: {note.english()}" for note in event.notes)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from snapview.core.huawei_events import parse_consuming
    from snapview.core.redaction import register_secret

    mfs_key = os.environ.get("SNAPVIEW_MFS_KEY") or args.mfs_key
    if mfs_key:
        register_secret(mfs_key)
    certificate = None
    if args.cert:
        try:
            certificate = Path(args.cert).read_bytes()
        except OSError as exc:
            print(
                f"snapview inspect: cannot read certificate {args.cert}: {exc.strerror}",
                file=sys.stderr,
            )
            return 2
    from snapview.services.event_files import no_event_files, read_event_sources

    try:
        if args.file == "-":
            sources = [("<stdin>", sys.stdin.buffer.read())]
        else:
            sources = read_event_sources(Path(args.file))
    except OSError as exc:
        print(f"snapview inspect: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if not sources:
        print(f"snapview inspect: {no_event_files(args.file)}", file=sys.stderr)
        return 2
    # Frees each file's bytes once decoded and its text once parsed: nothing here shows the source.
    result = parse_consuming(sources, keep_source=False)
    # Imported only now (its cryptography is 15 MB), so that it is not on top of the parse's peak.
    from snapview.core.event_signatures import verify_event

    out = sys.stdout
    for index, event in enumerate(result.events):
        check = verify_event(event, certificate=certificate, mfs_key=mfs_key)
        if args.json:
            write_normalised(out, event, str(check.status))
        else:
            if index:
                out.write("\n")
            out.write(_summary(event, str(check.status), check.detail.english()) + "\n")
    for problem in result.problems:
        print(str(problem), file=sys.stderr)
    if not args.json and len(result.events) > 1:
        failed = sum(1 for e in result.events if e.failed)
        out.write(
            f"\n{len(result.events)} events, {failed} failed, {len(result.problems)} unreadable\n"
        )
    return 2 if result.problems else 0
