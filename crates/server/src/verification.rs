//! Checking a domain's TXT record with `ssodesk-dns`, and saying in words why it is not verified.
//!
//! Invariant: a check never fails. A DNS error, a timeout, a resolver configuration that cannot
//! be read or a name that no longer parses all become a [`CheckOutcome::NotVerified`] reason, so
//! `POST /v1/domains/{id}/verify` answers with the domain, never a 500 because of DNS.

use std::sync::Arc;
use std::time::Duration;

use ssodesk_dns::{CheckConfig, CheckReport, CheckRequest, DnsChecker, DomainName, RecordName, Verdict};

use tokio::sync::Semaphore;
use tokio::task::{AbortHandle, JoinHandle};

use crate::domains::{CheckOutcome, DomainRow};

/// The longest failure reason stored, in characters; longer ones are cut with an ellipsis.
const MAX_REASON_CHARS: usize = 1_000;

/// Extra time allowed beyond the checker's own deadline before a check is given up on.
const DEADLINE_SLACK: Duration = Duration::from_secs(2);

/// Checks domains against the configured resolvers, and knows how long a domain may stay pending.
#[derive(Debug)]
pub(crate) struct Verifier {
    /// The checker, or why none could be made (the system resolver configuration is unreadable).
    checker: Result<DnsChecker, String>,
    /// How long one check may take, slack included.
    deadline: Duration,
    max_concurrent_checks: usize,
    pending_expiry: Duration,
}

impl Verifier {
    pub fn new(config: &CheckConfig, pending_expiry: Duration) -> Verifier {
        let checker = DnsChecker::new(config.clone()).map_err(|error| {
            tracing::warn!(%error, "domains cannot be checked until the DNS configuration is fixed");
            error.to_string()
        });
        Verifier {
            checker,
            deadline: config.deadline + DEADLINE_SLACK,
            max_concurrent_checks: config.max_concurrent_checks.max(1),
            pending_expiry,
        }
    }

    /// How long a domain may stay pending before it fails.
    pub fn pending_expiry(&self) -> Duration {
        self.pending_expiry
    }

    /// Checks one domain now.
    pub async fn check(&self, domain: &DomainRow) -> CheckOutcome {
        self.check_many(std::slice::from_ref(domain))
            .await
            .pop()
            .unwrap_or_else(|| CheckOutcome::NotVerified("The DNS check did not run; try again.".to_owned()))
    }

    /// Checks several domains, at most the checker's `max_concurrent_checks` at once; the
    /// outcomes are in the order of `domains`.
    pub async fn check_many(&self, domains: &[DomainRow]) -> Vec<CheckOutcome> {
        let checker = match &self.checker {
            Ok(checker) => checker,
            Err(reason) => {
                let reason = format!("The server cannot check DNS: {reason}.");
                return domains.iter().map(|_| CheckOutcome::NotVerified(reason.clone())).collect();
            }
        };
        // Checks run in waves of `max_concurrent_checks`, each bounded by the checker's deadline;
        // past that the round gives up on what is still running.
        let waves = u32::try_from(domains.len().div_ceil(self.max_concurrent_checks)).unwrap_or(u32::MAX).max(1);
        let round_deadline = tokio::time::Instant::now() + self.deadline.saturating_mul(waves);
        let limit = Arc::new(Semaphore::new(self.max_concurrent_checks));
        // Each check runs on its own task, owning what it needs.
        let tasks: Vec<Result<JoinHandle<CheckReport>, String>> = domains
            .iter()
            .map(|domain| {
                let request = check_request(domain)?;
                let (checker, limit) = (checker.clone(), Arc::clone(&limit));
                Ok(tokio::spawn(async move {
                    let _permit = limit.acquire_owned().await;
                    checker.check(&request).await
                }))
            })
            .collect();
        // Stopping the round (the server shuts down) stops its checks too.
        let _abort_on_drop = AbortOnDrop(tasks.iter().flatten().map(JoinHandle::abort_handle).collect());
        let mut outcomes = Vec::with_capacity(tasks.len());
        for task in tasks {
            let outcome = match task {
                Err(reason) => CheckOutcome::NotVerified(reason),
                Ok(handle) => {
                    let abort = handle.abort_handle();
                    match tokio::time::timeout_at(round_deadline, handle).await {
                        Ok(Ok(report)) => outcome_of(&report),
                        Ok(Err(error)) => {
                            tracing::error!(%error, "a DNS check task failed");
                            CheckOutcome::NotVerified("The DNS check failed on the server; try again.".to_owned())
                        }
                        Err(_) => {
                            abort.abort();
                            CheckOutcome::NotVerified("The DNS check did not finish in time; try again.".to_owned())
                        }
                    }
                }
            };
            outcomes.push(outcome);
        }
        outcomes
    }
}

/// Aborts the tasks when dropped.
struct AbortOnDrop(Vec<AbortHandle>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// What to ask for: the stored name and the record the admin was told to publish (kept as it was
/// told, even if the Public Suffix List changes later).
fn check_request(domain: &DomainRow) -> Result<CheckRequest, String> {
    let name =
        DomainName::parse(&domain.name).map_err(|error| format!("The domain name cannot be checked: {error}."))?;
    let record_name =
        RecordName::parse(&domain.txt_name).map_err(|error| format!("The record name cannot be checked: {error}."))?;
    Ok(CheckRequest::new(name, domain.txt_value.clone()).with_record_name(record_name))
}

pub(crate) fn outcome_of(report: &CheckReport) -> CheckOutcome {
    match failure_reason(report) {
        None => CheckOutcome::Verified,
        Some(reason) => CheckOutcome::NotVerified(reason),
    }
}

/// Why `report` does not verify the domain, in one or two sentences; `None` when it does.
///
/// Propagating names the nameservers that lack the record; not published names the record and,
/// when the check recognised a mistake, the first one with its fix; an error repeats the check's
/// own summary (which server failed how).
pub(crate) fn failure_reason(report: &CheckReport) -> Option<String> {
    let reason = match report.verdict {
        Verdict::Verified => return None,
        Verdict::Propagating => {
            let with = report.nameservers_with_record.len();
            let total = with + report.nameservers_without_record.len();
            let lacking = report.nameservers_without_record.join(", ");
            let has = if with == 1 { "has" } else { "have" };
            let lacks = if report.nameservers_without_record.len() == 1 { "lacks" } else { "lack" };
            format!(
                "{with} of {total} nameservers {has} the record ({lacking} {lacks} it); wait for the change to reach every nameserver."
            )
        }
        Verdict::NotPublished => {
            let zone = report.zone.as_deref().map(|zone| format!(" of {zone}")).unwrap_or_default();
            let mut text = format!(
                "No authoritative nameserver{zone} has the TXT record {} with the expected value yet.",
                report.record_name
            );
            if let Some(diagnostic) = report.diagnostics.first() {
                text.push(' ');
                text.push_str(&sentence(&diagnostic.message));
                text.push(' ');
                text.push_str(&sentence(&diagnostic.fix));
            }
            text
        }
        Verdict::Error => sentence(&report.summary),
    };
    Some(truncate(reason))
}

fn sentence(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.ends_with(['.', '!', '?']) {
        trimmed.to_owned()
    } else {
        format!("{trimmed}.")
    }
}

fn truncate(text: String) -> String {
    if text.chars().count() <= MAX_REASON_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_REASON_CHARS - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use ssodesk_dns::{Diagnostic, DiagnosticCode};

    use super::*;

    fn report(verdict: Verdict) -> CheckReport {
        CheckReport {
            domain: "acme.test".into(),
            record_name: "acme.test".into(),
            expected: "ssodesk-verification=00".into(),
            verdict,
            summary: "No authoritative nameserver of acme.test gave an answer: ns1.acme.test (timeout at 127.0.0.1:53)"
                .into(),
            zone: Some("acme.test".into()),
            nameservers_with_record: Vec::new(),
            nameservers_without_record: Vec::new(),
            negative_cache_ttl: None,
            sources: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn verified_has_no_reason() {
        assert_eq!(failure_reason(&report(Verdict::Verified)), None);
        assert_eq!(outcome_of(&report(Verdict::Verified)), CheckOutcome::Verified);
    }

    #[test]
    fn propagating_names_the_nameservers_that_lack_the_record() {
        let mut propagating = report(Verdict::Propagating);
        propagating.nameservers_with_record = vec!["ns1.acme.test".into()];
        propagating.nameservers_without_record = vec!["ns2.acme.test".into()];
        let reason = failure_reason(&propagating).unwrap();
        assert!(reason.starts_with("1 of 2 nameservers has the record (ns2.acme.test lacks it)"), "{reason}");

        propagating.nameservers_with_record.push("ns3.acme.test".into());
        propagating.nameservers_without_record.push("ns4.acme.test".into());
        let reason = failure_reason(&propagating).unwrap();
        assert!(
            reason.starts_with("2 of 4 nameservers have the record (ns2.acme.test, ns4.acme.test lack it)"),
            "{reason}"
        );
    }

    #[test]
    fn not_published_names_the_record_and_the_first_diagnostic_with_its_fix() {
        let mut missing = report(Verdict::NotPublished);
        assert_eq!(
            failure_reason(&missing).unwrap(),
            "No authoritative nameserver of acme.test has the TXT record acme.test with the expected value yet."
        );
        missing.diagnostics.push(Diagnostic {
            code: DiagnosticCode::QuotedValue,
            message: "The value is wrapped in quotes".into(),
            fix: "Remove the quotes.".into(),
        });
        let reason = failure_reason(&missing).unwrap();
        assert!(reason.ends_with("The value is wrapped in quotes. Remove the quotes."), "{reason}");
    }

    #[test]
    fn an_error_repeats_the_summary_and_long_reasons_are_cut() {
        let reason = failure_reason(&report(Verdict::Error)).unwrap();
        assert!(reason.contains("timeout at 127.0.0.1:53") && reason.ends_with('.'), "{reason}");
        let mut long = report(Verdict::Error);
        long.summary = "x".repeat(5_000);
        let reason = failure_reason(&long).unwrap();
        assert_eq!(reason.chars().count(), MAX_REASON_CHARS);
        assert!(reason.ends_with('…'));
    }
}
