//! The background re-check: every interval, check the DNS of every pending domain, verify those
//! whose record every authoritative nameserver serves, and fail those pending for too long.
//!
//! Invariant: the task is owned by the [`RunningServer`](crate::RunningServer) and stops with it
//! (its cancellation token), also in the middle of a round of checks. Each domain's outcome is
//! written in its own transaction, and only if nobody changed the domain while it was checked.
//! A change of status is recorded in the audit log with the actor `system`.

use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};
use ssodesk_model::{DomainStatus, Timestamp};
use tokio_util::sync::CancellationToken;

use crate::audit::{self, AuditActor, NewAuditEvent};
use crate::database::now;
use crate::domains::{
    after_check, find_domain, pending_domains, update_checked_domain, verified_by_another_parent, CheckOutcome,
    CheckedBy, DomainRow,
};
use crate::verification::Verifier;
use crate::{Database, Result};

/// Re-checks pending domains every `interval` until `cancel` is cancelled. The first round runs
/// one interval after the start.
pub(crate) async fn run(db: Database, verifier: Arc<Verifier>, interval: Duration, cancel: CancellationToken) {
    let interval = interval.max(MIN_INTERVAL);
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    // A round that takes longer than the interval delays the next one instead of bunching them.
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = cancel.cancelled() => break,
            _ = ticker.tick() => {}
        }
        tokio::select! {
            () = cancel.cancelled() => break,
            result = recheck_pending(&db, &verifier) => match result {
                Ok(changed) if changed > 0 => tracing::info!(changed, "re-checked pending domains"),
                Ok(_) => tracing::debug!("re-checked pending domains; no status changed"),
                Err(error) => tracing::error!(%error, "the re-check of pending domains failed"),
            },
        }
    }
    tracing::debug!("the re-check of pending domains stopped");
}

/// The shortest interval accepted, so a zero cannot spin.
pub(crate) const MIN_INTERVAL: Duration = Duration::from_millis(50);

/// One round: checks every pending domain and records the outcomes. Returns how many domains
/// changed status.
pub(crate) async fn recheck_pending(db: &Database, verifier: &Verifier) -> Result<usize> {
    let pending = db.call(|connection| pending_domains(connection)).await??;
    if pending.is_empty() {
        return Ok(0);
    }
    let outcomes = verifier.check_many(&pending).await;
    let checked_at = now();
    let pending_expiry = verifier.pending_expiry();
    db.call(move |connection| {
        let mut changed = 0;
        for (domain, outcome) in pending.iter().zip(&outcomes) {
            if record_outcome(connection, domain, outcome, checked_at, pending_expiry)? {
                changed += 1;
            }
        }
        Ok(changed)
    })
    .await?
}

/// Records what the check of `checked` found, unless the domain changed since it was read.
/// Returns whether its status changed.
fn record_outcome(
    connection: &mut Connection,
    checked: &DomainRow,
    outcome: &CheckOutcome,
    checked_at: Timestamp,
    pending_expiry: Duration,
) -> Result<bool> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(current) = find_domain(&transaction, &checked.id)? else { return Ok(false) };
    if current.status != DomainStatus::Pending || current.version != checked.version {
        // Removed, verified or checked by an admin meanwhile: their word is newer.
        return Ok(false);
    }
    let verified_elsewhere = verified_by_another_parent(&transaction, &current.name, &current.parent_id)?;
    let updated = after_check(&current, outcome, checked_at, pending_expiry, verified_elsewhere, CheckedBy::Server);
    update_checked_domain(&transaction, &updated, current.version)?;
    let status_changed = updated.status != current.status;
    if status_changed {
        let action = match updated.status {
            DomainStatus::Verified => "domain.verify",
            DomainStatus::Failed | DomainStatus::Pending => "domain.expire",
        };
        audit::append(
            &transaction,
            &NewAuditEvent {
                parent_id: &current.parent_id,
                actor: AuditActor::System,
                action,
                resource_type: "domain",
                resource_id: &current.id,
                before: Some(current.audit_json()),
                after: Some(updated.audit_json()),
            },
        )?;
        tracing::info!(domain = %current.name, status = updated.status.as_str(), "a pending domain changed status");
    }
    transaction.commit()?;
    Ok(status_changed)
}
