-- Each parent's SSO connection as the backend last said (the API JSON, read and written whole),
-- the service provider values to give the IdP, what the IdP's metadata URL published when the
-- app last fetched it, and the certificate expiry watch's own state.

CREATE TABLE sso_connections (
    parent_id TEXT PRIMARY KEY REFERENCES parents (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    json      TEXT NOT NULL
) STRICT;

ALTER TABLE parents ADD COLUMN service_provider_json TEXT;

-- `fetched_at` is the last successful fetch and `certificates_json` what it published; `error`
-- is why the last attempt failed (NULL when it worked).
CREATE TABLE published_metadata (
    parent_id         TEXT PRIMARY KEY REFERENCES parents (id) ON DELETE CASCADE,
    url               TEXT NOT NULL,
    fetched_at        TEXT,
    attempted_at      TEXT,
    error             TEXT,
    certificates_json TEXT NOT NULL DEFAULT '[]',
    next_fetch_at     TEXT
) STRICT;

-- A parent's expiry policy when the admin changed the defaults.
CREATE TABLE expiry_policies (
    parent_id       TEXT PRIMARY KEY,
    thresholds_json TEXT NOT NULL,
    critical_days   INTEGER NOT NULL CHECK (critical_days >= 0)
) STRICT;

-- Every expiry notification sent: one per threshold (such as '30d', '10%' or 'expired') per
-- certificate, so none is sent twice, also across restarts.
CREATE TABLE expiry_notifications (
    sha256      TEXT NOT NULL,
    threshold   TEXT NOT NULL,
    notified_at TEXT NOT NULL,
    PRIMARY KEY (sha256, threshold)
) STRICT;

CREATE TABLE certificate_snoozes (
    sha256 TEXT PRIMARY KEY,
    until  TEXT NOT NULL
) STRICT;
