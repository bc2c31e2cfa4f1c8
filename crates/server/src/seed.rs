//! Demo data: the Acme parent with one organization of each kind and a user for every role.

use std::collections::BTreeMap;

use rusqlite::Connection;
use ssodesk_model::{OrgKind, OrgName, Role, SeedOrg, SeedReport, SeedUser};

use crate::database::{insert_token, now_text};
use crate::ids::{new_id, new_token, IdKind};
use crate::{Database, Result, ServerError};

/// A parent organization to create, with its organizations and users. Users are new: their
/// emails must not exist in the database yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedPlan {
    pub parent_name: String,
    pub orgs: Vec<SeedPlanOrg>,
    pub users: Vec<SeedPlanUser>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedPlanOrg {
    pub name: String,
    pub kind: OrgKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedPlanUser {
    pub email: String,
    pub name: String,
    /// The user's role per organization, by the organization's name in this plan.
    pub roles: Vec<(String, Role)>,
}

impl SeedPlan {
    /// The demo data `ssodesk-server seed` creates: "Acme Corp" with a Team, an Enterprise and a
    /// Console organization, and at least one user in every role.
    pub fn acme() -> SeedPlan {
        let org = |name: &str, kind| SeedPlanOrg { name: name.to_owned(), kind };
        let user = |email: &str, name: &str, roles: &[(&str, Role)]| SeedPlanUser {
            email: email.to_owned(),
            name: name.to_owned(),
            roles: roles.iter().map(|(org, role)| ((*org).to_owned(), *role)).collect(),
        };
        let (team, enterprise, console) = ("Acme Team", "Acme Enterprise", "Acme Console");
        SeedPlan {
            parent_name: "Acme Corp".to_owned(),
            orgs: vec![org(team, OrgKind::Team), org(enterprise, OrgKind::Enterprise), org(console, OrgKind::Console)],
            users: vec![
                user(
                    "ada@acme.example",
                    "Ada Lovelace",
                    &[(team, Role::PrimaryOwner), (enterprise, Role::PrimaryOwner), (console, Role::Admin)],
                ),
                user("olu@acme.example", "Olu Okafor", &[(team, Role::Owner), (enterprise, Role::Owner)]),
                user(
                    "ana@acme.example",
                    "Ana Souza",
                    &[(team, Role::Admin), (enterprise, Role::Admin), (console, Role::User)],
                ),
                user("dev@acme.example", "Dev Patel", &[(console, Role::Developer)]),
                user(
                    "uma@acme.example",
                    "Uma Rao",
                    &[(team, Role::User), (enterprise, Role::User), (console, Role::User)],
                ),
            ],
        }
    }
}

impl Database {
    /// Creates the demo data ([`SeedPlan::acme`]) in an empty database and returns every id and
    /// a fresh token per user. Refuses with [`ServerError::AlreadySeeded`] if the database holds
    /// data.
    pub fn seed(&self) -> Result<SeedReport> {
        if !self.is_empty()? {
            return Err(ServerError::AlreadySeeded);
        }
        self.insert_seed_plan(&SeedPlan::acme())
    }

    /// Creates one more parent with its organizations and (new) users, in one transaction, and
    /// returns every id and a fresh token per user. Works on a database that holds data, so tests
    /// can add a second, unrelated parent.
    pub fn insert_seed_plan(&self, plan: &SeedPlan) -> Result<SeedReport> {
        self.with_connection(|connection| {
            let transaction = connection.transaction()?;
            let report = insert_plan(&transaction, plan)?;
            transaction.commit()?;
            Ok(report)
        })
    }
}

fn insert_plan(connection: &Connection, plan: &SeedPlan) -> Result<SeedReport> {
    let invalid = |detail: String| ServerError::InvalidSeedPlan(detail);
    let parent_name = OrgName::parse(&plan.parent_name).map_err(|e| invalid(format!("parent name: {e}")))?;
    let now = now_text();
    let parent_id = new_id(IdKind::Parent);
    connection.execute(
        "INSERT INTO parents (id, name, version, created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?3)",
        (&parent_id, parent_name.as_str(), &now),
    )?;
    let mut orgs = Vec::new();
    let mut org_ids_by_name = BTreeMap::new();
    for org in &plan.orgs {
        let name = OrgName::parse(&org.name).map_err(|e| invalid(format!("organization name {:?}: {e}", org.name)))?;
        let id = new_id(IdKind::Org);
        connection.execute(
            "INSERT INTO orgs (id, parent_id, name, kind, version, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)",
            (&id, &parent_id, name.as_str(), org.kind.as_str(), &now),
        )?;
        if org_ids_by_name.insert(org.name.clone(), id.clone()).is_some() {
            return Err(invalid(format!("two organizations are named {:?}", org.name)));
        }
        orgs.push(SeedOrg { id, name: name.into_string(), kind: org.kind });
    }
    let mut users = Vec::new();
    for user in &plan.users {
        let user_id = new_id(IdKind::User);
        connection
            .execute(
                "INSERT INTO users (id, email, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                (&user_id, &user.email, &user.name, &now),
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => invalid(format!("the email {} is taken", user.email)),
                _ => ServerError::Sqlite(e),
            })?;
        let mut roles = BTreeMap::new();
        for (org_name, role) in &user.roles {
            let org_id = org_ids_by_name.get(org_name).ok_or_else(|| {
                invalid(format!("{} has a role in {org_name:?}, which the plan does not create", user.email))
            })?;
            connection.execute(
                "INSERT INTO memberships (user_id, org_id, role) VALUES (?1, ?2, ?3)",
                (&user_id, org_id, role.as_str()),
            )?;
            roles.insert(org_id.clone(), *role);
        }
        let token = new_token();
        insert_token(connection, &user_id, &token)?;
        users.push(SeedUser { email: user.email.clone(), token, roles });
    }
    Ok(SeedReport { parent_id, orgs, users })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_a_user_in_every_role() {
        let plan = SeedPlan::acme();
        for role in Role::ALL {
            assert!(plan.users.iter().any(|user| user.roles.iter().any(|(_, r)| *r == role)), "{role:?}");
        }
    }

    #[test]
    fn seeding_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("server.db")).unwrap();
        let report = db.seed().unwrap();
        assert_eq!(report.orgs.len(), 3);
        assert!(matches!(db.seed(), Err(ServerError::AlreadySeeded)));
        assert_eq!(db.primary_owner_email().unwrap().as_deref(), Some("ada@acme.example"));
        assert!(db.issue_token("ada@acme.example").unwrap().starts_with("sdk_"));
        assert!(matches!(db.issue_token("nobody@acme.example"), Err(ServerError::UnknownUser(_))));
    }
}
