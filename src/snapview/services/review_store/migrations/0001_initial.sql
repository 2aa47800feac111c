-- snapview review store, schema 1: videos, snapshot slots, the append-only decision history and the
-- current decision of each slot (with a version), per-video verdict overrides and their history.
-- Portable SQL: the same file creates the SQLite store and the shared PostgreSQL one. Times are
-- ISO 8601 UTC text ('2026-11-20T08:15:30.123Z'), which sorts as text on both; ids are the stable
-- digests of snapview.core.review.keys, so every store agrees on them.

CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);

CREATE TABLE video (
    video_ref TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    region TEXT NOT NULL,
    account TEXT NOT NULL,
    video_id TEXT NOT NULL,
    UNIQUE (provider, region, account, video_id)
);
CREATE INDEX video_by_id ON video (video_id);

CREATE TABLE review_item (
    item_id TEXT PRIMARY KEY,
    video_ref TEXT NOT NULL REFERENCES video (video_ref),
    snapshot_type TEXT NOT NULL,
    snapshot_index INTEGER NOT NULL CHECK (snapshot_index >= 1),
    UNIQUE (video_ref, snapshot_type, snapshot_index)
);

CREATE TABLE decision (
    decision_id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES review_item (item_id),
    verdict TEXT NOT NULL CHECK (verdict IN ('approved', 'rejected', 'not_reviewed')),
    reason TEXT,
    comment TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    job_id TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    CHECK ((verdict = 'rejected' AND reason IS NOT NULL) OR (verdict <> 'rejected' AND reason IS NULL))
);
CREATE INDEX decision_by_item ON decision (item_id, decided_at);

CREATE TABLE current_decision (
    item_id TEXT PRIMARY KEY REFERENCES review_item (item_id),
    decision_id TEXT NOT NULL REFERENCES decision (decision_id),
    decided_at TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1)
);

CREATE TABLE verdict_override (
    override_id TEXT PRIMARY KEY,
    video_ref TEXT NOT NULL REFERENCES video (video_ref),
    verdict TEXT CHECK (verdict IS NULL OR verdict IN ('passed', 'failed', 'needs_attention')),
    comment TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE TABLE current_verdict (
    video_ref TEXT PRIMARY KEY REFERENCES video (video_ref),
    override_id TEXT NOT NULL REFERENCES verdict_override (override_id),
    decided_at TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1)
);
