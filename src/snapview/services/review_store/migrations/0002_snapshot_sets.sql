-- Schema 2: what each video's listing last said (job and Total per snapshot type), so staleness and
-- "every snapshot reviewed" are known without asking the cloud again; where each history row came
-- from (app, cli, import); and an index for "everything reviewed in a date range" exports.

CREATE TABLE snapshot_set (
    video_ref TEXT NOT NULL REFERENCES video (video_ref),
    snapshot_type TEXT NOT NULL,
    job_id TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total >= 0),
    seen_at TEXT NOT NULL,
    PRIMARY KEY (video_ref, snapshot_type)
);

ALTER TABLE decision ADD COLUMN origin TEXT NOT NULL DEFAULT 'app';

CREATE INDEX current_by_time ON current_decision (decided_at);
