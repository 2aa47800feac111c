"""`snapview videos`: list an account's videos — search by title, filter by status, category and
creation time, or look up a list of IDs — as a readable table or as JSON.

One page by default; ``--all`` walks every match, past the 5,000 that Alibaba's plain paging
reaches. ``--ids FILE`` (``-`` for stdin) lists exactly those videos, in that order, and says which
IDs the account does not have and which lines held no ID; the filters then narrow that list.
Connection and credentials work exactly as in ``snapview ls`` (``cloud_access.py``). Every failure
ends with a non-zero status and a line that says what to fix, never a traceback.

Keep module-level imports light: this module is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from snapview.commands.cloud_access import (
    ENV_KEY_ID,
    ENV_SECRET,
    ENV_TOKEN,
    UsageError,
    add_connection_arguments,
    aliyun_credentials,
    resolve_aliyun,
    run_command,
)

if TYPE_CHECKING:
    from snapview.core.library import LibraryFilter, VideoSummary
    from snapview.core.library_input import IdList
    from snapview.services.huawei_client import HuaweiVodClient
    from snapview.services.library import LibraryListing, VideoLibrary
    from snapview.services.vod_client import VodClient

PROG = "snapview videos"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this command's options."""
    parser.prog = PROG
    parser.description = (
        "List the videos of a VOD account (Alibaba Cloud SearchMedia / GetVideoInfos; Huawei "
        "Cloud ListAssetList / ShowAssetMeta with --provider huawei). "
        f"Credentials come from {ENV_KEY_ID} / {ENV_SECRET} (and {ENV_TOKEN} for STS), "
        "or from --profile."
    )
    parser.epilog = (
        "DATE is a day (2026-11-20, today, yesterday: the whole day in the local time zone) or a "
        "time (2026-11-20T08:00:00, local unless it ends in Z or +08:00)."
    )
    what = parser.add_argument_group("which videos")
    what.add_argument("--query", default="", metavar="TEXT", help="titles containing every word")
    what.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="S",
        help="only this status (repeat, or separate with commas): Normal, Transcoding, TranscodeFail…",
    )
    what.add_argument("--category", metavar="ID", help="only videos of this category ID")
    what.add_argument("--since", default="", metavar="DATE", help="created at or after DATE")
    what.add_argument("--until", default="", metavar="DATE", help="created at or before DATE")
    what.add_argument(
        "--ids",
        metavar="FILE",
        help="exactly the video IDs in FILE (one or more per line; '-' reads stdin)",
    )
    what.add_argument("--oldest-first", action="store_true", help="oldest first (default newest)")
    how = parser.add_argument_group("output")
    how.add_argument(
        "--all", action="store_true", help="every match, walking past the 5,000 of plain paging"
    )
    how.add_argument(
        "--page-size",
        type=_page_size,
        metavar="N",
        help="videos per request, 1–100 (default 20; 100 with --all)",
    )
    how.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    add_connection_arguments(parser, provider=True)
    parser.add_argument(
        "--project-id",
        metavar="ID",
        help="Huawei Cloud project ID (default: the profile's, or HUAWEICLOUD_SDK_PROJECT_ID)",
    )


def _page_size(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 1 and 100, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    return run_command(PROG, lambda: _run(args), logger="snapview.library")


def _filter(args: argparse.Namespace, statuses: tuple[str, ...]) -> LibraryFilter:
    from datetime import datetime

    from snapview.core.library_input import build_filter

    local = datetime.now().astimezone().tzinfo
    assert local is not None
    return build_filter(
        text=args.query,
        statuses=args.status,
        category=args.category,
        since=args.since,
        until=args.until,
        known_statuses=statuses,
        newest_first=not args.oldest_first,
        tz=local,
    )


def _read_ids(source: str) -> IdList:
    from snapview.core.library_input import parse_id_list

    if source == "-":
        text = sys.stdin.read()
        name = "stdin"
    else:
        try:
            with open(source, encoding="utf-8-sig", errors="replace") as handle:
                text = handle.read()
        except OSError as exc:
            raise UsageError(f"cannot read the ID list {source}: {exc.strerror or exc}") from None
        name = source
    ids = parse_id_list(text)
    for rejected in ids.rejected:
        print(f"{PROG}: {name} line {rejected.line}: {rejected.reason.english()}", file=sys.stderr)
    if not ids.ids:
        raise UsageError(
            f"no video ID in {name}"
            + (f" ({len(ids.rejected)} line(s) rejected)" if ids.rejected else " (it is empty)")
        )
    return ids


# --- providers ---------------------------------------------------------------------------------


@dataclass
class _Opened:
    """A provider's library and what must be closed after it."""

    library: VideoLibrary
    client: VodClient | HuaweiVodClient
    statuses: tuple[str, ...]


def _open_aliyun(args: argparse.Namespace, settings: dict[str, Any], creds: Any) -> _Opened:
    from snapview.core.search_media import ALIBABA_STATUSES
    from snapview.services.alibaba_library import AlibabaLibrary
    from snapview.services.vod_client import VodClient

    connection = resolve_aliyun(args, creds, settings)
    client = VodClient(
        connection.credentials,
        region=connection.region,
        endpoint=connection.endpoint,
        signature=connection.signature,
    )
    return _Opened(AlibabaLibrary(client), client, ALIBABA_STATUSES)


def _open_huawei(args: argparse.Namespace, settings: dict[str, Any], creds: Any) -> _Opened:
    from snapview.core import huawei_requests
    from snapview.services.huawei_client import HuaweiVodClient
    from snapview.services.huawei_library import HUAWEI_STATUSES, HuaweiLibrary

    huawei_requests.validate_project_id(creds.project_id)
    # --region or --endpoint replace the profile's place; otherwise the profile's, or the default.
    endpoint = args.endpoint or (None if args.region else settings.get("endpoint"))
    region = args.region or settings.get("region") or huawei_requests.DEFAULT_REGION
    client = HuaweiVodClient(creds, region=region, endpoint=endpoint)
    return _Opened(HuaweiLibrary(client), client, HUAWEI_STATUSES)


OPENERS = {"aliyun": _open_aliyun, "huawei": _open_huawei}


def _statuses(provider: str) -> tuple[str, ...]:
    if provider == "huawei":
        from snapview.services.huawei_library import HUAWEI_STATUSES

        return HUAWEI_STATUSES
    from snapview.core.search_media import ALIBABA_STATUSES

    return ALIBABA_STATUSES


async def _credentials(args: argparse.Namespace, provider: str) -> tuple[Any, dict[str, Any]]:
    if provider == "huawei":
        # The one Huawei credential resolution of the CLI (profile, environment, --project-id).
        from snapview.commands.cloud_access import huawei_credentials

        return await huawei_credentials(args)
    if args.project_id:
        raise UsageError("--project-id is for --provider huawei")
    return await aliyun_credentials(args)


# --- running -----------------------------------------------------------------------------------


@dataclass
class _Result:
    total: int | None = None
    videos: list[VideoSummary] = field(default_factory=list)
    unknown_ids: list[str] = field(default_factory=list)
    restarts: int = 0
    limit_notice: str = ""  # the provider's paging limit stopped the walk (Huawei: 20,000)


async def _run(args: argparse.Namespace) -> int:
    from snapview.commands.cloud_access import chosen_provider

    # Everything the user typed is checked before the keyring or the network is touched.
    provider = chosen_provider(args)
    library_filter = _filter(args, _statuses(provider))
    id_list = _read_ids(args.ids) if args.ids else None
    creds, settings = await _credentials(args, provider)
    opened = OPENERS[provider](args, settings, creds)
    async with opened.client as client:
        library = opened.library
        if library_filter.category_id is not None and id_list is None:
            await library.category(library_filter.category_id)  # a clear "no such category"
        result = await _collect(args, library, library_filter, id_list)
        _print(args, result, id_list)
        if result.limit_notice:
            print(f"{PROG}: {result.limit_notice}", file=sys.stderr)
        stats = client.stats
        if not args.json and (stats.retries or result.restarts):
            print(
                f"({stats.requests} requests, {stats.retries} retried, "
                f"{result.restarts} walk restart(s) after an expired ScrollToken)",
                file=sys.stderr,
            )
    return 0


async def _collect(
    args: argparse.Namespace,
    library: VideoLibrary,
    library_filter: LibraryFilter,
    id_list: IdList | None,
) -> _Result:
    listing: LibraryListing
    if id_list is not None:
        narrow = None if library_filter.is_empty else library_filter
        listing = library.lookup(id_list.ids, narrow=narrow)
        walk_all = True
    else:
        size = args.page_size or (100 if args.all else 20)
        listing = library.search(library_filter, page_size=size)
        walk_all = args.all
    result = _Result()
    try:
        async for page in listing:
            result.videos.extend(page.videos)
            result.unknown_ids.extend(page.unknown_ids)
            if not walk_all:
                break
    finally:
        await listing.aclose()
    result.total = len(result.videos) if id_list is not None else listing.total
    result.restarts = listing.restarts
    notice = getattr(listing, "limit_notice", None)
    if notice is not None:
        result.limit_notice = notice.english()
    return result


def _print(args: argparse.Namespace, result: _Result, id_list: IdList | None) -> None:
    from snapview.core.library import format_duration

    if args.json:
        document: dict[str, Any] = {
            "total": result.total if result.total is not None else len(result.videos),
            "videos": [video.as_json() for video in result.videos],
        }
        if id_list is not None:
            document["unknown_ids"] = result.unknown_ids
            document["rejected_lines"] = [
                {"line": r.line, "text": r.text, "reason": r.reason.english()}
                for r in id_list.rejected
            ]
        json.dump(document, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    out = sys.stdout
    total = result.total if result.total is not None else len(result.videos)
    shown = len(result.videos)
    if id_list is not None:
        out.write(f"{shown:,} of {len(id_list.ids):,} listed videos found\n")
    elif shown < total:
        out.write(f"{total:,} videos (showing the first {shown:,}; --all lists every one)\n")
    else:
        out.write(f"{total:,} videos\n")
    if result.videos:
        out.write(f"\n{'VideoId':32}  {'Status':17}  {'Duration':>8}  {'Created':20}  Title\n")
    for video in result.videos:
        out.write(
            f"{video.video_id:32}  {video.status or '-':17}  {format_duration(video.duration):>8}  "
            f"{video.creation_time or '-':20}  {video.title}"
            + (f"  [{video.category_name}]" if video.category_name else "")
            + "\n"
        )
    if result.unknown_ids:
        print(
            f"{PROG}: {len(result.unknown_ids)} ID(s) not in this account: "
            + ", ".join(result.unknown_ids),
            file=sys.stderr,
        )
