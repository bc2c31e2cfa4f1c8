//! The local sandbox: the reference backend running inside the app, on a loopback port, with its
//! database in the app's data folder and the demo data seeded on first use.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use ssodesk_client::ApiToken;
use ssodesk_model::Role;
use ssodesk_server::{Database, RunningServer, ServerConfig};

use crate::{DeskError, Result};

/// A running sandbox backend. Dropping it stops the server.
pub(crate) struct Sandbox {
    server: RunningServer,
    /// `sandbox.json` in the sandbox folder: the running server's URL (never a token), so tools
    /// on this machine (the CLI, the end-to-end tests) can find the sandbox.
    address_file: PathBuf,
}

/// What a sandbox start gives the app: the server, and a token of the demo Primary Owner.
pub(crate) struct SandboxSession {
    pub sandbox: Sandbox,
    pub token: ApiToken,
}

impl Sandbox {
    /// Opens (seeding on first use) the sandbox database in `dir` and starts the server on
    /// `listen`. The app signs in as the demo parent's Primary Owner with a token minted for this
    /// run, so no sandbox token is ever stored.
    /// The sandbox's backend checks DNS with `dns`, the app's own configuration, so the app and its
    /// backend see the same DNS.
    pub async fn start(dir: &Path, listen: SocketAddr, dns: ssodesk_dns::CheckConfig) -> Result<SandboxSession> {
        let failed = |e: &dyn std::fmt::Display| DeskError::Sandbox(e.to_string());
        std::fs::create_dir_all(dir).map_err(|e| failed(&e))?;
        let db = Database::open(&dir.join("server.db")).map_err(|e| failed(&e))?;
        let email = if db.is_empty().map_err(|e| failed(&e))? {
            let report = db.seed().map_err(|e| failed(&e))?;
            report
                .users
                .iter()
                .find(|user| user.roles.values().any(|role| *role == Role::PrimaryOwner))
                .map(|user| user.email.clone())
                .ok_or_else(|| DeskError::Sandbox("the demo data has no Primary Owner".into()))?
        } else {
            db.primary_owner_email()
                .map_err(|e| failed(&e))?
                .ok_or_else(|| DeskError::Sandbox("the sandbox database has no Primary Owner".into()))?
        };
        let token = db.issue_token(&email).map_err(|e| failed(&e))?;
        let config = ServerConfig { dns, ..ServerConfig::new(listen) };
        let server = ssodesk_server::start(db, config).await.map_err(|e| failed(&e))?;
        let address_file = dir.join("sandbox.json");
        let address = serde_json::json!({ "base_url": server.base_url(), "pid": std::process::id() });
        std::fs::write(&address_file, address.to_string()).map_err(|e| failed(&e))?;
        tracing::info!(base_url = %server.base_url(), "local sandbox started");
        Ok(SandboxSession { sandbox: Sandbox { server, address_file }, token: ApiToken::new(token) })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.address_file);
    }
}
