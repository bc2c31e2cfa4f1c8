//! The certificate watch: every IdP signing certificate the app knows (configured on the backend,
//! published at the IdP's metadata URL), compared three ways, checked against each connection's
//! expiry policy, and the background job that refreshes metadata URLs and sends each expiry
//! notification once.
//!
//! Invariants:
//! - A notification is decided and recorded in the cache before it is reported (see
//!   `Store::record_notified`), so a crash between the two loses a notification rather than
//!   repeating one, and a restart never repeats one.
//! - The clock is injected ([`Clock`]); nothing here reads the system time directly.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use ssodesk_fetch::Fetcher;
use ssodesk_model::{CertificateRole, SsoConnection};
use ssodesk_saml::CertificateFlag;
use ssodesk_store::{ExpiryPolicyRow, Store};
use time::OffsetDateTime;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::expiry::{ExpiryPolicy, Severity, Threshold, Validity};
use crate::sso::parse_pem;
use crate::{DeskError, DeskEvent, Result};

/// The time as the watch sees it.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(OffsetDateTime::now_utc)
}

/// How often the watch runs.
pub const DEFAULT_WATCH_TICK: Duration = Duration::from_secs(60 * 60);
/// How often a metadata URL is fetched again after a successful fetch.
pub const DEFAULT_METADATA_REFRESH: Duration = Duration::from_secs(6 * 60 * 60);
/// How soon a failed metadata fetch is tried again.
pub const DEFAULT_METADATA_RETRY: Duration = Duration::from_secs(15 * 60);

#[derive(Clone)]
pub struct CertificateWatchConfig {
    pub tick: Duration,
    pub metadata_refresh: Duration,
    pub metadata_retry: Duration,
    pub clock: Clock,
}

impl std::fmt::Debug for CertificateWatchConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateWatchConfig")
            .field("tick", &self.tick)
            .field("metadata_refresh", &self.metadata_refresh)
            .field("metadata_retry", &self.metadata_retry)
            .finish_non_exhaustive()
    }
}

impl Default for CertificateWatchConfig {
    fn default() -> CertificateWatchConfig {
        CertificateWatchConfig {
            tick: DEFAULT_WATCH_TICK,
            metadata_refresh: DEFAULT_METADATA_REFRESH,
            metadata_retry: DEFAULT_METADATA_RETRY,
            clock: system_clock(),
        }
    }
}

/// A certificate crossed a threshold of its connection's policy: notify once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateAlert {
    pub parent_id: String,
    pub parent_name: String,
    pub sha256: String,
    pub subject: String,
    /// The threshold crossed, as it reads ("30 days", "10% of its lifetime", "expired").
    pub threshold: String,
    pub days_left: i64,
    pub severity: Severity,
}

impl CertificateAlert {
    /// The notification's title and body.
    pub fn title(&self) -> String {
        match self.severity {
            Severity::Expired => format!("IdP certificate expired: {}", self.parent_name),
            _ => format!("IdP certificate expires in {}: {}", days(self.days_left), self.parent_name),
        }
    }

    pub fn body(&self) -> String {
        match self.severity {
            Severity::Expired => {
                format!("{} has expired; SSO sign-ins signed with it fail. Rotate it now.", self.subject)
            }
            _ => format!(
                "{} expires in {}. Stage the IdP's new certificate before then.",
                self.subject,
                days(self.days_left)
            ),
        }
    }
}

fn days(count: i64) -> String {
    if count == 1 {
        "1 day".to_owned()
    } else {
        format!("{count} days")
    }
}

/// The IdP publishes a certificate the backend does not have: notify once per certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificatePublished {
    pub parent_id: String,
    pub parent_name: String,
    pub sha256: String,
    pub subject: String,
}

/// The key recorded once the "new certificate published" notification was sent.
const PUBLISHED_KEY: &str = "published";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownCertificate {
    pub parent_id: String,
    pub parent_name: String,
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    pub days_left: i64,
    pub lifetime_left_percent: f64,
    pub flags: Vec<CertificateFlag>,
    pub role: Option<CertificateRole>,
    pub configured: bool,
    pub published: Option<bool>,
    /// `None` until test sign-in exists.
    pub used_by_last_assertion: Option<bool>,
    pub severity: Severity,
    pub notified_thresholds: Vec<String>,
    pub snoozed_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub parent_id: String,
    pub sha256: Option<String>,
    pub level: &'static str,
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpiryPolicyView {
    pub parent_id: String,
    #[serde(flatten)]
    pub policy: ExpiryPolicy,
}

/// `set_expiry_policy`'s input: a parent and its new policy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetExpiryPolicyInput {
    pub parent_id: String,
    #[serde(flatten)]
    pub policy: ExpiryPolicy,
}

/// `snooze_certificate`'s input: which certificate, for how many days (0 ends a snooze).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnoozeCertificateInput {
    pub sha256: String,
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInventory {
    pub certificates: Vec<KnownCertificate>,
    pub findings: Vec<Finding>,
    pub policies: Vec<ExpiryPolicyView>,
    pub last_checked_at: Option<String>,
}

/// A parent's policy: the admin's, or the default.
pub fn policy_of(store: &Store, parent_id: &str) -> Result<ExpiryPolicy> {
    let Some(row) = store.expiry_policy(parent_id)? else { return Ok(ExpiryPolicy::default()) };
    let thresholds: Vec<Threshold> = serde_json::from_str(&row.thresholds_json).map_err(|e| {
        DeskError::Store(ssodesk_store::StoreError::Corrupt { what: "expiry policy", detail: e.to_string() })
    })?;
    Ok(ExpiryPolicy { thresholds, critical_days: u32::try_from(row.critical_days).unwrap_or(0) })
}

pub fn save_policy(store: &Store, parent_id: &str, policy: ExpiryPolicy) -> Result<ExpiryPolicy> {
    let policy = policy.validated()?;
    let thresholds_json =
        serde_json::to_string(&policy.thresholds).map_err(|e| DeskError::BackendData(e.to_string()))?;
    store.set_expiry_policy(
        parent_id,
        &ExpiryPolicyRow { thresholds_json, critical_days: i64::from(policy.critical_days) },
    )?;
    Ok(policy)
}

/// One certificate of one parent, from whichever sources know it.
struct Sighting {
    certificate: ssodesk_saml::Certificate,
    role: Option<CertificateRole>,
    published: bool,
}

struct ParentCertificates {
    parent_id: String,
    parent_name: String,
    /// Whether the connection has a metadata URL that was fetched successfully.
    published_known: bool,
    fetch_error: Option<String>,
    by_sha256: BTreeMap<String, Sighting>,
}

fn parent_certificates(store: &Store, now: OffsetDateTime) -> Result<Vec<ParentCertificates>> {
    let connections: BTreeMap<String, SsoConnection> =
        store.sso_connections()?.into_iter().map(|connection| (connection.parent_id.clone(), connection)).collect();
    let mut all = Vec::new();
    for parent in store.overview()?.parents {
        let Some(connection) = connections.get(&parent.id) else { continue };
        let mut by_sha256 = BTreeMap::new();
        for configured in &connection.certificates {
            let certificate = parse_pem(&configured.pem, now)?;
            by_sha256.insert(
                certificate.sha256.clone(),
                Sighting { certificate, role: Some(configured.role), published: false },
            );
        }
        let published = match &connection.metadata_url {
            Some(url) => store.published_metadata(&parent.id)?.filter(|row| &row.url == url),
            None => None,
        };
        let published_known = published.as_ref().is_some_and(|row| row.fetched_at.is_some());
        let fetch_error = published.as_ref().and_then(|row| row.error.clone());
        for pem in published.iter().flat_map(|row| row.certificates.iter()) {
            let Ok(certificate) = parse_pem(pem, now) else { continue };
            by_sha256
                .entry(certificate.sha256.clone())
                .and_modify(|sighting| sighting.published = true)
                .or_insert(Sighting { certificate, role: None, published: true });
        }
        all.push(ParentCertificates {
            parent_id: parent.id,
            parent_name: parent.name,
            published_known,
            fetch_error,
            by_sha256,
        });
    }
    Ok(all)
}

fn validity(certificate: &ssodesk_saml::Certificate) -> Result<Validity> {
    let parse = |text: &str| {
        ssodesk_model::parse_timestamp(text).map_err(|e| DeskError::BackendData(format!("a certificate date: {e}")))
    };
    Ok(Validity { not_before: parse(&certificate.not_before)?, not_after: parse(&certificate.not_after)? })
}

/// Every certificate the app knows, the findings about them, and the policies, as of `now`.
pub fn inventory(store: &Store, now: OffsetDateTime) -> Result<CertificateInventory> {
    let mut certificates = Vec::new();
    let mut findings = Vec::new();
    let mut policies = Vec::new();
    for parent in parent_certificates(store, now)? {
        let policy = policy_of(store, &parent.parent_id)?;
        if let Some(error) = &parent.fetch_error {
            findings.push(Finding {
                parent_id: parent.parent_id.clone(),
                sha256: None,
                level: "warning",
                code: "metadata_fetch_failed",
                message: format!("The IdP's metadata URL could not be read: {error}"),
            });
        }
        for (sha256, sighting) in &parent.by_sha256 {
            let validity = validity(&sighting.certificate)?;
            let severity = policy.severity(&validity, now);
            let subject = &sighting.certificate.subject;
            let configured = sighting.role.is_some();
            let mut finding = |level: &'static str, code: &'static str, message: String| {
                findings.push(Finding {
                    parent_id: parent.parent_id.clone(),
                    sha256: Some(sha256.clone()),
                    level,
                    code,
                    message,
                })
            };
            if parent.published_known && sighting.published && !configured {
                finding(
                    "warning",
                    "new_certificate_published",
                    format!("Your IdP publishes a new certificate the backend does not have yet: {subject} (expires {}). Stage it on the SSO connection page.", sighting.certificate.not_after),
                );
            }
            if parent.published_known && !sighting.published && sighting.role == Some(CertificateRole::Active) {
                finding(
                    "warning",
                    "active_not_published",
                    format!("The IdP no longer publishes the active certificate {subject}; it may be signing with another one already."),
                );
            }
            if configured {
                match severity {
                    Severity::Expired => {
                        finding("critical", "expired", format!("{subject} has expired; sign-ins signed with it fail."))
                    }
                    Severity::Critical | Severity::Warning => finding(
                        if severity == Severity::Critical { "critical" } else { "warning" },
                        "expiring",
                        format!("{subject} expires in {}.", days(validity.days_left(now))),
                    ),
                    Severity::Ok => {}
                }
                if sighting
                    .certificate
                    .flags
                    .iter()
                    .any(|flag| matches!(flag, CertificateFlag::Sha1Signature | CertificateFlag::WeakKey))
                {
                    finding(
                        "info",
                        "weak_certificate",
                        format!("{subject} uses a weak signature or key; prefer a new one at the next rotation."),
                    );
                }
            }
            let snoozed_until = store.snoozed_until(sha256)?;
            certificates.push(KnownCertificate {
                parent_id: parent.parent_id.clone(),
                parent_name: parent.parent_name.clone(),
                sha256: sha256.clone(),
                subject: subject.clone(),
                issuer: sighting.certificate.issuer.clone(),
                not_before: sighting.certificate.not_before.clone(),
                not_after: sighting.certificate.not_after.clone(),
                days_left: validity.days_left(now),
                lifetime_left_percent: (validity.lifetime_left_percent(now) * 10.0).round() / 10.0,
                flags: sighting.certificate.flags.clone(),
                role: sighting.role,
                configured,
                published: parent.published_known.then_some(sighting.published),
                used_by_last_assertion: None,
                severity,
                notified_thresholds: store
                    .notified_thresholds(sha256)?
                    .iter()
                    .filter_map(|key| crate::expiry::label_of_key(key))
                    .collect(),
                snoozed_until,
            });
        }
        policies.push(ExpiryPolicyView { parent_id: parent.parent_id.clone(), policy });
    }
    certificates.sort_by(|a, b| a.not_after.cmp(&b.not_after));
    Ok(CertificateInventory { certificates, findings, policies, last_checked_at: store.certificates_checked_at()? })
}

/// Decides and records the expiry notifications due at `now` for every configured certificate.
pub fn due_alerts(store: &Store, now: OffsetDateTime) -> Result<Vec<CertificateAlert>> {
    let mut alerts = Vec::new();
    let at = ssodesk_model::format_timestamp(now);
    for parent in parent_certificates(store, now)? {
        let policy = policy_of(store, &parent.parent_id)?;
        for (sha256, sighting) in parent.by_sha256.iter().filter(|(_, sighting)| sighting.role.is_some()) {
            let validity = validity(&sighting.certificate)?;
            let notified = store.notified_thresholds(sha256)?;
            let snoozed_until =
                store.snoozed_until(sha256)?.and_then(|text| ssodesk_model::parse_timestamp(&text).ok());
            let Some(due) = policy.due(&validity, &notified, snoozed_until, now) else { continue };
            if store.record_notified(sha256, &due.keys, &at)? {
                alerts.push(CertificateAlert {
                    parent_id: parent.parent_id.clone(),
                    parent_name: parent.parent_name.clone(),
                    sha256: sha256.clone(),
                    subject: sighting.certificate.subject.clone(),
                    threshold: due.label,
                    days_left: due.days_left,
                    severity: due.severity,
                });
            }
        }
    }
    Ok(alerts)
}

/// Records and returns the certificates newly seen published by an IdP but not configured.
fn newly_published(store: &Store, now: OffsetDateTime) -> Result<Vec<CertificatePublished>> {
    let at = ssodesk_model::format_timestamp(now);
    let mut found = Vec::new();
    for parent in parent_certificates(store, now)? {
        if !parent.published_known {
            continue;
        }
        for (sha256, sighting) in parent.by_sha256.iter().filter(|(_, s)| s.published && s.role.is_none()) {
            if store.record_notified(sha256, &[PUBLISHED_KEY.to_owned()], &at)? {
                found.push(CertificatePublished {
                    parent_id: parent.parent_id.clone(),
                    parent_name: parent.parent_name.clone(),
                    sha256: sha256.clone(),
                    subject: sighting.certificate.subject.clone(),
                });
            }
        }
    }
    Ok(found)
}

/// Fetches a connection's metadata URL and records the signing certificates it publishes (or
/// why it could not be read). The fetch failing is recorded, not returned: it is a finding.
pub(crate) async fn refresh_metadata(
    store: &Store,
    fetcher: &Fetcher,
    connection: &SsoConnection,
    config: &CertificateWatchConfig,
) -> Result<()> {
    let Some(url) = &connection.metadata_url else {
        store.forget_published_metadata(&connection.parent_id)?;
        return Ok(());
    };
    let now = (config.clock)();
    let outcome = fetch_signing_certificates(fetcher, url, &connection.entity_id, now).await;
    let (next, outcome) = match &outcome {
        Ok(pems) => (config.metadata_refresh, Ok(pems.as_slice())),
        Err(error) => (config.metadata_retry, Err(error.as_str())),
    };
    let next_at = ssodesk_model::format_timestamp(now + next);
    store.record_metadata_fetch(
        &connection.parent_id,
        url,
        outcome,
        &ssodesk_model::format_timestamp(now),
        &next_at,
    )?;
    Ok(())
}

async fn fetch_signing_certificates(
    fetcher: &Fetcher,
    url: &str,
    entity_id: &str,
    now: OffsetDateTime,
) -> std::result::Result<Vec<String>, String> {
    let bytes = fetcher.fetch(url, ssodesk_saml::MAX_METADATA_BYTES).await.map_err(|error| error.to_string())?;
    let metadata = ssodesk_saml::parse_metadata(&bytes, now).map_err(|error| format!("{url}: {error}"))?;
    let entity =
        ssodesk_saml::identity_provider(&metadata, Some(entity_id)).map_err(|error| format!("{url}: {error}"))?;
    Ok(ssodesk_saml::signing_certificates(entity).map(ssodesk_saml::Certificate::pem).collect())
}

/// One run of the watch: refresh the metadata URLs that are due (every one with
/// `refresh_all`), then report new certificates and due expiry notifications.
///
/// Runs are serialised by `passes`, shared by the background job and on-demand runs: a run that
/// returns has seen (and reported) everything earlier runs decided.
pub(crate) async fn run_once(
    store: &Store,
    fetcher: &Fetcher,
    config: &CertificateWatchConfig,
    passes: &tokio::sync::Mutex<()>,
    refresh_all: bool,
    on_event: &(dyn Fn(DeskEvent) + Send + Sync),
) -> Result<()> {
    let _pass = passes.lock().await;
    let now = (config.clock)();
    for connection in store.sso_connections()? {
        let due = match (&connection.metadata_url, store.published_metadata(&connection.parent_id)?) {
            (None, Some(_)) => true,
            (None, None) => false,
            (Some(url), Some(row)) if &row.url == url && !refresh_all => row
                .next_fetch_at
                .as_deref()
                .and_then(|next| ssodesk_model::parse_timestamp(next).ok())
                .is_none_or(|next| now >= next),
            (Some(_), _) => true,
        };
        if due {
            refresh_metadata(store, fetcher, &connection, config).await?;
        }
    }
    for published in newly_published(store, now)? {
        on_event(DeskEvent::CertificatePublished(published));
    }
    for alert in due_alerts(store, now)? {
        on_event(DeskEvent::CertificateExpiring(alert));
    }
    store.set_certificates_checked_at(&ssodesk_model::format_timestamp(now))?;
    on_event(DeskEvent::CertificatesChanged);
    Ok(())
}

/// Owns the background certificate watch; dropping it stops the watch.
#[derive(Debug)]
pub(crate) struct CertificateWatchHandle {
    wake: Arc<Notify>,
    cancel: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl CertificateWatchHandle {
    pub fn spawn(
        store: Arc<Store>,
        fetcher: Fetcher,
        config: CertificateWatchConfig,
        passes: Arc<tokio::sync::Mutex<()>>,
        on_event: Arc<dyn Fn(DeskEvent) + Send + Sync>,
    ) -> CertificateWatchHandle {
        let wake = Arc::new(Notify::new());
        let cancel = CancellationToken::new();
        let task = tokio::spawn(watch(store, fetcher, config, passes, on_event, wake.clone(), cancel.clone()));
        CertificateWatchHandle { wake, cancel, task }
    }

    /// Runs the watch now (a connection or policy changed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

impl Drop for CertificateWatchHandle {
    fn drop(&mut self) {
        self.cancel.cancel();
        self.task.abort();
    }
}

async fn watch(
    store: Arc<Store>,
    fetcher: Fetcher,
    config: CertificateWatchConfig,
    passes: Arc<tokio::sync::Mutex<()>>,
    on_event: Arc<dyn Fn(DeskEvent) + Send + Sync>,
    wake: Arc<Notify>,
    cancel: CancellationToken,
) {
    // The first run after the app starts (or connects) reads every metadata URL: the IdP may have
    // rotated while the app was not running, and the admin should hear of it now, not hours later.
    let mut refresh_all = true;
    loop {
        let ran = run_once(&store, &fetcher, &config, &passes, refresh_all, on_event.as_ref()).await;
        refresh_all = false;
        if let Err(error) = ran {
            tracing::warn!(%error, "the certificate watch failed this round");
        }
        tokio::select! {
            () = cancel.cancelled() => return,
            () = wake.notified() => {}
            () = tokio::time::sleep(config.tick) => {}
        }
    }
}
