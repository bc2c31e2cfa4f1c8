//! Non-secret settings. The API token is never stored here: it lives in the OS keychain (or, when
//! there is none, in memory for the session), see `ssodesk-core`.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::{Result, Store, StoreError};

const CONNECTION_KEY: &str = "connection";
const LAST_SYNCED_KEY: &str = "last_synced_at";
const CERTIFICATES_CHECKED_KEY: &str = "certificates_checked_at";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionMode {
    /// The reference backend runs inside the app on a loopback port, with its data in the app's
    /// data folder.
    Sandbox,
    /// A backend at a URL the admin entered.
    Remote,
}

/// Which backend the app talks to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionSettings {
    pub mode: ConnectionMode,
    /// The backend's base URL for `Remote`; `None` for `Sandbox`, whose port changes every run.
    pub base_url: Option<String>,
    /// The email `/v1/me` answered when the connection was validated.
    pub user_email: Option<String>,
}

impl Store {
    pub fn connection(&self) -> Result<Option<ConnectionSettings>> {
        self.setting(CONNECTION_KEY)?
            .map(|json| serde_json::from_str(&json).map_err(|e| StoreError::corrupt("connection setting", e)))
            .transpose()
    }

    pub fn set_connection(&self, settings: &ConnectionSettings) -> Result<()> {
        let json = serde_json::to_string(settings).map_err(|e| StoreError::corrupt("connection setting", e))?;
        self.set_setting(CONNECTION_KEY, &json)
    }

    /// Forgets the connection and everything cached from it, including unpushed changes.
    pub fn forget_connection(&self) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM outbox; DELETE FROM audit_events; DELETE FROM orgs; DELETE FROM parents;
             DELETE FROM account; DELETE FROM settings; DELETE FROM expiry_policies;
             DELETE FROM expiry_notifications; DELETE FROM certificate_snoozes;",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// When the certificate watch last ran, as RFC 3339.
    pub fn certificates_checked_at(&self) -> Result<Option<String>> {
        self.setting(CERTIFICATES_CHECKED_KEY)
    }

    pub fn set_certificates_checked_at(&self, at: &str) -> Result<()> {
        self.set_setting(CERTIFICATES_CHECKED_KEY, at)
    }

    /// When a pull from the backend last completed, as RFC 3339.
    pub fn last_synced_at(&self) -> Result<Option<String>> {
        self.setting(LAST_SYNCED_KEY)
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn().query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0)).optional()?)
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )?;
        Ok(())
    }

    pub(crate) fn set_last_synced_in(tx: &rusqlite::Transaction<'_>, at: &str) -> Result<()> {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (LAST_SYNCED_KEY, at),
        )?;
        Ok(())
    }
}
