//! Reading parents, organizations and memberships from the database, and turning rows into the
//! API's resource types.
//!
//! Invariant: visibility is decided here and only here. A caller sees a parent, and every
//! organization under it, exactly when they hold a role in at least one of its organizations.

use rusqlite::{Connection, OptionalExtension, Row};
use ssodesk_model::{Org, OrgKind, Parent, Role, Timestamp};

use crate::database::parse_stored_timestamp;
use crate::{Result, ServerError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParentRow {
    pub id: String,
    pub name: String,
    pub disable_new_org_creation: bool,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl ParentRow {
    /// The parent as `caller` sees it.
    pub fn view(&self, access: &ParentAccess) -> Parent {
        Parent {
            id: self.id.clone(),
            name: self.name.clone(),
            can_manage: access.can_manage(),
            disable_new_org_creation: self.disable_new_org_creation,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    /// The parent as the audit log keeps it: without fields that depend on who is asking.
    pub fn audit_json(&self) -> serde_json::Value {
        let mut json = serde_json::to_value(self.view(&ParentAccess::default())).unwrap_or_default();
        if let Some(object) = json.as_object_mut() {
            object.remove("can_manage");
        }
        json
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrgRow {
    pub id: String,
    pub parent_id: String,
    pub name: String,
    pub kind: OrgKind,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl OrgRow {
    /// The organization as a caller with `role` here sees it.
    pub fn view(&self, role: Option<Role>) -> Org {
        Org {
            id: self.id.clone(),
            parent_id: self.parent_id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            role,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    /// The organization as the audit log keeps it: without the caller's role.
    pub fn audit_json(&self) -> serde_json::Value {
        let mut json = serde_json::to_value(self.view(None)).unwrap_or_default();
        if let Some(object) = json.as_object_mut() {
            object.remove("role");
        }
        json
    }
}

/// A caller's roles in the organizations of one parent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParentAccess {
    /// `(org id, org kind, role)` for every organization of the parent where the caller has a role.
    pub roles: Vec<(String, OrgKind, Role)>,
}

impl ParentAccess {
    /// Whether the caller may see the parent at all. When not, answer 404, not 403: the parent's
    /// existence is not the caller's business.
    pub fn is_visible(&self) -> bool {
        !self.roles.is_empty()
    }

    /// Whether the caller may change the parent: they can manage at least one of its organizations.
    pub fn can_manage(&self) -> bool {
        self.roles.iter().any(|(_, kind, role)| role.can_manage(*kind))
    }

    pub fn role_in(&self, org_id: &str) -> Option<Role> {
        self.roles.iter().find(|(id, _, _)| id == org_id).map(|(_, _, role)| *role)
    }
}

fn parse_role(text: &str) -> Result<Role> {
    Role::parse(text).ok_or_else(|| ServerError::corrupt("role", text))
}

fn parse_kind(text: &str) -> Result<OrgKind> {
    OrgKind::parse(text).ok_or_else(|| ServerError::corrupt("organization kind", text))
}

const PARENT_COLUMNS: &str = "p.id, p.name, p.disable_new_org_creation, p.version, p.created_at, p.updated_at";
const ORG_COLUMNS: &str = "o.id, o.parent_id, o.name, o.kind, o.version, o.created_at, o.updated_at";

/// Raw parent columns, converted outside rusqlite's row closure so conversion errors keep their
/// own type.
type RawParent = (String, String, bool, i64, String, String);
type RawOrg = (String, String, String, String, i64, String, String);

fn raw_parent(row: &Row<'_>) -> rusqlite::Result<RawParent> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
}

fn raw_org(row: &Row<'_>) -> rusqlite::Result<RawOrg> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?))
}

fn parent_from_raw(
    (id, name, disable_new_org_creation, version, created_at, updated_at): RawParent,
) -> Result<ParentRow> {
    Ok(ParentRow {
        id,
        name,
        disable_new_org_creation,
        version,
        created_at: parse_stored_timestamp(&created_at)?,
        updated_at: parse_stored_timestamp(&updated_at)?,
    })
}

fn org_from_raw((id, parent_id, name, kind, version, created_at, updated_at): RawOrg) -> Result<OrgRow> {
    Ok(OrgRow {
        id,
        parent_id,
        name,
        kind: parse_kind(&kind)?,
        version,
        created_at: parse_stored_timestamp(&created_at)?,
        updated_at: parse_stored_timestamp(&updated_at)?,
    })
}

pub(crate) fn find_parent(connection: &Connection, id: &str) -> Result<Option<ParentRow>> {
    let raw = connection
        .query_row(&format!("SELECT {PARENT_COLUMNS} FROM parents p WHERE p.id = ?1"), [id], raw_parent)
        .optional()?;
    raw.map(parent_from_raw).transpose()
}

pub(crate) fn find_org(connection: &Connection, id: &str) -> Result<Option<OrgRow>> {
    let raw =
        connection.query_row(&format!("SELECT {ORG_COLUMNS} FROM orgs o WHERE o.id = ?1"), [id], raw_org).optional()?;
    raw.map(org_from_raw).transpose()
}

/// Every organization of a parent, oldest first.
pub(crate) fn orgs_of_parent(connection: &Connection, parent_id: &str) -> Result<Vec<OrgRow>> {
    let mut statement =
        connection.prepare(&format!("SELECT {ORG_COLUMNS} FROM orgs o WHERE o.parent_id = ?1 ORDER BY o.rowid"))?;
    let raws = statement.query_map([parent_id], raw_org)?.collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter().map(org_from_raw).collect()
}

/// Every parent in which `user_id` has a role somewhere, oldest first.
pub(crate) fn visible_parents(connection: &Connection, user_id: &str) -> Result<Vec<ParentRow>> {
    let mut statement = connection.prepare(&format!(
        "SELECT {PARENT_COLUMNS} FROM parents p
         WHERE EXISTS (SELECT 1 FROM orgs o JOIN memberships m ON m.org_id = o.id
                       WHERE o.parent_id = p.id AND m.user_id = ?1)
         ORDER BY p.rowid"
    ))?;
    let raws = statement.query_map([user_id], raw_parent)?.collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter().map(parent_from_raw).collect()
}

pub(crate) fn parent_access(connection: &Connection, user_id: &str, parent_id: &str) -> Result<ParentAccess> {
    let mut statement = connection.prepare(
        "SELECT o.id, o.kind, m.role FROM memberships m JOIN orgs o ON o.id = m.org_id
         WHERE m.user_id = ?1 AND o.parent_id = ?2 ORDER BY o.rowid",
    )?;
    let raws = statement
        .query_map([user_id, parent_id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let roles = raws
        .into_iter()
        .map(|(org_id, kind, role)| Ok((org_id, parse_kind(&kind)?, parse_role(&role)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(ParentAccess { roles })
}

/// The caller's id, email, name and role per organization, for `GET /v1/me`.
pub(crate) fn me(connection: &Connection, user_id: &str) -> Result<ssodesk_model::Me> {
    let (id, email, name): (String, String, String) =
        connection.query_row("SELECT id, email, name FROM users WHERE id = ?1", [user_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
    let mut statement = connection.prepare("SELECT org_id, role FROM memberships WHERE user_id = ?1")?;
    let raws = statement
        .query_map([user_id], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let roles = raws.into_iter().map(|(org_id, role)| Ok((org_id, parse_role(&role)?))).collect::<Result<_>>()?;
    Ok(ssodesk_model::Me { id, email, name, roles })
}
