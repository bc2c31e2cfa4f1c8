//! The data the UI renders, shaped for it: camelCase JSON, human summaries, no secrets.
//!
//! These types are the IPC contract with `ui/src/features/*/types.ts`; change both together.

use serde::{Deserialize, Serialize};
use ssodesk_model::{AuditEvent, OrgKind, Role};
use ssodesk_store::{ActivityAccess, DomainRow, OrgRow, OutboxEntry, OutboxKind, OutboxState, RenameOrgPayload};

use crate::{SyncStatus, TokenStorage};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionModeView {
    Sandbox,
    Remote,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    pub mode: ConnectionModeView,
    pub base_url: Option<String>,
    pub user_email: Option<String>,
    pub token_storage: TokenStorage,
    pub token_storage_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppSnapshot {
    pub connection: Option<ConnectionView>,
    pub sync: SyncStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgView {
    pub id: String,
    pub parent_id: String,
    pub name: String,
    pub kind: OrgKind,
    pub role: Option<Role>,
    pub can_manage: bool,
    pub version: i64,
    pub pending: bool,
}

impl From<OrgRow> for OrgView {
    fn from(row: OrgRow) -> OrgView {
        OrgView {
            can_manage: row.can_manage(),
            id: row.id,
            parent_id: row.parent_id,
            name: row.name,
            kind: row.kind,
            role: row.role,
            version: row.version,
            pending: row.pending,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentView {
    pub id: String,
    pub name: String,
    pub can_manage: bool,
    pub version: i64,
    pub orgs: Vec<OrgView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub user: Option<UserView>,
    pub parents: Vec<ParentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityItem {
    pub id: String,
    pub at: String,
    pub actor_email: String,
    pub action: String,
    pub resource_type: String,
    pub resource_id: String,
    pub summary: String,
}

impl From<&AuditEvent> for ActivityItem {
    fn from(event: &AuditEvent) -> ActivityItem {
        ActivityItem {
            id: event.id.clone(),
            at: ssodesk_model::format_timestamp(event.at),
            actor_email: event.actor.email.clone(),
            action: event.action.clone(),
            resource_type: event.resource.kind.clone(),
            resource_id: event.resource.id.clone(),
            summary: summarize(event),
        }
    }
}

/// A sentence for an audit event, from its action and before/after.
fn summarize(event: &AuditEvent) -> String {
    let name = |value: &Option<serde_json::Value>| {
        value.as_ref().and_then(|v| v.get("name")).and_then(|n| n.as_str()).map(str::to_owned)
    };
    let noun = match event.resource.kind.as_str() {
        "org" => "organization",
        "parent" => "parent organization",
        other => other,
    };
    match (event.action.rsplit('.').next(), name(&event.before), name(&event.after)) {
        (Some("update"), Some(before), Some(after)) if before != after => {
            format!("Renamed {noun} “{before}” to “{after}”")
        }
        (Some("update"), _, Some(after)) => format!("Updated {noun} “{after}”"),
        (Some("create"), _, Some(after)) => format!("Created {noun} “{after}”"),
        (Some("delete"), Some(before), _) => format!("Deleted {noun} “{before}”"),
        _ => format!("{} on {noun} {}", event.action, event.resource.id),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub access: ActivityAccessView,
    pub items: Vec<ActivityItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityAccessView {
    Ok,
    Forbidden,
    NotSynced,
}

impl From<ActivityAccess> for ActivityAccessView {
    fn from(access: ActivityAccess) -> ActivityAccessView {
        match access {
            ActivityAccess::Ok => ActivityAccessView::Ok,
            ActivityAccess::Forbidden => ActivityAccessView::Forbidden,
            ActivityAccess::NotSynced => ActivityAccessView::NotSynced,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    pub local_name: String,
    pub remote_name: String,
    pub remote_version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingChange {
    pub id: i64,
    pub kind: &'static str,
    pub resource_id: String,
    pub summary: String,
    pub state: &'static str,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub conflict: Option<ConflictView>,
}

impl PendingChange {
    /// `remote_name` is the organization's name as the backend last said, for the summary.
    pub fn new(entry: OutboxEntry, remote_name: Option<&str>) -> PendingChange {
        let (summary, local_name) = match entry.kind {
            OutboxKind::RenameOrg => {
                let local_name = serde_json::from_value::<RenameOrgPayload>(entry.payload.clone())
                    .map(|payload| payload.name)
                    .unwrap_or_default();
                let summary = match remote_name {
                    Some(remote) if remote != local_name => format!("Rename “{remote}” to “{local_name}”"),
                    _ => format!("Rename organization to “{local_name}”"),
                };
                (summary, local_name)
            }
            OutboxKind::PutSsoConnection => {
                let idp = entry.payload.get("idp").and_then(|idp| idp.as_str()).unwrap_or("saml");
                ("Save the SSO connection".to_owned(), format!("your {idp} connection"))
            }
            OutboxKind::DeleteSsoConnection => ("Remove the SSO connection".to_owned(), "no connection".to_owned()),
        };
        let conflict = match (entry.state, &entry.conflict_remote) {
            (OutboxState::Conflict, Some(remote)) => Some(ConflictView {
                local_name: local_name.clone(),
                remote_name: match entry.kind {
                    OutboxKind::RenameOrg => remote.get("name").and_then(|n| n.as_str()).unwrap_or_default().to_owned(),
                    OutboxKind::PutSsoConnection | OutboxKind::DeleteSsoConnection => match remote {
                        serde_json::Value::Null => "no connection".to_owned(),
                        remote => format!(
                            "a connection to {}",
                            remote.get("entity_id").and_then(|id| id.as_str()).unwrap_or("another IdP")
                        ),
                    },
                },
                remote_version: remote.get("version").and_then(serde_json::Value::as_i64).unwrap_or_default(),
            }),
            _ => None,
        };
        PendingChange {
            id: entry.id,
            kind: entry.kind.as_str(),
            resource_id: entry.resource_id,
            summary,
            state: entry.state.as_str(),
            attempts: entry.attempts,
            last_error: entry.last_error,
            next_attempt_at: entry.next_attempt_at,
            created_at: entry.created_at,
            conflict,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TxtRecordView {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceAnswer {
    pub kind: String,
    pub server: String,
    pub ns_name: Option<String>,
    pub state: String,
    pub values: Vec<String>,
    pub ttl: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticView {
    pub code: String,
    pub message: String,
    pub fix: String,
}

/// The app's own last native check of a domain, from the admin's network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NativeCheck {
    pub checked_at: String,
    pub verdict: String,
    pub summary: Option<String>,
    pub sources: Vec<SourceAnswer>,
    pub diagnostics: Vec<DiagnosticView>,
    /// When resolvers may stop serving a cached "no such record" (the check time plus the
    /// zone's negative-caching TTL).
    pub negative_cache_expires_at: Option<String>,
    pub next_check_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainView {
    pub id: String,
    pub parent_id: String,
    pub name: String,
    pub status: ssodesk_model::DomainStatus,
    pub txt_record: TxtRecordView,
    pub created_at: String,
    pub last_checked_at: Option<String>,
    pub verified_at: Option<String>,
    pub failure_reason: Option<String>,
    pub version: i64,
    pub check: Option<NativeCheck>,
}

impl From<DomainRow> for DomainView {
    fn from(row: DomainRow) -> DomainView {
        let domain = row.domain;
        let check = row.check.map(|check| {
            let report: Option<ssodesk_dns::CheckReport> = serde_json::from_value(check.report).ok();
            let negative_cache_expires_at = report.as_ref().and_then(|r| r.negative_cache_ttl).and_then(|ttl| {
                let at = ssodesk_model::parse_timestamp(&check.checked_at).ok()?;
                Some(ssodesk_model::format_timestamp(at + time::Duration::seconds(i64::from(ttl))))
            });
            NativeCheck {
                checked_at: check.checked_at,
                verdict: check.verdict,
                summary: report.as_ref().map(|r| r.summary.clone()),
                sources: report
                    .as_ref()
                    .map(|r| {
                        r.sources
                            .iter()
                            .map(|source| SourceAnswer {
                                kind: wire_name(&source.kind),
                                server: source.server.to_string(),
                                ns_name: source.ns_name.clone(),
                                state: wire_name(&source.state),
                                values: source.values.clone(),
                                ttl: source.ttl,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                diagnostics: report
                    .as_ref()
                    .map(|r| {
                        r.diagnostics
                            .iter()
                            .map(|d| DiagnosticView {
                                code: wire_name(&d.code),
                                message: d.message.clone(),
                                fix: d.fix.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                negative_cache_expires_at,
                next_check_at: check.next_check_at,
            }
        });
        let format = |at: Option<ssodesk_model::Timestamp>| at.map(ssodesk_model::format_timestamp);
        DomainView {
            id: domain.id,
            parent_id: domain.parent_id,
            name: domain.name,
            status: domain.status,
            txt_record: TxtRecordView { name: domain.txt_record.name, value: domain.txt_record.value },
            created_at: ssodesk_model::format_timestamp(domain.created_at),
            last_checked_at: format(domain.last_checked_at),
            verified_at: format(domain.verified_at),
            failure_reason: domain.failure_reason,
            version: domain.version,
            check,
        }
    }
}

/// The wire name of a report enum (`found`, `authoritative`, `record_at_apex`, …): the DNS crate's
/// serde names are the documented JSON, so the view repeats them rather than inventing others.
fn wire_name(value: &impl Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainsOfParent {
    pub parent_id: String,
    pub parent_name: String,
    pub can_manage: bool,
    pub disable_new_org_creation: bool,
    pub has_verified_domain: bool,
    pub domains: Vec<DomainView>,
}
