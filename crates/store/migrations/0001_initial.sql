-- The first schema of the app's local cache.
--
-- Tables named after API resources mirror what the backend last said (`remote_*` columns), plus
-- the local view the UI renders. The outbox holds changes made here that the backend has not
-- confirmed yet; a change is written to its resource row and to the outbox in one transaction.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The signed-in user, as GET /v1/me last answered. At most one row.
CREATE TABLE account (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    user_id    TEXT NOT NULL,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    roles_json TEXT NOT NULL
) STRICT;

CREATE TABLE parents (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    can_manage INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Whether the signed-in user may read this parent's audit log: 'ok', 'forbidden' or
    -- 'not_synced' (never fetched).
    audit_access TEXT NOT NULL DEFAULT 'not_synced'
) STRICT;

CREATE TABLE orgs (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT NOT NULL REFERENCES parents (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    role        TEXT,
    -- What the UI shows: the backend's name, or the newest local rename not yet confirmed.
    name        TEXT NOT NULL,
    -- What the backend last said.
    remote_name TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX orgs_by_parent ON orgs (parent_id, name);

CREATE TABLE audit_events (
    id        TEXT PRIMARY KEY,
    parent_id TEXT NOT NULL REFERENCES parents (id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    json      TEXT NOT NULL
) STRICT;

CREATE INDEX audit_events_by_parent_time ON audit_events (parent_id, at DESC, id DESC);

CREATE TABLE outbox (
    -- AUTOINCREMENT: ids never repeat, so the push order (ascending id) is the order of enqueueing
    -- even across deletions.
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Made when the change is enqueued and kept across retries, so a retried request that the
    -- backend already applied is replayed by it instead of applied twice.
    idempotency_key TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    resource_id     TEXT NOT NULL,
    payload         TEXT NOT NULL,
    -- The resource version the change was made against, sent as If-Match.
    base_version    INTEGER NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'conflict', 'rejected')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    -- For state 'conflict': the backend's current resource (JSON) from the 412 answer.
    conflict_remote TEXT,
    created_at      TEXT NOT NULL
) STRICT;

CREATE INDEX outbox_by_resource ON outbox (resource_id, id);
