//! Domain verification from the app's side: adding and removing domains at the backend, native
//! DNS checks from the admin's own network, and the background watch that re-checks pending
//! domains with back-off and asks the backend to verify a domain the moment every authoritative
//! nameserver serves its record.

use std::sync::Arc;
use std::time::Duration;

use ssodesk_client::{ApiClient, Backoff};
use ssodesk_dns::{CheckReport, CheckRequest, DnsChecker, DomainName, RecordName};
use ssodesk_model::DomainStatus;
use ssodesk_store::{DomainRow, Store};
use time::OffsetDateTime;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::view::DomainView;
use crate::{DeskError, DeskEvent, DomainVerified, Result};

/// How often the watch looks for pending domains whose next check is due.
pub const DEFAULT_WATCH_TICK: Duration = Duration::from_secs(15);
/// The first re-check of a domain that did not verify waits this long; each further one doubles.
pub const DEFAULT_RECHECK_BASE: Duration = Duration::from_secs(30);
/// No re-check waits longer than this: a record published now is seen within half an hour.
pub const DEFAULT_RECHECK_CAP: Duration = Duration::from_secs(30 * 60);

#[derive(Debug, Clone, Copy)]
pub struct DomainWatchConfig {
    pub tick: Duration,
    pub recheck: Backoff,
}

impl Default for DomainWatchConfig {
    fn default() -> DomainWatchConfig {
        DomainWatchConfig {
            tick: DEFAULT_WATCH_TICK,
            recheck: Backoff { base: DEFAULT_RECHECK_BASE, cap: DEFAULT_RECHECK_CAP },
        }
    }
}

/// What the admin typed, normalised, and where its record goes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainNameCheck {
    pub normalized: String,
    pub record_name: String,
    pub is_subdomain: bool,
}

/// Normalises a domain name as the backend will (lowercase, punycode, no trailing dot).
pub fn validate_domain_name(name: &str) -> Result<DomainNameCheck> {
    let domain = parse_domain(name)?;
    Ok(DomainNameCheck {
        record_name: domain.verification_record_name().as_str().to_owned(),
        is_subdomain: !domain.is_registrable(),
        normalized: domain.as_str().to_owned(),
    })
}

pub(crate) fn parse_domain(name: &str) -> Result<DomainName> {
    DomainName::parse(name).map_err(|e| DeskError::InvalidInput { field: "name", message: e.to_string() })
}

/// Checks one cached domain natively and records the report. The next background check is
/// scheduled with back-off unless the record was found everywhere.
pub(crate) async fn check_and_record(
    store: &Store,
    dns: &DnsChecker,
    recheck: Backoff,
    row: &DomainRow,
) -> Result<(CheckReport, DomainRow)> {
    let domain = parse_domain(&row.domain.name)?;
    let record_name = RecordName::parse(&row.domain.txt_record.name)
        .map_err(|e| DeskError::BackendData(format!("an unusable TXT record name: {e}")))?;
    let request = CheckRequest::new(domain, row.domain.txt_record.value.clone()).with_record_name(record_name);
    let report = dns.check(&request).await;
    Ok((report.clone(), record(store, recheck, row, &report)?))
}

fn record(store: &Store, recheck: Backoff, row: &DomainRow, report: &CheckReport) -> Result<DomainRow> {
    let verdict = serde_json::to_value(report.verdict)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "error".into());
    let failed = row.check.as_ref().map_or(0, |check| check.failed_checks);
    let next_check_at = (verdict != "verified").then(|| {
        let attempt = u32::try_from(failed).unwrap_or(u32::MAX);
        let delay = recheck.ceiling(attempt);
        ssodesk_model::format_timestamp(OffsetDateTime::now_utc() + delay)
    });
    let json = serde_json::to_value(report).map_err(|e| DeskError::BackendData(e.to_string()))?;
    store.record_domain_check(&row.domain.id, &verdict, &json, next_check_at.as_deref())?;
    Ok(store.domain(&row.domain.id)?)
}

/// Asks the backend to verify a domain and records its answer. Reports a domain that became
/// verified through `on_event`.
pub(crate) async fn verify_at_backend(
    store: &Store,
    api: &ApiClient,
    domain_id: &str,
    on_event: &(dyn Fn(DeskEvent) + Send + Sync),
) -> Result<DomainView> {
    let before = store.domain(domain_id)?;
    let key = hex::encode(rand::random::<[u8; 16]>());
    let domain = api.verify_domain(domain_id, &key).await?;
    store.put_domain(&domain)?;
    on_event(DeskEvent::CacheChanged);
    if before.domain.status != DomainStatus::Verified && domain.status == DomainStatus::Verified {
        on_event(DeskEvent::DomainVerified(DomainVerified { domain_id: domain.id.clone(), name: domain.name.clone() }));
    }
    Ok(DomainView::from(store.domain(domain_id)?))
}

/// Owns the background domain watch; dropping it stops the watch.
#[derive(Debug)]
pub(crate) struct DomainWatchHandle {
    wake: Arc<Notify>,
    cancel: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl DomainWatchHandle {
    /// Starts watching the cache's pending domains.
    pub fn spawn(
        store: Arc<Store>,
        api: ApiClient,
        dns: DnsChecker,
        config: DomainWatchConfig,
        on_event: Arc<dyn Fn(DeskEvent) + Send + Sync>,
    ) -> DomainWatchHandle {
        let wake = Arc::new(Notify::new());
        let cancel = CancellationToken::new();
        let task = tokio::spawn(watch(store, api, dns, config, on_event, wake.clone(), cancel.clone()));
        DomainWatchHandle { wake, cancel, task }
    }

    /// Looks at the pending domains now (a domain was added).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

impl Drop for DomainWatchHandle {
    fn drop(&mut self) {
        self.cancel.cancel();
        self.task.abort();
    }
}

async fn watch(
    store: Arc<Store>,
    api: ApiClient,
    dns: DnsChecker,
    config: DomainWatchConfig,
    on_event: Arc<dyn Fn(DeskEvent) + Send + Sync>,
    wake: Arc<Notify>,
    cancel: CancellationToken,
) {
    loop {
        let now = ssodesk_model::format_timestamp(OffsetDateTime::now_utc());
        match store.domains_due_for_check(&now) {
            Ok(due) => {
                for row in due {
                    if cancel.is_cancelled() {
                        return;
                    }
                    match check_and_record(&store, &dns, config.recheck, &row).await {
                        Ok((report, _)) => {
                            on_event(DeskEvent::CacheChanged);
                            if report.verdict == ssodesk_dns::Verdict::Verified {
                                if let Err(error) =
                                    verify_at_backend(&store, &api, &row.domain.id, on_event.as_ref()).await
                                {
                                    tracing::info!(%error, domain = %row.domain.name, "the backend could not verify yet");
                                }
                            }
                        }
                        Err(error) => tracing::warn!(%error, domain = %row.domain.name, "native check failed"),
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "cannot read pending domains from the cache"),
        }
        tokio::select! {
            () = cancel.cancelled() => return,
            () = wake.notified() => {}
            () = tokio::time::sleep(config.tick) => {}
        }
    }
}
