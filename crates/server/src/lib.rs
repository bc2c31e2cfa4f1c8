//! The SSO Desk reference backend: API v1 on axum, with its own SQLite database.
//!
//! The app embeds it as its local sandbox and the tests start it on a loopback port; the
//! `ssodesk-server` binary runs it on its own. The API is documented in [`OPENAPI_JSON`].
//!
//! It verifies domains by checking DNS itself (`ssodesk-dns`), when asked and in the background,
//! through the resolvers in [`ServerConfig::dns`] (the system's unless told otherwise).
//!
//! ```no_run
//! # async fn example() -> Result<(), ssodesk_server::ServerError> {
//! use ssodesk_server::{Database, ServerConfig};
//! let db = Database::open(std::path::Path::new("server.db"))?;
//! if db.is_empty()? {
//!     db.seed()?;
//! }
//! let server = ssodesk_server::start(db, ServerConfig::new("127.0.0.1:0".parse().unwrap())).await?;
//! println!("{}", server.base_url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod audit;
mod database;
mod domains;
mod error;
mod extract;
mod handlers;
mod idempotency;
mod ids;
mod metadata_fetch;
mod problem;
mod recheck;
mod resources;
mod routes;
mod seed;
mod sso;
mod verification;
mod write;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use database::Database;
pub use error::{Result, ServerError};
pub use routes::route_table;
pub use seed::{SeedPlan, SeedPlanOrg, SeedPlanUser};
pub use ssodesk_dns::{CheckConfig, ResolverChoice};

/// The OpenAPI 3.1 document of API v1, as served at `GET /v1/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// The default of [`ServerConfig::max_concurrent_requests`].
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 64;

/// The default of [`ServerConfig::recheck_interval`]: five minutes.
pub const DEFAULT_RECHECK_INTERVAL: Duration = Duration::from_secs(5 * 60);

/// The default of [`ServerConfig::pending_expiry`]: 30 days.
pub const DEFAULT_PENDING_EXPIRY: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// How to run a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The address to listen on. Port 0 picks a free port; [`RunningServer::addr`] tells which.
    pub listen: SocketAddr,
    /// Requests served at once; more are answered 503 with `Retry-After`.
    pub max_concurrent_requests: usize,
    /// How domains are checked: the resolver that finds a zone's nameservers and answers as
    /// "the resolver" (the system's by default), extra resolvers, per-query timeout and overall
    /// deadline, and the port authoritative nameservers are asked on (53; tests that run
    /// nameservers elsewhere change it). [`ServerConfig::with_dns_servers`] sets the resolvers
    /// the way `serve --dns-server` does.
    pub dns: CheckConfig,
    /// How often pending domains are re-checked in the background.
    pub recheck_interval: Duration,
    /// How long a domain may stay pending after it was added before it fails.
    pub pending_expiry: Duration,
    /// The URL the server is reached at from outside (browsers, IdPs), for the SAML service
    /// provider values it hands out; `None` means `http://` and the address it listens on.
    pub public_url: Option<String>,
}

impl ServerConfig {
    /// Listens on `listen`; checks DNS through the system resolver, re-checks pending domains
    /// every [`DEFAULT_RECHECK_INTERVAL`] and fails them after [`DEFAULT_PENDING_EXPIRY`].
    pub fn new(listen: SocketAddr) -> ServerConfig {
        ServerConfig {
            listen,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
            dns: CheckConfig::default(),
            recheck_interval: DEFAULT_RECHECK_INTERVAL,
            pending_expiry: DEFAULT_PENDING_EXPIRY,
            public_url: None,
        }
    }

    /// Checks DNS through `servers` instead of the system resolver: the first finds zones'
    /// nameservers and answers as the resolver, the others are asked too, as extra resolvers.
    /// An empty list keeps the resolver as it is.
    pub fn with_dns_servers(mut self, servers: &[SocketAddr]) -> ServerConfig {
        if let Some((first, rest)) = servers.split_first() {
            self.dns.resolver = ResolverChoice::Server(*first);
            self.dns.extra_resolvers = rest.to_vec();
        }
        self
    }
}

/// A server that is listening. Dropping it stops the server (without waiting);
/// [`RunningServer::shutdown`] stops it and waits for requests in flight.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    cancel: CancellationToken,
    task: Option<JoinHandle<()>>,
    recheck: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The address the server listens on, with the real port when the config said 0.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and the background re-check, and waits (a bounded time) for
    /// requests in flight to finish.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        if let Some(task) = self.task.take() {
            if tokio::time::timeout(routes::SHUTDOWN_GRACE, task).await.is_err() {
                tracing::warn!("requests still in flight after the shutdown grace period; stopped anyway");
            }
        }
        if let Some(recheck) = self.recheck.take() {
            // The re-check stops at its next await point once cancelled.
            let _ = tokio::time::timeout(routes::SHUTDOWN_GRACE, recheck).await;
        }
    }

    /// A token that stops the server (and its background re-check) when cancelled, for owners
    /// that stop it from elsewhere.
    pub fn cancellation(&self) -> CancellationToken {
        self.cancel.clone()
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Binds `config.listen` and serves API v1 from `db` on a tokio task, and re-checks pending
/// domains on another, until the returned handle is shut down or dropped.
pub async fn start(db: Database, config: ServerConfig) -> Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServerError::Bind { addr: config.listen, source })?;
    let addr = listener.local_addr().map_err(|source| ServerError::Bind { addr: config.listen, source })?;
    let verifier = Arc::new(verification::Verifier::new(&config.dns, config.pending_expiry));
    let public_url = match &config.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{addr}"),
    };
    let app = routes::router(
        routes::AppState { db: db.clone(), verifier: Arc::clone(&verifier), public_url: public_url.into() },
        routes::Limits { max_concurrent_requests: config.max_concurrent_requests },
    );
    let cancel = CancellationToken::new();
    let recheck = tokio::spawn(recheck::run(db, verifier, config.recheck_interval, cancel.clone()));
    let stopped = cancel.clone();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app).with_graceful_shutdown(stopped.cancelled_owned()).await;
        if let Err(error) = served {
            tracing::error!(%error, "the server stopped with an error");
        }
    });
    tracing::info!(%addr, "ssodesk-server listening");
    Ok(RunningServer { addr, cancel, task: Some(task), recheck: Some(recheck) })
}
