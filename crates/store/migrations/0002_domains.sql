-- Whether the parent keeps people at its verified domains from creating other organizations.
ALTER TABLE parents ADD COLUMN disable_new_org_creation INTEGER NOT NULL DEFAULT 0;

-- Company domains of each parent, as the backend last said, and the app's own last native DNS
-- check of each (the report as JSON: every source's answer and the diagnostics).

CREATE TABLE domains (
    id              TEXT PRIMARY KEY,
    parent_id       TEXT NOT NULL REFERENCES parents (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed')),
    txt_name        TEXT NOT NULL,
    txt_value       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    last_checked_at TEXT,
    verified_at     TEXT,
    failure_reason  TEXT,
    version         INTEGER NOT NULL
) STRICT;

CREATE INDEX domains_by_parent ON domains (parent_id, name);

CREATE TABLE domain_checks (
    domain_id     TEXT PRIMARY KEY REFERENCES domains (id) ON DELETE CASCADE,
    checked_at    TEXT NOT NULL,
    -- 'verified', 'propagating', 'not_published' or 'error'.
    verdict       TEXT NOT NULL,
    report_json   TEXT NOT NULL,
    -- Consecutive checks that did not verify, for the back-off of the background re-check.
    failed_checks INTEGER NOT NULL DEFAULT 0,
    next_check_at TEXT
) STRICT;
