//! [`Desk`]: the app's state and every operation the UI asks for.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use ssodesk_client::{
    ApiClient, ApiToken, SyncConfig, SyncEngine, SyncEvent, SyncHandle, SyncState, SyncStatus, SyncWorker,
};
use ssodesk_model::OrgName;
use ssodesk_store::{ConnectionMode, ConnectionSettings, Store};
use tokio::sync::Mutex;

use crate::certificates::{
    self, CertificateAlert, CertificateInventory, CertificatePublished, CertificateWatchConfig, CertificateWatchHandle,
    ExpiryPolicyView,
};
use crate::domains::{self, DomainWatchConfig, DomainWatchHandle};
use crate::expiry::ExpiryPolicy;
use crate::sandbox::Sandbox;
use crate::sso::{self, MetadataPreview, MetadataSource, PreviewMetadataInput, SaveSsoConnectionInput, SsoOfParent};
use crate::view::{
    Activity, ActivityItem, AppSnapshot, ConnectionModeView, ConnectionView, DomainView, DomainsOfParent, OrgView,
    Overview, ParentView, PendingChange, UserView,
};
use crate::{DeskError, Result, TokenStorage, TokenVault};

#[derive(Debug, Clone)]
pub struct DeskConfig {
    /// Holds `cache.db` and the sandbox's folder.
    pub data_dir: PathBuf,
    /// Where the sandbox backend listens; port 0 picks a free port each run.
    pub sandbox_listen: SocketAddr,
    pub sync: SyncConfig,
    /// How native DNS checks are made (which resolver, timeouts). The local sandbox's backend
    /// checks with the same resolver, so both sides see the same DNS.
    pub dns: ssodesk_dns::CheckConfig,
    pub domain_watch: DomainWatchConfig,
    pub certificate_watch: CertificateWatchConfig,
}

impl DeskConfig {
    pub fn new(data_dir: PathBuf) -> DeskConfig {
        DeskConfig {
            data_dir,
            sandbox_listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            sync: SyncConfig::default(),
            dns: ssodesk_dns::CheckConfig::default(),
            domain_watch: DomainWatchConfig::default(),
            certificate_watch: CertificateWatchConfig::default(),
        }
    }
}

/// What the desk reports to whoever shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskEvent {
    SyncStatus(SyncStatus),
    /// The cache changed; views read from it are stale.
    CacheChanged,
    /// The backend verified a domain after the app's background check saw its record everywhere.
    DomainVerified(DomainVerified),
    /// A certificate crossed an expiry threshold (reported once per threshold and certificate).
    CertificateExpiring(CertificateAlert),
    /// An IdP publishes a certificate its connection does not have (reported once per certificate).
    CertificatePublished(CertificatePublished),
    /// The certificate watch ran; certificate views are stale.
    CertificatesChanged,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainVerified {
    pub domain_id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    /// Send the change again against the backend's current version.
    Reapply,
    /// Drop the change and show the backend's value.
    Discard,
}

type EventSink = Arc<dyn Fn(DeskEvent) + Send + Sync>;

/// A live connection: the API client, the background jobs, and the sandbox server when that is
/// the backend.
struct Session {
    connection: ConnectionView,
    api: ApiClient,
    // Field order is drop order: the background jobs stop before the sandbox server they talk to.
    sync: SyncHandle,
    domain_watch: Option<DomainWatchHandle>,
    certificate_watch: CertificateWatchHandle,
    _sandbox: Option<Sandbox>,
}

pub struct Desk {
    config: DeskConfig,
    store: Arc<Store>,
    vault: TokenVault,
    /// `Err` holds why no resolver could be set up (for example an unreadable resolv.conf); every
    /// native check then reports it.
    dns: std::result::Result<ssodesk_dns::DnsChecker, String>,
    session: Mutex<Option<Session>>,
    /// Fetches IdP metadata URLs (previews and the certificate watch).
    fetcher: ssodesk_fetch::Fetcher,
    /// Serialises certificate watch runs, background and on demand.
    certificate_passes: Arc<tokio::sync::Mutex<()>>,
    /// Why the saved connection could not be resumed, shown as the sync error until the admin
    /// connects again.
    resume_error: std::sync::Mutex<Option<String>>,
    on_event: EventSink,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").field("data_dir", &self.config.data_dir).finish_non_exhaustive()
    }
}

impl Desk {
    /// Opens the cache. Touches nothing on the network: the UI can render from the cache at once.
    pub fn open(config: DeskConfig, on_event: impl Fn(DeskEvent) + Send + Sync + 'static) -> Result<Desk> {
        let store = Arc::new(Store::open(&config.data_dir.join("cache.db"))?);
        let dns = ssodesk_dns::DnsChecker::new(config.dns.clone()).map_err(|e| e.to_string());
        let fetcher =
            ssodesk_fetch::Fetcher::new(concat!("ssodesk/", env!("CARGO_PKG_VERSION"))).map_err(DeskError::Fetch)?;
        Ok(Desk {
            config,
            store,
            dns,
            fetcher,
            certificate_passes: Arc::new(tokio::sync::Mutex::new(())),
            vault: TokenVault::new(),
            session: Mutex::new(None),
            resume_error: std::sync::Mutex::new(None),
            on_event: Arc::new(on_event),
        })
    }

    /// Checks the keychain and reconnects to the saved backend, if any, and starts syncing. Meant
    /// to run in the background after the window shows. A failure is also kept and shown as the
    /// sync error, so the admin sees why nothing syncs.
    pub async fn resume(&self) -> Result<()> {
        // The keychain probe runs at every start, so the UI never claims a persistence it lacks.
        self.vault.storage().await;
        let resumed = self.resume_saved_connection().await;
        if let Err(error) = &resumed {
            *self.resume_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(error.to_string());
            if let Ok(snapshot) = self.snapshot().await {
                (self.on_event)(DeskEvent::SyncStatus(snapshot.sync));
            }
        }
        resumed
    }

    async fn resume_saved_connection(&self) -> Result<()> {
        let Some(settings) = self.store.connection()? else { return Ok(()) };
        let mut session = self.session.lock().await;
        match settings.mode {
            ConnectionMode::Sandbox => {
                *session = Some(self.start_sandbox_session(&settings).await?);
            }
            ConnectionMode::Remote => {
                let base_url = settings.base_url.clone().ok_or(DeskError::NotConnected)?;
                let Some(token) = self.vault.load(&base_url).await.map_err(DeskError::Vault)? else {
                    return Err(DeskError::Client(ssodesk_client::ClientError::Unauthorized {
                        detail: "the API token was kept for the previous session only (no OS keychain); \
                                 connect again to enter it"
                            .into(),
                    }));
                };
                let api = ApiClient::new(&base_url, ApiToken::new(token))?;
                let storage = self.vault.storage().await;
                *session = Some(self.start_session(api, remote_view(&settings, storage), None));
            }
        }
        Ok(())
    }

    /// The connection and sync status, from memory and the cache only.
    pub async fn snapshot(&self) -> Result<AppSnapshot> {
        let session = self.session.lock().await;
        self.snapshot_of(session.as_ref())
    }

    fn snapshot_of(&self, session: Option<&Session>) -> Result<AppSnapshot> {
        if let Some(session) = session {
            return Ok(AppSnapshot { connection: Some(session.connection.clone()), sync: session.sync.status() });
        }
        // Not running (yet, or it could not resume): the saved connection, if any, with the
        // cache's own sync facts.
        let storage = self.vault.known_storage().unwrap_or(TokenStorage::Keychain);
        let connection = self.store.connection()?.map(|settings| match settings.mode {
            ConnectionMode::Sandbox => sandbox_view(&settings, None),
            ConnectionMode::Remote => remote_view(&settings, storage),
        });
        let resume_error = self.resume_error.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let sync = SyncStatus {
            state: if resume_error.is_some() { SyncState::Error } else { SyncState::Idle },
            last_synced_at: self.store.last_synced_at()?,
            last_error: resume_error,
            pending_changes: self.store.outbox_len()?,
        };
        Ok(AppSnapshot { connection, sync })
    }

    /// Switches to the local sandbox, starting it (and seeding it on first use).
    pub async fn connect_sandbox(&self) -> Result<AppSnapshot> {
        let mut session = self.session.lock().await;
        let settings = ConnectionSettings { mode: ConnectionMode::Sandbox, base_url: None, user_email: None };
        self.switch_cache_to(&settings)?;
        session.take();
        let started = self.start_sandbox_session(&settings).await?;
        *session = Some(started);
        self.snapshot_of(session.as_ref())
    }

    /// Validates a backend (`GET /v1/me` with the token) and, when it answers, switches to it.
    /// Nothing is saved before the backend accepted the token.
    pub async fn connect_remote(&self, base_url: &str, token: &str) -> Result<AppSnapshot> {
        let token = token.trim();
        if token.is_empty() {
            return Err(DeskError::InvalidInput { field: "token", message: "enter the API token".into() });
        }
        let api = ApiClient::new(base_url, ApiToken::new(token))?;
        let me = api.me().await?;
        let base_url = api.base_url().to_string();
        let settings = ConnectionSettings {
            mode: ConnectionMode::Remote,
            base_url: Some(base_url.clone()),
            user_email: Some(me.email),
        };

        let mut session = self.session.lock().await;
        self.switch_cache_to(&settings)?;
        session.take();
        let storage = self.vault.store(&base_url, token).await.map_err(DeskError::Vault)?;
        self.store.set_connection(&settings)?;
        *session = Some(self.start_session(api, remote_view(&settings, storage), None));
        self.snapshot_of(session.as_ref())
    }

    /// Forgets the backend, its token and the cache. Refused while changes wait to be pushed, so
    /// nothing queued is lost.
    pub async fn disconnect(&self) -> Result<AppSnapshot> {
        let mut session = self.session.lock().await;
        let pending = self.store.outbox_len()?;
        if pending > 0 {
            return Err(DeskError::PendingChanges { count: pending });
        }
        session.take();
        if let Some(ConnectionSettings { base_url: Some(base_url), .. }) = self.store.connection()? {
            self.vault.forget(&base_url).await;
        }
        self.store.forget_connection()?;
        (self.on_event)(DeskEvent::CacheChanged);
        self.snapshot_of(None)
    }

    pub fn overview(&self) -> Result<Overview> {
        let rows = self.store.overview()?;
        Ok(Overview {
            user: rows.account.map(|account| UserView { email: account.email, name: account.name }),
            parents: rows
                .parents
                .into_iter()
                .map(|parent| ParentView {
                    id: parent.id,
                    name: parent.name,
                    can_manage: parent.can_manage,
                    version: parent.version,
                    orgs: parent.orgs.into_iter().map(OrgView::from).collect(),
                })
                .collect(),
        })
    }

    pub fn activity(&self, parent_id: &str) -> Result<Activity> {
        let (access, events) = self.store.activity(parent_id)?;
        Ok(Activity { access: access.into(), items: events.iter().map(ActivityItem::from).collect() })
    }

    /// Renames an organization in the cache and queues the rename for the backend. Works offline.
    pub async fn rename_org(&self, org_id: &str, name: &str) -> Result<OrgView> {
        let name =
            OrgName::parse(name).map_err(|e| DeskError::InvalidInput { field: "name", message: e.to_string() })?;
        let session = self.session.lock().await;
        if self.store.connection()?.is_none() {
            return Err(DeskError::NotConnected);
        }
        let org = self.store.org(org_id)?;
        if !org.can_manage() {
            return Err(DeskError::Forbidden(format!(
                "renaming “{}” needs Owner or Primary Owner on a Team or Enterprise organization, or Admin on a Console organization",
                org.name
            )));
        }
        let renamed = self.store.enqueue_rename_org(org_id, &name)?;
        if let Some(session) = session.as_ref() {
            session.sync.outbox_changed();
        }
        (self.on_event)(DeskEvent::CacheChanged);
        Ok(renamed.into())
    }

    /// Every change not yet confirmed by the backend, oldest first.
    pub fn changes(&self) -> Result<Vec<PendingChange>> {
        self.store
            .outbox()?
            .into_iter()
            .map(|entry| {
                let remote_name = self.store.org(&entry.resource_id).ok().map(|org| org.remote_name);
                Ok(PendingChange::new(entry, remote_name.as_deref()))
            })
            .collect()
    }

    pub async fn resolve_change(&self, id: i64, action: ChangeAction) -> Result<()> {
        let session = self.session.lock().await;
        match action {
            ChangeAction::Reapply => {
                self.store.reapply_change(id)?;
            }
            ChangeAction::Discard => self.store.discard_change(id)?,
        }
        if let Some(session) = session.as_ref() {
            session.sync.outbox_changed();
        }
        (self.on_event)(DeskEvent::CacheChanged);
        Ok(())
    }

    /// Pulls and pushes now, ignoring back-off, and returns the status afterwards.
    pub async fn sync_now(&self) -> Result<SyncStatus> {
        let session = self.session.lock().await;
        let Some(session) = session.as_ref() else { return Err(DeskError::NotConnected) };
        Ok(session.sync.sync_now().await)
    }

    /// Every parent's domains, each with the app's last native check, from the cache alone.
    pub fn list_domains(&self) -> Result<Vec<DomainsOfParent>> {
        let overview = self.store.overview()?;
        overview
            .parents
            .into_iter()
            .map(|parent| {
                let domains: Vec<DomainView> =
                    self.store.domains(&parent.id)?.into_iter().map(DomainView::from).collect();
                Ok(DomainsOfParent {
                    has_verified_domain: domains.iter().any(|d| d.status == ssodesk_model::DomainStatus::Verified),
                    disable_new_org_creation: parent.disable_new_org_creation,
                    parent_id: parent.id,
                    parent_name: parent.name,
                    can_manage: parent.can_manage,
                    domains,
                })
            })
            .collect()
    }

    /// Adds a domain at the backend, which issues its verification token. Needs the backend: there
    /// is no record to publish before it answers.
    pub async fn add_domain(&self, parent_id: &str, name: &str) -> Result<DomainView> {
        let domain = domains::parse_domain(name)?;
        let session = self.session.lock().await;
        let Some(session) = session.as_ref() else { return Err(DeskError::NotConnected) };
        let key = hex::encode(rand::random::<[u8; 16]>());
        let added = session
            .api
            .add_domain(parent_id, &ssodesk_model::NewDomain { name: domain.as_str().to_owned() }, &key)
            .await?;
        self.store.put_domain(&added)?;
        if let Some(watch) = &session.domain_watch {
            watch.wake();
        }
        (self.on_event)(DeskEvent::CacheChanged);
        Ok(DomainView::from(self.store.domain(&added.id)?))
    }

    /// Checks a domain's record natively, from this machine's network, and keeps the report.
    /// When every authoritative nameserver serves the record and the backend still has the domain
    /// pending, the backend is asked to verify it right away (as the background watch would).
    pub async fn check_domain_now(&self, domain_id: &str) -> Result<DomainView> {
        let dns = self.dns.as_ref().map_err(|reason| DeskError::Dns(reason.clone()))?;
        let row = self.store.domain(domain_id)?;
        let (report, row) = domains::check_and_record(&self.store, dns, self.config.domain_watch.recheck, &row).await?;
        (self.on_event)(DeskEvent::CacheChanged);
        let pending = row.domain.status == ssodesk_model::DomainStatus::Pending;
        if report.verdict == ssodesk_dns::Verdict::Verified && pending {
            let session = self.session.lock().await;
            if let Some(session) = session.as_ref() {
                match domains::verify_at_backend(&self.store, &session.api, domain_id, self.on_event.as_ref()).await {
                    Ok(view) => return Ok(view),
                    // The native check stands; the backend's view is shown once it agrees.
                    Err(error) => tracing::info!(%error, "the backend could not verify yet"),
                }
            }
        }
        Ok(DomainView::from(row))
    }

    /// Asks the backend to check the domain's record itself, now (the guide's "Refresh").
    pub async fn verify_domain(&self, domain_id: &str) -> Result<DomainView> {
        let session = self.session.lock().await;
        let Some(session) = session.as_ref() else { return Err(DeskError::NotConnected) };
        domains::verify_at_backend(&self.store, &session.api, domain_id, self.on_event.as_ref()).await
    }

    pub async fn remove_domain(&self, domain_id: &str) -> Result<()> {
        let session = self.session.lock().await;
        let Some(session) = session.as_ref() else { return Err(DeskError::NotConnected) };
        let row = self.store.domain(domain_id)?;
        let key = hex::encode(rand::random::<[u8; 16]>());
        match session.api.delete_domain(domain_id, row.domain.version, &key).await {
            // Already gone at the backend: the cache just catches up.
            Ok(()) | Err(ssodesk_client::ClientError::NotFound { .. }) => {}
            Err(error) => return Err(error.into()),
        }
        self.store.remove_domain(domain_id)?;
        (self.on_event)(DeskEvent::CacheChanged);
        Ok(())
    }

    /// Turns "Disable new organization creation" on or off for a parent. The backend accepts it
    /// only while one of the parent's domains is verified.
    pub async fn set_disable_new_org_creation(&self, parent_id: &str, enabled: bool) -> Result<()> {
        let session = self.session.lock().await;
        let Some(session) = session.as_ref() else { return Err(DeskError::NotConnected) };
        let parent = self.store.overview()?.parents.into_iter().find(|p| p.id == parent_id).ok_or_else(|| {
            ssodesk_store::StoreError::NotFound { what: "parent organization", id: parent_id.to_owned() }
        })?;
        let patch = ssodesk_model::ParentPatch { disable_new_org_creation: Some(enabled), ..Default::default() };
        let key = hex::encode(rand::random::<[u8; 16]>());
        let updated = session.api.patch_parent(parent_id, &patch, parent.version, &key).await?;
        self.store.put_parent(&updated)?;
        (self.on_event)(DeskEvent::CacheChanged);
        Ok(())
    }

    /// Every parent's SSO connection, SP values and what its metadata URL published, from the cache.
    pub fn list_sso(&self) -> Result<Vec<SsoOfParent>> {
        let now = (self.config.certificate_watch.clock)();
        self.store
            .overview()?
            .parents
            .into_iter()
            .map(|parent| {
                let connection = self.store.sso_connection(&parent.id)?;
                let published = match connection.as_ref().and_then(|c| c.metadata_url.as_ref()) {
                    Some(url) => self
                        .store
                        .published_metadata(&parent.id)?
                        .filter(|row| &row.url == url)
                        .map(|row| sso::published_view(&row, now)),
                    None => None,
                };
                Ok(SsoOfParent {
                    service_provider: self.store.service_provider(&parent.id)?.map(Into::into),
                    connection: connection.as_ref().map(|c| sso::connection_view(c, now)).transpose()?,
                    published,
                    pending_change: self.store.pending_sso_change(&parent.id)?.map(Into::into),
                    parent_id: parent.id,
                    parent_name: parent.name,
                    can_manage: parent.can_manage,
                })
            })
            .collect()
    }

    fn sso_of(&self, parent_id: &str) -> Result<SsoOfParent> {
        self.list_sso()?.into_iter().find(|sso| sso.parent_id == parent_id).ok_or_else(|| {
            DeskError::Store(ssodesk_store::StoreError::NotFound {
                what: "parent organization",
                id: parent_id.to_owned(),
            })
        })
    }

    /// What a metadata document holds, before anything is saved. A URL is fetched natively,
    /// bounded in time and size.
    pub async fn preview_metadata(&self, input: PreviewMetadataInput) -> Result<MetadataPreview> {
        let now = (self.config.certificate_watch.clock)();
        match input.source {
            MetadataSource::Url { url } => {
                let url = url.trim().to_owned();
                let bytes =
                    self.fetcher.fetch(&url, ssodesk_saml::MAX_METADATA_BYTES).await.map_err(DeskError::Fetch)?;
                let xml = String::from_utf8(bytes).map_err(|_| DeskError::InvalidInput {
                    field: "url",
                    message: format!("{url} did not send UTF-8 text; is it the metadata URL?"),
                })?;
                sso::preview(xml, Some(url), input.entity_id.as_deref(), "url", now)
            }
            MetadataSource::Xml { xml } if xml.trim().is_empty() => Err(DeskError::InvalidInput {
                field: "xml",
                message: "paste the IdP's metadata XML, or choose its file".into(),
            }),
            MetadataSource::Xml { xml } => sso::preview(xml, None, input.entity_id.as_deref(), "xml", now),
        }
    }

    /// Checks a change to a parent's SSO connection with the backend's rules, queues it and
    /// pushes it. Works offline: the change waits in the outbox.
    pub async fn save_sso_connection(&self, input: SaveSsoConnectionInput) -> Result<SsoOfParent> {
        let parent_id = input.parent_id.clone();
        self.require_manage(&parent_id, "changing the SSO connection")?;
        let existing = self.store.sso_connection(&parent_id)?;
        let body = sso::checked_input(input, existing.as_ref(), (self.config.certificate_watch.clock)())?;
        self.store.enqueue_put_sso_connection(&parent_id, &body)?;
        self.push_now().await;
        self.sso_of(&parent_id)
    }

    pub async fn remove_sso_connection(&self, parent_id: &str) -> Result<()> {
        self.require_manage(parent_id, "removing the SSO connection")?;
        if self.store.sso_connection(parent_id)?.is_none() && self.store.pending_sso_change(parent_id)?.is_none() {
            return Err(DeskError::Store(ssodesk_store::StoreError::NotFound {
                what: "SSO connection",
                id: parent_id.to_owned(),
            }));
        }
        self.store.enqueue_delete_sso_connection(parent_id)?;
        self.push_now().await;
        Ok(())
    }

    /// Fetches a connection's metadata URL now and reports what changed.
    pub async fn refresh_published_metadata(&self, parent_id: &str) -> Result<SsoOfParent> {
        let connection = self.store.sso_connection(parent_id)?.ok_or_else(|| DeskError::InvalidInput {
            field: "parentId",
            message: "this organization has no SSO connection yet".into(),
        })?;
        if connection.metadata_url.is_none() {
            return Err(DeskError::InvalidInput {
                field: "metadataUrl",
                message: "the connection was imported without a metadata URL; import it by URL to have it refreshed"
                    .into(),
            });
        }
        {
            let _pass = self.certificate_passes.lock().await;
            certificates::refresh_metadata(&self.store, &self.fetcher, &connection, &self.config.certificate_watch)
                .await?;
        }
        self.run_certificate_watch().await?;
        self.sso_of(parent_id)
    }

    /// Every certificate the app knows, compared three ways, with findings and policies.
    pub fn list_certificates(&self) -> Result<CertificateInventory> {
        certificates::inventory(&self.store, (self.config.certificate_watch.clock)())
    }

    pub async fn set_expiry_policy(&self, parent_id: &str, policy: ExpiryPolicy) -> Result<ExpiryPolicyView> {
        self.sso_of(parent_id)?;
        let policy = certificates::save_policy(&self.store, parent_id, policy)?;
        self.wake_certificate_watch().await;
        Ok(ExpiryPolicyView { parent_id: parent_id.to_owned(), policy })
    }

    /// Silences a certificate's notifications for `days` days; 0 ends a snooze.
    pub async fn snooze_certificate(&self, sha256: &str, days: u32) -> Result<()> {
        if days > 365 {
            return Err(DeskError::InvalidInput { field: "days", message: "snooze for at most 365 days".into() });
        }
        let until = (days > 0).then(|| {
            let now = (self.config.certificate_watch.clock)();
            ssodesk_model::format_timestamp(now + time::Duration::days(i64::from(days)))
        });
        self.store.set_snooze(sha256, until.as_deref())?;
        (self.on_event)(DeskEvent::CertificatesChanged);
        if days == 0 {
            self.wake_certificate_watch().await;
        }
        Ok(())
    }

    /// Runs the certificate watch once now, as the background job does (for the CLI-less shell
    /// and for tests that drive the clock).
    pub async fn check_certificates_now(&self) -> Result<CertificateInventory> {
        self.run_certificate_watch().await?;
        self.list_certificates()
    }

    async fn run_certificate_watch(&self) -> Result<()> {
        certificates::run_once(
            &self.store,
            &self.fetcher,
            &self.config.certificate_watch,
            &self.certificate_passes,
            false,
            self.on_event.as_ref(),
        )
        .await
    }

    fn require_manage(&self, parent_id: &str, what: &str) -> Result<()> {
        if self.store.connection()?.is_none() {
            return Err(DeskError::NotConnected);
        }
        let parent = self.store.overview()?.parents.into_iter().find(|p| p.id == parent_id).ok_or_else(|| {
            ssodesk_store::StoreError::NotFound { what: "parent organization", id: parent_id.to_owned() }
        })?;
        if !parent.can_manage {
            return Err(DeskError::Forbidden(format!(
                "{what} for “{}” needs Owner or Primary Owner on one of its Team or Enterprise organizations, or Admin on a Console organization",
                parent.name
            )));
        }
        Ok(())
    }

    /// Pushes queued changes now when connected (the change is kept queued either way), then
    /// lets the certificate watch look at what changed.
    async fn push_now(&self) {
        (self.on_event)(DeskEvent::CacheChanged);
        let session = self.session.lock().await;
        if let Some(session) = session.as_ref() {
            session.sync.sync_now().await;
            session.certificate_watch.wake();
        }
        (self.on_event)(DeskEvent::CacheChanged);
    }

    async fn wake_certificate_watch(&self) {
        if let Some(session) = self.session.lock().await.as_ref() {
            session.certificate_watch.wake();
        }
    }

    /// Clears the cache when `next` is a different backend or user than the saved one, unless
    /// changes still wait for the saved backend (they would be lost).
    fn switch_cache_to(&self, next: &ConnectionSettings) -> Result<()> {
        let Some(saved) = self.store.connection()? else { return Ok(()) };
        let same_backend = saved.mode == next.mode && saved.base_url == next.base_url;
        let same_user = next.user_email.is_none() || saved.user_email == next.user_email;
        if same_backend && same_user {
            return Ok(());
        }
        let pending = self.store.outbox_len()?;
        if pending > 0 {
            return Err(DeskError::PendingChanges { count: pending });
        }
        self.store.forget_connection()?;
        (self.on_event)(DeskEvent::CacheChanged);
        Ok(())
    }

    async fn start_sandbox_session(&self, settings: &ConnectionSettings) -> Result<Session> {
        let started =
            Sandbox::start(&self.config.data_dir.join("sandbox"), self.config.sandbox_listen, self.config.dns.clone())
                .await?;
        let api = ApiClient::new(&started.sandbox.base_url(), started.token)?;
        let me = api.me().await?;
        let settings = ConnectionSettings { user_email: Some(me.email), ..settings.clone() };
        self.store.set_connection(&settings)?;
        let view = sandbox_view(&settings, Some(started.sandbox.base_url()));
        Ok(self.start_session(api, view, Some(started.sandbox)))
    }

    fn start_session(&self, api: ApiClient, connection: ConnectionView, sandbox: Option<Sandbox>) -> Session {
        self.resume_error.lock().unwrap_or_else(|p| p.into_inner()).take();
        // Without a usable resolver configuration there is nothing to watch with; every native
        // check then reports why (see `check_domain_now`), and the backend can still verify.
        let domain_watch = match &self.dns {
            Ok(dns) => Some(DomainWatchHandle::spawn(
                self.store.clone(),
                api.clone(),
                dns.clone(),
                self.config.domain_watch,
                self.on_event.clone(),
            )),
            Err(reason) => {
                tracing::warn!(%reason, "no DNS resolver: pending domains are not watched from this machine");
                None
            }
        };
        let engine = SyncEngine::new(self.store.clone(), api.clone());
        let on_event = self.on_event.clone();
        let sync = SyncWorker::spawn(engine, self.config.sync, move |event| match event {
            SyncEvent::Status(status) => on_event(DeskEvent::SyncStatus(status)),
            SyncEvent::CacheChanged => on_event(DeskEvent::CacheChanged),
        });
        let certificate_watch = CertificateWatchHandle::spawn(
            self.store.clone(),
            self.fetcher.clone(),
            self.config.certificate_watch.clone(),
            self.certificate_passes.clone(),
            self.on_event.clone(),
        );
        Session { connection, api, sync, domain_watch, certificate_watch, _sandbox: sandbox }
    }
}

fn sandbox_view(settings: &ConnectionSettings, base_url: Option<String>) -> ConnectionView {
    ConnectionView {
        mode: ConnectionModeView::Sandbox,
        base_url,
        user_email: settings.user_email.clone(),
        token_storage: TokenStorage::None,
        token_storage_note: TokenStorage::None.note().map(str::to_owned),
    }
}

fn remote_view(settings: &ConnectionSettings, storage: TokenStorage) -> ConnectionView {
    ConnectionView {
        mode: ConnectionModeView::Remote,
        base_url: settings.base_url.clone(),
        user_email: settings.user_email.clone(),
        token_storage: storage,
        token_storage_note: storage.note().map(str::to_owned),
    }
}
