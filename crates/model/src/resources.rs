use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The kind of an organization under a parent. The kind decides which products it uses and which
/// roles exist in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Team,
    Enterprise,
    Console,
}

impl OrgKind {
    pub const ALL: [OrgKind; 3] = [OrgKind::Team, OrgKind::Enterprise, OrgKind::Console];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Team => "team",
            OrgKind::Enterprise => "enterprise",
            OrgKind::Console => "console",
        }
    }

    pub fn parse(text: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The product an organization of this kind signs in to.
    pub fn product(self) -> Product {
        match self {
            OrgKind::Team | OrgKind::Enterprise => Product::App,
            OrgKind::Console => Product::Console,
        }
    }
}

/// A product SSO can be enforced for, per parent organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    App,
    Console,
}

/// A user's role in one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PrimaryOwner,
    Owner,
    Admin,
    Developer,
    User,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::PrimaryOwner, Role::Owner, Role::Admin, Role::Developer, Role::User];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PrimaryOwner => "primary_owner",
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Developer => "developer",
            Role::User => "user",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// Whether this role, held in an organization of `kind`, may change that organization and the
    /// SSO settings of its parent.
    ///
    /// The rule is the vendor guide's: Owner or Primary Owner on a Team or Enterprise organization,
    /// Admin (or anyone above Admin) on a Console organization.
    pub fn can_manage(self, kind: OrgKind) -> bool {
        match kind {
            OrgKind::Team | OrgKind::Enterprise => matches!(self, Role::PrimaryOwner | Role::Owner),
            OrgKind::Console => matches!(self, Role::PrimaryOwner | Role::Owner | Role::Admin),
        }
    }
}

/// The caller, as `GET /v1/me` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub name: String,
    /// The caller's role in every organization they belong to, keyed by organization id.
    pub roles: BTreeMap<String, Role>,
}

/// A parent organization: holds the global SSO settings shared by its organizations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parent {
    pub id: String,
    pub name: String,
    /// Whether the caller may change this parent's settings (see [`Role::can_manage`]).
    pub can_manage: bool,
    /// Whether members may no longer create organizations under this parent themselves. Can be
    /// turned on only while at least one of the parent's domains is verified.
    #[serde(default)]
    pub disable_new_org_creation: bool,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: Timestamp,
}

/// An organization under a parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub id: String,
    pub parent_id: String,
    pub name: String,
    pub kind: OrgKind,
    /// The caller's role here, or `None` when the caller sees it only through the parent.
    pub role: Option<Role>,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: Timestamp,
}

/// Body of `PATCH /v1/orgs/{id}`. Absent fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Body of `PATCH /v1/parents/{id}`. Absent fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParentPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Turning it on needs a verified domain; turning it off is always accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_new_org_creation: Option<bool>,
}

/// Where a domain is in its verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DomainStatus {
    /// Added; the TXT record has not been seen by the backend yet.
    Pending,
    Verified,
    /// Stayed unverified too long (30 days); remove it and add it again for a new token.
    Failed,
}

impl DomainStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DomainStatus::Pending => "pending",
            DomainStatus::Verified => "verified",
            DomainStatus::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<DomainStatus> {
        [DomainStatus::Pending, DomainStatus::Verified, DomainStatus::Failed].into_iter().find(|s| s.as_str() == text)
    }
}

/// The DNS TXT record that proves control of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxtRecord {
    /// The owner name to publish it at: the domain itself for a registrable domain,
    /// `_acme-challenge.<domain>` for a subdomain.
    pub name: String,
    /// `ssodesk-verification=<token>`.
    pub value: String,
}

/// A company domain under a parent organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub id: String,
    pub parent_id: String,
    /// Normalised: lowercase, IDNA (punycode), no trailing dot.
    pub name: String,
    pub status: DomainStatus,
    pub txt_record: TxtRecord,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_checked_at: Option<Timestamp>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub verified_at: Option<Timestamp>,
    /// Why the last check did not verify the domain, in words.
    pub failure_reason: Option<String>,
    pub version: i64,
}

/// Body of `POST /v1/parents/{id}/domains`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDomain {
    pub name: String,
}

/// Who did something recorded in the audit log: a user, or the backend itself
/// ([`Actor::system`], for example a background re-check that verified a domain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The user's id, or [`Actor::SYSTEM`] for the backend itself.
    pub user_id: String,
    /// The user's email address, or [`Actor::SYSTEM`] for the backend itself.
    pub email: String,
}

impl Actor {
    /// `user_id` and `email` of events the backend records on its own.
    pub const SYSTEM: &'static str = "system";

    /// The backend itself, as the actor of what it does on its own.
    pub fn system() -> Actor {
        Actor { user_id: Actor::SYSTEM.to_owned(), email: Actor::SYSTEM.to_owned() }
    }

    /// Whether the backend did this on its own rather than a user.
    pub fn is_system(&self) -> bool {
        self.user_id == Actor::SYSTEM
    }
}

/// What an audit event is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceRef {
    /// `parent`, `org`, `domain` or `sso_connection`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
}

/// One write, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: String,
    pub parent_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: Timestamp,
    pub actor: Actor,
    /// A dotted verb such as `org.update`.
    pub action: String,
    pub resource: ResourceRef,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A page of a list, newest first where the list has an order in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `?cursor=` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// What `ssodesk-server seed` prints: the demo data and every user's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedReport {
    pub parent_id: String,
    pub orgs: Vec<SeedOrg>,
    pub users: Vec<SeedUser>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedOrg {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedUser {
    pub email: String,
    pub token: String,
    pub roles: BTreeMap<String, Role>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_wire_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_owners_manage_team_and_enterprise_but_admins_manage_console() {
        assert!(Role::Owner.can_manage(OrgKind::Team));
        assert!(Role::PrimaryOwner.can_manage(OrgKind::Enterprise));
        assert!(!Role::Admin.can_manage(OrgKind::Enterprise));
        assert!(Role::Admin.can_manage(OrgKind::Console));
        assert!(!Role::Developer.can_manage(OrgKind::Console));
        assert!(!Role::User.can_manage(OrgKind::Team));
    }

    #[test]
    fn org_patch_rejects_unknown_fields() {
        let err = serde_json::from_str::<OrgPatch>(r#"{"nmae":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }
}
