"""`snapview review`: record, list, export and import review decisions from the command line, in
the same store the desktop app uses (both may have it open at once).

    snapview review mark VIDEO INDEX… (--approve | --reject REASON | --clear) [--comment TEXT]
    snapview review list VIDEO [--json]
    snapview review export [VIDEO…] [--since DATE] [--until DATE] --format csv|json|pdf -o FILE
    snapview review import FILE
    snapview review reviewer [NAME]
    snapview review store [PATH | postgresql://USER@HOST:PORT/DB]
    snapview review login --db postgresql://USER@HOST:PORT/DB     (and logout)
    snapview review assign VIDEO… (--to NAME | --unassign)
    snapview review assigned [--to NAME] [--json]
    snapview review push --db postgresql://USER@HOST:PORT/DB [--from PATH]

``--db PATH`` points any of them at another store file, ``--db postgresql://…`` at a team's shared
store (docs/team.md; the password is in the keyring, put there by ``login``); without it, the
``review.store`` setting (``snapview review store``) decides. ``mark`` checks the indexes against the
listing's Total and records the current snapshot job when the listing can be reached (credentials
as for ``snapview ls``: the SDK environment variables or ``--profile``, never the command line);
when it cannot (no credentials, offline, ``--offline``), the decisions are recorded unchecked with
the job from ``--job`` (or none) and a note says so. Bad input exits with status 2 and one line
naming the problem; a decision that could not be saved exits with 1 and says so — never silently.

The actions live in ``mark``, ``show`` (list), ``export``, ``merge`` (import), ``login``,
``assign`` and ``push``; ``cloud`` holds the listing access and ``store_access`` what they share.
Keep module-level imports light: this package is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from snapview.commands.review.store_access import (
    EXIT_ERROR,
    EXIT_USAGE,
    FailedError,
    UsageError,
    settings,
)

REASONS = (
    "black", "frozen", "wrong_cover", "misaligned_sprite", "broken_link", "expired_link",
    "corrupt", "not_image", "blurred", "letterbox", "other",
)  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.prog = "snapview review"
    parser.description = (
        "Record, list, export and import review decisions (approved / rejected with a reason / "
        "not reviewed) on snapshots, in the store the desktop app uses."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the review store: a file, or a shared postgresql://USER@HOST:PORT/DB "
        "(default: the review.store setting, else the file in the data directory)",
    )
    cloud = argparse.ArgumentParser(add_help=False)
    group = cloud.add_argument_group("cloud access (as for snapview ls)")
    group.add_argument("--profile", metavar="NAME", help="stored credential profile")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--region", metavar="R", help="VOD region (default cn-shanghai)")
    where.add_argument("--endpoint", metavar="URL", help="custom endpoint, e.g. the emulator")
    group.add_argument("--signature", choices=("v3", "v1"), help="signing scheme (default v3)")
    group.add_argument(
        "--project-id",
        metavar="ID",
        help="Huawei project ID (default: HUAWEICLOUD_SDK_PROJECT_ID)",
    )
    sub = parser.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    mark = sub.add_parser("mark", parents=[common, cloud], help="record decisions on snapshots")
    mark.prog = "snapview review mark"
    mark.add_argument("video_id", metavar="VIDEO", help="VideoId (Alibaba) or asset_id (Huawei)")
    mark.add_argument("indexes", nargs="+", metavar="INDEX", help="1-based indexes, or ranges 5-9")
    what = mark.add_mutually_exclusive_group(required=True)
    what.add_argument("--approve", action="store_true", help="approve the snapshots")
    what.add_argument("--reject", metavar="REASON", help=f"reject them: {', '.join(REASONS)}")
    what.add_argument("--clear", action="store_true", help="back to not reviewed")
    mark.add_argument("--comment", default="", metavar="TEXT", help="optional comment")
    mark.add_argument(
        "--type",
        dest="snapshot_type",
        metavar="T",
        help="snapshot type (Alibaba: CoverSnapshot, NormalSnapshot… or cover, normal…; "
        "Huawei: sample, dots, quantity; default CoverSnapshot / sample)",
    )
    mark.add_argument(
        "--provider", choices=("aliyun", "huawei"), help="default: the profile's, else aliyun"
    )
    mark.add_argument("--job", metavar="JOB", help="the snapshot job the decisions are about")
    mark.add_argument(
        "--account",
        metavar="LABEL",
        help="account label (default: the profile name, else 'environment')",
    )
    mark.add_argument(
        "--reviewer", metavar="NAME", help="who decides (default: the settings, else the OS user)"
    )
    mark.add_argument(
        "--offline", action="store_true", help="do not ask the cloud for Total and job"
    )

    show = sub.add_parser("list", parents=[common], help="show a video's decisions and verdict")
    show.prog = "snapview review list"
    show.add_argument("video_id", metavar="VIDEO")
    show.add_argument("--json", action="store_true", help="print the export JSON of the video")

    export = sub.add_parser(
        "export", parents=[common, cloud], help="write a CSV, JSON or PDF report"
    )
    export.prog = "snapview review export"
    export.add_argument("video_ids", nargs="*", metavar="VIDEO", help="videos (default: all)")
    export.add_argument("--since", metavar="DATE", help="decided on or after (YYYY-MM-DD[THH:MM])")
    export.add_argument(
        "--until", metavar="DATE", help="decided on or before (a date: that whole day)"
    )
    export.add_argument("--format", required=True, choices=("csv", "json", "pdf"))
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="output file ('-': stdout)"
    )
    export.add_argument(
        "--lang", metavar="LANG", help="language of labels: zh_CN or en (default: settings)"
    )

    merge = sub.add_parser("import", parents=[common], help="merge an exported JSON file")
    merge.prog = "snapview review import"
    merge.add_argument("file", metavar="FILE")
    merge.add_argument(
        "--lang", metavar="LANG", help="language of messages: zh_CN or en (default: settings)"
    )

    setting = sub.add_parser("store", help="show or set the store used when --db is not given")
    setting.prog = "snapview review store"
    setting.add_argument(
        "location",
        nargs="?",
        metavar="PATH|URL",
        help="a file, a postgresql:// URL, or '' (default)",
    )

    for name, text in (
        ("login", "check a shared store's password and keep it in the OS keyring"),
        ("logout", "remove a shared store's password from the OS keyring"),
    ):
        entry = sub.add_parser(name, parents=[common], help=text)
        entry.prog = f"snapview review {name}"

    team = argparse.ArgumentParser(add_help=False)
    group = team.add_argument_group("the videos' account (as for mark)")
    group.add_argument("--profile", metavar="NAME", help="stored credential profile")
    group.add_argument("--provider", choices=("aliyun", "huawei"), help="default: aliyun")
    group.add_argument("--region", metavar="R", help="VOD region (default cn-shanghai)")
    group.add_argument("--account", metavar="LABEL", help="account label (default: the profile)")
    give = sub.add_parser("assign", parents=[common, team], help="assign videos to a reviewer")
    give.prog = "snapview review assign"
    give.add_argument("video_ids", nargs="+", metavar="VIDEO")
    to = give.add_mutually_exclusive_group(required=True)
    to.add_argument("--to", metavar="NAME", help="the reviewer's name (as they sign decisions)")
    to.add_argument("--unassign", action="store_true", help="remove the assignment")
    give.add_argument("--reviewer", metavar="NAME", help="who assigns (default: you)")
    mine = sub.add_parser("assigned", parents=[common], help="list the videos assigned to you")
    mine.prog = "snapview review assigned"
    mine.add_argument("--to", metavar="NAME", help="someone else's (default: your reviewer name)")
    mine.add_argument("--json", action="store_true", help="print JSON")

    upload = sub.add_parser(
        "push", parents=[common], help="upload a local store into a shared one (idempotent)"
    )
    upload.prog = "snapview review push"
    upload.add_argument(
        "--from", dest="source", metavar="PATH", help="the local store file (default: yours)"
    )

    who = sub.add_parser("reviewer", help="show or set the reviewer name stamped on decisions")
    who.prog = "snapview review reviewer"
    who.add_argument("name", nargs="?", metavar="NAME", help="new name ('' for the OS user)")


def run(args: argparse.Namespace) -> int:
    from snapview.commands.review import assign, export, login, mark, merge, push, show

    handlers = {
        "mark": mark.mark,
        "list": show.show,
        "export": export.export,
        "import": merge.merge,
        "login": login.login,
        "logout": login.logout,
        "assign": assign.assign,
        "assigned": assign.assigned,
        "push": push.push,
    }
    try:
        if args.review_command == "reviewer":
            return reviewer(args)
        if args.review_command == "store":
            return store_setting(args)
        if args.review_command == "import":
            args.file = str(Path(args.file).expanduser())
        return asyncio.run(handlers[args.review_command](args))
    except UsageError as exc:
        print(f"snapview review {args.review_command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FailedError as exc:
        print(f"snapview review {args.review_command}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        raise  # the reader went away: commands.output ends the command quietly (141)
    except Exception as exc:  # the promise is: no traceback, ever
        import logging

        from snapview.core.errors import UserFacingError
        from snapview.core.redaction import redact

        if isinstance(exc, UserFacingError):
            print(
                f"snapview review {args.review_command}: {exc.user_message.english()}",
                file=sys.stderr,
            )
            return EXIT_ERROR
        logging.getLogger("snapview.review").debug("snapview review failed", exc_info=True)
        print(
            f"snapview review {args.review_command}: internal error: "
            f"{redact(f'{type(exc).__name__}: {exc}')}",
            file=sys.stderr,
        )
        return EXIT_ERROR


def reviewer(args: argparse.Namespace) -> int:
    from snapview.services.review_store.reviewer import reviewer_name, set_reviewer_name

    stored = settings()
    if args.name is None:
        print(reviewer_name(stored))
        return 0
    try:
        print(set_reviewer_name(stored, args.name))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return 0


def store_setting(args: argparse.Namespace) -> int:
    """Show or set ``review.store``: the store every action uses without ``--db``."""
    from snapview.core.review.server import ServerUrlError, is_server_url, parse_server_url
    from snapview.services.review_store import SETTING_KEY, default_store_path
    from snapview.services.review_store.reviewer import os_user

    stored = settings()
    if args.location is None:
        print(stored.get(SETTING_KEY) or default_store_path())
        return 0
    text = args.location.strip()
    if not text:
        stored.remove(SETTING_KEY)
        print(default_store_path())
        return 0
    if is_server_url(text):
        try:
            text = parse_server_url(text, default_user=os_user()).display
        except ServerUrlError as exc:
            raise UsageError(exc.user_message.english()) from None
    else:
        text = str(Path(text).expanduser().resolve())
    stored.set(SETTING_KEY, text)
    print(text)
    return 0
