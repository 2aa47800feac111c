"""`snapview ls`: list the snapshots of an Alibaba Cloud VOD video (``ListSnapshots``), one page or
every page of the job, as a readable table or as JSON.

Credentials come from the official SDKs' environment variables (``ALIBABA_CLOUD_ACCESS_KEY_ID``,
``ALIBABA_CLOUD_ACCESS_KEY_SECRET``, optional ``ALIBABA_CLOUD_SECURITY_TOKEN``) or from a stored
profile (``--profile``), never from the command line, where every user could read them with ``ps``.
Any failure ends with a non-zero status and one line naming the error class, Code, Message and
RequestId, never a traceback.

Keep module-level imports light: this module is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from snapview.core.credentials import AliyunCredentials
    from snapview.core.snapshots import Snapshot, SnapshotPage
    from snapview.services.vod_client import VodClient

ENV_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"
TYPES = (
    "CoverSnapshot",
    "NormalSnapshot",
    "SpriteSnapshot",
    "SpriteOriginSnapshot",
    "WebVttSnapshot",
)

EXIT_ERROR = 1
EXIT_USAGE = 2


class _UsageError(Exception):
    """A problem with the command line or the environment, found before any request."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this command's options."""
    # The parent parser's custom usage text would otherwise leak into this command's usage line.
    parser.prog = "snapview ls"
    parser.description = (
        "List the snapshots of an Alibaba Cloud VOD video (ListSnapshots). Credentials come from "
        f"{ENV_KEY_ID} / {ENV_SECRET} (and {ENV_TOKEN} for STS), or from --profile."
    )
    parser.add_argument("video_id", metavar="VIDEO_ID", help="the video ID (32 hex characters)")
    parser.add_argument(
        "--type",
        dest="snapshot_type",
        default="CoverSnapshot",
        metavar="TYPE",
        help=f"snapshot type: {', '.join(TYPES)} (or short: cover, normal, sprite, …; default CoverSnapshot)",
    )
    parser.add_argument(
        "--page-size",
        type=_positive_int,
        metavar="N",
        help="snapshots per request, 1–100 (default 20; 100 with --all)",
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
        default=3600,
        metavar="S",
        help="validity of the snapshot URLs in seconds, 3600–2592000 (default 3600)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--region", metavar="R", help="VOD region (default cn-shanghai, or the profile's)"
    )
    where.add_argument(
        "--endpoint",
        metavar="URL",
        help="custom endpoint URL, e.g. the emulator http://127.0.0.1:PORT",
    )
    parser.add_argument(
        "--signature", choices=("v3", "v1"), help="signing scheme (default v3, or the profile's)"
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="use a stored credential profile instead of the environment",
    )
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


def run(args: argparse.Namespace) -> int:
    import asyncio

    from snapview.core.vod_errors import ErrorClass, VodError

    try:
        return asyncio.run(_run(args))
    except _UsageError as exc:
        print(f"snapview ls: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except VodError as exc:
        print(f"snapview ls: {_error_line(exc)}", file=sys.stderr)
        return (
            EXIT_USAGE if exc.error_class is ErrorClass.INPUT and not exc.request_id else EXIT_ERROR
        )
    except BrokenPipeError:
        raise  # the reader went away: commands.output ends the command quietly
    except Exception as exc:  # the promise is: no traceback, ever
        import logging

        from snapview.core.redaction import redact

        logging.getLogger("snapview.vod").debug("snapview ls failed", exc_info=True)
        print(
            f"snapview ls: internal error: {redact(f'{type(exc).__name__}: {exc}')}",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _error_line(exc: Any) -> str:
    advice = exc.user_message.english()
    line = str(exc)
    return line if advice in line else f"{advice} — {line}"


async def _credentials(args: argparse.Namespace) -> tuple[AliyunCredentials, dict[str, Any]]:
    """The credentials and the connection settings (region, endpoint, signature) to use."""
    from snapview.core.credentials import AliyunCredentials

    if args.profile:
        try:
            from snapview.services.credentials import CredentialError, load_profile_credentials
        except ImportError:
            raise _UsageError(
                "profile support not available in this build; use the environment variables"
            ) from None
        try:
            profile, creds = await load_profile_credentials(args.profile)
        except CredentialError as exc:
            raise _UsageError(exc.message.english()) from None
        return creds, {
            "region": profile.region,
            "endpoint": profile.endpoint,
            "signature": profile.signature_version.value,
        }
    key_id = os.environ.get(ENV_KEY_ID, "").strip()
    secret = os.environ.get(ENV_SECRET, "").strip()
    if not key_id or not secret:
        missing = " and ".join(
            name for name, value in ((ENV_KEY_ID, key_id), (ENV_SECRET, secret)) if not value
        )
        raise _UsageError(f"no credentials: set {missing} (or use --profile NAME)")
    token = os.environ.get(ENV_TOKEN, "").strip() or None
    return AliyunCredentials(key_id, secret, token), {}


async def _run(args: argparse.Namespace) -> int:
    from snapview.core.credentials import SignatureVersion
    from snapview.core.listsnapshots import build_request
    from snapview.services.vod_client import VodClient

    page_size = args.page_size or (100 if args.all else 20)
    # Validate the arguments before touching the keyring or the network.
    request = build_request(
        args.video_id, args.snapshot_type, args.page, page_size, args.auth_timeout
    )
    creds, profile_settings = await _credentials(args)
    endpoint = args.endpoint or (None if args.region else profile_settings.get("endpoint"))
    region = args.region or profile_settings.get("region") or "cn-shanghai"
    signature = SignatureVersion(args.signature or profile_settings.get("signature") or "v3")
    note = request.clamp_note
    if note is not None:
        print(f"snapview ls: note: {note.english()}", file=sys.stderr)
    async with VodClient(creds, region=region, endpoint=endpoint, signature=signature) as client:
        if args.all:
            return await _list_all(client, request, args)
        page = await client.fetch(request)
        _print(args, page, page.snapshots, page_no=request.page_no)
        return 0


async def _list_all(client: VodClient, request: Any, args: argparse.Namespace) -> int:
    pager = client.pager(
        request.video_id,
        request.snapshot_type,
        page_size=request.page_size,
        auth_timeout=request.auth_timeout_requested,
    )
    snapshots = await pager.all_snapshots()
    first = pager.cached(1) or await pager.page(1)
    _print(args, first, snapshots, page_no=None)
    stats = client.stats
    if stats.retries and not args.json:
        print(f"({stats.requests} requests, {stats.retries} retried)", file=sys.stderr)
    return 0


def _print(
    args: argparse.Namespace,
    page: SnapshotPage,
    snapshots: tuple[Snapshot, ...] | list[Snapshot],
    *,
    page_no: int | None,
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
