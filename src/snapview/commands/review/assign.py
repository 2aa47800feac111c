"""``snapview review assign`` and ``assigned``: a lead gives videos to reviewers; a reviewer lists
what is assigned to them (with who has each video open right now)."""

from __future__ import annotations

import argparse
import json

from snapview.commands.review.store_access import UsageError, open_store_for, settings


async def assign(args: argparse.Namespace) -> int:
    from snapview.commands.review.mark import _account
    from snapview.core.errors import UserFacingError
    from snapview.core.review.keys import VideoKey
    from snapview.core.review.team import check_person
    from snapview.services.review_store.reviewer import reviewer_name

    try:
        account, _ = _account(args)
        videos = [VideoKey(account, v.strip()) for v in dict.fromkeys(args.video_ids)]
        assignee = None if args.unassign else check_person(args.to or "")
        by = check_person((args.reviewer or "").strip() or reviewer_name(settings()))
    except UserFacingError as exc:
        raise UsageError(exc.user_message.english()) from None
    store = await open_store_for(args)
    try:
        await store.assign(videos, assignee, by)
    finally:
        await store.aclose()
    names = ", ".join(v.video_id for v in videos)
    print(
        f"{names}: no longer assigned" if assignee is None else f"{names}: assigned to {assignee}"
    )
    return 0


async def assigned(args: argparse.Namespace) -> int:
    from snapview.core.review.decisions import format_time
    from snapview.services.review_store.reviewer import reviewer_name

    who = (args.to or "").strip() or reviewer_name(settings())
    store = await open_store_for(args)
    try:
        found = await store.assignments(assignee=who)
        open_now = await store.claims([a.video for a in found]) if found else {}
    finally:
        await store.aclose()
    if args.json:
        rows = [
            {
                "provider": a.video.account.provider,
                "region": a.video.account.region,
                "account": a.video.account.label,
                "video_id": a.video.video_id,
                "assignee": a.assignee,
                "assigned_by": a.assigned_by,
                "assigned_at": format_time(a.assigned_at),
                "being_reviewed_by": sorted({c.reviewer for c in open_now.get(a.video, ())}),
            }
            for a in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"nothing is assigned to {who}")
        return 0
    for a in found:
        account = a.video.account
        readers = sorted({c.reviewer for c in open_now.get(a.video, ())})
        busy = f"  (being reviewed by {', '.join(readers)})" if readers else ""
        print(
            f"{a.video.video_id}  {account.provider}/{account.region}/{account.label}  "
            f"assigned by {a.assigned_by} at {format_time(a.assigned_at)}{busy}"
        )
    return 0
