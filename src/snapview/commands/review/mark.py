"""``snapview review mark``: record decisions on snapshots (module docstring of the package)."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from typing import TYPE_CHECKING, Any

from snapview.commands.review.cloud import listing_answer
from snapview.commands.review.store_access import (
    FailedError,
    UsageError,
    note,
    open_store_for,
    settings,
)

if TYPE_CHECKING:
    from snapview.core.review.keys import AccountRef

ENVIRONMENT_ACCOUNT = "environment"  # the label of the SDK environment variables' account


def _indexes(texts: list[str]) -> list[int]:
    result: list[int] = []
    for text in texts:
        first, dash, last = text.strip().partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise UsageError(
                f"{text!r} is not a snapshot index (a whole number, or a range like 5-9)"
            ) from None
        if low < 1 or high < low:
            raise UsageError(f"{text!r} is not a snapshot index: indexes start at 1, ranges go up")
        if high - low >= 100_000:
            raise UsageError(f"the range {text!r} is too long (at most 100000 snapshots at once)")
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
    from snapview.services.credentials import CredentialStore
    from snapview.services.credentials.environment import ENV_REGION

    profile = None
    if args.profile:
        profile = CredentialStore(settings()).find_profile(args.profile)
        if profile is None:
            raise UsageError(
                f"no credential profile named {args.profile!r} (see snapview credentials list)"
            )
    provider = args.provider or (profile.provider.value if profile else "aliyun")
    if profile is not None:
        default_region = profile.region
    elif provider == "huawei":
        from snapview.core.huawei_requests import DEFAULT_REGION

        default_region = DEFAULT_REGION
    else:
        default_region = os.environ.get(ENV_REGION, "").strip() or "cn-shanghai"
    region = args.region or default_region
    label = args.account or (profile.name if profile else ENVIRONMENT_ACCOUNT)
    return AccountRef(provider, region, label), profile


async def mark(args: argparse.Namespace) -> int:
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
        chosen = Mark(verdict, reason, args.comment if verdict is not Verdict.NOT_REVIEWED else "")
        indexes = _indexes(args.indexes)
        account, _ = _account(args)
        video = VideoKey(account, args.video_id.strip())
        snapshot_type = _snapshot_type(account.provider, args.snapshot_type)
        keys = [SnapshotKey(video, snapshot_type, i) for i in indexes]
        reviewer = (args.reviewer or "").strip() or reviewer_name(settings())
    except (UserFacingError, VodError) as exc:  # VodError: an unknown Alibaba snapshot type
        raise UsageError(exc.user_message.english()) from None
    answer = await listing_answer(args, video, snapshot_type)
    job = (args.job or "").strip()
    listed: SnapshotSet | None = None
    if isinstance(answer, str):
        if not args.offline:  # asked for: no need to say so
            note(
                args,
                f"indexes not checked against Total ({answer}); recorded with job {job or 'unknown'}",
            )
    else:
        current_job, total = answer
        beyond = [i for i in indexes if i > total]
        if beyond:
            shown = ", ".join(map(str, beyond[:10])) + (" …" if len(beyond) > 10 else "")
            raise UsageError(
                f"index {shown} is beyond Total {total} of {snapshot_type} for video {video.video_id} "
                f"(job {current_job or '-'}); nothing recorded"
            )
        if job and job != current_job:
            note(
                args,
                f"job {job} is not the current job {current_job}: these decisions show as stale",
            )
        job = job or current_job
        listed = SnapshotSet(video, snapshot_type, current_job, total, datetime.now(UTC))
    clock = DecisionClock()
    try:
        decisions = [Decision(k, chosen, reviewer, clock(), job_id=job, origin="cli") for k in keys]
    except UserFacingError as exc:
        raise UsageError(exc.user_message.english()) from None
    store = await open_store_for(args)
    try:
        report = await store.record(decisions)
        if listed is not None:
            await store.note_snapshot_sets([listed])
        status = store.status
    finally:
        await store.aclose()
    if report.count(WriteOutcome.PENDING) or status.pending:
        problem = status.problem.user_message.english() if status.problem else "unknown problem"
        raise FailedError(
            f"{'not on the server yet' if status.offline else 'NOT saved'}: {problem}"
        )
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
