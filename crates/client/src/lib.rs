//! The SSO Desk backend API client and the sync engine.
//!
//! [`ApiClient`] speaks API v1 over HTTP(S) (reqwest with rustls) and turns every answer into a
//! typed result: a resource, or a [`ClientError`] that says whether retrying can help.
//! [`SyncEngine`] pulls the backend's state into the local cache and pushes the outbox, one change
//! at a time, in order. [`SyncWorker`] runs the engine in the background with back-off; it reports
//! through a callback and never knows who listens (the desktop shell turns reports into UI events).

mod api;
mod backoff;
mod error;
mod sync;
mod worker;

pub use api::{ApiClient, ApiToken};
pub use backoff::Backoff;
pub use error::{ClientError, Result};
pub use sync::{PushOutcome, SyncEngine, SyncError};
pub use worker::{SyncConfig, SyncEvent, SyncHandle, SyncState, SyncStatus, SyncWorker};
