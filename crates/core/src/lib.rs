//! The SSO Desk app without its window.
//!
//! [`Desk`] is everything the desktop shell calls: it owns the local cache, the connection to a
//! backend (a remote one, or the reference backend running in-process as the local sandbox), the
//! token vault and the background sync. It reports through a callback and never sees tauri; the
//! shell turns reports into window events. Every method returns plain data shaped for the UI
//! ([`view`]) or a [`DeskError`], which crosses IPC as [`CommandError`] `{code, message, field}`.

pub mod certificates;
mod desk;
mod domains;
mod error;
pub mod expiry;
mod sandbox;
pub mod sso;
mod vault;
pub mod view;

pub use desk::{ChangeAction, Desk, DeskConfig, DeskEvent, DomainVerified};
pub use domains::{validate_domain_name, DomainNameCheck, DomainWatchConfig};
pub use error::{CommandError, DeskError, ErrorCode, Result};
pub use ssodesk_client::{SyncConfig, SyncState, SyncStatus};
pub use ssodesk_dns::{parse_server_address as parse_dns_server, ResolverChoice};
pub use vault::{TokenStorage, TokenVault};
