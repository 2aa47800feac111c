-- Schema 4: the last automatic scan of each snapshot set (snapview scan, the app's Scan video), so
-- reopening a video shows its findings without scanning again. One row per video and snapshot type:
-- the job it scanned, when it ended, a summary for lists (flagged and failed counts) and the scan
-- document itself (the JSON object "snapview scan --json" prints: URLs redacted, no secrets).
-- A scan flag is never a decision: decisions stay in their own tables, and nothing here refers
-- to review_item, decision or current_decision. Portable SQL, like 0001.

CREATE TABLE scan_result (
    video_ref TEXT NOT NULL REFERENCES video (video_ref),
    snapshot_type TEXT NOT NULL,
    job_id TEXT NOT NULL DEFAULT '',
    scanned_at TEXT NOT NULL,
    total INTEGER CHECK (total IS NULL OR total >= 0),
    scanned INTEGER NOT NULL DEFAULT 0 CHECK (scanned >= 0),
    flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged >= 0),
    failed INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
    document TEXT NOT NULL,
    PRIMARY KEY (video_ref, snapshot_type)
);
CREATE INDEX scan_result_by_time ON scan_result (scanned_at);
