use serde::Serialize;
use ssodesk_client::ClientError;
use ssodesk_model::ProblemKind;
use ssodesk_store::StoreError;

pub type Result<T, E = DeskError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("{message}")]
    InvalidInput { field: &'static str, message: String },
    #[error("not connected to a backend yet: choose the local sandbox or connect to a backend")]
    NotConnected,
    #[error("{count} change(s) have not reached the backend yet: wait for them to sync, or discard them first")]
    PendingChanges { count: i64 },
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Forbidden(String),
    #[error("DNS checks cannot run on this machine: {0}")]
    Dns(String),
    #[error("the backend sent something unusable: {0}")]
    BackendData(String),
    #[error("the local sandbox could not start: {0}")]
    Sandbox(String),
    #[error("the OS keychain failed: {0}")]
    Vault(String),
    /// Fetching a document an admin pointed at (IdP metadata) failed.
    #[error("{0}")]
    Fetch(ssodesk_fetch::FetchError),
}

/// The closed set of error codes the UI branches on. Adding one is a UI change too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Something the admin typed is invalid; `field` says which input.
    InvalidInput,
    NotConnected,
    /// The backend cannot be reached (network, DNS, refused, timed out).
    Unreachable,
    /// The backend was reached but TLS failed (certificate, handshake, or not TLS at all).
    Tls,
    /// The backend rejected the API token.
    Unauthorized,
    /// The admin's role does not allow this.
    Forbidden,
    NotFound,
    /// The state changed under the request (a version conflict, unpushed changes, a change in the
    /// wrong state).
    Conflict,
    /// The backend answered, but not usefully (5xx, garbage, an unexpected refusal).
    BadBackend,
    /// The local cache or keychain failed.
    Storage,
    Internal,
}

/// An error as it crosses IPC: `{ "code": "...", "message": "...", "field": "..." | null }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
}

impl DeskError {
    pub fn code(&self) -> ErrorCode {
        match self {
            DeskError::InvalidInput { .. } => ErrorCode::InvalidInput,
            DeskError::NotConnected => ErrorCode::NotConnected,
            DeskError::Forbidden(_) => ErrorCode::Forbidden,
            DeskError::PendingChanges { .. } => ErrorCode::Conflict,
            DeskError::Client(error) => match error {
                ClientError::InvalidUrl { .. } => ErrorCode::InvalidInput,
                ClientError::Unreachable { .. } => ErrorCode::Unreachable,
                ClientError::Tls { .. } => ErrorCode::Tls,
                ClientError::Unauthorized { .. } => ErrorCode::Unauthorized,
                ClientError::Forbidden { .. } => ErrorCode::Forbidden,
                ClientError::NotFound { .. } => ErrorCode::NotFound,
                ClientError::VersionMismatch { .. } => ErrorCode::Conflict,
                ClientError::Rejected { .. } if error.problem_kind() == Some(ProblemKind::Validation) => {
                    ErrorCode::InvalidInput
                }
                ClientError::Rejected { .. } if error.problem_kind() == Some(ProblemKind::Conflict) => {
                    ErrorCode::Conflict
                }
                ClientError::Rejected { .. } | ClientError::Server { .. } | ClientError::BadResponse { .. } => {
                    ErrorCode::BadBackend
                }
            },
            DeskError::Store(StoreError::NotFound { .. }) => ErrorCode::NotFound,
            DeskError::Store(StoreError::WrongChangeState { .. }) => ErrorCode::Conflict,
            DeskError::Store(_) | DeskError::Vault(_) => ErrorCode::Storage,
            DeskError::BackendData(_) => ErrorCode::BadBackend,
            DeskError::Dns(_) => ErrorCode::Unreachable,
            DeskError::Sandbox(_) => ErrorCode::Internal,
            DeskError::Fetch(ssodesk_fetch::FetchError::Transport { .. }) => ErrorCode::Unreachable,
            DeskError::Fetch(_) => ErrorCode::InvalidInput,
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            DeskError::InvalidInput { field, .. } => Some(field),
            DeskError::Client(ClientError::InvalidUrl { .. }) => Some("baseUrl"),
            DeskError::Client(error) => error.field(),
            DeskError::Fetch(_) => Some("url"),
            _ => None,
        }
    }
}

impl From<DeskError> for CommandError {
    fn from(error: DeskError) -> CommandError {
        CommandError { code: error.code(), message: error.to_string(), field: error.field().map(str::to_owned) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_errors_have_a_pinned_json_shape() {
        let error = CommandError::from(DeskError::InvalidInput { field: "name", message: "the name is empty".into() });
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({"code": "invalid_input", "message": "the name is empty", "field": "name"})
        );
        let error = CommandError::from(DeskError::NotConnected);
        assert_eq!(serde_json::to_value(&error).unwrap()["code"], "not_connected");
        let error = CommandError::from(DeskError::Client(ClientError::Unreachable {
            url: "http://127.0.0.1:9/".into(),
            detail: "connection refused".into(),
        }));
        assert_eq!(error.code, ErrorCode::Unreachable);
        assert!(error.message.contains("cannot be reached"), "{}", error.message);
    }
}
