"""Schema migrations of the review store, on real SQLite files and a real PostgreSQL server: a
store made by every earlier schema version opens in this version with all its data; a newer or
foreign file is refused with a specific message; a migration that fails leaves the store at its
previous version, data intact."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from snapview.core.review.decisions import Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey, video_ref_id
from snapview.core.review.reasons import Reason
from snapview.core.review.verdicts import VideoVerdict
from snapview.services.review_store import schema
from snapview.services.review_store.interface import (
    DecisionQuery,
    ProblemKind,
    ReviewStoreError,
    ScanRecord,
)
from snapview.services.review_store.sqlite_connection import migrate, schema_version
from snapview.services.review_store.sqlite_store import SqliteReviewStore

VIDEO = VideoKey(AccountRef("aliyun", "cn-shanghai", "QA"), "902a023c6286bad2f8962f203727f898")

# What a store of each released schema held, written with that schema's own tables. A new
# migration must add the data of the schema before it here, so the upgrade path stays tested.
SAMPLE_DATA: dict[int, str] = {
    1: """
    INSERT INTO video VALUES ('{vref}', 'aliyun', 'cn-shanghai', 'QA', '902a023c6286bad2f8962f203727f898');
    INSERT INTO review_item VALUES ('{item5}', '{vref}', 'NormalSnapshot', 5);
    INSERT INTO review_item VALUES ('{item6}', '{vref}', 'NormalSnapshot', 6);
    INSERT INTO decision VALUES ('00000000000000000000000000000001', '{item5}', 'approved', NULL, '',
        'li.wei', '2026-11-20T08:00:00.000Z', 'job-1', '2026-11-20T08:00:00.100Z');
    INSERT INTO decision VALUES ('00000000000000000000000000000002', '{item5}', 'rejected', 'black',
        '全黑', 'li.wei', '2026-11-20T08:00:05.000Z', 'job-1', '2026-11-20T08:00:05.100Z');
    INSERT INTO decision VALUES ('00000000000000000000000000000003', '{item6}', 'approved', NULL, '',
        'wang', '2026-11-20T08:01:00.000Z', 'job-1', '2026-11-20T08:01:00.100Z');
    INSERT INTO current_decision VALUES ('{item5}', '00000000000000000000000000000002',
        '2026-11-20T08:00:05.000Z', 2);
    INSERT INTO current_decision VALUES ('{item6}', '00000000000000000000000000000003',
        '2026-11-20T08:01:00.000Z', 1);
    INSERT INTO verdict_override VALUES ('00000000000000000000000000000009', '{vref}', 'passed',
        'intro is black on purpose', 'lead', '2026-11-20T09:00:00.000Z', '2026-11-20T09:00:00.100Z');
    INSERT INTO current_verdict VALUES ('{vref}', '00000000000000000000000000000009',
        '2026-11-20T09:00:00.000Z', 1);
    """,
}
# Schema 2 added the origin of each decision and the snapshot sets: the same rows, with those.
SAMPLE_DATA[2] = (
    SAMPLE_DATA[1]
    .replace("'2026-11-20T08:00:00.100Z');", "'2026-11-20T08:00:00.100Z', 'cli');")
    .replace("'2026-11-20T08:00:05.100Z');", "'2026-11-20T08:00:05.100Z', 'cli');")
    .replace("'2026-11-20T08:01:00.100Z');", "'2026-11-20T08:01:00.100Z', 'cli');")
    + """
    INSERT INTO snapshot_set VALUES ('{vref}', 'NormalSnapshot', 'job-1', 48, '2026-11-20T07:59:00.000Z');
    """
)
# Schema 3 added claims and assignments: the same rows, and the video given to a reviewer.
SAMPLE_DATA[3] = (
    SAMPLE_DATA[2]
    + """
    INSERT INTO assignment VALUES ('{vref}', 'wang', 'lead', '2026-11-20T07:00:00.000Z');
    """
)


def sample_ids() -> dict[str, str]:
    return {
        "vref": video_ref_id(VIDEO),
        "item5": SnapshotKey(VIDEO, "NormalSnapshot", 5).item_id(),
        "item6": SnapshotKey(VIDEO, "NormalSnapshot", 6).item_id(),
    }


# Schema 4 keeps the last scan of each snapshot set: a migrated store takes one, and its flags
# (#6 flagged black, which a reviewer approved) stay apart from the decisions.
SCAN = ScanRecord(
    VIDEO,
    "NormalSnapshot",
    job_id="job-1",
    scanned_at=datetime(2026, 11, 21, 8, 0, tzinfo=UTC),
    document={
        "video_id": VIDEO.video_id,
        "provider": "aliyun",
        "snapshot_type": "NormalSnapshot",
        "snapshots": [{"index": 6, "state": "ok", "flags": ["black"]}],
        "summary": {"scanned": 48, "flagged": 1, "failed": 0},
    },
    total=48,
    scanned=48,
    flagged=1,
)


async def scan_round_trip(store) -> ScanRecord | None:
    """Save :data:`SCAN` in an opened, migrated store and read it back."""
    assert await store.last_scan(VIDEO, "NormalSnapshot") is None  # the migration made no scan
    assert await store.save_scan(SCAN)
    return await store.last_scan(VIDEO, "NormalSnapshot")


def assert_sample_data(version: int, rows: list, overrides: dict) -> None:
    """What a store made at ``version`` with SAMPLE_DATA reads as after the migrations."""
    if version == 0:
        assert rows == [] and overrides == {}
        return
    assert [(r.key.index, r.decision.verdict, r.decision.reason, r.version) for r in rows] == [
        (5, Verdict.REJECTED, Reason.BLACK, 2),
        (6, Verdict.APPROVED, None, 1),
    ]
    assert rows[0].decision.comment == "全黑"
    assert rows[0].decision.origin == ("app" if version == 1 else "cli")
    assert overrides[VIDEO].verdict is VideoVerdict.PASSED


def store_at(path: Path, version: int) -> None:
    """A file exactly as snapview at schema ``version`` left it, with that version's sample data."""
    connection = sqlite3.connect(path, isolation_level=None)
    migrate(connection, str(path), target=version)
    if version in SAMPLE_DATA:
        connection.executescript(SAMPLE_DATA[version].format(**sample_ids()))
    assert schema_version(connection, str(path)) == version
    connection.close()


def test_every_earlier_schema_has_sample_data_to_migrate() -> None:
    assert set(SAMPLE_DATA) == set(range(1, schema.latest_version()))


@pytest.mark.parametrize("version", range(0, schema.latest_version()))
def test_a_store_of_every_earlier_schema_opens_with_its_data(tmp_path: Path, version: int) -> None:
    db = tmp_path / f"v{version}.sqlite3"
    store_at(db, version)

    async def open_and_read() -> tuple[list, dict, list]:
        store = SqliteReviewStore(db, watch_interval=0)
        assert (await store.open()).ok
        rows = await store.current(DecisionQuery())
        overrides = await store.overrides([VIDEO])
        history = await store.history(rows[0].key) if rows else []
        assert await scan_round_trip(store) == SCAN
        assert await store.current(DecisionQuery()) == rows  # a scan flag is never a decision
        if version >= 3:
            assert [a.assignee for a in await store.assignments(videos=[VIDEO])] == ["wang"]
        await store.aclose()
        return rows, overrides, history

    rows, overrides, history = asyncio.run(open_and_read())
    connection = sqlite3.connect(db)
    assert schema_version(connection, str(db)) == schema.latest_version()
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    assert_sample_data(version, rows, overrides)
    if version:
        assert [d.decision_id[-1] for d in history] == ["1", "2"]


@pytest.fixture
def store_warnings(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="snapview.review")  # the refusal is logged too
    return caplog


def test_a_store_from_a_newer_snapview_is_refused_with_the_versions(
    tmp_path: Path, store_warnings: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "newer.sqlite3"
    store_at(db, schema.latest_version())
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00.000Z')")
    connection.commit()
    connection.close()
    with pytest.raises(ReviewStoreError) as caught:
        asyncio.run(_open(db))
    assert caught.value.kind is ProblemKind.NEWER_SCHEMA
    assert caught.value.user_message.english() == (
        f"The review store {db} was made by a newer snapview (schema 99; this version knows up "
        f"to {schema.latest_version()}). Update snapview, or use another store."
    )


@pytest.mark.parametrize("content", ["other-database", "garbage"])
def test_a_file_that_is_not_a_review_store_is_refused(
    tmp_path: Path, content: str, store_warnings: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "other.db"
    if content == "garbage":
        db.write_bytes(b"this is a text file, not a database\n" * 200)
    else:
        connection = sqlite3.connect(db)
        connection.execute("CREATE TABLE photos (id INTEGER)")
        connection.close()
    before = db.read_bytes()
    with pytest.raises(ReviewStoreError) as caught:
        asyncio.run(_open(db))
    assert caught.value.kind is ProblemKind.NOT_A_STORE
    assert caught.value.user_message.english() == (
        f"{db} is not a snapview review store; choose another file."
    )
    assert db.read_bytes() == before  # not touched


def test_a_failing_migration_leaves_the_previous_version_and_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "v1.sqlite3"
    store_at(db, 1)
    real = schema.migrations()
    broken = schema.Migration(
        real[1].version, "broken", real[1].sql + "\nCREATE TABLE video (oops TEXT);\n"
    )
    monkeypatch.setattr(schema, "migrations", lambda: (real[0], broken, *real[2:]))
    connection = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        migrate(connection, str(db))
    connection.close()
    connection = sqlite3.connect(db)
    assert schema_version(connection, str(db)) == 1
    assert connection.execute("SELECT COUNT(*) FROM decision").fetchone()[0] == 3
    columns = [row[1] for row in connection.execute("PRAGMA table_info(decision)")]
    assert "origin" not in columns  # the half-applied ALTER TABLE was rolled back too
    connection.close()


def test_the_migration_files_ship_inside_the_package() -> None:
    names = [m.name for m in schema.migrations()]
    assert names[:4] == ["initial", "snapshot_sets", "team", "scan_results"]
    assert all(m.statements() for m in schema.migrations())


async def _open(db: Path) -> None:
    store = SqliteReviewStore(db, watch_interval=0)
    try:
        await store.open()
    finally:
        await store.aclose()


# -- the same migrations on PostgreSQL -------------------------------------------------------------


@pytest.mark.parametrize("version", range(0, schema.latest_version()))
def test_a_shared_store_of_every_earlier_schema_opens_with_its_data(
    pg_location, tmp_path: Path, version: int
) -> None:
    """The numbered files, unchanged, on a real server: a database left at each earlier schema
    with that schema's data is migrated by opening it, and reads the same as the SQLite file."""

    from snapview.services.review_store import postgres_connection
    from snapview.services.review_store.postgres_store import PostgresReviewStore
    from tests.helpers.postgres_server import PASSWORD

    queue = str(tmp_path / "queue")
    with postgres_connection.connect(pg_location, PASSWORD) as connection:
        postgres_connection.migrate(connection, pg_location, queue, target=version)
        if version in SAMPLE_DATA:
            with connection.transaction():
                for statement in SAMPLE_DATA[version].format(**sample_ids()).split(";\n"):
                    if statement.strip():
                        connection.execute(statement)
        assert postgres_connection.schema_version(connection, pg_location, queue) == version

    async def open_and_read() -> tuple[list, dict]:
        store = PostgresReviewStore(
            pg_location, password=PASSWORD, queue_folder=tmp_path, listen=False
        )
        assert (await store.open()).ok
        rows = await store.current(DecisionQuery())
        overrides = await store.overrides([VIDEO])
        assert await scan_round_trip(store) == SCAN
        assert await store.current(DecisionQuery()) == rows  # a scan flag is never a decision
        if version >= 3:
            assert [a.assignee for a in await store.assignments(videos=[VIDEO])] == ["wang"]
        await store.aclose()
        return rows, overrides

    rows, overrides = asyncio.run(open_and_read())
    with postgres_connection.connect(pg_location, PASSWORD) as connection:
        assert postgres_connection.schema_version(connection, pg_location, queue) == (
            schema.latest_version()
        )
    assert_sample_data(version, rows, overrides)


def test_a_failing_migration_on_the_server_leaves_nothing_behind(
    pg_location, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from snapview.services.review_store import postgres_connection
    from tests.helpers.postgres_server import PASSWORD

    queue = str(tmp_path / "queue")
    real = schema.migrations()
    broken = schema.Migration(
        real[1].version, "broken", real[1].sql + "\nCREATE TABLE video (oops TEXT);\n"
    )
    monkeypatch.setattr(schema, "migrations", lambda: (real[0], broken, *real[2:]))
    with postgres_connection.connect(pg_location, PASSWORD) as connection:
        with pytest.raises(psycopg.errors.DuplicateTable):
            postgres_connection.migrate(connection, pg_location, queue)
        assert postgres_connection.schema_version(connection, pg_location, queue) == 1
        columns = {
            row[0]
            for row in connection.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'snapview' AND table_name = 'decision'"
            )
        }
        assert "origin" not in columns  # PostgreSQL's DDL is transactional: all or nothing
