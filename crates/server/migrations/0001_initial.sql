-- The first schema of the reference backend.
--
-- Every mutable resource has an integer `version` that starts at 1 and grows by one per write;
-- it is the resource's ETag. Timestamps are RFC 3339 text in UTC. Tokens are stored only as the
-- hex SHA-256 of the token, never in clear.

CREATE TABLE parents (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE orgs (
    id         TEXT PRIMARY KEY,
    parent_id  TEXT NOT NULL REFERENCES parents (id),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('team', 'enterprise', 'console')),
    version    INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX orgs_by_parent ON orgs (parent_id);

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- A user's role in one organization; at most one role per user and organization.
CREATE TABLE memberships (
    user_id TEXT NOT NULL REFERENCES users (id),
    org_id  TEXT NOT NULL REFERENCES orgs (id),
    role    TEXT NOT NULL CHECK (role IN ('primary_owner', 'owner', 'admin', 'developer', 'user')),
    PRIMARY KEY (user_id, org_id)
) STRICT;

CREATE INDEX memberships_by_org ON memberships (org_id);

CREATE TABLE tokens (
    token_sha256 TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL
) STRICT;

-- The audit log. `seq` orders events (newest has the highest) and is what page cursors point at.
CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    parent_id     TEXT NOT NULL REFERENCES parents (id),
    at            TEXT NOT NULL,
    actor_user_id TEXT NOT NULL REFERENCES users (id),
    actor_email   TEXT NOT NULL,
    action        TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    before_json   TEXT,
    after_json    TEXT
) STRICT;

CREATE INDEX audit_events_by_parent ON audit_events (parent_id, seq);

-- The first answer to each write sent with an Idempotency-Key, per user, replayed for retries of
-- the same request. Rows older than 24 hours are deleted.
CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL REFERENCES users (id),
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    body         BLOB NOT NULL,
    etag         TEXT,
    created_unix INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) STRICT;

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_unix);
