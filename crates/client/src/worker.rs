//! The background sync loop: pulls on an interval, pushes the outbox as soon as it has work, and
//! backs off while the backend is unreachable.
//!
//! The loop reports through a callback ([`SyncEvent`]); it knows nothing of windows or events.
//! It is owned by a [`SyncHandle`]: dropping the handle stops it.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::sync::SyncError;
use crate::{Backoff, ClientError, PushOutcome, SyncEngine};

/// How often the cache is refreshed from the backend while nothing else happens.
pub const DEFAULT_PULL_INTERVAL: Duration = Duration::from_secs(60);
/// The first retry of a failed push or pull waits up to this long; each further one doubles it.
pub const DEFAULT_BACKOFF_BASE: Duration = Duration::from_secs(1);
/// No retry waits longer than this (unless the backend's `Retry-After` asks for more).
pub const DEFAULT_BACKOFF_CAP: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Copy)]
pub struct SyncConfig {
    pub pull_interval: Duration,
    pub backoff: Backoff,
}

impl Default for SyncConfig {
    fn default() -> SyncConfig {
        SyncConfig {
            pull_interval: DEFAULT_PULL_INTERVAL,
            backoff: Backoff { base: DEFAULT_BACKOFF_BASE, cap: DEFAULT_BACKOFF_CAP },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    Idle,
    Syncing,
    /// The backend cannot be reached; the app works from the cache and queues changes.
    Offline,
    /// The backend answered, but not usefully (rejected token, server error, garbage).
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub state: SyncState,
    pub last_synced_at: Option<String>,
    pub last_error: Option<String>,
    pub pending_changes: i64,
}

/// What the loop reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    Status(SyncStatus),
    /// The cache changed (a pull landed, or a change was pushed, conflicted or rejected).
    CacheChanged,
}

enum Request {
    /// Pull and push now, ignoring any back-off; answer with the status afterwards.
    SyncNow(oneshot::Sender<SyncStatus>),
    /// A change was queued: push it if nothing holds the queue back.
    OutboxChanged,
}

/// Owns a running sync loop. Dropping it stops the loop; an interrupted push is safe because the
/// change stays in the outbox with its idempotency key.
#[derive(Debug)]
pub struct SyncHandle {
    requests: mpsc::Sender<Request>,
    status: watch::Receiver<SyncStatus>,
    cancel: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl SyncHandle {
    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// Tells the loop a change was queued.
    pub fn outbox_changed(&self) {
        // A full channel already holds a wake-up, which is all this asks for.
        let _ = self.requests.try_send(Request::OutboxChanged);
    }

    /// Pulls and pushes now and returns the status afterwards.
    pub async fn sync_now(&self) -> SyncStatus {
        let (reply, answer) = oneshot::channel();
        if self.requests.send(Request::SyncNow(reply)).await.is_err() {
            return self.status();
        }
        answer.await.unwrap_or_else(|_| self.status())
    }
}

impl Drop for SyncHandle {
    fn drop(&mut self) {
        self.cancel.cancel();
        self.task.abort();
    }
}

pub struct SyncWorker {
    engine: SyncEngine,
    config: SyncConfig,
    on_event: Arc<dyn Fn(SyncEvent) + Send + Sync>,
    status: watch::Sender<SyncStatus>,
}

impl SyncWorker {
    /// Starts the loop on the current tokio runtime. It pulls at once.
    pub fn spawn(
        engine: SyncEngine,
        config: SyncConfig,
        on_event: impl Fn(SyncEvent) + Send + Sync + 'static,
    ) -> SyncHandle {
        let initial = SyncStatus {
            state: SyncState::Syncing,
            last_synced_at: engine.store().last_synced_at().ok().flatten(),
            last_error: None,
            pending_changes: engine.store().outbox_len().unwrap_or(0),
        };
        let (status_tx, status_rx) = watch::channel(initial);
        let (requests_tx, requests_rx) = mpsc::channel(16);
        let cancel = CancellationToken::new();
        let worker = SyncWorker { engine, config, on_event: Arc::new(on_event), status: status_tx };
        let task = tokio::spawn(worker.run(requests_rx, cancel.clone()));
        SyncHandle { requests: requests_tx, status: status_rx, cancel, task }
    }

    async fn run(self, mut requests: mpsc::Receiver<Request>, cancel: CancellationToken) {
        let mut pull_due = Instant::now();
        let mut pull_failures: u32 = 0;
        let mut forced = false;
        let mut waiters: Vec<oneshot::Sender<SyncStatus>> = Vec::new();
        loop {
            let mut status = self.status.borrow().clone();
            if forced || Instant::now() >= pull_due {
                status.state = SyncState::Syncing;
                self.publish(&status);
                match self.engine.pull().await {
                    Ok(()) => {
                        pull_failures = 0;
                        pull_due = Instant::now() + self.config.pull_interval;
                        status.state = SyncState::Idle;
                        status.last_error = None;
                        (self.on_event)(SyncEvent::CacheChanged);
                    }
                    Err(error) => {
                        let delay =
                            self.config.backoff.delay(pull_failures, retry_after(&error), &mut rand::thread_rng());
                        pull_failures = pull_failures.saturating_add(1);
                        pull_due = Instant::now() + delay.min(self.config.pull_interval);
                        status.state = state_after(&error);
                        status.last_error = Some(error.to_string());
                        tracing::info!(%error, retry_in = ?delay, "pull failed");
                    }
                }
            }

            let (pushed_any, next_push) = self.push_ready(forced, &mut status).await;
            forced = false;
            status.last_synced_at = self.engine.store().last_synced_at().ok().flatten();
            status.pending_changes = self.engine.store().outbox_len().unwrap_or(status.pending_changes);
            self.publish(&status);
            for waiter in waiters.drain(..) {
                let _ = waiter.send(status.clone());
            }
            if pushed_any {
                // The backend changed because of us (new versions, new audit events): refresh now.
                pull_due = Instant::now();
                continue;
            }

            let wake_at = next_push.map_or(pull_due, |at| at.min(pull_due));
            tokio::select! {
                () = cancel.cancelled() => return,
                request = requests.recv() => match request {
                    Some(Request::SyncNow(reply)) => {
                        forced = true;
                        waiters.push(reply);
                    }
                    Some(Request::OutboxChanged) => {}
                    None => return,
                },
                () = tokio::time::sleep_until(wake_at) => {}
            }
        }
    }

    /// Pushes pending changes in order until the queue is empty or its head must wait.
    /// Returns whether anything reached the backend, and when the head may be tried again.
    async fn push_ready(&self, forced: bool, status: &mut SyncStatus) -> (bool, Option<Instant>) {
        let store = self.engine.store();
        let mut pushed_any = false;
        loop {
            let entry = match store.next_pending() {
                Ok(Some(entry)) => entry,
                Ok(None) => return (pushed_any, None),
                Err(error) => {
                    status.state = SyncState::Error;
                    status.last_error = Some(error.to_string());
                    return (pushed_any, None);
                }
            };
            if !forced {
                if let Some(wait) = entry.next_attempt_at.as_deref().and_then(time_until) {
                    return (pushed_any, Some(Instant::now() + wait));
                }
            }
            let attempts = u32::try_from(entry.attempts).unwrap_or(u32::MAX);
            let mut retry_delay = Duration::ZERO;
            let outcome = self
                .engine
                .push(&entry, |error| {
                    retry_delay = self.config.backoff.delay(attempts, error.retry_after(), &mut rand::thread_rng());
                    ssodesk_model::format_timestamp(OffsetDateTime::now_utc() + retry_delay)
                })
                .await;
            (self.on_event)(SyncEvent::CacheChanged);
            match outcome {
                Ok(PushOutcome::Pushed) => pushed_any = true,
                Ok(PushOutcome::Conflict | PushOutcome::Rejected(_)) => {}
                Ok(PushOutcome::Retry(error)) => {
                    status.state = if matches!(error, ClientError::Unreachable { .. }) {
                        SyncState::Offline
                    } else {
                        SyncState::Error
                    };
                    status.last_error = Some(error.to_string());
                    tracing::info!(%error, retry_in = ?retry_delay, change = entry.id, "push failed");
                    return (pushed_any, Some(Instant::now() + retry_delay));
                }
                Err(error) => {
                    status.state = SyncState::Error;
                    status.last_error = Some(error.to_string());
                    return (pushed_any, None);
                }
            }
        }
    }

    fn publish(&self, status: &SyncStatus) {
        let changed = self.status.send_if_modified(|current| {
            if current == status {
                false
            } else {
                *current = status.clone();
                true
            }
        });
        if changed {
            (self.on_event)(SyncEvent::Status(status.clone()));
        }
    }
}

fn retry_after(error: &SyncError) -> Option<Duration> {
    match error {
        SyncError::Client(error) => error.retry_after(),
        SyncError::Store(_) => None,
    }
}

fn state_after(error: &SyncError) -> SyncState {
    match error {
        SyncError::Client(ClientError::Unreachable { .. }) => SyncState::Offline,
        _ => SyncState::Error,
    }
}

/// How long until an RFC 3339 time, or `None` when it has passed (or cannot be read, in which
/// case waiting would only strand the change).
fn time_until(at: &str) -> Option<Duration> {
    let at = ssodesk_model::parse_timestamp(at).ok()?;
    let wait = at - OffsetDateTime::now_utc();
    (wait > time::Duration::ZERO).then(|| wait.unsigned_abs())
}
