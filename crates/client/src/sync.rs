//! The sync engine: pull the backend's state into the cache, push the outbox.

use std::sync::Arc;

use ssodesk_model::{OrgPatch, ProblemKind, SsoConnectionInput};
use ssodesk_store::{OutboxEntry, OutboxKind, PushedChange, RemoteParent, RemoteSnapshot, RenameOrgPayload, Store};

use crate::{ApiClient, ClientError};

/// How many audit events a pull fetches per parent.
const AUDIT_EVENTS_PER_PULL: u32 = 100;

/// What became of one pushed change.
#[derive(Debug)]
pub enum PushOutcome {
    /// The backend applied it (or had applied it before and replayed the answer).
    Pushed,
    /// The backend has a newer version; the change waits for the admin.
    Conflict,
    /// The backend refused it for good; the change waits for the admin to discard it.
    Rejected(ClientError),
    /// Retrying later may succeed; the outbox entry is unchanged but for its attempt count.
    Retry(ClientError),
}

/// Errors of the engine: the backend's, or the cache's.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Store(#[from] ssodesk_store::StoreError),
}

pub struct SyncEngine {
    store: Arc<Store>,
    api: ApiClient,
}

impl std::fmt::Debug for SyncEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncEngine").field("base_url", &self.api.base_url().as_str()).finish_non_exhaustive()
    }
}

impl SyncEngine {
    pub fn new(store: Arc<Store>, api: ApiClient) -> SyncEngine {
        SyncEngine { store, api }
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// Fetches the user, their parents, organizations and audit logs, and replaces the cache's
    /// copy in one transaction. Local changes waiting in the outbox are kept (see the store).
    pub async fn pull(&self) -> Result<(), SyncError> {
        let me = self.api.me().await?;
        let mut parents = Vec::new();
        for parent in self.api.parents().await? {
            let orgs = self.api.orgs(&parent.id).await?;
            let domains = self.api.domains(&parent.id).await?;
            // Only managers may read the audit log; asking otherwise would only earn a 403.
            let audit_events = if parent.can_manage {
                match self.api.audit_events(&parent.id, AUDIT_EVENTS_PER_PULL).await {
                    Ok(page) => Some(page.items),
                    Err(ClientError::Forbidden { .. }) => None,
                    Err(other) => return Err(other.into()),
                }
            } else {
                None
            };
            let sso_connection = self.api.sso_connection(&parent.id).await?;
            let service_provider = Some(self.api.service_provider(&parent.id).await?);
            parents.push(RemoteParent { parent, orgs, domains, audit_events, sso_connection, service_provider });
        }
        self.store.apply_snapshot(&RemoteSnapshot { me, parents })?;
        Ok(())
    }

    /// Sends one outbox entry and records the outcome in the cache.
    ///
    /// The attempt count and error of a retryable failure are recorded with `next_attempt_at`,
    /// which the caller chose (it owns the back-off policy).
    pub async fn push(
        &self,
        entry: &OutboxEntry,
        next_attempt_at: impl FnOnce(&ClientError) -> String,
    ) -> Result<PushOutcome, SyncError> {
        let result = match entry.kind {
            OutboxKind::RenameOrg => {
                let payload: RenameOrgPayload = serde_json::from_value(entry.payload.clone()).map_err(|e| {
                    ssodesk_store::StoreError::Corrupt { what: "outbox payload", detail: e.to_string() }
                })?;
                let patch = OrgPatch { name: Some(payload.name) };
                self.api
                    .patch_org(&entry.resource_id, &patch, entry.base_version, &entry.idempotency_key)
                    .await
                    .map(PushedChange::Org)
            }
            OutboxKind::PutSsoConnection => {
                let input: SsoConnectionInput = serde_json::from_value(entry.payload.clone()).map_err(|e| {
                    ssodesk_store::StoreError::Corrupt { what: "outbox payload", detail: e.to_string() }
                })?;
                let if_match = (entry.base_version > 0).then_some(entry.base_version);
                let parent_id = entry.resource_id.clone();
                self.api
                    .put_sso_connection(&parent_id, &input, if_match, &entry.idempotency_key)
                    .await
                    .map(|connection| PushedChange::SsoConnection { parent_id, connection: Some(connection) })
            }
            OutboxKind::DeleteSsoConnection => {
                let parent_id = entry.resource_id.clone();
                match self.api.delete_sso_connection(&parent_id, entry.base_version, &entry.idempotency_key).await {
                    Ok(()) => Ok(PushedChange::SsoConnection { parent_id, connection: None }),
                    // Already gone: what the change wanted is true.
                    Err(ClientError::NotFound { .. }) if entry.base_version > 0 => {
                        Ok(PushedChange::SsoConnection { parent_id, connection: None })
                    }
                    Err(other) => Err(other),
                }
            }
        };
        match result {
            Ok(pushed) => {
                self.store.mark_pushed(entry.id, &pushed)?;
                Ok(PushOutcome::Pushed)
            }
            // Creating a connection that meanwhile exists (428), or replacing one that meanwhile
            // went away (412 without `current`): the admin decides, with the backend's state.
            Err(ClientError::Rejected { problem, .. })
                if entry.kind == OutboxKind::PutSsoConnection
                    && problem.kind() == Some(ProblemKind::PreconditionRequired) =>
            {
                let current = self.api.sso_connection(&entry.resource_id).await?;
                let current = serde_json::to_value(current).unwrap_or_default();
                let message = problem.detail.unwrap_or(problem.title);
                self.store.mark_conflict(entry.id, &current, &message)?;
                Ok(PushOutcome::Conflict)
            }
            Err(ClientError::VersionMismatch { problem, current }) => {
                let message = problem.detail.unwrap_or(problem.title);
                self.store.mark_conflict(entry.id, &current, &message)?;
                Ok(PushOutcome::Conflict)
            }
            // A rejected token is not the change's fault: keep it queued until the token is fixed.
            Err(error) if error.is_transient() || matches!(error, ClientError::Unauthorized { .. }) => {
                self.store.mark_retry(entry.id, &next_attempt_at(&error), &error.to_string())?;
                Ok(PushOutcome::Retry(error))
            }
            Err(error) => {
                self.store.mark_rejected(entry.id, &error.to_string())?;
                Ok(PushOutcome::Rejected(error))
            }
        }
    }
}
