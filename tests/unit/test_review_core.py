"""The review domain: reason codes, keys, decisions and their order, verdict rules, the triage
board, undo/redo. Pure code, so these run in milliseconds and pin the rules docs/review.md states."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snapview.core.review.board import DecisionFilter, ReviewBoard, next_video_to_review
from snapview.core.review.decisions import (
    Decision,
    DecisionClock,
    InvalidDecisionError,
    Mark,
    Verdict,
    format_time,
    is_stale,
    newer,
    parse_time,
)
from snapview.core.review.keys import AccountRef, InvalidKeyError, SnapshotKey, VideoKey
from snapview.core.review.reasons import REASONS, Reason, UnknownReasonError, parse_reason
from snapview.core.review.undo import UndoHistory
from snapview.core.review.verdicts import (
    ReviewCounts,
    SnapshotSet,
    VerdictOverride,
    VideoVerdict,
    count_decisions,
    derive_verdict,
    summarise_video,
)

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "QA team")
VIDEO = VideoKey(ACCOUNT, "0d8f8b10bd5f216d0b0e07fb46fc1be1")
T0 = datetime(2026, 11, 20, 8, 15, 30, 123000, tzinfo=UTC)


def key(index: int, snapshot_type: str = "NormalSnapshot", video: VideoKey = VIDEO) -> SnapshotKey:
    return SnapshotKey(video, snapshot_type, index)


def decision(
    index: int,
    verdict: Verdict = Verdict.APPROVED,
    reason: Reason | None = None,
    *,
    at: datetime = T0,
    job: str = "job-1",
    snapshot_type: str = "NormalSnapshot",
) -> Decision:
    return Decision(key(index, snapshot_type), Mark(verdict, reason), "li.wei", at, job_id=job)


# -- reasons -----------------------------------------------------------------------------------------


def test_the_cli_reason_identifiers_are_exactly_the_documented_ones() -> None:
    assert [r.value for r in REASONS] == [
        "black", "frozen", "wrong_cover", "misaligned_sprite", "broken_link", "expired_link",
        "corrupt", "not_image", "blurred", "letterbox", "other",
    ]  # fmt: skip
    assert len({r.label.template for r in REASONS}) == len(REASONS)
    assert all(r.label.context == "ReviewReason" for r in REASONS)


@pytest.mark.parametrize(
    ("text", "reason"), [("black", Reason.BLACK), (" Wrong-Cover ", Reason.WRONG_COVER)]
)
def test_reason_parsing_forgives_case_space_and_hyphens(text: str, reason: Reason) -> None:
    assert parse_reason(text) is reason


def test_an_unknown_reason_names_itself_and_every_known_one() -> None:
    with pytest.raises(UnknownReasonError) as caught:
        parse_reason("blak")
    message = caught.value.user_message.english()
    assert "“blak”" in message
    assert "black, frozen, wrong_cover" in message and message.endswith("other.")


# -- keys --------------------------------------------------------------------------------------------


def test_item_ids_are_a_fixed_function_of_the_key() -> None:
    # Every store and every export holds these ids: the formula of docs/review.md, never changed.
    canonical = "\x1f".join(
        ["k1", "aliyun", "cn-shanghai", "QA team", VIDEO.video_id, "NormalSnapshot", "7"]
    )
    assert key(7).item_id() == hashlib.sha256(canonical.encode()).hexdigest()[:32]
    assert key(7).item_id() == "782e0b063483983c93aea9b2cfc54f03"
    assert key(7).item_id() != key(8).item_id() != key(7, "CoverSnapshot").item_id()
    other_account = VideoKey(AccountRef("aliyun", "cn-beijing", "QA team"), VIDEO.video_id)
    assert key(7, video=other_account).item_id() != key(7).item_id()


@pytest.mark.parametrize(
    "label", ["LTAI5tSnapviewDemoKey01", "STS.NSnapviewDemoTemporaryKey1", "HPUAZ6Y2LJ0QXMOBE4RT"]
)
def test_an_account_label_that_looks_like_an_access_key_is_refused(label: str) -> None:
    with pytest.raises(InvalidKeyError, match="looks like an AccessKey ID"):
        AccountRef("aliyun", "cn-shanghai", label)


def test_snapshot_types_are_checked_per_provider() -> None:
    huawei = VideoKey(
        AccountRef("huawei", "cn-north-4", "media"), "d7a3f567cdd7b99f55c08d2ea85e18f7"
    )
    assert SnapshotKey(huawei, "sample", 1).snapshot_type == "sample"
    with pytest.raises(InvalidKeyError, match="Unknown snapshot type “sample” for aliyun"):
        key(1, "sample")
    with pytest.raises(InvalidKeyError, match="index 0"):
        key(0)


# -- decisions ---------------------------------------------------------------------------------------


def test_a_rejection_needs_a_reason_and_only_a_rejection_has_one() -> None:
    with pytest.raises(InvalidDecisionError, match="needs a reason"):
        Mark(Verdict.REJECTED)
    with pytest.raises(InvalidDecisionError, match="Only a rejection"):
        Mark(Verdict.APPROVED, Reason.BLACK)
    with pytest.raises(InvalidDecisionError, match="longer than 2000"):
        Mark(Verdict.APPROVED, comment="x" * 2001)
    assert Mark(Verdict.REJECTED, Reason.OTHER, "画面偏移\n第二行").comment.endswith("第二行")


def test_the_later_decision_wins_and_the_id_breaks_ties() -> None:
    early, late = (
        decision(1, at=T0),
        decision(1, Verdict.NOT_REVIEWED, at=T0 + timedelta(milliseconds=1)),
    )
    assert newer(late, early) and not newer(early, late) and newer(early, None)
    a, b = decision(1, at=T0), decision(1, at=T0)
    assert newer(a, b) != newer(b, a)


@given(st.permutations(list(range(6))))
def test_merging_in_any_order_picks_the_same_current_decision(order: list[int]) -> None:
    times = [
        T0,
        T0,
        T0 + timedelta(seconds=1),
        T0 - timedelta(days=1),
        T0,
        T0 + timedelta(seconds=1),
    ]
    ids = [f"{n:032x}" for n in (5, 3, 9, 1, 7, 2)]
    candidates = [
        Decision(key(1), Mark(), "li", at, decision_id=i) for at, i in zip(times, ids, strict=True)
    ]
    current = None
    for n in order:
        if newer(candidates[n], current):
            current = candidates[n]
    assert current is not None and current.decision_id == f"{9:032x}"


def test_times_round_trip_through_their_text_form_in_utc() -> None:
    assert format_time(T0) == "2026-11-20T08:15:30.123Z"
    assert parse_time("2026-11-20T16:15:30.123+08:00") == T0
    with pytest.raises(ValueError, match="time zone"):
        parse_time("2026-11-20T08:15:30")


def test_the_decision_clock_never_repeats_a_time() -> None:
    frozen = DecisionClock(lambda: T0)
    times = [frozen() for _ in range(3)]
    assert times == [T0, T0 + timedelta(milliseconds=1), T0 + timedelta(milliseconds=2)]


def test_staleness_needs_two_known_jobs_that_differ() -> None:
    assert is_stale("job-1", "job-2")
    assert (
        not is_stale("job-1", "job-1") and not is_stale("", "job-2") and not is_stale("job-1", None)
    )


# -- verdicts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "verdict"),
    [
        ({}, VideoVerdict.NOT_REVIEWED),
        ({"NormalSnapshot": ReviewCounts(60)}, VideoVerdict.NOT_REVIEWED),
        ({"NormalSnapshot": ReviewCounts(60, approved=59, rejected=1)}, VideoVerdict.FAILED),
        ({"NormalSnapshot": ReviewCounts(60, approved=60)}, VideoVerdict.PASSED),
        ({"NormalSnapshot": ReviewCounts(60, approved=59)}, VideoVerdict.NEEDS_ATTENTION),
        ({"NormalSnapshot": ReviewCounts(None, approved=5)}, VideoVerdict.NEEDS_ATTENTION),
        ({"NormalSnapshot": ReviewCounts(2, approved=1, stale=1)}, VideoVerdict.NEEDS_ATTENTION),
        (
            {"NormalSnapshot": ReviewCounts(2, approved=2), "CoverSnapshot": ReviewCounts(8)},
            VideoVerdict.NEEDS_ATTENTION,
        ),
    ],
    ids=[
        "nothing",
        "listed-only",
        "one-reject",
        "all-approved",
        "one-missing",
        "no-total",
        "stale",
        "cover-open",
    ],
)
def test_the_derived_verdict_follows_the_documented_rules(counts, verdict) -> None:
    assert derive_verdict(counts) is verdict


def test_a_summary_counts_stale_decisions_apart_and_an_override_wins() -> None:
    decisions = [
        decision(1),
        decision(2, Verdict.REJECTED, Reason.BLACK),
        decision(3, Verdict.REJECTED, Reason.FROZEN, job="job-0"),  # made on the replaced job
        decision(4, Verdict.NOT_REVIEWED),
    ]
    sets = [SnapshotSet(VIDEO, "NormalSnapshot", "job-1", 4, T0)]
    summary = summarise_video(VIDEO, decisions, sets)
    assert (summary.counts.approved, summary.counts.rejected, summary.counts.stale) == (1, 1, 1)
    assert summary.counts.by_reason == {Reason.BLACK: 1}
    assert summary.counts.unreviewed == 2 and summary.verdict is VideoVerdict.FAILED
    override = VerdictOverride(VIDEO, VideoVerdict.PASSED, "black frame is the intro", "lead", T0)
    overridden = summarise_video(VIDEO, decisions, sets, override)
    assert overridden.verdict is VideoVerdict.PASSED and overridden.derived is VideoVerdict.FAILED


# -- the board ---------------------------------------------------------------------------------------


def board_with(
    *decisions: Decision, total: int | None = 10, job: str | None = "job-1"
) -> ReviewBoard:
    board = ReviewBoard(VIDEO, "NormalSnapshot", job_id=job, total=total)
    board.load(decisions)
    return board


def test_planning_a_key_press_skips_snapshots_that_already_show_the_mark() -> None:
    board = board_with(decision(1), decision(2, Verdict.REJECTED, Reason.BLACK))
    command = board.plan([1, 2, 3, 3], Verdict.APPROVED)
    assert [c.key.index for c in command.changes] == [2, 3]
    assert command.changes[0].before == Mark(Verdict.REJECTED, Reason.BLACK)
    assert command.describe().english() == "Approve 2 snapshot(s)"
    assert board.plan([1], Verdict.APPROVED).empty


def test_counts_filters_and_next_unreviewed_treat_stale_marks_as_unreviewed() -> None:
    board = board_with(
        decision(1),
        decision(2, Verdict.REJECTED, Reason.BLACK),
        decision(4, job="job-0"),
        total=5,
    )
    counts = board.counts()
    assert (counts.approved, counts.rejected, counts.stale, counts.unreviewed) == (1, 1, 1, 3)
    assert list(board.filtered(DecisionFilter.UNREVIEWED)) == [3, 4, 5]
    assert list(board.filtered(DecisionFilter.STALE)) == [4]
    assert list(board.filtered(DecisionFilter.REJECTED)) == [2]
    assert board.next_unreviewed(0) == 3 and board.next_unreviewed(3) == 4
    assert board.next_unreviewed(5) is None and board.next_unreviewed(5, wrap=True) == 3
    assert board.tile(4).stale and board.tile(4).reviewer == "li.wei"


_MARKS = st.sampled_from(
    [
        (Verdict.APPROVED, None),
        (Verdict.NOT_REVIEWED, None),
        (Verdict.REJECTED, Reason.BLACK),
        (Verdict.REJECTED, Reason.BLURRED),
    ]
)


@given(
    st.lists(
        st.tuples(
            st.integers(1, 6), _MARKS, st.integers(0, 20), st.sampled_from(["job-0", "job-1", ""])
        ),
        max_size=40,
    ),
    st.sampled_from(["job-0", "job-1", None]),
)
def test_the_counts_kept_as_decisions_change_equal_a_count_of_every_decision(changes, job) -> None:
    # The board keeps its counts per change (a walk over 10,000 decisions per count stalled
    # the GUI); after any sequence of decisions, late older ones and a new job they must equal
    # the plain count of the marks on the board.
    board = ReviewBoard(VIDEO, "NormalSnapshot", job_id="job-1", total=6)
    for index, (verdict, reason), seconds, made_on in changes:
        board.apply(
            decision(index, verdict, reason, at=T0 + timedelta(seconds=seconds), job=made_on)
        )
    board.set_listing(job, 6)
    current = [d for i in range(1, 7) if (d := board.decision(i)) is not None]
    assert board.counts() == count_decisions(current, job, 6)
    board.load(current[:2])
    assert board.counts() == count_decisions(current[:2], job, 6)


def test_a_late_older_decision_never_hides_a_newer_one_on_the_board() -> None:
    board = board_with(decision(1, at=T0 + timedelta(seconds=5)))
    board.apply(decision(1, Verdict.REJECTED, Reason.BLACK, at=T0))
    assert board.mark(1).verdict is Verdict.APPROVED


def test_next_video_skips_finished_videos_and_stops_at_the_end() -> None:
    videos = [VideoKey(ACCOUNT, name) for name in ("a", "b", "c", "d")]
    progress = {
        videos[1]: ReviewCounts(3, approved=3),
        videos[2]: ReviewCounts(3, approved=2),
    }
    assert next_video_to_review(videos, progress, videos[0]) == videos[2]
    assert next_video_to_review(videos, progress, videos[2]) == videos[3]  # never opened
    assert next_video_to_review(videos, progress, videos[3]) is None


# -- undo --------------------------------------------------------------------------------------------


def test_undo_gives_back_each_snapshots_own_earlier_mark_and_redo_reapplies() -> None:
    board = board_with(decision(1, Verdict.REJECTED, Reason.BLACK))
    history = UndoHistory()
    command = board.plan([1, 2], Verdict.APPROVED)
    history.push(command)
    undo = history.undo()
    assert [(c.key.index, c.after) for c in undo] == [
        (1, Mark(Verdict.REJECTED, Reason.BLACK)),
        (2, Mark()),
    ]
    assert history.can_redo and not history.can_undo
    assert history.redo() == command.changes
    history.undo()
    history.push(board.plan([3], Verdict.APPROVED))
    assert not history.can_redo  # a new decision drops the redo branch, as in every editor


def test_the_undo_history_is_bounded() -> None:
    board = board_with()
    history = UndoHistory(limit=2)
    for index in (1, 2, 3):
        history.push(board.plan([index], Verdict.APPROVED))
    assert [history.undo()[0].key.index, history.undo()[0].key.index] == [3, 2]
    assert history.undo() == ()
