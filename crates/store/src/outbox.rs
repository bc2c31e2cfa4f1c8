//! The outbox: changes made in the app that the backend has not confirmed yet.
//!
//! Invariants:
//! - A change is written to its resource row and to the outbox in one transaction, with an
//!   idempotency key made at that moment. Retries reuse the key, so the backend applies a change at
//!   most once however often it is sent.
//! - Entries are pushed in ascending `id` order (the order they were made). Only `pending` entries
//!   are pushed; `conflict` and `rejected` entries wait for the admin to re-apply or discard them.
//! - An entry leaves the outbox only when the backend confirmed it or the admin discarded it.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ssodesk_model::{Org, OrgName, SsoConnection, SsoConnectionInput};

use crate::cache::{upsert_remote_org, OrgRow};
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxKind {
    RenameOrg,
    /// `PUT /v1/parents/{id}/sso-connection`; `resource_id` is the parent, `base_version` 0
    /// creates the connection (no `If-Match`).
    PutSsoConnection,
    /// `DELETE /v1/parents/{id}/sso-connection`; `resource_id` is the parent.
    DeleteSsoConnection,
}

impl OutboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::RenameOrg => "rename_org",
            OutboxKind::PutSsoConnection => "put_sso_connection",
            OutboxKind::DeleteSsoConnection => "delete_sso_connection",
        }
    }

    fn parse(text: &str) -> Result<OutboxKind> {
        match text {
            "rename_org" => Ok(OutboxKind::RenameOrg),
            "put_sso_connection" => Ok(OutboxKind::PutSsoConnection),
            "delete_sso_connection" => Ok(OutboxKind::DeleteSsoConnection),
            other => Err(StoreError::corrupt("outbox kind", other)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting to be pushed (possibly after a back-off).
    Pending,
    /// The backend has a newer version of the resource; the admin chooses to re-apply or discard.
    Conflict,
    /// The backend refused the change for good (for example the role no longer allows it).
    Rejected,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Conflict => "conflict",
            OutboxState::Rejected => "rejected",
        }
    }

    fn parse(text: &str) -> Result<OutboxState> {
        match text {
            "pending" => Ok(OutboxState::Pending),
            "conflict" => Ok(OutboxState::Conflict),
            "rejected" => Ok(OutboxState::Rejected),
            other => Err(StoreError::corrupt("outbox state", other)),
        }
    }
}

/// The body of a `rename_org` change: exactly the `PATCH /v1/orgs/{id}` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameOrgPayload {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub id: i64,
    pub idempotency_key: String,
    pub kind: OutboxKind,
    pub resource_id: String,
    /// The request body, as JSON.
    pub payload: serde_json::Value,
    /// Sent as `If-Match`.
    pub base_version: i64,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    /// For `Conflict`: the backend's current resource.
    pub conflict_remote: Option<serde_json::Value>,
    pub created_at: String,
}

/// What the backend answered to a pushed change: the resource as it is now.
#[derive(Debug, Clone)]
pub enum PushedChange {
    Org(Org),
    /// The parent's connection after the change; `None` once deleted.
    SsoConnection {
        parent_id: String,
        connection: Option<SsoConnection>,
    },
}

const ENTRY_COLUMNS: &str = "id, idempotency_key, kind, resource_id, payload, base_version, state, attempts,
     next_attempt_at, last_error, conflict_remote, created_at";

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<Result<OutboxEntry>> {
    let kind: String = row.get(2)?;
    let payload: String = row.get(4)?;
    let state: String = row.get(6)?;
    let conflict_remote: Option<String> = row.get(10)?;
    let build = || -> Result<OutboxEntry> {
        Ok(OutboxEntry {
            id: row.get(0)?,
            idempotency_key: row.get(1)?,
            kind: OutboxKind::parse(&kind)?,
            resource_id: row.get(3)?,
            payload: serde_json::from_str(&payload).map_err(|e| StoreError::corrupt("outbox payload", e))?,
            base_version: row.get(5)?,
            state: OutboxState::parse(&state)?,
            attempts: row.get(7)?,
            next_attempt_at: row.get(8)?,
            last_error: row.get(9)?,
            conflict_remote: conflict_remote
                .map(|json| serde_json::from_str(&json).map_err(|e| StoreError::corrupt("outbox conflict", e)))
                .transpose()?,
            created_at: row.get(11)?,
        })
    };
    Ok(build())
}

/// A fresh idempotency key: 128 random bits, hex.
fn new_idempotency_key() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

impl Store {
    /// Renames an organization locally and queues the rename for the backend, in one transaction.
    pub fn enqueue_rename_org(&self, org_id: &str, name: &OrgName) -> Result<OrgRow> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        // The If-Match version is the backend's version as the admin saw it. When earlier changes
        // to the same organization are still queued, the version is rebased as each is confirmed
        // (see `mark_pushed`), because this change was made on top of them.
        let base_version: i64 = tx
            .query_row("SELECT version FROM orgs WHERE id = ?1", [org_id], |row| row.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "organization", id: org_id.to_owned() })?;
        tx.execute("UPDATE orgs SET name = ?2 WHERE id = ?1", (org_id, name.as_str()))?;
        let payload = serde_json::to_string(&RenameOrgPayload { name: name.as_str().to_owned() })
            .map_err(|e| StoreError::corrupt("outbox payload", e))?;
        tx.execute(
            "INSERT INTO outbox (idempotency_key, kind, resource_id, payload, base_version, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new_idempotency_key(),
                OutboxKind::RenameOrg.as_str(),
                org_id,
                payload,
                base_version,
                crate::now_text()
            ],
        )?;
        tx.commit()?;
        drop(conn);
        self.org(org_id)
    }

    /// Queues a `PUT` of a parent's SSO connection. The `If-Match` version is the cached
    /// connection's (0 when there is none: the `PUT` creates it); later queued changes to the same
    /// connection are rebased as each is confirmed, as for renames.
    pub fn enqueue_put_sso_connection(&self, parent_id: &str, input: &SsoConnectionInput) -> Result<i64> {
        let payload = serde_json::to_string(input).map_err(|e| StoreError::corrupt("outbox payload", e))?;
        self.enqueue_sso_change(parent_id, OutboxKind::PutSsoConnection, &payload)
    }

    /// Queues the removal of a parent's SSO connection.
    pub fn enqueue_delete_sso_connection(&self, parent_id: &str) -> Result<i64> {
        self.enqueue_sso_change(parent_id, OutboxKind::DeleteSsoConnection, "null")
    }

    fn enqueue_sso_change(&self, parent_id: &str, kind: OutboxKind, payload: &str) -> Result<i64> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM parents WHERE id = ?1)", [parent_id], |row| row.get(0))?;
        if !exists {
            return Err(StoreError::NotFound { what: "parent organization", id: parent_id.to_owned() });
        }
        // A change queued behind others to the same connection is based on the version the
        // newest of them will produce; rebasing (see `mark_pushed`) carries it forward.
        let queued_base: Option<i64> = tx
            .query_row(
                "SELECT base_version FROM outbox WHERE resource_id = ?1 AND kind IN ('put_sso_connection', 'delete_sso_connection')
                 ORDER BY id DESC LIMIT 1",
                [parent_id],
                |row| row.get(0),
            )
            .optional()?;
        let cached: Option<i64> = tx
            .query_row("SELECT version FROM sso_connections WHERE parent_id = ?1", [parent_id], |row| row.get(0))
            .optional()?;
        let base_version = queued_base.or(cached).unwrap_or(0);
        tx.execute(
            "INSERT INTO outbox (idempotency_key, kind, resource_id, payload, base_version, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![new_idempotency_key(), kind.as_str(), parent_id, payload, base_version, crate::now_text()],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// The newest queued change to a parent's SSO connection, if any.
    pub fn pending_sso_change(&self, parent_id: &str) -> Result<Option<OutboxEntry>> {
        self.conn()
            .query_row(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM outbox WHERE resource_id = ?1
                     AND kind IN ('put_sso_connection', 'delete_sso_connection') ORDER BY id DESC LIMIT 1"
                ),
                [parent_id],
                entry_from_row,
            )
            .optional()?
            .transpose()
    }

    /// Every outbox entry, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        self.conn()
            .prepare(&format!("SELECT {ENTRY_COLUMNS} FROM outbox ORDER BY id"))?
            .query_map([], entry_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect()
    }

    pub fn outbox_entry(&self, id: i64) -> Result<OutboxEntry> {
        self.conn()
            .query_row(&format!("SELECT {ENTRY_COLUMNS} FROM outbox WHERE id = ?1"), [id], entry_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "change", id: id.to_string() })?
    }

    /// The next change to push: the oldest pending entry. Later entries wait behind it even while
    /// it backs off, so changes reach the backend in the order they were made.
    pub fn next_pending(&self) -> Result<Option<OutboxEntry>> {
        self.conn()
            .query_row(
                &format!("SELECT {ENTRY_COLUMNS} FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1"),
                [],
                entry_from_row,
            )
            .optional()?
            .transpose()
    }

    /// How many entries wait for the backend or for the admin.
    pub fn outbox_len(&self) -> Result<i64> {
        Ok(self.conn().query_row("SELECT COUNT(*) FROM outbox", [], |row| row.get(0))?)
    }

    /// The backend confirmed entry `id`: drop it and record the resource as the backend returned it.
    pub fn mark_pushed(&self, id: i64, result: &PushedChange) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let (resource_id, base_version): (String, i64) = tx
            .query_row("SELECT resource_id, base_version FROM outbox WHERE id = ?1", [id], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "change", id: id.to_string() })?;
        tx.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
        match result {
            PushedChange::Org(org) => {
                // Later changes to the same organization were made on top of this one: they now
                // apply to the version the backend just returned.
                tx.execute(
                    "UPDATE outbox SET base_version = ?3 WHERE resource_id = ?1 AND base_version = ?2 AND id > ?4",
                    params![resource_id, base_version, org.version, id],
                )?;
                upsert_remote_org(&tx, org)?;
            }
            PushedChange::SsoConnection { parent_id, connection } => {
                let new_version = connection.as_ref().map_or(0, |connection| connection.version);
                tx.execute(
                    "UPDATE outbox SET base_version = ?3 WHERE resource_id = ?1 AND base_version = ?2 AND id > ?4",
                    params![resource_id, base_version, new_version, id],
                )?;
                match connection {
                    Some(connection) => crate::sso::upsert_sso_connection(&tx, connection)?,
                    None => {
                        tx.execute("DELETE FROM sso_connections WHERE parent_id = ?1", [parent_id])?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Entry `id` failed in a way worth retrying; it is tried again at `next_attempt_at`.
    pub fn mark_retry(&self, id: i64, next_attempt_at: &str, error: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1",
            (id, next_attempt_at, error),
        )?;
        Ok(())
    }

    /// The backend has a newer version of the resource (`remote`). The entry waits for the admin.
    pub fn mark_conflict(&self, id: i64, remote: &serde_json::Value, message: &str) -> Result<()> {
        let remote = serde_json::to_string(remote).map_err(|e| StoreError::corrupt("outbox conflict", e))?;
        self.conn().execute(
            "UPDATE outbox SET state = 'conflict', attempts = attempts + 1, conflict_remote = ?2,
                 last_error = ?3, next_attempt_at = NULL WHERE id = ?1",
            (id, remote, message),
        )?;
        Ok(())
    }

    /// The backend refused the change for good. The entry waits for the admin to discard it.
    pub fn mark_rejected(&self, id: i64, message: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?2,
                 next_attempt_at = NULL WHERE id = ?1",
            (id, message),
        )?;
        Ok(())
    }

    /// Sends a conflicting change again, this time against the backend's current version.
    ///
    /// The change gets a new idempotency key: it is a different request (another `If-Match`), and
    /// the backend rightly refuses a key reused for a different request.
    pub fn reapply_change(&self, id: i64) -> Result<OutboxEntry> {
        let entry = self.outbox_entry(id)?;
        if entry.state != OutboxState::Conflict {
            return Err(StoreError::WrongChangeState { action: "re-applied", state: entry.state.as_str() });
        }
        let remote = entry.conflict_remote.as_ref().ok_or_else(|| StoreError::corrupt("outbox conflict", "missing"))?;
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        match entry.kind {
            OutboxKind::RenameOrg => {
                let org: Org =
                    serde_json::from_value(remote.clone()).map_err(|e| StoreError::corrupt("outbox conflict", e))?;
                upsert_remote_org(&tx, &org)?;
                tx.execute(
                    "UPDATE outbox SET state = 'pending', base_version = ?2, idempotency_key = ?3,
                         attempts = 0, next_attempt_at = NULL, last_error = NULL, conflict_remote = NULL
                     WHERE id = ?1",
                    params![id, org.version, new_idempotency_key()],
                )?;
                let name: String = serde_json::from_value::<RenameOrgPayload>(entry.payload.clone())
                    .map_err(|e| StoreError::corrupt("outbox payload", e))?
                    .name;
                tx.execute("UPDATE orgs SET name = ?2 WHERE id = ?1", (&entry.resource_id, &name))?;
            }
            OutboxKind::PutSsoConnection | OutboxKind::DeleteSsoConnection => {
                // The backend's current connection, or JSON null when there is none (a create
                // raced with one made elsewhere is a conflict the other way round).
                let remote_version = match remote {
                    serde_json::Value::Null => 0,
                    remote => {
                        let connection: SsoConnection = serde_json::from_value(remote.clone())
                            .map_err(|e| StoreError::corrupt("outbox conflict", e))?;
                        crate::sso::upsert_sso_connection(&tx, &connection)?;
                        connection.version
                    }
                };
                tx.execute(
                    "UPDATE outbox SET state = 'pending', base_version = ?2, idempotency_key = ?3,
                         attempts = 0, next_attempt_at = NULL, last_error = NULL, conflict_remote = NULL
                     WHERE id = ?1",
                    params![id, remote_version, new_idempotency_key()],
                )?;
            }
        }
        tx.commit()?;
        drop(conn);
        self.outbox_entry(id)
    }

    /// Drops a change. The resource shows the backend's value again unless other changes to it
    /// are still queued, in which case it shows the newest of those.
    pub fn discard_change(&self, id: i64) -> Result<()> {
        let entry = self.outbox_entry(id)?;
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
        match entry.kind {
            OutboxKind::RenameOrg => {
                if let Some(remote) = &entry.conflict_remote {
                    let org: Org = serde_json::from_value(remote.clone())
                        .map_err(|e| StoreError::corrupt("outbox conflict", e))?;
                    upsert_remote_org(&tx, &org)?;
                }
                let newest_queued: Option<String> = tx
                    .query_row(
                        "SELECT payload FROM outbox WHERE resource_id = ?1 AND kind = 'rename_org' ORDER BY id DESC LIMIT 1",
                        [&entry.resource_id],
                        |row| row.get(0),
                    )
                    .optional()?;
                match newest_queued {
                    Some(payload) => {
                        let payload: RenameOrgPayload =
                            serde_json::from_str(&payload).map_err(|e| StoreError::corrupt("outbox payload", e))?;
                        tx.execute("UPDATE orgs SET name = ?2 WHERE id = ?1", (&entry.resource_id, &payload.name))?;
                    }
                    None => {
                        tx.execute("UPDATE orgs SET name = remote_name WHERE id = ?1", [&entry.resource_id])?;
                    }
                }
            }
            OutboxKind::PutSsoConnection | OutboxKind::DeleteSsoConnection => {
                // The cache holds only what the backend said, so there is nothing local to undo;
                // a conflict's newer connection is recorded.
                match &entry.conflict_remote {
                    Some(serde_json::Value::Null) => {
                        tx.execute("DELETE FROM sso_connections WHERE parent_id = ?1", [&entry.resource_id])?;
                    }
                    Some(remote) => {
                        let connection: SsoConnection = serde_json::from_value(remote.clone())
                            .map_err(|e| StoreError::corrupt("outbox conflict", e))?;
                        crate::sso::upsert_sso_connection(&tx, &connection)?;
                    }
                    None => {}
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}
