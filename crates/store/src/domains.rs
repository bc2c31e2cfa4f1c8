//! Company domains as the backend last said, and the app's last native DNS check of each.

use rusqlite::{params, OptionalExtension, Row};
use ssodesk_model::{Domain, DomainStatus, TxtRecord};

use crate::{Result, Store, StoreError};

/// The app's last native check of one domain: what the DNS check reported, and when to look again.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainCheckRow {
    pub domain_id: String,
    pub checked_at: String,
    pub verdict: String,
    /// The check's full report (every source's answer, the diagnostics), as the DNS crate wrote it.
    pub report: serde_json::Value,
    pub failed_checks: i64,
    pub next_check_at: Option<String>,
}

/// A domain with the app's last native check of it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainRow {
    pub domain: Domain,
    pub check: Option<DomainCheckRow>,
}

const DOMAIN_COLUMNS: &str = "d.id, d.parent_id, d.name, d.status, d.txt_name, d.txt_value, d.created_at,
     d.last_checked_at, d.verified_at, d.failure_reason, d.version,
     c.checked_at, c.verdict, c.report_json, c.failed_checks, c.next_check_at";

fn timestamp(text: Option<String>) -> Result<Option<ssodesk_model::Timestamp>> {
    text.map(|t| ssodesk_model::parse_timestamp(&t).map_err(|e| StoreError::corrupt("domain timestamp", e))).transpose()
}

fn domain_from_row(row: &Row<'_>) -> rusqlite::Result<Result<DomainRow>> {
    let raw = (
        row.get::<_, String>(0)?,
        row.get::<_, String>(1)?,
        row.get::<_, String>(2)?,
        row.get::<_, String>(3)?,
        row.get::<_, String>(4)?,
        row.get::<_, String>(5)?,
        row.get::<_, String>(6)?,
        row.get::<_, Option<String>>(7)?,
        row.get::<_, Option<String>>(8)?,
        row.get::<_, Option<String>>(9)?,
        row.get::<_, i64>(10)?,
    );
    let check = (
        row.get::<_, Option<String>>(11)?,
        row.get::<_, Option<String>>(12)?,
        row.get::<_, Option<String>>(13)?,
        row.get::<_, Option<i64>>(14)?,
        row.get::<_, Option<String>>(15)?,
    );
    let build = move || -> Result<DomainRow> {
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
        let status = DomainStatus::parse(&status).ok_or_else(|| StoreError::corrupt("domain status", &status))?;
        let domain = Domain {
            created_at: timestamp(Some(created_at))?.expect("present"),
            last_checked_at: timestamp(last_checked_at)?,
            verified_at: timestamp(verified_at)?,
            id: id.clone(),
            parent_id,
            name,
            status,
            txt_record: TxtRecord { name: txt_name, value: txt_value },
            failure_reason,
            version,
        };
        let check = match check {
            (Some(checked_at), Some(verdict), Some(report_json), failed_checks, next_check_at) => {
                Some(DomainCheckRow {
                    domain_id: id,
                    checked_at,
                    verdict,
                    report: serde_json::from_str(&report_json).map_err(|e| StoreError::corrupt("domain check", e))?,
                    failed_checks: failed_checks.unwrap_or(0),
                    next_check_at,
                })
            }
            _ => None,
        };
        Ok(DomainRow { domain, check })
    };
    Ok(build())
}

pub(crate) fn upsert_domain(tx: &rusqlite::Transaction<'_>, domain: &Domain) -> Result<()> {
    let format = |at: Option<ssodesk_model::Timestamp>| at.map(ssodesk_model::format_timestamp);
    tx.execute(
        "INSERT INTO domains (id, parent_id, name, status, txt_name, txt_value, created_at, last_checked_at,
             verified_at, failure_reason, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
             status = excluded.status, txt_name = excluded.txt_name, txt_value = excluded.txt_value,
             created_at = excluded.created_at, last_checked_at = excluded.last_checked_at,
             verified_at = excluded.verified_at, failure_reason = excluded.failure_reason,
             version = excluded.version",
        params![
            domain.id,
            domain.parent_id,
            domain.name,
            domain.status.as_str(),
            domain.txt_record.name,
            domain.txt_record.value,
            ssodesk_model::format_timestamp(domain.created_at),
            format(domain.last_checked_at),
            format(domain.verified_at),
            domain.failure_reason,
            domain.version,
        ],
    )?;
    Ok(())
}

impl Store {
    /// Records a domain as the backend returned it (after an add, a verify, or a pull).
    pub fn put_domain(&self, domain: &Domain) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        upsert_domain(&tx, domain)?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets a domain the backend removed.
    pub fn remove_domain(&self, domain_id: &str) -> Result<()> {
        self.conn().execute("DELETE FROM domains WHERE id = ?1", [domain_id])?;
        Ok(())
    }

    /// The domains of a parent, by name, each with the app's last native check.
    pub fn domains(&self, parent_id: &str) -> Result<Vec<DomainRow>> {
        self.conn()
            .prepare(&format!(
                "SELECT {DOMAIN_COLUMNS} FROM domains d LEFT JOIN domain_checks c ON c.domain_id = d.id
                 WHERE d.parent_id = ?1 ORDER BY d.name"
            ))?
            .query_map([parent_id], domain_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect()
    }

    pub fn domain(&self, domain_id: &str) -> Result<DomainRow> {
        self.conn()
            .query_row(
                &format!(
                    "SELECT {DOMAIN_COLUMNS} FROM domains d LEFT JOIN domain_checks c ON c.domain_id = d.id
                     WHERE d.id = ?1"
                ),
                [domain_id],
                domain_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "domain", id: domain_id.to_owned() })?
    }

    /// Pending domains whose next background check is due at `now` (RFC 3339), oldest check first.
    pub fn domains_due_for_check(&self, now: &str) -> Result<Vec<DomainRow>> {
        self.conn()
            .prepare(&format!(
                "SELECT {DOMAIN_COLUMNS} FROM domains d LEFT JOIN domain_checks c ON c.domain_id = d.id
                 WHERE d.status = 'pending' AND (c.next_check_at IS NULL OR c.next_check_at <= ?1)
                 ORDER BY c.checked_at NULLS FIRST, d.name"
            ))?
            .query_map([now], domain_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect()
    }

    /// Records a native check of a domain. `verified` resets the back-off; anything else counts
    /// one more failed check.
    pub fn record_domain_check(
        &self,
        domain_id: &str,
        verdict: &str,
        report: &serde_json::Value,
        next_check_at: Option<&str>,
    ) -> Result<DomainCheckRow> {
        let report_json = serde_json::to_string(report).map_err(|e| StoreError::corrupt("domain check", e))?;
        let verified = verdict == "verified";
        self.conn().execute(
            "INSERT INTO domain_checks (domain_id, checked_at, verdict, report_json, failed_checks, next_check_at)
             VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 THEN 0 ELSE 1 END, ?6)
             ON CONFLICT (domain_id) DO UPDATE SET checked_at = excluded.checked_at, verdict = excluded.verdict,
                 report_json = excluded.report_json, next_check_at = excluded.next_check_at,
                 failed_checks = CASE WHEN ?5 THEN 0 ELSE domain_checks.failed_checks + 1 END",
            params![domain_id, crate::now_text(), verdict, report_json, verified, next_check_at],
        )?;
        self.domain(domain_id)?.check.ok_or_else(|| StoreError::corrupt("domain check", "not written"))
    }
}
