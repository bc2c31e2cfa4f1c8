//! The SSO Desk app's local SQLite cache.
//!
//! The app renders from this cache first and never waits for the network to show something; a
//! background sync (in `ssodesk-client`) refreshes it. Changes the admin makes are written here and
//! to the outbox in one transaction, so a change that was accepted by the UI survives a crash and is
//! pushed exactly once.
//!
//! The database is opened by `ssodesk-sqlite` (WAL, `synchronous = FULL`, a busy timeout). All
//! access goes through one connection behind a mutex: the app is the only writer and every
//! statement here is short.

mod cache;
mod domains;
mod error;
mod migrate;
mod outbox;
mod settings;
mod sso;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

pub use cache::{Account, ActivityAccess, OrgRow, OverviewRows, ParentRow, RemoteParent, RemoteSnapshot};
pub use domains::{DomainCheckRow, DomainRow};
pub use error::{Result, StoreError};
pub use migrate::MIGRATIONS;
pub use outbox::{OutboxEntry, OutboxKind, OutboxState, PushedChange, RenameOrgPayload};
pub use settings::{ConnectionMode, ConnectionSettings};
pub use sso::{ExpiryPolicyRow, PublishedMetadataRow};
pub use ssodesk_sqlite::Migration;

/// The local cache: one SQLite file on disk.
pub struct Store {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the cache at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io { path: dir.to_owned(), source })?;
        }
        let conn = Connection::open(path)?;
        Store::from_connection(conn)
    }

    /// Opens a private in-memory cache (for tests and previews).
    pub fn open_in_memory() -> Result<Store> {
        Store::from_connection(Connection::open_in_memory()?)
    }

    fn from_connection(mut conn: Connection) -> Result<Store> {
        ssodesk_sqlite::configure(&conn)?;
        ssodesk_sqlite::migrate(&mut conn, MIGRATIONS)?;
        Ok(Store { conn: Mutex::new(conn) })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite in a half-written state (transactions
        // roll back on drop), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The schema version this cache is at: the number of the last applied migration.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(ssodesk_sqlite::current_version(&self.conn())?)
    }
}

/// Formats the current time for storage.
pub(crate) fn now_text() -> String {
    ssodesk_model::format_timestamp(time::OffsetDateTime::now_utc())
}
