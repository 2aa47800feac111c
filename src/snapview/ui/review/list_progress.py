"""How far the pasted list of videos is reviewed, and which video N goes to when the one on screen
has nothing left: the next one *after it in the list* that still has unreviewed or stale snapshots
(:func:`~snapview.core.review.board.next_video_to_review`), skipping videos already done — by this
reviewer earlier, or by a colleague on the shared store. The counts of the other videos come from
the store's summaries (one query for the list); the video on screen counts from its own board, so
the line follows each key press without asking the store."""

from __future__ import annotations

from collections.abc import Sequence

from snapview.core.review.board import next_video_to_review
from snapview.core.review.keys import AccountRef, VideoKey
from snapview.core.review.verdicts import ReviewCounts
from snapview.services.review_store.interface import ReviewStore


def is_done(counts: ReviewCounts | None) -> bool:
    """Every snapshot of the video has a decision on its current job."""
    return (
        counts is not None
        and counts.total is not None
        and not counts.stale
        and (counts.unreviewed or 0) == 0
    )


class ListProgress:
    def __init__(self) -> None:
        self.order: list[VideoKey] = []
        self.counts: dict[VideoKey, ReviewCounts] = {}

    async def refresh(
        self, store: ReviewStore, account: AccountRef, video_ids: Sequence[str]
    ) -> None:
        """Read the counts of every video of the list (``order`` follows the list)."""
        order = [VideoKey(account, video_id) for video_id in dict.fromkeys(video_ids)]
        summaries = await store.summaries(order)
        self.order = order
        # A video never listed has no snapshot set: the store sums it to Total 0, which is not
        # "done" but "not known yet" (an empty video is opened once and N moves past it).
        self.counts = {
            video: summary.counts
            for video, summary in summaries.items()
            if summary.counts.total or summary.counts.reviewed or summary.counts.stale
        }

    def tally(
        self, current: VideoKey | None, current_counts: ReviewCounts | None
    ) -> tuple[int, int]:
        """(videos of the list with every snapshot decided, videos in the list)."""
        done = sum(
            is_done(current_counts if video == current else self.counts.get(video))
            for video in self.order
        )
        return done, len(self.order)

    def next_video(
        self, current: VideoKey | None, current_counts: ReviewCounts | None
    ) -> int | None:
        """The list position of the next video to review after ``current``; None: none left."""
        progress = dict(self.counts)
        if current is not None and current_counts is not None:
            progress[current] = current_counts
        found = next_video_to_review(self.order, progress, current)
        return None if found is None else self.order.index(found)
