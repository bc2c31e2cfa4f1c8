//! SSO connections as the backend last said, what IdP metadata URLs published, and the
//! certificate expiry watch's memory: policies, notifications sent, snoozes.
//!
//! Invariant: `expiry_notifications` holds one row per (certificate, threshold) notified, written
//! in the same statement that decides a notification is due (`INSERT OR IGNORE`), so a
//! notification is sent at most once however often the watch runs or the app restarts.

use rusqlite::{params, OptionalExtension, Transaction};
use ssodesk_model::{ServiceProvider, SsoConnection};

use crate::{Result, Store, StoreError};

/// What a parent's metadata URL published when the app last fetched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedMetadataRow {
    pub parent_id: String,
    pub url: String,
    /// The last successful fetch, RFC 3339.
    pub fetched_at: Option<String>,
    pub attempted_at: Option<String>,
    /// Why the last attempt failed; `None` when it worked.
    pub error: Option<String>,
    /// The signing certificates of the last successful fetch, PEM.
    pub certificates: Vec<String>,
    pub next_fetch_at: Option<String>,
}

/// A parent's expiry policy as stored: the thresholds as JSON (the core owns their shape) and the
/// critical days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiryPolicyRow {
    pub thresholds_json: String,
    pub critical_days: i64,
}

pub(crate) fn upsert_sso_connection(tx: &Transaction<'_>, connection: &SsoConnection) -> Result<()> {
    let json = serde_json::to_string(connection).map_err(|e| StoreError::corrupt("sso connection", e))?;
    tx.execute(
        "INSERT INTO sso_connections (parent_id, version, json) VALUES (?1, ?2, ?3)
         ON CONFLICT (parent_id) DO UPDATE SET version = excluded.version, json = excluded.json",
        params![connection.parent_id, connection.version, json],
    )?;
    Ok(())
}

pub(crate) fn set_parent_sso(
    tx: &Transaction<'_>,
    parent_id: &str,
    connection: Option<&SsoConnection>,
    service_provider: Option<&ServiceProvider>,
) -> Result<()> {
    match connection {
        Some(connection) => upsert_sso_connection(tx, connection)?,
        None => {
            tx.execute("DELETE FROM sso_connections WHERE parent_id = ?1", [parent_id])?;
        }
    }
    let service_provider = service_provider
        .map(|sp| serde_json::to_string(sp).map_err(|e| StoreError::corrupt("service provider", e)))
        .transpose()?;
    tx.execute("UPDATE parents SET service_provider_json = ?2 WHERE id = ?1", params![parent_id, service_provider])?;
    Ok(())
}

fn parse_connection(json: &str) -> Result<SsoConnection> {
    serde_json::from_str(json).map_err(|e| StoreError::corrupt("sso connection", e))
}

impl Store {
    /// Every cached SSO connection, by parent id.
    pub fn sso_connections(&self) -> Result<Vec<SsoConnection>> {
        let conn = self.conn();
        let mut statement = conn.prepare("SELECT json FROM sso_connections ORDER BY parent_id")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|json| parse_connection(json)).collect()
    }

    pub fn sso_connection(&self, parent_id: &str) -> Result<Option<SsoConnection>> {
        let json: Option<String> = self
            .conn()
            .query_row("SELECT json FROM sso_connections WHERE parent_id = ?1", [parent_id], |row| row.get(0))
            .optional()?;
        json.as_deref().map(parse_connection).transpose()
    }

    /// Records the connection the backend returned (after a push, or a direct read).
    pub fn put_sso_connection(&self, connection: &SsoConnection) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        upsert_sso_connection(&tx, connection)?;
        tx.commit()?;
        Ok(())
    }

    /// The SP values of a parent, `None` until a pull fetched them.
    pub fn service_provider(&self, parent_id: &str) -> Result<Option<ServiceProvider>> {
        let json: Option<Option<String>> = self
            .conn()
            .query_row("SELECT service_provider_json FROM parents WHERE id = ?1", [parent_id], |row| row.get(0))
            .optional()?;
        json.flatten()
            .map(|json| serde_json::from_str(&json).map_err(|e| StoreError::corrupt("service provider", e)))
            .transpose()
    }

    pub fn published_metadata(&self, parent_id: &str) -> Result<Option<PublishedMetadataRow>> {
        let row = self
            .conn()
            .query_row(
                "SELECT parent_id, url, fetched_at, attempted_at, error, certificates_json, next_fetch_at
                 FROM published_metadata WHERE parent_id = ?1",
                [parent_id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, Option<String>>(4)?,
                        row.get::<_, String>(5)?,
                        row.get::<_, Option<String>>(6)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(parent_id, url, fetched_at, attempted_at, error, certificates, next_fetch_at)| {
            Ok(PublishedMetadataRow {
                certificates: serde_json::from_str(&certificates)
                    .map_err(|e| StoreError::corrupt("published certificates", e))?,
                parent_id,
                url,
                fetched_at,
                attempted_at,
                error,
                next_fetch_at,
            })
        })
        .transpose()
    }

    /// Records one fetch of `url` for `parent_id`: the PEMs it published, or why it failed. A
    /// failure keeps what the last successful fetch of the same URL published; a different URL
    /// starts afresh.
    pub fn record_metadata_fetch(
        &self,
        parent_id: &str,
        url: &str,
        outcome: std::result::Result<&[String], &str>,
        attempted_at: &str,
        next_fetch_at: &str,
    ) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM published_metadata WHERE parent_id = ?1 AND url != ?2", [parent_id, url])?;
        match outcome {
            Ok(certificates) => {
                let json = serde_json::to_string(certificates).map_err(|e| StoreError::corrupt("certificates", e))?;
                tx.execute(
                    "INSERT INTO published_metadata (parent_id, url, fetched_at, attempted_at, error, certificates_json, next_fetch_at)
                     VALUES (?1, ?2, ?3, ?3, NULL, ?4, ?5)
                     ON CONFLICT (parent_id) DO UPDATE SET fetched_at = ?3, attempted_at = ?3, error = NULL,
                         certificates_json = ?4, next_fetch_at = ?5",
                    params![parent_id, url, attempted_at, json, next_fetch_at],
                )?;
            }
            Err(error) => {
                tx.execute(
                    "INSERT INTO published_metadata (parent_id, url, attempted_at, error, next_fetch_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (parent_id) DO UPDATE SET attempted_at = ?3, error = ?4, next_fetch_at = ?5",
                    params![parent_id, url, attempted_at, error, next_fetch_at],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets what a parent's metadata URL published (the connection no longer has one).
    pub fn forget_published_metadata(&self, parent_id: &str) -> Result<()> {
        self.conn().execute("DELETE FROM published_metadata WHERE parent_id = ?1", [parent_id])?;
        Ok(())
    }

    pub fn expiry_policy(&self, parent_id: &str) -> Result<Option<ExpiryPolicyRow>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT thresholds_json, critical_days FROM expiry_policies WHERE parent_id = ?1",
                [parent_id],
                |row| Ok(ExpiryPolicyRow { thresholds_json: row.get(0)?, critical_days: row.get(1)? }),
            )
            .optional()?)
    }

    pub fn set_expiry_policy(&self, parent_id: &str, policy: &ExpiryPolicyRow) -> Result<()> {
        self.conn().execute(
            "INSERT INTO expiry_policies (parent_id, thresholds_json, critical_days) VALUES (?1, ?2, ?3)
             ON CONFLICT (parent_id) DO UPDATE SET thresholds_json = excluded.thresholds_json,
                 critical_days = excluded.critical_days",
            params![parent_id, policy.thresholds_json, policy.critical_days],
        )?;
        Ok(())
    }

    /// The thresholds already notified for a certificate, in the order they were sent.
    pub fn notified_thresholds(&self, sha256: &str) -> Result<Vec<String>> {
        let conn = self.conn();
        let mut statement =
            conn.prepare("SELECT threshold FROM expiry_notifications WHERE sha256 = ?1 ORDER BY notified_at, rowid")?;
        let rows = statement.query_map([sha256], |row| row.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// Records that `thresholds` were notified (or passed over) for a certificate. Returns whether
    /// `thresholds[0]` was new, which is what decides that a notification is sent.
    pub fn record_notified(&self, sha256: &str, thresholds: &[String], at: &str) -> Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut first_was_new = false;
        for (index, threshold) in thresholds.iter().enumerate() {
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO expiry_notifications (sha256, threshold, notified_at) VALUES (?1, ?2, ?3)",
                params![sha256, threshold, at],
            )?;
            if index == 0 {
                first_was_new = inserted == 1;
            }
        }
        tx.commit()?;
        Ok(first_was_new)
    }

    /// Snoozes a certificate's notifications until `until` (RFC 3339); `None` ends a snooze.
    pub fn set_snooze(&self, sha256: &str, until: Option<&str>) -> Result<()> {
        match until {
            Some(until) => self.conn().execute(
                "INSERT INTO certificate_snoozes (sha256, until) VALUES (?1, ?2)
                 ON CONFLICT (sha256) DO UPDATE SET until = excluded.until",
                params![sha256, until],
            )?,
            None => self.conn().execute("DELETE FROM certificate_snoozes WHERE sha256 = ?1", [sha256])?,
        };
        Ok(())
    }

    pub fn snoozed_until(&self, sha256: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT until FROM certificate_snoozes WHERE sha256 = ?1", [sha256], |row| row.get(0))
            .optional()?)
    }
}
