-- Schema 3: who works on what. review_claim holds one row per open review of a video ("Li Wei has
-- it open"), advisory and expiring: its holder (one running app or CLI) refreshes expires_at while
-- the video is open and deletes the row on close. assignment gives a video to one reviewer (a
-- lead's "assign"); the "assigned to me" filter reads it by assignee. Portable SQL, like 0001.

CREATE TABLE review_claim (
    video_ref TEXT NOT NULL REFERENCES video (video_ref),
    holder TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (video_ref, holder)
);
CREATE INDEX claim_by_expiry ON review_claim (expires_at);

CREATE TABLE assignment (
    video_ref TEXT PRIMARY KEY REFERENCES video (video_ref),
    assignee TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE INDEX assignment_by_assignee ON assignment (assignee);
