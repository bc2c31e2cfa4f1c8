-- Company domains, the parent setting they unlock, and audit events recorded by the server itself.

-- Whether members may no longer create organizations under the parent themselves. Turning it on
-- needs a verified domain of the parent.
ALTER TABLE parents ADD COLUMN disable_new_org_creation INTEGER NOT NULL DEFAULT 0
    CHECK (disable_new_org_creation IN (0, 1));

-- A domain of a parent and its verification. `name` is normalised (lowercase, punycode, no
-- trailing dot); `txt_name` and `txt_value` are the TXT record to publish, the value carrying a
-- random token made when the domain was added. `last_checked_at` and `failure_reason` are what
-- the last DNS check saw.
CREATE TABLE domains (
    id              TEXT PRIMARY KEY,
    parent_id       TEXT NOT NULL REFERENCES parents (id),
    name            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed')),
    txt_name        TEXT NOT NULL,
    txt_value       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    last_checked_at TEXT,
    verified_at     TEXT,
    failure_reason  TEXT,
    version         INTEGER NOT NULL CHECK (version >= 1),
    UNIQUE (parent_id, name),
    CHECK ((status = 'verified') = (verified_at IS NOT NULL))
) STRICT;

-- A name is verified by at most one parent.
CREATE UNIQUE INDEX domains_verified_once ON domains (name) WHERE status = 'verified';

-- The background re-check reads pending domains.
CREATE INDEX domains_by_status ON domains (status);

-- Audit events may now be recorded by the server itself (a background re-check verifying or
-- expiring a domain): such events have no user, `actor_user_id` is NULL and `actor_email` is
-- 'system'. SQLite cannot relax a column constraint in place, so the table is rebuilt with the
-- same rows (and `seq` values, so cursors stay valid).
CREATE TABLE audit_events_new (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    parent_id     TEXT NOT NULL REFERENCES parents (id),
    at            TEXT NOT NULL,
    actor_user_id TEXT REFERENCES users (id),
    actor_email   TEXT NOT NULL,
    action        TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    before_json   TEXT,
    after_json    TEXT,
    CHECK (actor_user_id IS NOT NULL OR actor_email = 'system')
) STRICT;

INSERT INTO audit_events_new
    (seq, id, parent_id, at, actor_user_id, actor_email, action, resource_type, resource_id, before_json, after_json)
SELECT seq, id, parent_id, at, actor_user_id, actor_email, action, resource_type, resource_id, before_json, after_json
FROM audit_events;

DROP TABLE audit_events;

ALTER TABLE audit_events_new RENAME TO audit_events;

CREATE INDEX audit_events_by_parent ON audit_events (parent_id, seq);
