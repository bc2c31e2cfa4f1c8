use std::time::Duration;

use ssodesk_model::{Problem, ProblemKind};

pub type Result<T, E = ClientError> = std::result::Result<T, E>;

/// Everything that can go wrong talking to the backend, sorted by what the caller can do about it.
///
/// Problems are boxed: they are large and rare, and `Result<_, ClientError>` is on every call.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("`{url}` is not a usable backend URL: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("the backend at {url} cannot be reached: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("a secure (TLS) connection to {url} failed: {detail}")]
    Tls { url: String, detail: String },
    #[error("the backend rejected the API token: {detail}")]
    Unauthorized { detail: String },
    #[error("the backend refused: {}", problem_text(.problem))]
    Forbidden { problem: Box<Problem> },
    #[error("the backend does not know it: {}", problem_text(.problem))]
    NotFound { problem: Box<Problem> },
    #[error("the resource changed on the backend since it was read: {}", problem_text(.problem))]
    /// `current` is the resource as the backend has it now, or null when it no longer exists.
    VersionMismatch { problem: Box<Problem>, current: serde_json::Value },
    #[error("the backend refused the request ({status}): {}", problem_text(.problem))]
    Rejected { status: u16, problem: Box<Problem> },
    #[error("the backend failed ({status}): {detail}")]
    Server { status: u16, detail: String, retry_after: Option<Duration> },
    #[error("the backend answered something that is not API v1 ({status}): {detail}")]
    BadResponse { status: u16, detail: String },
}

fn problem_text(problem: &Problem) -> String {
    match &problem.detail {
        Some(detail) => detail.clone(),
        None => problem.title.clone(),
    }
}

impl ClientError {
    /// Whether sending the same request again later may succeed without anyone changing anything.
    ///
    /// A garbled success (`BadResponse`) counts: the change may or may not have been applied, and
    /// the idempotency key makes a retry safe either way.
    pub fn is_transient(&self) -> bool {
        matches!(self, ClientError::Unreachable { .. } | ClientError::Server { .. } | ClientError::BadResponse { .. })
    }

    /// How long the backend asked us to wait (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ClientError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The problem kind the backend named, if it answered with problem details.
    pub fn problem_kind(&self) -> Option<ProblemKind> {
        match self {
            ClientError::Forbidden { problem }
            | ClientError::NotFound { problem }
            | ClientError::VersionMismatch { problem, .. }
            | ClientError::Rejected { problem, .. } => problem.kind(),
            _ => None,
        }
    }

    /// The field a validation problem is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            ClientError::Rejected { problem, .. } => problem.field.as_deref(),
            _ => None,
        }
    }
}
