"""`snapview scan`: check every snapshot of one or more videos for defects — black, flat-colour,
blurred, letterboxed, frozen, repeated and wrong-aspect frames, snapshots that do not load, and
problems of the job itself — and print a table, or with ``--json`` one object per video.

Credentials come exactly as for ``snapview ls`` (``cloud_access.py``, which both use): the official SDKs'
environment variables or a stored profile, never the command line. Images go through the app's
disk cache, so a second scan of the same video downloads nothing. Exit status: 0 nothing found,
1 something found, 2 bad input or a video that could not be scanned; Ctrl+C stops cleanly (130).

Keep module-level imports light: this module is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from snapview.commands.cloud_access import EXIT_USAGE
from snapview.commands.ls import TYPES

if TYPE_CHECKING:
    from snapview.services.scan_images import PipelineImages
    from snapview.services.scanner import ScanEvent, ScanReport
    from snapview.services.vod_client import VodClient

EXIT_FOUND = 1
PROVIDERS = ("aliyun", "huawei")
MAX_CONCURRENCY = 64


class _ScanUsageError(Exception):
    """A problem with the command line, found before any request."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.prog = "snapview scan"
    parser.description = (
        "Check every snapshot of the given videos for defects (black, flat colour, blurred, "
        "letterbox, frozen, repeated, wrong aspect, failed to load) and problems of the job. "
        "Exit status 0: nothing found, 1: something found, 2: bad input. Credentials as for "
        "'snapview ls'."
    )
    parser.add_argument("videos", nargs="*", metavar="VIDEO", help="video IDs to scan")
    parser.add_argument(
        "--ids",
        metavar="FILE",
        help="read more video IDs from FILE (one per line, # starts a comment; - for stdin)",
    )
    parser.add_argument(
        "--type",
        dest="snapshot_type",
        default="NormalSnapshot",
        metavar="TYPE",
        help=f"snapshot type: {', '.join(t for t in TYPES if t != 'WebVttSnapshot')} "
        "(or short: normal, cover, sprite, …; default NormalSnapshot)",
    )
    parser.add_argument(
        "--provider", choices=PROVIDERS, default="aliyun", help="cloud (default aliyun)"
    )
    parser.add_argument("--profile", metavar="NAME", help="use a stored credential profile")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--region", metavar="R", help="VOD region (default cn-shanghai)")
    where.add_argument("--endpoint", metavar="URL", help="custom endpoint URL (the emulator)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per video")
    parser.add_argument(
        "--concurrency",
        type=_concurrency,
        default=8,
        metavar="N",
        help=f"snapshots fetched at once, 1–{MAX_CONCURRENCY} (default 8)",
    )


def _concurrency(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"must be 1–{MAX_CONCURRENCY}, got {value}")
    return value


def _video_ids(args: argparse.Namespace) -> list[str]:
    """The IDs from the arguments and ``--ids``, in order, without repeats, each validated."""
    from snapview.core.listsnapshots import build_request

    ids = list(args.videos)
    if args.ids:
        try:
            if args.ids == "-":
                text = sys.stdin.read()
            else:
                with open(args.ids, encoding="utf-8") as handle:
                    text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            detail = getattr(exc, "strerror", None) or str(exc)
            raise _ScanUsageError(f"cannot read video IDs from {args.ids}: {detail}") from None
        ids += [line.split("#", 1)[0].strip() for line in text.splitlines()]
        ids = [i for i in ids if i]
    if not ids:
        raise _ScanUsageError("no video to scan: give VIDEO IDs or --ids FILE")
    for video_id in ids:
        build_request(video_id, args.snapshot_type)  # raises InvalidRequest with the reason
    return list(dict.fromkeys(ids))


def run(args: argparse.Namespace) -> int:
    import asyncio

    from snapview.commands import UsageError
    from snapview.commands.cloud_access import error_line
    from snapview.core.vod_errors import VodError

    try:
        return asyncio.run(_run(args))
    except BrokenPipeError:
        raise  # `snapview scan … | head`: commands.output ends every command the same way (141)
    except (UsageError, _ScanUsageError) as exc:
        print(f"snapview scan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except VodError as exc:
        print(f"snapview scan: {error_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # the promise is: no traceback, ever
        import logging

        from snapview.core.redaction import redact

        logging.getLogger("snapview.scan").debug("snapview scan failed", exc_info=True)
        print(
            f"snapview scan: internal error: {redact(f'{type(exc).__name__}: {exc}')}",
            file=sys.stderr,
        )
        return EXIT_USAGE


async def _run(args: argparse.Namespace) -> int:
    from snapview.commands.cloud_access import aliyun_credentials
    from snapview.core.credentials import SignatureVersion
    from snapview.core.listsnapshots import parse_snapshot_type
    from snapview.core.snapshots import SnapshotType
    from snapview.services.vod_client import VodClient

    snapshot_type = parse_snapshot_type(args.snapshot_type)
    if snapshot_type is SnapshotType.WEBVTT:
        raise _ScanUsageError(
            "a WebVTT track is checked with its sheets: scan --type SpriteSnapshot"
        )
    if args.provider != "aliyun":
        raise _ScanUsageError("the huawei provider is not available for scans yet")
    ids = _video_ids(args)
    creds, profile_settings = await aliyun_credentials(args)
    endpoint = args.endpoint or (None if args.region else profile_settings.get("endpoint"))
    region = args.region or profile_settings.get("region") or "cn-shanghai"
    signature = SignatureVersion(profile_settings.get("signature") or "v3")

    _qt_core_application()
    from snapview.paths import cache_dir
    from snapview.services.scan_images import PipelineImages

    images = PipelineImages(disk_cache_dir=cache_dir() / "images", concurrency=args.concurrency)
    status = 0
    try:
        async with VodClient(
            creds, region=region, endpoint=endpoint, signature=signature
        ) as client:
            for video_id in ids:
                status = max(status, await _scan_one(args, client, images, video_id, snapshot_type))
    finally:
        await images.aclose()
    return status


def _qt_core_application() -> None:
    # The image pipeline is a QObject with Qt timers: without an application object, Qt warns
    # that the thread has no event dispatcher. No Qt event loop runs; asyncio drives everything.
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        QCoreApplication(["snapview-scan"])


async def _scan_one(
    args: argparse.Namespace,
    client: VodClient,
    images: PipelineImages,
    video_id: str,
    snapshot_type: Any,
) -> int:
    from snapview.commands.cloud_access import error_line
    from snapview.core.snapshots import SnapshotType
    from snapview.core.vod_errors import VodError
    from snapview.services.scanner import VideoScan

    pager = client.pager(video_id, snapshot_type, page_size=100)
    progress = _Progress(video_id) if sys.stderr.isatty() and not args.json else None
    try:
        sprites = None
        if snapshot_type is SnapshotType.SPRITE:
            sprites = await _sprite_geometry(client, video_id, pager)
        scan = VideoScan(
            pager,
            images,
            concurrency=args.concurrency,
            sprites=sprites,
            on_event=progress.update if progress else None,
        )
        report = await scan.run()
    except VodError as exc:
        print(f"snapview scan: {video_id}: {error_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if progress is not None:
            progress.clear()
    _print(args, report)
    return EXIT_FOUND if report.found_anything else 0


async def _sprite_geometry(client: VodClient, video_id: str, sheets_pager: Any) -> Any:
    """The WebVTT geometry of the job's sprite sheets, when the job has a track."""
    import httpx

    from snapview.core.snapshots import SnapshotType
    from snapview.services.scan_sprites import load_sprite_geometry

    vtt = client.pager(video_id, SnapshotType.WEBVTT, page_size=1)
    tracks = await vtt.all_snapshots()
    if not tracks:
        return None
    sheets = await sheets_pager.all_snapshots()
    async with httpx.AsyncClient(timeout=20.0, follow_redirects=True) as http:
        return await load_sprite_geometry(http, tracks[0].url, sheets)


def _print(args: argparse.Namespace, report: ScanReport) -> None:
    from snapview.services.scan_document import scan_document, table_lines

    if args.json:
        json.dump(scan_document(report), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(table_lines(report)) + "\n\n")
    sys.stdout.flush()


class _Progress:
    """One self-overwriting status line on a terminal's stderr."""

    def __init__(self, video_id: str) -> None:
        self._video_id = video_id
        self._shown = False

    def update(self, event: ScanEvent) -> None:
        from snapview.services.scanner import ScanProgress

        if not isinstance(event, ScanProgress) or (event.done % 25 and event.done != event.total):
            return
        eta = f", about {event.eta_s:.0f} s left" if event.eta_s is not None else ""
        line = (
            f"{self._video_id}: {event.done}/{event.total} checked, {event.failed} failed, "
            f"{event.flagged} flagged{eta}"
        )
        sys.stderr.write("\r" + line[:120].ljust(120))
        sys.stderr.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            sys.stderr.write("\r" + " " * 120 + "\r")
            sys.stderr.flush()
