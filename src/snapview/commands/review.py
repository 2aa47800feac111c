"""`snapview review`: record, list, export and import review decisions from the command line, in
the same store the desktop app uses (both may have it open at once).

    snapview review mark VIDEO INDEX… (--approve | --reject REASON | --clear) [--comment TEXT]
    snapview review list VIDEO [--json]
    snapview review export [VIDEO…] [--since DATE] [--until DATE] --format csv|json|pdf -o FILE
    snapview review import FILE
    snapview review reviewer [NAME]

``--db PATH`` points any of them at another store file. ``mark`` checks the indexes against the
listing's Total and records the current snapshot job when the listing can be reached (credentials
as for ``snapview ls``: the SDK environment variables or ``--profile``, never the command line);
when it cannot (no credentials, offline, ``--offline``), the decisions are recorded unchecked with
the job from ``--job`` (or none) and a note says so. Bad input exits with status 2 and one line
naming the problem; a decision that could not be saved exits with 1 and says so — never silently.

Keep module-level imports light: this module is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from snapview.core.review.keys import AccountRef, VideoKey
    from snapview.core.review.report import ReportScope
    from snapview.services.review_store.interface import ReviewStore

EXIT_ERROR = 1
EXIT_USAGE = 2
REASONS = (
    "black", "frozen", "wrong_cover", "misaligned_sprite", "broken_link", "expired_link",
    "corrupt", "not_image", "blurred", "letterbox", "other",
)  # fmt: skip
ENVIRONMENT_ACCOUNT = "environment"  # the label of the SDK environment variables' account


class _Usage(Exception):
    """Bad input found before anything was written; exit status 2."""


class _Failed(Exception):
    """The work could not be done (store or file problem); exit status 1."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.prog = "snapview review"
    parser.description = (
        "Record, list, export and import review decisions (approved / rejected with a reason / "
        "not reviewed) on snapshots, in the store the desktop app uses."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="PATH", help="the review store file (default: in the data directory)"
    )
    cloud = argparse.ArgumentParser(add_help=False)
    group = cloud.add_argument_group("cloud access (as for snapview ls)")
    group.add_argument("--profile", metavar="NAME", help="stored credential profile")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--region", metavar="R", help="VOD region (default cn-shanghai)")
    where.add_argument("--endpoint", metavar="URL", help="custom endpoint, e.g. the emulator")
    group.add_argument("--signature", choices=("v3", "v1"), help="signing scheme (default v3)")
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

    who = sub.add_parser("reviewer", help="show or set the reviewer name stamped on decisions")
    who.prog = "snapview review reviewer"
    who.add_argument("name", nargs="?", metavar="NAME", help="new name ('' for the OS user)")


def run(args: argparse.Namespace) -> int:
    handlers = {"mark": _mark, "list": _list, "export": _export, "import": _import}
    try:
        if args.review_command == "reviewer":
            return _reviewer(args)
        if args.review_command == "import":
            args.file = str(Path(args.file).expanduser())
        return asyncio.run(handlers[args.review_command](args))
    except _Usage as exc:
        print(f"snapview review {args.review_command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _Failed as exc:
        print(f"snapview review {args.review_command}: {exc}", file=sys.stderr)
        return EXIT_ERROR
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


def _note(args: argparse.Namespace, text: str) -> None:
    print(f"snapview review {args.review_command}: note: {text}", file=sys.stderr)


# -- the store ---------------------------------------------------------------------------------------


async def _open(args: argparse.Namespace) -> ReviewStore:
    from snapview.services.review_store import open_store
    from snapview.services.review_store.interface import ReviewStoreError

    try:
        store = open_store(args.db)
    except ReviewStoreError as exc:
        raise _Usage(exc.user_message.english()) from None
    try:
        await store.open()
    except ReviewStoreError as exc:
        await store.aclose()
        raise _Failed(exc.user_message.english()) from None
    return store


def _settings() -> Any:
    from snapview.services.settings import Settings

    return Settings()


def _reviewer(args: argparse.Namespace) -> int:
    from snapview.services.review_store.reviewer import reviewer_name, set_reviewer_name

    settings = _settings()
    if args.name is None:
        print(reviewer_name(settings))
        return 0
    try:
        print(set_reviewer_name(settings, args.name))
    except ValueError as exc:
        raise _Usage(str(exc)) from None
    return 0


# -- mark --------------------------------------------------------------------------------------------


def _indexes(texts: list[str]) -> list[int]:
    result: list[int] = []
    for text in texts:
        first, dash, last = text.strip().partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise _Usage(
                f"{text!r} is not a snapshot index (a whole number, or a range like 5-9)"
            ) from None
        if low < 1 or high < low:
            raise _Usage(f"{text!r} is not a snapshot index: indexes start at 1, ranges go up")
        if high - low >= 100_000:
            raise _Usage(f"the range {text!r} is too long (at most 100000 snapshots at once)")
        result.extend(range(low, high + 1))
    return list(dict.fromkeys(result))


def _snapshot_type(provider: str, text: str | None) -> str:
    if provider == "huawei":
        return (text or "sample").strip().lower()
    from snapview.core.listsnapshots import parse_snapshot_type

    return parse_snapshot_type(text or "CoverSnapshot").value  # InvalidRequest: a usage error


def _account(args: argparse.Namespace) -> tuple[AccountRef, Any]:
    """The account the decisions belong to, and the profile behind it (or None)."""
    from snapview.core.review.keys import AccountRef
    from snapview.services.credentials import ENV_REGION, CredentialStore

    profile = None
    if args.profile:
        profile = CredentialStore(_settings()).find_profile(args.profile)
        if profile is None:
            raise _Usage(
                f"no credential profile named {args.profile!r} (see snapview credentials list)"
            )
    provider = args.provider or (profile.provider.value if profile else "aliyun")
    region = args.region or (
        profile.region if profile else os.environ.get(ENV_REGION, "").strip() or "cn-shanghai"
    )
    label = args.account or (profile.name if profile else ENVIRONMENT_ACCOUNT)
    return AccountRef(provider, region, label), profile


async def _listing_answer(
    args: argparse.Namespace, video: VideoKey, snapshot_type: str
) -> tuple[str, int] | str:
    """(job, Total) from the listing, or why it could not answer (a sentence for a note)."""
    if args.offline:
        return "--offline"
    if video.account.provider != "aliyun":
        return "this version lists Huawei snapshots from event files only"
    from snapview.commands import ls as ls_command
    from snapview.core.credentials import SignatureVersion
    from snapview.core.snapshots import SnapshotType
    from snapview.core.vod_errors import ErrorClass, VodError
    from snapview.services.retry import RetryPolicy
    from snapview.services.vod_client import VodClient

    try:
        creds, profile_settings = await ls_command._credentials(args)
    except ls_command._UsageError as exc:
        return str(exc)
    endpoint = args.endpoint or (None if args.region else profile_settings.get("endpoint"))
    region = args.region or profile_settings.get("region") or video.account.region
    signature = SignatureVersion(args.signature or profile_settings.get("signature") or "v3")
    try:
        async with VodClient(
            creds, region=region, endpoint=endpoint, signature=signature,
            retry=RetryPolicy(max_attempts=2, base_delay=0.2, max_retry_after=2.0),
        ) as client:  # fmt: skip
            pager = client.pager(video.video_id, SnapshotType(snapshot_type), page_size=1)
            page = await pager.page(1)
    except VodError as exc:
        if exc.error_class in (ErrorClass.NOT_FOUND, ErrorClass.INPUT):
            raise _Usage(f"{exc.user_message.english()} ({exc})") from None
        return f"{exc.user_message.english()} ({exc.code})"
    return page.job_id, page.total


async def _mark(args: argparse.Namespace) -> int:
    from datetime import UTC

    from snapview.core.errors import UserFacingError
    from snapview.core.review.decisions import Decision, DecisionClock, Mark, Verdict
    from snapview.core.review.keys import SnapshotKey, VideoKey
    from snapview.core.review.reasons import parse_reason
    from snapview.core.review.verdicts import SnapshotSet
    from snapview.core.vod_errors import VodError
    from snapview.services.review_store.interface import WriteOutcome
    from snapview.services.review_store.reviewer import reviewer_name

    try:
        reason = parse_reason(args.reject) if args.reject else None
        verdict = (
            Verdict.REJECTED
            if reason
            else Verdict.APPROVED
            if args.approve
            else Verdict.NOT_REVIEWED
        )
        mark = Mark(verdict, reason, args.comment if verdict is not Verdict.NOT_REVIEWED else "")
        indexes = _indexes(args.indexes)
        account, _ = _account(args)
        video = VideoKey(account, args.video_id.strip())
        snapshot_type = _snapshot_type(account.provider, args.snapshot_type)
        keys = [SnapshotKey(video, snapshot_type, i) for i in indexes]
        reviewer = (args.reviewer or "").strip() or reviewer_name(_settings())
    except (UserFacingError, VodError) as exc:  # VodError: an unknown Alibaba snapshot type
        raise _Usage(exc.user_message.english()) from None
    answer = await _listing_answer(args, video, snapshot_type)
    job = (args.job or "").strip()
    listed: SnapshotSet | None = None
    if isinstance(answer, str):
        if not args.offline:  # asked for: no need to say so
            _note(
                args,
                f"indexes not checked against Total ({answer}); recorded with job {job or 'unknown'}",
            )
    else:
        current_job, total = answer
        beyond = [i for i in indexes if i > total]
        if beyond:
            shown = ", ".join(map(str, beyond[:10])) + (" …" if len(beyond) > 10 else "")
            raise _Usage(
                f"index {shown} is beyond Total {total} of {snapshot_type} for video {video.video_id} "
                f"(job {current_job or '-'}); nothing recorded"
            )
        if job and job != current_job:
            _note(
                args,
                f"job {job} is not the current job {current_job}: these decisions show as stale",
            )
        job = job or current_job
        listed = SnapshotSet(video, snapshot_type, current_job, total, datetime.now(UTC))
    clock = DecisionClock()
    try:
        decisions = [Decision(k, mark, reviewer, clock(), job_id=job, origin="cli") for k in keys]
    except UserFacingError as exc:
        raise _Usage(exc.user_message.english()) from None
    store = await _open(args)
    try:
        report = await store.record(decisions)
        if listed is not None:
            await store.note_snapshot_sets([listed])
        status = store.status
    finally:
        await store.aclose()
    if report.count(WriteOutcome.PENDING) or status.pending:
        problem = status.problem.user_message.english() if status.problem else "unknown problem"
        raise _Failed(f"NOT saved: {problem}")
    newer = report.count(WriteOutcome.SUPERSEDED)
    what = f"{verdict.value}" + (f" ({reason.value})" if reason else "")
    print(
        f"{len(decisions)} {'decision' if len(decisions) == 1 else 'decisions'} recorded: {what}, "
        f"{video.video_id} {snapshot_type} #{_compact(indexes)}, job {job or 'unknown'}, by {reviewer}"
        + (f"; {newer} stay behind a newer decision already in the store" if newer else "")
    )
    return 0


def _compact(indexes: list[int]) -> str:
    """``1-3, 7`` for [1, 2, 3, 7]."""
    parts: list[str] = []
    ordered = sorted(indexes)
    start = previous = ordered[0]
    for index in [*ordered[1:], None]:
        if index is not None and index == previous + 1:
            previous = index
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if index is not None:
            start = previous = index
    return ", #".join(parts)


# -- list --------------------------------------------------------------------------------------------


async def _report(
    args: argparse.Namespace, scope: ReportScope, *, include_cleared: bool = True
) -> Any:
    from snapview.services.reports.collect import collect_report
    from snapview.services.review_store.reviewer import reviewer_name

    store = await _open(args)
    try:
        return await collect_report(
            store, scope, generated_by=reviewer_name(_settings()), include_cleared=include_cleared
        )
    finally:
        await store.aclose()


async def _list(args: argparse.Namespace) -> int:
    from snapview.core.review.report import ReportScope
    from snapview.services.reports.tabular import json_text

    report = await _report(args, ReportScope(video_ids=(args.video_id.strip(),)))
    if args.json:
        sys.stdout.write(json_text(report))
        return 0
    out = sys.stdout
    if not report.videos:
        out.write(
            f"(no review decisions for {args.video_id} in {args.db or 'the default store'})\n"
        )
        return 0
    for video in report.videos:
        summary, counts = video.summary, video.summary.counts
        total = counts.total if counts.total is not None else "?"
        verdict = summary.verdict.value + (
            f" (set by {summary.override.reviewer}; derived {summary.derived.value})"
            if summary.overridden and summary.override
            else ""
        )
        out.write(f"Video     {video.video.video_id}  ({video.video.account.display()})\n")
        out.write(f"Verdict   {verdict}\n")
        out.write(
            f"Reviewed  {counts.reviewed} of {total}: {counts.approved} approved, "
            f"{counts.rejected} rejected, {counts.stale} stale\n\n"
        )
        rows = video.reviewed()
        header = (
            "Type",
            "Index",
            "Decision",
            "Reason",
            "Reviewer",
            "Decided (UTC)",
            "Job",
            "Comment",
        )
        table = [
            (
                d.key.snapshot_type,
                str(d.key.index),
                d.verdict.value + (" (stale)" if video.stale(d) else ""),
                d.reason.value if d.reason else "",
                d.reviewer,
                d.decided_at.strftime("%Y-%m-%d %H:%M:%S"),
                d.job_id[:12] or "-",
                " ".join(d.comment.split()),
            )
            for d in sorted(rows, key=lambda d: (d.key.snapshot_type, d.key.index))
        ]
        widths = [max(len(r[c]) for r in [header, *table]) for c in range(len(header) - 1)]
        for row in [header, *table]:
            cells = [
                row[c].rjust(widths[c]) if c == 1 else row[c].ljust(widths[c])
                for c in range(len(widths))
            ]
            out.write(("  ".join(cells) + "  " + row[-1]).rstrip() + "\n")
        out.write("\n")
    return 0


# -- export ------------------------------------------------------------------------------------------


def parse_date(text: str, option: str, *, end: bool = False) -> datetime:
    """A date or time from the command line in local time unless a zone is given; a plain date
    as ``--until`` means the end of that day."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d")
            moment = day + timedelta(days=1) if end else day
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _Usage(
            f"{option}: {text!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00]"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


async def _export(args: argparse.Namespace) -> int:
    from snapview.core.review.report import ReportScope

    since = parse_date(args.since, "--since") if args.since else None
    until = parse_date(args.until, "--until", end=True) if args.until else None
    if since and until and since >= until:
        raise _Usage(f"--since {args.since} is not before --until {args.until}")
    if args.output == "-" and args.format == "pdf":
        raise _Usage("a PDF needs a file: -o report.pdf")
    output = _output_path(args.output)
    scope = ReportScope(tuple(v.strip() for v in args.video_ids), since, until)
    if args.format == "pdf":
        assert output is not None
        return await _export_pdf(args, scope, output)
    from snapview.services.reports.tabular import csv_text, json_text, write_csv, write_json

    report = await _report(args, scope, include_cleared=args.format == "json")
    translate = _translator(args) if args.format == "csv" else None
    if output is None:
        sys.stdout.write(
            json_text(report) if args.format == "json" else csv_text(report, translate or _english)
        )
    else:
        try:
            if args.format == "json":
                write_json(report, output)
            else:
                write_csv(report, output, translate or _english)
        except OSError as exc:
            raise _Failed(f"cannot write {output}: {exc.strerror or exc}") from None
    count = report.decision_count
    if not count:
        _note(args, "no decisions in this scope; the file has none")
    elif output is not None:
        print(f"{count} decisions of {len(report.videos)} videos written to {output}")
    return 0


def _output_path(text: str) -> Path | None:
    if text == "-":
        return None
    output = Path(text).expanduser()
    if not output.parent.is_dir():
        raise _Usage(f"the folder of {output} does not exist")
    return output


def _english(message: Any) -> str:
    return str(message.english())


def _translator(args: argparse.Namespace) -> Any:
    """Labels in the chosen language (Qt's translator, without any window)."""
    language = _language(args)
    if language == "en":
        return _english
    _gui_application(language)
    from snapview.services.reports.pdf_sheet import tr

    return tr


def _language(args: argparse.Namespace) -> str:
    from snapview.ui.i18n import LanguageError, resolve_language

    try:
        return resolve_language(args.lang, _settings())
    except LanguageError as exc:
        raise _Usage(str(exc)) from None


def _gui_application(language: str) -> Any:
    """The QGuiApplication fonts and translators need (offscreen: no display is required)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication

    from snapview.ui.i18n import install_translators

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["snapview"])
        # A corrupt snapshot makes Qt's JPEG reader warn on stderr; the sheet already says so on
        # its tile, so those lines go to the debug log instead of the user's terminal.
        qInstallMessageHandler(_qt_message)
    install_translators(app, language)
    return app


def _qt_message(kind: Any, context: Any, text: str) -> None:
    import logging

    from PySide6.QtCore import QtMsgType

    category = str(getattr(context, "category", "") or "")
    quiet = category.startswith("qt.gui.imageio") or kind == QtMsgType.QtDebugMsg
    logging.getLogger("snapview.qt").log(
        logging.DEBUG if quiet else logging.WARNING, "%s: %s", category or "qt", text
    )


async def _export_pdf(args: argparse.Namespace, scope: ReportScope, output: Path) -> int:
    from snapview.services.reports.pdf_export import export_pdf
    from snapview.services.review_store.reviewer import reviewer_name

    app = _gui_application(_language(args))
    del app  # kept alive by Qt; fonts and translators need it for the whole export
    store = await _open(args)
    try:
        async with _Listings(args) as listings:
            if listings.problem:
                _note(
                    args,
                    f"no pictures from the cloud ({listings.problem}); tiles show placeholders",
                )
            try:
                result = await export_pdf(
                    store, scope, output, generated_by=reviewer_name(_settings()),
                    open_listing=listings.open if listings.client else None,
                )  # fmt: skip
            except OSError as exc:
                raise _Failed(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        await store.aclose()
    stats = result.stats
    if not stats.cjk_font:
        _note(args, "the Noto Sans CJK font is missing (fonts-noto-cjk); Chinese text may not show")
    if not result.report.decision_count:
        _note(args, "no decisions in this scope; the PDF has the summary page only")
    print(
        f"{stats.tiles} snapshots of {len(result.report.videos)} videos on {stats.pages} pages "
        f"written to {output} ({stats.tiles - stats.placeholders} pictures, "
        f"{stats.placeholders} placeholders)"
    )
    return 0


class _Listings:
    """The cloud access of a PDF export: one VodClient for the Alibaba videos, made from the same
    credentials as ``snapview ls``; a listing per video and snapshot type."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.client: Any = None
        self.problem = ""

    async def __aenter__(self) -> _Listings:
        from snapview.commands import ls as ls_command
        from snapview.core.credentials import SignatureVersion
        from snapview.services.vod_client import VodClient

        args = self.args
        try:
            creds, settings = await ls_command._credentials(args)
        except ls_command._UsageError as exc:
            self.problem = str(exc)
            return self
        endpoint = args.endpoint or (None if args.region else settings.get("endpoint"))
        region = args.region or settings.get("region") or "cn-shanghai"
        signature = SignatureVersion(args.signature or settings.get("signature") or "v3")
        self.client = VodClient(creds, region=region, endpoint=endpoint, signature=signature)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self.client is not None:
            await self.client.aclose()

    def open(self, video: VideoKey, snapshot_type: str) -> Any:
        if video.account.provider != "aliyun" or self.client is None:
            return None
        from snapview.core.snapshots import SnapshotType

        return self.client.pager(video.video_id, SnapshotType(snapshot_type), page_size=100)


# -- import ------------------------------------------------------------------------------------------


async def _import(args: argparse.Namespace) -> int:
    from snapview.core.review.interchange import MAX_PROBLEMS_LISTED, ImportFileError
    from snapview.services.reports.importer import import_file

    path = Path(args.file)  # run() expanded "~"
    store = await _open(args)
    try:
        try:
            report = await import_file(store, path)
        except ImportFileError as exc:
            raise _Usage(f"{path}: {exc.user_message.english()}") from None
        except OSError as exc:
            raise _Usage(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        await store.aclose()
    for note in report.notes:
        _note(args, note.english())
    print(
        f"{path}: {report.rows} decisions read: {report.current} now current, {report.older} older "
        f"than the ones here (kept in the history), {report.known} already here"
        + (f"; {report.overrides} video verdicts" if report.overrides else "")
        + f"; {report.skipped} rows skipped"
    )
    for skipped in report.problems[:MAX_PROBLEMS_LISTED]:
        print(f"  skipped {skipped.english()}", file=sys.stderr)
    if report.skipped > MAX_PROBLEMS_LISTED:
        print(f"  … and {report.skipped - MAX_PROBLEMS_LISTED} more", file=sys.stderr)
    status = report.status
    if report.pending or (status is not None and status.pending):
        problem = (
            status.problem.user_message.english()
            if status and status.problem
            else "unknown problem"
        )
        raise _Failed(f"NOT saved: {problem}")
    return EXIT_ERROR if report.skipped else 0
