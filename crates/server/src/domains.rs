//! Company domains in the database, and the rule for how a DNS check changes one.
//!
//! Invariant: a name is verified by at most one parent (a unique index says so too), and a
//! domain only ever moves from `pending` to `verified` or to `failed`, never back.
//!
//! `version` grows when the status changes or an admin acts on the domain (verify). What the
//! background re-check observes without a change of status (`last_checked_at`, `failure_reason`)
//! is updated in place without a new version, so a re-check every few minutes does not turn an
//! admin's `If-Match` stale.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row};
use ssodesk_model::{Domain, DomainStatus, Timestamp, TxtRecord};

use crate::database::parse_stored_timestamp;
use crate::{Result, ServerError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DomainRow {
    pub id: String,
    pub parent_id: String,
    pub name: String,
    pub status: DomainStatus,
    pub txt_name: String,
    pub txt_value: String,
    pub created_at: Timestamp,
    pub last_checked_at: Option<Timestamp>,
    pub verified_at: Option<Timestamp>,
    pub failure_reason: Option<String>,
    pub version: i64,
}

impl DomainRow {
    pub fn view(&self) -> Domain {
        Domain {
            id: self.id.clone(),
            parent_id: self.parent_id.clone(),
            name: self.name.clone(),
            status: self.status,
            txt_record: TxtRecord { name: self.txt_name.clone(), value: self.txt_value.clone() },
            created_at: self.created_at,
            last_checked_at: self.last_checked_at,
            verified_at: self.verified_at,
            failure_reason: self.failure_reason.clone(),
            version: self.version,
        }
    }

    /// The domain as the audit log keeps it (a domain has no caller-specific fields).
    pub fn audit_json(&self) -> serde_json::Value {
        serde_json::to_value(self.view()).unwrap_or_default()
    }
}

/// What one DNS check of a domain concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CheckOutcome {
    /// Every authoritative nameserver serves the expected value.
    Verified,
    /// Not (yet) verified, and why, in words an admin can act on.
    NotVerified(String),
}

/// Who asked for the check whose outcome is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CheckedBy {
    /// An admin, through `POST /v1/domains/{id}/verify`: always a new version.
    Admin,
    /// The background re-check: a new version only when the status changes.
    Server,
}

/// A pending domain after a check: verified, still pending with the reason, or failed because it
/// stayed unverified longer than `pending_expiry` since it was added. `verified_elsewhere` says
/// whether another parent has verified the same name meanwhile, which keeps it pending.
pub(crate) fn after_check(
    domain: &DomainRow,
    outcome: &CheckOutcome,
    checked_at: Timestamp,
    pending_expiry: Duration,
    verified_elsewhere: bool,
    checked_by: CheckedBy,
) -> DomainRow {
    debug_assert_eq!(domain.status, DomainStatus::Pending);
    let mut updated = DomainRow { last_checked_at: Some(checked_at), ..domain.clone() };
    let reason = match outcome {
        CheckOutcome::Verified if !verified_elsewhere => {
            updated.status = DomainStatus::Verified;
            updated.verified_at = Some(checked_at);
            updated.failure_reason = None;
            None
        }
        CheckOutcome::Verified => Some(format!(
            "The TXT record is published, but another parent organization has verified {} already; a domain can be verified by one parent organization only.",
            domain.name
        )),
        CheckOutcome::NotVerified(reason) => Some(reason.clone()),
    };
    if let Some(reason) = reason {
        if is_expired(domain, checked_at, pending_expiry) {
            updated.status = DomainStatus::Failed;
            updated.failure_reason = Some(format!(
                "Not verified within {} of being added; remove the domain and add it again for a new token. Last check: {reason}",
                describe_duration(pending_expiry)
            ));
        } else {
            updated.failure_reason = Some(reason);
        }
    }
    if checked_by == CheckedBy::Admin || updated.status != domain.status {
        updated.version += 1;
    }
    updated
}

fn is_expired(domain: &DomainRow, now: Timestamp, pending_expiry: Duration) -> bool {
    let age = now - domain.created_at;
    age.is_positive() && age.unsigned_abs() > pending_expiry
}

/// "30 days", "2 hours", "1 second": the largest whole unit, for messages.
pub(crate) fn describe_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let (count, unit) = if seconds >= 86_400 && seconds.is_multiple_of(86_400) {
        (seconds / 86_400, "day")
    } else if seconds >= 3_600 && seconds.is_multiple_of(3_600) {
        (seconds / 3_600, "hour")
    } else if seconds >= 60 && seconds.is_multiple_of(60) {
        (seconds / 60, "minute")
    } else {
        (seconds, "second")
    };
    if count == 1 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
}

const DOMAIN_COLUMNS: &str = "id, parent_id, name, status, txt_name, txt_value, created_at, last_checked_at, \
                              verified_at, failure_reason, version";

type RawDomain =
    (String, String, String, String, String, String, String, Option<String>, Option<String>, Option<String>, i64);

fn raw_domain(row: &Row<'_>) -> rusqlite::Result<RawDomain> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
        row.get(10)?,
    ))
}

fn domain_from_raw(raw: RawDomain) -> Result<DomainRow> {
    let (
        id,
        parent_id,
        name,
        status,
        txt_name,
        txt_value,
        created_at,
        last_checked_at,
        verified_at,
        failure_reason,
        version,
    ) = raw;
    let optional_timestamp = |text: Option<String>| text.as_deref().map(parse_stored_timestamp).transpose();
    Ok(DomainRow {
        status: DomainStatus::parse(&status).ok_or_else(|| ServerError::corrupt("domain status", &status))?,
        created_at: parse_stored_timestamp(&created_at)?,
        last_checked_at: optional_timestamp(last_checked_at)?,
        verified_at: optional_timestamp(verified_at)?,
        id,
        parent_id,
        name,
        txt_name,
        txt_value,
        failure_reason,
        version,
    })
}

fn query_domains(
    connection: &Connection,
    sql_after_from: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<DomainRow>> {
    let mut statement = connection.prepare(&format!("SELECT {DOMAIN_COLUMNS} FROM domains {sql_after_from}"))?;
    let raws = statement.query_map(params, raw_domain)?.collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter().map(domain_from_raw).collect()
}

pub(crate) fn find_domain(connection: &Connection, id: &str) -> Result<Option<DomainRow>> {
    let raw = connection
        .query_row(&format!("SELECT {DOMAIN_COLUMNS} FROM domains WHERE id = ?1"), [id], raw_domain)
        .optional()?;
    raw.map(domain_from_raw).transpose()
}

/// The parent's domain called `name`, if it has one.
pub(crate) fn find_domain_by_name(connection: &Connection, parent_id: &str, name: &str) -> Result<Option<DomainRow>> {
    Ok(query_domains(connection, "WHERE parent_id = ?1 AND name = ?2", [parent_id, name])?.into_iter().next())
}

// Lists are in the order domains were added: by rowid, which grows with every insert. Not by
// `created_at`: RFC 3339 text with a varying number of fraction digits does not sort as time.

/// Every domain of a parent, oldest first.
pub(crate) fn domains_of_parent(connection: &Connection, parent_id: &str) -> Result<Vec<DomainRow>> {
    query_domains(connection, "WHERE parent_id = ?1 ORDER BY rowid", [parent_id])
}

/// Every pending domain of every parent, oldest first.
pub(crate) fn pending_domains(connection: &Connection) -> Result<Vec<DomainRow>> {
    query_domains(connection, "WHERE status = 'pending' ORDER BY rowid", [])
}

/// Whether a parent other than `parent_id` has verified `name`.
pub(crate) fn verified_by_another_parent(connection: &Connection, name: &str, parent_id: &str) -> Result<bool> {
    Ok(connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM domains WHERE name = ?1 AND status = 'verified' AND parent_id <> ?2)",
        [name, parent_id],
        |row| row.get(0),
    )?)
}

/// How many of the parent's domains are verified.
pub(crate) fn verified_domain_count(connection: &Connection, parent_id: &str) -> Result<i64> {
    Ok(connection.query_row(
        "SELECT COUNT(*) FROM domains WHERE parent_id = ?1 AND status = 'verified'",
        [parent_id],
        |row| row.get(0),
    )?)
}

pub(crate) fn has_verified_domain(connection: &Connection, parent_id: &str) -> Result<bool> {
    Ok(verified_domain_count(connection, parent_id)? > 0)
}

fn format_optional(at: Option<Timestamp>) -> Option<String> {
    at.map(ssodesk_model::format_timestamp)
}

pub(crate) fn insert_domain(connection: &Connection, domain: &DomainRow) -> Result<()> {
    connection.execute(
        &format!("INSERT INTO domains ({DOMAIN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        rusqlite::params![
            domain.id,
            domain.parent_id,
            domain.name,
            domain.status.as_str(),
            domain.txt_name,
            domain.txt_value,
            ssodesk_model::format_timestamp(domain.created_at),
            format_optional(domain.last_checked_at),
            format_optional(domain.verified_at),
            domain.failure_reason,
            domain.version,
        ],
    )?;
    Ok(())
}

/// Writes what a check changed (status, timestamps, reason, version), if the row is still at
/// `expected_version`. Returns whether it was.
pub(crate) fn update_checked_domain(
    connection: &Connection,
    domain: &DomainRow,
    expected_version: i64,
) -> Result<bool> {
    let changed = connection.execute(
        "UPDATE domains SET status = ?2, last_checked_at = ?3, verified_at = ?4, failure_reason = ?5, version = ?6
         WHERE id = ?1 AND version = ?7",
        rusqlite::params![
            domain.id,
            domain.status.as_str(),
            format_optional(domain.last_checked_at),
            format_optional(domain.verified_at),
            domain.failure_reason,
            domain.version,
            expected_version,
        ],
    )?;
    Ok(changed == 1)
}

pub(crate) fn delete_domain(connection: &Connection, id: &str) -> Result<()> {
    connection.execute("DELETE FROM domains WHERE id = ?1", [id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Duration = Duration::from_secs(86_400);

    fn pending(created_at: Timestamp) -> DomainRow {
        DomainRow {
            id: "dom_aaaaaaaaaaaaaaaaaaaa".into(),
            parent_id: "par_aaaaaaaaaaaaaaaaaaaa".into(),
            name: "acme.test".into(),
            status: DomainStatus::Pending,
            txt_name: "acme.test".into(),
            txt_value: "ssodesk-verification=00".into(),
            created_at,
            last_checked_at: None,
            verified_at: None,
            failure_reason: None,
            version: 1,
        }
    }

    fn at(text: &str) -> Timestamp {
        ssodesk_model::parse_timestamp(text).unwrap()
    }

    #[test]
    fn a_check_verifies_keeps_pending_or_fails_after_the_expiry() {
        let domain = pending(at("2026-01-01T00:00:00Z"));
        let missing = CheckOutcome::NotVerified("No nameserver has it.".into());

        let day_later = at("2026-01-02T00:00:00Z");
        let verified = after_check(&domain, &CheckOutcome::Verified, day_later, 30 * DAY, false, CheckedBy::Server);
        assert_eq!(verified.status, DomainStatus::Verified);
        assert_eq!(verified.verified_at, Some(day_later));
        assert_eq!(verified.failure_reason, None);
        assert_eq!(verified.version, 2, "a status change is a new version");

        let still = after_check(&domain, &missing, day_later, 30 * DAY, false, CheckedBy::Server);
        assert_eq!(still.status, DomainStatus::Pending);
        assert_eq!(still.failure_reason.as_deref(), Some("No nameserver has it."));
        assert_eq!(still.last_checked_at, Some(day_later));
        assert_eq!(still.version, 1, "the server's observation is not a new version");
        let by_admin = after_check(&domain, &missing, day_later, 30 * DAY, false, CheckedBy::Admin);
        assert_eq!(by_admin.version, 2, "an admin's verify is");

        // Exactly 30 days is still in time; a second more is not.
        let at_limit = at("2026-01-31T00:00:00Z");
        assert_eq!(
            after_check(&domain, &missing, at_limit, 30 * DAY, false, CheckedBy::Server).status,
            DomainStatus::Pending
        );
        let late = at("2026-01-31T00:00:01Z");
        let failed = after_check(&domain, &missing, late, 30 * DAY, false, CheckedBy::Server);
        assert_eq!(failed.status, DomainStatus::Failed);
        assert_eq!(failed.version, 2);
        let reason = failed.failure_reason.unwrap();
        assert!(reason.contains("30 days") && reason.contains("No nameserver has it."), "{reason}");
        // A record that shows up late still verifies.
        assert_eq!(
            after_check(&domain, &CheckOutcome::Verified, late, 30 * DAY, false, CheckedBy::Server).status,
            DomainStatus::Verified
        );
    }

    #[test]
    fn a_name_verified_by_another_parent_stays_pending() {
        let domain = pending(at("2026-01-01T00:00:00Z"));
        let after =
            after_check(&domain, &CheckOutcome::Verified, at("2026-01-01T01:00:00Z"), DAY, true, CheckedBy::Admin);
        assert_eq!(after.status, DomainStatus::Pending);
        assert!(after.failure_reason.unwrap().contains("another parent organization"));
    }

    #[test]
    fn durations_read_in_their_largest_whole_unit() {
        assert_eq!(describe_duration(30 * DAY), "30 days");
        assert_eq!(describe_duration(Duration::from_secs(7200)), "2 hours");
        assert_eq!(describe_duration(Duration::from_secs(60)), "1 minute");
        assert_eq!(describe_duration(Duration::from_secs(90)), "90 seconds");
        assert_eq!(describe_duration(Duration::from_millis(1500)), "1 second");
    }
}
