"""The store of each video's last scan: a round trip, and a file that is damaged, of another format
or of another video counts as "never scanned" instead of showing wrong findings; on the review
store (a real SQLite file and a real PostgreSQL database), kept apart from the reviewers'
decisions, an earlier snapview's file moved in once, and a store that cannot take the scan (refused,
read-only filesystem) leaving it in a file that reopening still shows."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.services.review_store.interface import (
    DecisionQuery,
    ProblemKind,
    ReviewStore,
    ScanRecord,
)
from snapview.services.review_store.sqlite_connection import store_error
from snapview.services.review_store.sqlite_store import SqliteReviewStore
from snapview.services.scan_results import ScanResultStore
from tests.helpers.review_stores import StoreFactory
from tests.helpers.timeouts import WAIT_MS
from tests.helpers.tmpfs import mounted_tmpfs

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def document(video_id: str = "v1") -> dict:
    return {
        "video_id": video_id,
        "provider": "aliyun",
        "snapshot_type": "NormalSnapshot",
        "job_id": "j",
        "total": 2,
        "snapshots": [{"index": 2, "state": "failed", "failure": "not_found", "flags": []}],
        "job_flags": [],
        "summary": {"scanned": 2},
    }


def test_a_saved_scan_is_loaded_back_with_its_time(tmp_path) -> None:
    store = ScanResultStore(tmp_path / "scans")
    assert asyncio.run(store.save(document(), 1_700_000_000.5))
    stored = asyncio.run(store.load("aliyun", "v1", "NormalSnapshot"))
    assert stored is not None and stored.scanned_at == 1_700_000_000.5
    assert stored.document == document()
    assert asyncio.run(store.load("aliyun", "v1", "CoverSnapshot")) is None
    assert asyncio.run(store.load("huawei", "v1", "NormalSnapshot")) is None
    assert not list((tmp_path / "scans").glob("*.tmp"))


def test_a_damaged_or_foreign_file_is_never_scanned(tmp_path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="snapview.scan")
    store = ScanResultStore(tmp_path)
    path = store.path_for("aliyun", "v1", "NormalSnapshot")
    path.write_text("{not json", encoding="utf-8")
    assert asyncio.run(store.load("aliyun", "v1", "NormalSnapshot")) is None
    # Another video's document under this name (a hash collision, a hand-edited file).
    path.write_text(json.dumps({"format": 1, "scanned_at": 1, "document": document("v2")}))
    assert asyncio.run(store.load("aliyun", "v1", "NormalSnapshot")) is None
    path.write_text(json.dumps({"format": 99, "scanned_at": 1, "document": document()}))
    assert asyncio.run(store.load("aliyun", "v1", "NormalSnapshot")) is None


def test_a_folder_that_cannot_be_written_loses_only_the_convenience(tmp_path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="snapview.scan")
    blocker = tmp_path / "scans"
    blocker.write_text("a file where the folder should be")
    store = ScanResultStore(blocker)
    assert asyncio.run(store.save(document())) is False
    assert asyncio.run(store.load("aliyun", "v1", "NormalSnapshot")) is None
    assert "could not be stored: FileExistsError" in caplog.text


# -- on the review store (a real SQLite file, a real PostgreSQL database) --------------------------

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "QA")
VIDEO = VideoKey(ACCOUNT, "v1")


def on_store(store: ReviewStore, folder: Path, account: AccountRef | None = ACCOUNT):
    """A ScanResultStore on ``store`` (opened once, as the review feature's opener does)."""
    opened: list[ReviewStore] = []

    async def opener() -> ReviewStore:
        if not opened:
            await store.open()
            opened.append(store)
        return store

    return ScanResultStore(folder, review_store=opener, account=lambda: account)


def run(body: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(asyncio.wait_for(body(), WAIT_MS / 1000))


def test_a_scan_is_kept_in_the_review_store_apart_from_the_decisions(
    stores: StoreFactory, tmp_path: Path
) -> None:
    async def scenario() -> None:
        store = stores()
        scans = on_store(store, tmp_path / "scans")
        # A reviewer approved #2 although the scan will say it failed to load: both stay.
        decision = Decision(
            SnapshotKey(VIDEO, "NormalSnapshot", 2), Mark(Verdict.APPROVED), "li.wei", T0
        )
        assert await scans.load("aliyun", "v1", "NormalSnapshot") is None
        await store.record([decision])
        assert await scans.save(document(), 1_700_000_000.5)
        assert not (tmp_path / "scans").exists()  # not a file: the store has it
        record = await store.last_scan(VIDEO, "NormalSnapshot")
        assert record is not None
        assert (record.job_id, record.total, record.scanned) == ("j", 2, 2)
        assert record.scanned_at == datetime.fromtimestamp(1_700_000_000.5, UTC)
        rows = await store.current(DecisionQuery())
        assert [(r.key.index, r.decision.verdict) for r in rows] == [(2, Verdict.APPROVED)]
        await store.aclose()

        # Reopened (the app started again): the scan comes back from the store.
        store = stores()
        scans = on_store(store, tmp_path / "scans")
        stored = await scans.load("aliyun", "v1", "NormalSnapshot")
        assert stored is not None and stored.document == document()
        assert stored.scanned_at == 1_700_000_000.5
        # Another account's video of the same ID, another type, another cloud: never scanned.
        other = on_store(store, tmp_path / "scans", AccountRef("aliyun", "cn-beijing", "QA"))
        assert await other.load("aliyun", "v1", "NormalSnapshot") is None
        assert await scans.load("aliyun", "v1", "CoverSnapshot") is None
        assert await scans.load("huawei", "v1", "NormalSnapshot") is None
        # A later scan replaces it; an older one (a late fallback file) never does.
        newer = {**document(), "job_id": "j2"}
        assert await scans.save(newer, 1_700_000_100.0)
        assert (
            await store.save_scan(
                ScanRecord(VIDEO, "NormalSnapshot", "j0", T0.replace(year=2020), document())
            )
            is False
        )
        stored = await scans.load("aliyun", "v1", "NormalSnapshot")
        assert stored is not None and stored.document["job_id"] == "j2"
        assert len(await store.current(DecisionQuery())) == 1  # still the reviewer's one decision
        await store.aclose()

    run(scenario)


def test_an_earlier_snapviews_scan_file_moves_into_the_store_once(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    assert asyncio.run(ScanResultStore(folder).save(document(), 1_600_000_000.0))
    (old_file,) = folder.glob("*.json")

    async def scenario() -> None:
        store = SqliteReviewStore(tmp_path / "review.sqlite3", watch_interval=0)
        scans = on_store(store, folder)
        stored = await scans.load("aliyun", "v1", "NormalSnapshot")
        assert stored is not None and stored.scanned_at == 1_600_000_000.0
        assert not old_file.exists()
        record = await store.last_scan(VIDEO, "NormalSnapshot")
        assert record is not None and record.document == document()
        await store.aclose()

    run(scenario)


def test_without_a_review_store_scans_stay_in_files_and_say_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="snapview.scan")

    async def refuses() -> ReviewStore:
        raise store_error(ProblemKind.NEWER_SCHEMA, "review.sqlite3", found=9, known=4)

    scans = ScanResultStore(tmp_path / "scans", review_store=refuses, account=lambda: ACCOUNT)
    assert asyncio.run(scans.save(document(), 1_700_000_000.0))
    assert len(list((tmp_path / "scans").glob("*.json"))) == 1
    stored = asyncio.run(scans.load("aliyun", "v1", "NormalSnapshot"))
    assert stored is not None and stored.document == document()
    assert "review store is not available for scans" in caplog.text
    assert "made by a newer snapview" in caplog.text


def test_a_read_only_store_keeps_the_scan_in_a_file_until_it_can_take_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="snapview.scan")
    caplog.set_level(logging.WARNING, logger="snapview.review")  # the store's status, logged
    folder = tmp_path / "scans"
    with mounted_tmpfs("4m") as fs:
        db = fs.path / "review.sqlite3"

        async def scenario() -> None:
            store = SqliteReviewStore(db, watch_interval=0)
            await store.open()
            await store.aclose()
            fs.remount("ro")
            store = SqliteReviewStore(db, watch_interval=0, retry_delays=(3600,))
            scans = on_store(store, folder)
            assert await scans.save(document(), 1_700_000_000.0)  # kept, in a file
            problem = store.status.problem
            assert problem is not None and problem.kind is ProblemKind.READ_ONLY
            assert "is read-only" in problem.user_message.english()
            assert len(list(folder.glob("*.json"))) == 1
            stored = await scans.load("aliyun", "v1", "NormalSnapshot")  # reopening shows it
            assert stored is not None and stored.document == document()
            fs.remount("rw")
            stored = await scans.load("aliyun", "v1", "NormalSnapshot")  # and moves it
            assert stored is not None and stored.scanned_at == 1_700_000_000.0
            assert list(folder.glob("*.json")) == []
            assert await store.last_scan(VIDEO, "NormalSnapshot") is not None
            await store.aclose()

        run(scenario)
    assert "kept in the cache folder instead" in caplog.text
