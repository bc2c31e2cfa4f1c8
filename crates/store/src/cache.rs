//! What the backend last said about the user, parents, organizations and the audit log, and the
//! reads the UI renders from.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Row};
use ssodesk_model::{AuditEvent, Me, Org, OrgKind, Parent, Role};

use crate::{Result, Store, StoreError};

/// How many audit events are kept per parent. Older ones are dropped on each pull: the cache is
/// for an overview, the backend keeps the full log.
pub const AUDIT_EVENTS_KEPT: usize = 500;

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub roles: BTreeMap<String, Role>,
}

/// Whether the audit log of a parent could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityAccess {
    Ok,
    /// The user's role does not allow reading the audit log.
    Forbidden,
    /// Never fetched yet.
    NotSynced,
}

impl ActivityAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityAccess::Ok => "ok",
            ActivityAccess::Forbidden => "forbidden",
            ActivityAccess::NotSynced => "not_synced",
        }
    }

    fn parse(text: &str) -> Result<ActivityAccess> {
        match text {
            "ok" => Ok(ActivityAccess::Ok),
            "forbidden" => Ok(ActivityAccess::Forbidden),
            "not_synced" => Ok(ActivityAccess::NotSynced),
            other => Err(StoreError::corrupt("audit access", other)),
        }
    }
}

/// One parent as the backend returned it, with its organizations and (when readable) the newest
/// page of its audit log.
#[derive(Debug, Clone)]
pub struct RemoteParent {
    pub parent: Parent,
    pub orgs: Vec<Org>,
    pub domains: Vec<ssodesk_model::Domain>,
    /// `None` when the user may not read the audit log.
    pub audit_events: Option<Vec<AuditEvent>>,
    /// `None` when the parent has no SSO connection.
    pub sso_connection: Option<ssodesk_model::SsoConnection>,
    pub service_provider: Option<ssodesk_model::ServiceProvider>,
}

/// Everything a pull fetched, applied to the cache in one transaction.
#[derive(Debug, Clone)]
pub struct RemoteSnapshot {
    pub me: Me,
    pub parents: Vec<RemoteParent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentRow {
    pub id: String,
    pub name: String,
    pub can_manage: bool,
    pub disable_new_org_creation: bool,
    pub version: i64,
    pub orgs: Vec<OrgRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRow {
    pub id: String,
    pub parent_id: String,
    /// The name to show: the newest local change, or the backend's name when there is none.
    pub name: String,
    /// The backend's name as last seen.
    pub remote_name: String,
    pub kind: OrgKind,
    pub role: Option<Role>,
    pub version: i64,
    /// Whether a local change to this organization waits in the outbox.
    pub pending: bool,
}

impl OrgRow {
    /// Whether the signed-in user may change this organization.
    pub fn can_manage(&self) -> bool {
        self.role.is_some_and(|role| role.can_manage(self.kind))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewRows {
    pub account: Option<Account>,
    pub parents: Vec<ParentRow>,
}

const ORG_COLUMNS: &str = "o.id, o.parent_id, o.name, o.remote_name, o.kind, o.role, o.version,
     EXISTS (SELECT 1 FROM outbox b WHERE b.resource_id = o.id) AS pending";

pub(crate) fn org_from_row(row: &Row<'_>) -> rusqlite::Result<Result<OrgRow>> {
    let kind: String = row.get(4)?;
    let role: Option<String> = row.get(5)?;
    let kind = match OrgKind::parse(&kind) {
        Some(kind) => kind,
        None => return Ok(Err(StoreError::corrupt("organization kind", kind))),
    };
    let role = match role.as_deref().map(|r| Role::parse(r).ok_or(r)) {
        None => None,
        Some(Ok(role)) => Some(role),
        Some(Err(other)) => return Ok(Err(StoreError::corrupt("role", other))),
    };
    Ok(Ok(OrgRow {
        id: row.get(0)?,
        parent_id: row.get(1)?,
        name: row.get(2)?,
        remote_name: row.get(3)?,
        kind,
        role,
        version: row.get(6)?,
        pending: row.get(7)?,
    }))
}

impl Store {
    /// Replaces what the cache knows from the backend with `snapshot`, in one transaction.
    ///
    /// Invariant: a local change waiting in the outbox is never overwritten by a pull. The
    /// backend's values go to the `remote_*` columns; the shown name keeps the local change
    /// until the outbox entry is pushed or discarded.
    pub fn apply_snapshot(&self, snapshot: &RemoteSnapshot) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let roles_json = serde_json::to_string(&snapshot.me.roles).map_err(|e| StoreError::corrupt("roles", e))?;
        tx.execute(
            "INSERT INTO account (id, user_id, email, name, roles_json) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, email = excluded.email,
                 name = excluded.name, roles_json = excluded.roles_json",
            (&snapshot.me.id, &snapshot.me.email, &snapshot.me.name, &roles_json),
        )?;

        // Parents and organizations the backend no longer shows are removed; the foreign keys
        // take their audit events and organizations with them.
        tx.execute("CREATE TEMP TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY)", [])?;
        tx.execute("DELETE FROM temp.seen", [])?;
        for remote in &snapshot.parents {
            let parent = &remote.parent;
            tx.execute("INSERT OR IGNORE INTO temp.seen (id) VALUES (?1)", [&parent.id])?;
            let audit_access = match remote.audit_events {
                Some(_) => ActivityAccess::Ok,
                None => ActivityAccess::Forbidden,
            };
            tx.execute(
                "INSERT INTO parents (id, name, can_manage, version, created_at, updated_at, audit_access,
                     disable_new_org_creation)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, can_manage = excluded.can_manage,
                     version = excluded.version, created_at = excluded.created_at,
                     updated_at = excluded.updated_at, audit_access = excluded.audit_access,
                     disable_new_org_creation = excluded.disable_new_org_creation",
                params![
                    parent.id,
                    parent.name,
                    parent.can_manage,
                    parent.version,
                    ssodesk_model::format_timestamp(parent.created_at),
                    ssodesk_model::format_timestamp(parent.updated_at),
                    audit_access.as_str(),
                    parent.disable_new_org_creation,
                ],
            )?;
            for domain in &remote.domains {
                tx.execute("INSERT OR IGNORE INTO temp.seen (id) VALUES (?1)", [&domain.id])?;
                crate::domains::upsert_domain(&tx, domain)?;
            }
            crate::sso::set_parent_sso(
                &tx,
                &parent.id,
                remote.sso_connection.as_ref(),
                remote.service_provider.as_ref(),
            )?;
            for org in &remote.orgs {
                tx.execute("INSERT OR IGNORE INTO temp.seen (id) VALUES (?1)", [&org.id])?;
                upsert_remote_org(&tx, org)?;
            }
            if let Some(events) = &remote.audit_events {
                for event in events {
                    let json = serde_json::to_string(event).map_err(|e| StoreError::corrupt("audit event", e))?;
                    tx.execute(
                        "INSERT INTO audit_events (id, parent_id, at, json) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (id) DO UPDATE SET json = excluded.json",
                        (&event.id, &event.parent_id, ssodesk_model::format_timestamp(event.at), &json),
                    )?;
                }
                tx.execute(
                    "DELETE FROM audit_events WHERE parent_id = ?1 AND id NOT IN (
                         SELECT id FROM audit_events WHERE parent_id = ?1
                         ORDER BY at DESC, id DESC LIMIT ?2)",
                    params![parent.id, AUDIT_EVENTS_KEPT as i64],
                )?;
            }
        }
        tx.execute("DELETE FROM orgs WHERE id NOT IN (SELECT id FROM temp.seen)", [])?;
        tx.execute("DELETE FROM domains WHERE id NOT IN (SELECT id FROM temp.seen)", [])?;
        tx.execute("DELETE FROM parents WHERE id NOT IN (SELECT id FROM temp.seen)", [])?;
        tx.execute("DELETE FROM temp.seen", [])?;
        Store::set_last_synced_in(&tx, &crate::now_text())?;
        tx.commit()?;
        Ok(())
    }

    /// Everything the Overview shows, read from the cache alone.
    pub fn overview(&self) -> Result<OverviewRows> {
        let conn = self.conn();
        let account = conn
            .query_row("SELECT user_id, email, name, roles_json FROM account WHERE id = 1", [], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .optional()?
            .map(|(user_id, email, name, roles_json)| {
                let roles = serde_json::from_str(&roles_json).map_err(|e| StoreError::corrupt("roles", e))?;
                Ok::<_, StoreError>(Account { user_id, email, name, roles })
            })
            .transpose()?;

        let mut parents: Vec<ParentRow> = conn
            .prepare("SELECT id, name, can_manage, version, disable_new_org_creation FROM parents ORDER BY name, id")?
            .query_map([], |row| {
                Ok(ParentRow {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    can_manage: row.get(2)?,
                    version: row.get(3)?,
                    disable_new_org_creation: row.get(4)?,
                    orgs: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {ORG_COLUMNS} FROM orgs o WHERE o.parent_id = ?1 ORDER BY o.name COLLATE NOCASE, o.id"
        ))?;
        for parent in &mut parents {
            parent.orgs = statement
                .query_map([&parent.id], org_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .collect::<Result<_>>()?;
        }
        Ok(OverviewRows { account, parents })
    }

    /// One organization as the UI shows it.
    pub fn org(&self, org_id: &str) -> Result<OrgRow> {
        let conn = self.conn();
        conn.query_row(&format!("SELECT {ORG_COLUMNS} FROM orgs o WHERE o.id = ?1"), [org_id], org_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "organization", id: org_id.to_owned() })?
    }

    /// The cached audit log of a parent, newest first.
    pub fn activity(&self, parent_id: &str) -> Result<(ActivityAccess, Vec<AuditEvent>)> {
        let conn = self.conn();
        let access: Option<String> = conn
            .query_row("SELECT audit_access FROM parents WHERE id = ?1", [parent_id], |row| row.get(0))
            .optional()?;
        let access = match access {
            Some(text) => ActivityAccess::parse(&text)?,
            None => return Ok((ActivityAccess::NotSynced, Vec::new())),
        };
        let events = conn
            .prepare("SELECT json FROM audit_events WHERE parent_id = ?1 ORDER BY at DESC, id DESC")?
            .query_map([parent_id], |row| row.get::<_, String>(0))?
            .map(|json| {
                let json = json?;
                serde_json::from_str(&json).map_err(|e| StoreError::corrupt("audit event", e))
            })
            .collect::<Result<Vec<AuditEvent>>>()?;
        Ok((access, events))
    }
}

/// Records the backend's view of an organization. The shown name follows the backend unless a
/// local change to the organization waits in the outbox.
pub(crate) fn upsert_remote_org(tx: &rusqlite::Transaction<'_>, org: &Org) -> Result<()> {
    tx.execute(
        "INSERT INTO orgs (id, parent_id, kind, role, name, remote_name, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, kind = excluded.kind,
             role = excluded.role, remote_name = excluded.remote_name, version = excluded.version,
             created_at = excluded.created_at, updated_at = excluded.updated_at,
             name = CASE WHEN EXISTS (SELECT 1 FROM outbox WHERE resource_id = excluded.id)
                         THEN orgs.name ELSE excluded.remote_name END",
        params![
            org.id,
            org.parent_id,
            org.kind.as_str(),
            org.role.map(Role::as_str),
            org.name,
            org.version,
            ssodesk_model::format_timestamp(org.created_at),
            ssodesk_model::format_timestamp(org.updated_at),
        ],
    )?;
    Ok(())
}

impl Store {
    /// Records a parent as the backend returned it after a change made here.
    pub fn put_parent(&self, parent: &Parent) -> Result<()> {
        self.conn().execute(
            "UPDATE parents SET name = ?2, can_manage = ?3, version = ?4, updated_at = ?5,
                 disable_new_org_creation = ?6 WHERE id = ?1",
            params![
                parent.id,
                parent.name,
                parent.can_manage,
                parent.version,
                ssodesk_model::format_timestamp(parent.updated_at),
                parent.disable_new_org_creation,
            ],
        )?;
        Ok(())
    }
}
