"""`snapview scan`: check every snapshot of one or more videos (or, with ``--provider huawei``,
media assets) for defects — black, flat-colour, blurred, letterboxed, frozen, repeated and
wrong-aspect frames, snapshots that do not load, and problems of the job itself — and print a
table, or with ``--json`` one object per video.

Credentials come exactly as for ``snapview ls`` (``cloud_access.py``, which both use): the official
SDKs' environment variables or a stored profile (whose cloud picks the provider), never the command
line. Images go through the app's
disk cache, so a second scan of the same video downloads nothing, and what the detectors found is
kept by picture content next to it (``scan-analysis.sqlite3``), so a second scan decodes nothing
either. Exit status: 0 nothing found, 1 something found, 2 bad input, a video that could not be
scanned, or snapshots this computer could not check (a local fault: the result is incomplete, so
it neither passes nor fails the video); Ctrl+C stops cleanly (130).

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
    from snapview.services.scan_cache import AnalysisCache
    from snapview.services.scan_images import PipelineImages
    from snapview.services.scan_processes import ProcessImages
    from snapview.services.scanner import ScanEvent, ScanReport, SpriteGeometry
    from snapview.services.snapshot_listing import SnapshotListing
    from snapview.services.vod_client import VodClient

EXIT_FOUND = 1
PROVIDERS = ("aliyun", "huawei")
HUAWEI_KINDS = ("sample", "dots", "quantity")
MAX_CONCURRENCY = 64
# Scan worker processes --workers accepts (the default picks one per core, at most as many).
MAX_WORKERS = 4
ANALYSIS_CACHE_FILE = "scan-analysis.sqlite3"  # next to the image cache folder ("images")


class _ScanUsageError(Exception):
    """A problem with the command line, found before any request."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.prog = "snapview scan"
    parser.description = (
        "Check every snapshot of the given videos for defects (black, flat colour, blurred, "
        "letterbox, frozen, repeated, wrong aspect, failed to load) and problems of the job. "
        "Exit status 0: nothing found, 1: something found, 2: bad input or not every snapshot "
        "could be checked. Credentials as for 'snapview ls'."
    )
    parser.add_argument(
        "videos",
        nargs="*",
        metavar="VIDEO",
        help="video IDs to scan (Huawei: media asset IDs)",
    )
    parser.add_argument(
        "--ids",
        metavar="FILE",
        help="read more video IDs from FILE (one per line, # starts a comment; - for stdin)",
    )
    parser.add_argument(
        "--type",
        dest="snapshot_type",
        metavar="TYPE",
        help=f"Alibaba snapshot type: {', '.join(t for t in TYPES if t != 'WebVttSnapshot')} "
        "(or short: normal, cover, sprite, …; default NormalSnapshot)",
    )
    parser.add_argument(
        "--kind",
        choices=HUAWEI_KINDS,
        help="Huawei snapshot list to scan: sample (the default), dots or quantity",
    )
    parser.add_argument(
        "--provider",
        choices=PROVIDERS,
        help="cloud (default: the profile's, else aliyun)",
    )
    parser.add_argument("--profile", metavar="NAME", help="use a stored credential profile")
    parser.add_argument(
        "--project-id",
        metavar="ID",
        help="Huawei project ID of the region (default: HUAWEICLOUD_SDK_PROJECT_ID)",
    )
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
    parser.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help=f"processes that fetch and check snapshots, 0–{MAX_WORKERS}; 0 checks them in this"
        " process (default: one per core, at most 4; 0 on one core)",
    )


def _whole_number(text: str, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"must be {low}–{high}, got {value}")
    return value


def _concurrency(text: str) -> int:
    return _whole_number(text, 1, MAX_CONCURRENCY)


def _workers(text: str) -> int:
    value = _whole_number(text, 0, MAX_WORKERS)
    if value:
        # Only with --workers N: the services (and Qt) stay out of the parser otherwise.
        from snapview.services.scan_processes import workers_supported

        if not workers_supported():
            raise argparse.ArgumentTypeError("worker processes need Linux or macOS; use 0")
    return value


def _video_ids(args: argparse.Namespace, validate: Any) -> list[str]:
    """The IDs from the arguments and ``--ids``, in order, without repeats, each checked by
    ``validate`` (which raises the reason) and as it returns it."""
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
    return list(dict.fromkeys(validate(video_id) for video_id in ids))


def run(args: argparse.Namespace) -> int:
    import asyncio

    from snapview.commands import UsageError
    from snapview.commands.cloud_access import error_line
    from snapview.core.vod_errors import VodError
    from snapview.services.gil_switch import shorten_gil_switch

    # The command's loop, the image pipeline's network thread and its decode threads share one
    # GIL, as in the app: the same short switch interval (the scan's rate, performance.md run 6).
    shorten_gil_switch()
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
    from snapview.commands.cloud_access import chosen_provider

    if chosen_provider(args) == "huawei":
        return await _run_huawei(args)
    from snapview.commands.cloud_access import aliyun_credentials
    from snapview.core.credentials import SignatureVersion
    from snapview.core.listsnapshots import build_request, parse_snapshot_type
    from snapview.core.snapshots import SnapshotType
    from snapview.services.vod_client import VodClient

    if args.kind or args.project_id:
        option = "--kind" if args.kind else "--project-id"
        raise _ScanUsageError(f"{option} is for --provider huawei")
    type_name = args.snapshot_type or SnapshotType.NORMAL.value
    snapshot_type = parse_snapshot_type(type_name)
    if snapshot_type is SnapshotType.WEBVTT:
        raise _ScanUsageError(
            "a WebVTT track is checked with its sheets: scan --type SpriteSnapshot"
        )

    def validate(video_id: str) -> str:
        build_request(video_id, type_name)  # raises InvalidRequest with the reason
        return video_id

    ids = _video_ids(args, validate)
    creds, profile_settings = await aliyun_credentials(args)
    endpoint = args.endpoint or (None if args.region else profile_settings.get("endpoint"))
    region = args.region or profile_settings.get("region") or "cn-shanghai"
    signature = SignatureVersion(profile_settings.get("signature") or "v3")
    async with (
        _Scanning(args) as scanning,
        VodClient(creds, region=region, endpoint=endpoint, signature=signature) as client,
    ):
        status = 0
        for video_id in ids:
            pager = client.pager(video_id, snapshot_type, page_size=100)
            sprites = None
            if snapshot_type is SnapshotType.SPRITE:
                sprites = _sprite_geometry(client, video_id, pager)
            status = max(status, await scanning.scan(video_id, pager, sprites))
    return status


async def _run_huawei(args: argparse.Namespace) -> int:
    from snapview.commands.cloud_access import huawei_credentials
    from snapview.core import huawei_requests
    from snapview.core.snapshots import HuaweiSnapshotKind
    from snapview.services.huawei_client import HuaweiVodClient

    # Everything that can be checked is checked before the environment and the network.
    if args.snapshot_type is not None:
        raise _ScanUsageError("--type is for Alibaba Cloud; Huawei scans use --kind")
    kind = HuaweiSnapshotKind(args.kind or HuaweiSnapshotKind.SAMPLE.value)
    ids = _video_ids(args, huawei_requests.validate_asset_id)
    if args.region:
        huawei_requests.region_endpoint(args.region)
    credentials, profile_settings = await huawei_credentials(args)
    huawei_requests.validate_project_id(credentials.project_id)
    # --region or --endpoint replace the profile's place; otherwise the profile's, or the default.
    endpoint = args.endpoint or (None if args.region else profile_settings.get("endpoint"))
    region = args.region or profile_settings.get("region") or huawei_requests.DEFAULT_REGION
    async with (
        _Scanning(args) as scanning,
        HuaweiVodClient(credentials, region=region, endpoint=endpoint) as client,
    ):
        status = 0
        for asset_id in ids:
            pager = client.asset(asset_id).pager(kind, page_size=huawei_requests.MAX_PAGE_SIZE)
            status = max(status, await scanning.scan(asset_id, pager))
    return status


class _Scanning:
    """What every video of one run shares: the image pipeline and the analysis cache."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.images: PipelineImages | ProcessImages | None = None
        self.cache: AnalysisCache | None = None

    async def __aenter__(self) -> _Scanning:
        _qt_core_application()
        from snapview.paths import cache_dir
        from snapview.services.scan_cache import AnalysisCache
        from snapview.services.scan_processes import scan_image_source

        folder = cache_dir()
        # Worker processes (one per core unless --workers says), each with its own GIL: on two
        # cores 1.5× the snapshots a second of one process (services/scan_processes.py).
        self.images = scan_image_source(folder / "images", self.args.concurrency, self.args.workers)
        self.cache = AnalysisCache(folder / ANALYSIS_CACHE_FILE)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            if self.cache is not None:
                await self.cache.aclose()  # what was analysed so far is kept, also on Ctrl+C
        finally:
            if self.images is not None:
                await self.images.aclose()

    async def scan(self, video_id: str, listing: SnapshotListing, sprites: Any = None) -> int:
        """Scans one video, prints its report; its exit status."""
        from snapview.commands.cloud_access import error_line
        from snapview.core.vod_errors import VodError
        from snapview.services.scanner import VideoScan

        assert self.images is not None
        args = self.args
        progress = _Progress(video_id) if sys.stderr.isatty() and not args.json else None
        try:
            scan = VideoScan(
                listing,
                self.images,
                concurrency=args.concurrency,
                sprites=await sprites if sprites is not None else None,
                on_event=progress.update if progress else None,
                analysis_cache=self.cache,
            )
            report = await scan.run()
        except VodError as exc:
            print(f"snapview scan: {video_id}: {error_line(exc)}", file=sys.stderr)
            return EXIT_USAGE
        finally:
            if progress is not None:
                progress.clear()
        _print(args, report)
        if report.errors:
            first = next(s for s in report.snapshots if s.scan_error)
            reason = first.reason.english() if first.reason else "local error"
            print(
                f"snapview scan: {video_id}: {report.errors} snapshots could not be checked because "
                f"of a problem on this computer, not the video ({reason}); fix it and scan again",
                file=sys.stderr,
            )
            return EXIT_USAGE
        return EXIT_FOUND if report.found_anything else 0


def _qt_core_application() -> None:
    # The image pipeline is a QObject with Qt timers: without an application object, Qt warns
    # that the thread has no event dispatcher. No Qt event loop runs; asyncio drives everything.
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        QCoreApplication(["snapview-scan"])


async def _sprite_geometry(
    client: VodClient, video_id: str, sheets_pager: Any
) -> SpriteGeometry | None:
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
