"""`snapview ls`: list the snapshots of an Alibaba Cloud VOD video (``ListSnapshots``) or, with
``--provider huawei``, of a Huawei Cloud VOD media asset (``ShowAssetDetail`` and the paged thumbnail
details API), one page or every page, as a readable table or as JSON.

Credentials come from the official SDKs' environment variables (``ALIBABA_CLOUD_ACCESS_KEY_ID``,
``ALIBABA_CLOUD_ACCESS_KEY_SECRET``, optional ``ALIBABA_CLOUD_SECURITY_TOKEN``; for Huawei
``HUAWEICLOUD_SDK_AK``, ``HUAWEICLOUD_SDK_SK``, ``HUAWEICLOUD_SDK_PROJECT_ID``, optional
``HUAWEICLOUD_SDK_SECURITY_TOKEN``) or from a profile (``--profile``: its provider is the cloud unless
``--provider`` says otherwise), never from the command line, where every user could read them with
``ps`` (the Alibaba side lives in ``cloud_access.py``, shared with ``snapview videos`` and ``scan``).
Any failure ends with a non-zero status and one line naming the error class, Code, Message and
RequestId, never a traceback.

Keep module-level imports light: this module is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from snapview.core.listsnapshots import ListSnapshotsRequest
    from snapview.core.snapshots import Snapshot, SnapshotPage
    from snapview.services.listing_walk import MissingPages
    from snapview.services.retry import RetryPolicy
    from snapview.services.vod_client import VodClient

from snapview.commands import UsageError
from snapview.commands.cloud_access import (
    ENV_KEY_ID,
    ENV_SECRET,
    ENV_TOKEN,
    EXIT_ERROR,
    add_connection_arguments,
    aliyun_credentials,
    chosen_provider,
    huawei_credentials,
    resolve_aliyun,
    run_command,
)
from snapview.core.snapshots import SnapshotType

TYPES = tuple(t.value for t in SnapshotType)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this command's options."""
    # The parent parser's custom usage text would otherwise leak into this command's usage line.
    parser.prog = "snapview ls"
    parser.description = (
        "List the snapshots of an Alibaba Cloud VOD video (ListSnapshots) or of a Huawei Cloud VOD "
        "media asset (--provider huawei). Credentials come from "
        f"{ENV_KEY_ID} / {ENV_SECRET} (and {ENV_TOKEN} for STS), or from --profile; for Huawei from "
        "HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK / HUAWEICLOUD_SDK_PROJECT_ID (and "
        "HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials)."
    )
    parser.add_argument(
        "video_id",
        metavar="VIDEO_ID",
        help="the Alibaba video ID, or the Huawei media asset ID (32 hex characters)",
    )
    parser.add_argument(
        "--provider",
        choices=("aliyun", "huawei"),
        help="the cloud: aliyun (Alibaba Cloud VOD) or huawei (Huawei Cloud VOD); default: the "
        "--profile's, else aliyun",
    )
    parser.add_argument(
        "--type",
        dest="snapshot_type",
        metavar="TYPE",
        help=f"Alibaba snapshot type: {', '.join(TYPES)} (or short: cover, normal, sprite, …; default CoverSnapshot)",
    )
    parser.add_argument(
        "--kind",
        choices=("sample", "dots", "quantity", "all"),
        help="Huawei snapshot list: sample, dots, quantity or all (the default), merged in offset order",
    )
    parser.add_argument(
        "--project-id",
        metavar="ID",
        help="Huawei project ID of the region (default: HUAWEICLOUD_SDK_PROJECT_ID)",
    )
    parser.add_argument(
        "--page-size",
        type=_positive_int,
        metavar="N",
        help="snapshots per request, 1–100 (default 20; 100 with --all or --provider huawei)",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--page", type=_positive_int, default=1, metavar="N", help="page to list (default 1)"
    )
    which.add_argument(
        "--all", action="store_true", help="list every snapshot of the job, in index order"
    )
    parser.add_argument(
        "--auth-timeout",
        type=_positive_int,
        metavar="S",
        help="Alibaba: validity of the snapshot URLs in seconds, 3600–2592000 (default 3600)",
    )
    parser.add_argument(
        "--max-retry-wait",
        type=_positive_seconds,
        metavar="S",
        help="longest wait between two attempts of a request, the server's Retry-After included "
        "(default 8 s; Retry-After is honoured up to 30 s)",
    )
    add_connection_arguments(parser)
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of a table"
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 3600, got {text}")
    return value


def _retry_policy(args: argparse.Namespace) -> RetryPolicy | None:
    """The shared policy, with every wait capped by ``--max-retry-wait`` when it is given."""
    from snapview.services.retry import RetryPolicy

    cap = args.max_retry_wait
    if cap is None:
        return None
    return RetryPolicy(base_delay=min(0.2, cap / 4), max_delay=cap, max_retry_after=cap)


def _report_missing(missing: tuple[MissingPages, ...], listed: int, what: str = "") -> None:
    """After the listing was printed: which pages are missing and why, on stderr."""
    from snapview.commands.cloud_access import error_line

    spans = ", ".join(m.span() for m in missing)
    print(
        f"snapview ls: incomplete listing{what}: {spans} could not be listed; "
        f"the {listed} snapshots printed are what the other pages hold",
        file=sys.stderr,
    )
    for gap in missing:
        tries = f" (after {gap.error.attempts} attempts)" if gap.error.attempts > 1 else ""
        print(f"snapview ls: {gap.span()}{tries}: {error_line(gap.error)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    return run_command("snapview ls", lambda: _run(args), logger=__name__)


async def _run(args: argparse.Namespace) -> int:
    if chosen_provider(args) == "huawei":
        return await _run_huawei(args)
    from snapview.core.listsnapshots import build_request
    from snapview.services.vod_client import VodClient

    if args.kind or args.project_id:
        option = "--kind" if args.kind else "--project-id"
        raise UsageError(f"{option} is for --provider huawei")
    page_size = args.page_size or (100 if args.all else 20)
    # Validate the arguments before touching the keyring or the network.
    request = build_request(
        args.video_id,
        args.snapshot_type or "CoverSnapshot",
        args.page,
        page_size,
        args.auth_timeout or 3600,
    )
    creds, profile_settings = await aliyun_credentials(args)
    connection = resolve_aliyun(args, creds, profile_settings)
    note = request.clamp_note
    if note is not None:
        print(f"snapview ls: note: {note.english()}", file=sys.stderr)
    async with VodClient(
        creds,
        region=connection.region,
        endpoint=connection.endpoint,
        signature=connection.signature,
        retry=_retry_policy(args),
    ) as client:
        if args.all:
            return await _list_all(client, request, args)
        page = await client.fetch(request)
        _print(args, page, page.snapshots, page_no=request.page_no)
        return 0


async def _list_all(
    client: VodClient, request: ListSnapshotsRequest, args: argparse.Namespace
) -> int:
    pager = client.pager(
        request.video_id,
        request.snapshot_type,
        page_size=request.page_size,
        auth_timeout=request.auth_timeout_requested,
    )
    result = await pager.list_all()
    _print(args, result.first_page, result.snapshots, page_no=None, missing=result.missing)
    stats = client.stats
    if stats.retries and not args.json:
        print(f"({stats.requests} requests, {stats.retries} retried)", file=sys.stderr)
    if result.missing:
        _report_missing(result.missing, len(result.snapshots))
        return EXIT_ERROR
    return 0


def _print(
    args: argparse.Namespace,
    page: SnapshotPage,
    snapshots: tuple[Snapshot, ...] | list[Snapshot],
    *,
    page_no: int | None,
    missing: tuple[MissingPages, ...] = (),
) -> None:
    if args.json:
        document = {
            "video_id": page.video_id,
            "snapshot_type": str(page.snapshot_type),
            "job_id": page.job_id,
            "creation_time": page.creation_time,
            "total": page.total,
            "regular": page.regular,
            "snapshots": [{"index": s.index, "url": s.url} for s in snapshots],
        }
        if page_no is not None:
            document["page_no"] = page_no
            document["page_size"] = page.page_size
        else:
            document["page_size"] = page.page_size
            document["complete"] = not missing
            document["missing_pages"] = [gap.as_dict() for gap in missing]
        document["request_id"] = page.request_id
        json.dump(document, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    out = sys.stdout
    scope = (
        "all pages"
        if page_no is None
        else f"page {page_no} of {page.page_count}, {page.page_size} per page"
    )
    if missing:
        scope = f"incomplete: {', '.join(m.span() for m in missing)} missing"
    out.write(f"Video         {page.video_id}  ({page.snapshot_type})\n")
    out.write(f"JobId         {page.job_id or '-'}\n")
    out.write(f"CreationTime  {page.creation_time or '-'}\n")
    out.write(f"Total         {page.total}  ({scope})\n")
    if page.regular:
        out.write(f"URL rule      {page.regular}\n")
    out.write(f"RequestId     {page.request_id or '-'}\n\n")
    if not snapshots:
        out.write(
            "(no snapshots on this page)\n"
            if page_no is not None and page.total
            else "(no snapshots)\n"
        )
        return
    width = max(5, len(str(max(s.index for s in snapshots))))
    out.write(f"{'Index':>{width}}  URL\n")
    for snapshot in snapshots:
        out.write(f"{snapshot.index:>{width}}  {snapshot.url}\n")


# --- Huawei Cloud VOD --------------------------------------------------------------------------


def _huawei_kinds(args: argparse.Namespace) -> list[Any]:
    from snapview.core.snapshots import HuaweiSnapshotKind

    for option, value in (
        ("--type", args.snapshot_type),
        ("--signature", args.signature),
        ("--auth-timeout", args.auth_timeout),
    ):
        if value is not None:
            raise UsageError(f"{option} is for Alibaba Cloud; Huawei lists use --kind")
    if args.kind in (None, "all"):
        return list(HuaweiSnapshotKind)
    return [HuaweiSnapshotKind(args.kind)]


async def _run_huawei(args: argparse.Namespace) -> int:
    from snapview.core import huawei_requests
    from snapview.core.vod_errors import ErrorClass, VodError
    from snapview.services.huawei_client import HuaweiVodClient

    # Everything that can be checked is checked before the environment and the network.
    kinds = _huawei_kinds(args)
    asset_id = huawei_requests.validate_asset_id(args.video_id)
    if args.region:
        huawei_requests.region_endpoint(args.region)
    page_size = args.page_size or huawei_requests.MAX_PAGE_SIZE
    if page_size > huawei_requests.MAX_PAGE_SIZE:
        raise UsageError(f"--page-size must be 1–{huawei_requests.MAX_PAGE_SIZE} for Huawei")
    credentials, profile_settings = await huawei_credentials(args)
    huawei_requests.validate_project_id(credentials.project_id)
    # --region or --endpoint replace the profile's place; otherwise the profile's, or the default.
    endpoint = args.endpoint or (None if args.region else profile_settings.get("endpoint"))
    region = args.region or profile_settings.get("region") or huawei_requests.DEFAULT_REGION
    async with HuaweiVodClient(
        credentials, region=region, endpoint=endpoint, retry=_retry_policy(args)
    ) as client:
        source = client.asset(asset_id)
        pagers = [source.pager(kind, page_size=page_size) for kind in kinds]
        gaps: dict[str, Any] = {}
        try:
            listed = [await _huawei_list(pager, args, gaps) for pager in pagers]
        except VodError as exc:
            if args.json and exc.error_class in (ErrorClass.NOT_READY, ErrorClass.JOB_FAILED):
                _print_huawei(args, source, pagers, [])  # scripts get the state as well
            raise
        rows = sorted(
            (
                (pager.kind, snapshot)
                for pager, items in zip(pagers, listed, strict=True)
                for snapshot in items
            ),
            key=lambda row: (row[1].offset_s or 0.0, kinds.index(row[0]), row[1].index),
        )
        _print_huawei(args, source, pagers, rows, gaps)
        stats = client.stats
        if stats.retries and not args.json:
            print(f"({stats.requests} requests, {stats.retries} retried)", file=sys.stderr)
    for kind, missing in gaps.items():
        listed_of_kind = sum(1 for row in rows if str(row[0]) == kind)
        _report_missing(missing, listed_of_kind, f" of the {kind} list")
    return EXIT_ERROR if gaps else 0


async def _huawei_list(pager: Any, args: argparse.Namespace, gaps: dict[str, Any]) -> list[Any]:
    if args.all:
        result = await pager.list_all()
        if result.missing:
            gaps[str(pager.kind)] = result.missing
        return list(result.snapshots)
    first = await pager.page(1)
    if args.page == 1:
        return list(first.snapshots)
    if args.page > (pager.page_count or 1):
        return []
    return list((await pager.page(args.page)).snapshots)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    text = (
        f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
        if hours
        else f"{rest // 60:02d}:{rest % 60:02d}"
    )
    return text if seconds == whole else f"{text}+{seconds - whole:.2f}".replace("+0.", ".")


def _seconds(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _print_huawei(
    args: argparse.Namespace,
    source: Any,
    pagers: list[Any],
    rows: list[Any],
    gaps: dict[str, Any] | None = None,
) -> None:
    totals = {str(p.kind): p.total for p in pagers if p.total is not None}
    status = source.thumbnail_status or ""
    detail = source.detail
    request_id = detail.request_id if detail is not None else ""
    if args.json:
        document: dict[str, Any] = {
            "asset_id": source.asset_id,
            "thumbnail_status": status,
            "exec_desc": source.exec_desc,
            "totals": totals,
            "snapshots": [
                {"kind": str(kind), "offset": _seconds(s.offset_s), "url": s.url}
                for kind, s in rows
            ],
        }
        if not args.all:
            document["page_no"] = args.page
            document["page_size"] = pagers[0].page_size if pagers else None
        else:
            document["complete"] = not gaps
            document["missing_pages"] = {
                kind: [gap.as_dict() for gap in missing] for kind, missing in (gaps or {}).items()
            }
        document["task_ids"] = {str(p.kind): p.job_id for p in pagers if p.job_id}
        document["request_id"] = request_id
        json.dump(document, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    out = sys.stdout
    scope = "all pages" if args.all else f"page {args.page}, {pagers[0].page_size} per page"
    if gaps:
        scope = "incomplete: " + "; ".join(
            f"{kind} {', '.join(m.span() for m in missing)} missing"
            for kind, missing in gaps.items()
        )
    out.write(f"Asset         {source.asset_id}\n")
    out.write(f"Status        {status or '-'}\n")
    counts = ", ".join(f"{kind} {total}" for kind, total in totals.items()) or "-"
    out.write(f"Snapshots     {counts}  ({scope})\n")
    out.write(f"RequestId     {request_id or '-'}\n\n")
    if not rows:
        out.write("(no snapshots)\n")
        return
    width = max(6, *(len(_clock(s.offset_s)) for _, s in rows))
    out.write(f"{'Offset':>{width}}  {'Kind':<8}  URL\n")
    for kind, snapshot in rows:
        out.write(f"{_clock(snapshot.offset_s):>{width}}  {kind!s:<8}  {snapshot.url}\n")
