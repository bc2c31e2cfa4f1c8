//! Where API tokens live: the OS keychain when one really persists, else memory for this session.
//!
//! Invariant: a token is never written to SQLite, logs, or sent to the webview.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

/// The keychain service name tokens are filed under.
const SERVICE: &str = "dev.ssodesk.desk";
/// How long the keychain probe may take before the keychain counts as unavailable. A Secret Service
/// that is being activated on D-Bus can take a moment; one that never answers must not hang the app.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenStorage {
    /// The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux).
    Keychain,
    /// No keychain that persists: the token is kept in memory and asked for again next start.
    Session,
    /// No token is stored (the local sandbox mints one each run).
    None,
}

impl TokenStorage {
    pub fn note(self) -> Option<&'static str> {
        match self {
            TokenStorage::Keychain => None,
            TokenStorage::Session => Some(
                "No OS keychain is available (on Linux: no Secret Service is running), so the API token is \
                 kept in memory for this session only. You will be asked for it again after a restart.",
            ),
            TokenStorage::None => Some("The local sandbox needs no stored token."),
        }
    }
}

#[derive(Debug, Default)]
pub struct TokenVault {
    /// Decided by the first probe; `None` until then.
    storage: Mutex<Option<TokenStorage>>,
    session: Mutex<HashMap<String, String>>,
}

impl TokenVault {
    pub fn new() -> TokenVault {
        TokenVault::default()
    }

    /// What the probe found, if it ran already.
    pub fn known_storage(&self) -> Option<TokenStorage> {
        *lock(&self.storage)
    }

    /// Whether tokens go to the keychain. Probes once: writes a random secret through one keychain
    /// entry and reads it back through a new one, which only a store that really persists passes
    /// (keyring's fallback mock store, for one, keeps secrets per entry object).
    pub async fn storage(&self) -> TokenStorage {
        if let Some(storage) = *lock(&self.storage) {
            return storage;
        }
        let probe = tokio::task::spawn_blocking(probe_keychain);
        let storage = match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
            Ok(Ok(Ok(()))) => TokenStorage::Keychain,
            Ok(Ok(Err(reason))) => {
                tracing::info!(%reason, "the OS keychain does not persist; tokens are kept for this session only");
                TokenStorage::Session
            }
            Ok(Err(join_error)) => {
                tracing::warn!(%join_error, "the keychain probe failed");
                TokenStorage::Session
            }
            Err(_) => {
                tracing::warn!("the keychain probe timed out");
                TokenStorage::Session
            }
        };
        *lock(&self.storage) = Some(storage);
        storage
    }

    pub async fn store(&self, account: &str, token: &str) -> Result<TokenStorage, String> {
        let storage = self.storage().await;
        match storage {
            TokenStorage::Keychain => {
                let (account, token) = (account.to_owned(), token.to_owned());
                tokio::task::spawn_blocking(move || {
                    keyring::Entry::new(SERVICE, &account).and_then(|entry| entry.set_password(&token))
                })
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
            }
            TokenStorage::Session | TokenStorage::None => {
                lock(&self.session).insert(account.to_owned(), token.to_owned());
            }
        }
        Ok(storage)
    }

    /// The token for `account`, or `None` when none is stored (a session token after a restart).
    pub async fn load(&self, account: &str) -> Result<Option<String>, String> {
        if let Some(token) = lock(&self.session).get(account) {
            return Ok(Some(token.clone()));
        }
        if self.storage().await != TokenStorage::Keychain {
            return Ok(None);
        }
        let account = account.to_owned();
        let found =
            tokio::task::spawn_blocking(move || keyring::Entry::new(SERVICE, &account).and_then(|e| e.get_password()))
                .await
                .map_err(|e| e.to_string())?;
        match found {
            Ok(token) => Ok(Some(token)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(other) => Err(other.to_string()),
        }
    }

    pub async fn forget(&self, account: &str) {
        lock(&self.session).remove(account);
        if self.storage().await == TokenStorage::Keychain {
            let account = account.to_owned();
            let _ = tokio::task::spawn_blocking(move || {
                keyring::Entry::new(SERVICE, &account).and_then(|entry| entry.delete_credential())
            })
            .await;
        }
    }
}

fn probe_keychain() -> Result<(), String> {
    let account = "ssodesk-keychain-probe";
    let secret = hex::encode(rand::random::<[u8; 16]>());
    let writer = keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())?;
    writer.set_password(&secret).map_err(|e| e.to_string())?;
    let read_back = keyring::Entry::new(SERVICE, account).and_then(|reader| reader.get_password());
    let _ = writer.delete_credential();
    match read_back {
        Ok(value) if value == secret => Ok(()),
        Ok(_) => Err("the keychain returned a different secret".into()),
        Err(error) => Err(error.to_string()),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
