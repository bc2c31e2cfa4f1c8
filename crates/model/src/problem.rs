//! RFC 9457 problem details, the body of every error response of the API.

use serde::{Deserialize, Serialize};

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// Every kind of error the API returns. The `type` URI of each is stable: clients branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The request could not be read: malformed JSON, a bad header, a bad query parameter.
    BadRequest,
    /// No or an unknown bearer token.
    Unauthenticated,
    /// The caller's role does not allow this.
    Forbidden,
    NotFound,
    MethodNotAllowed,
    /// The resource changed since the caller read it (`If-Match` did not match).
    VersionMismatch,
    /// A write without `If-Match`.
    PreconditionRequired,
    /// The body was well-formed but a value is invalid.
    Validation,
    /// The `Idempotency-Key` was used before with a different request.
    IdempotencyKeyReused,
    /// The request conflicts with the current state (for example a name already taken).
    Conflict,
    UnsupportedMediaType,
    PayloadTooLarge,
    /// A fault on the server's side. Never the answer to bad input.
    Internal,
    /// The server is too busy right now; `Retry-After` says when to try again.
    Unavailable,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 14] = [
        ProblemKind::BadRequest,
        ProblemKind::Unauthenticated,
        ProblemKind::Forbidden,
        ProblemKind::NotFound,
        ProblemKind::MethodNotAllowed,
        ProblemKind::VersionMismatch,
        ProblemKind::PreconditionRequired,
        ProblemKind::Validation,
        ProblemKind::IdempotencyKeyReused,
        ProblemKind::Conflict,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::PayloadTooLarge,
        ProblemKind::Internal,
        ProblemKind::Unavailable,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ProblemKind::BadRequest => "bad-request",
            ProblemKind::Unauthenticated => "unauthenticated",
            ProblemKind::Forbidden => "forbidden",
            ProblemKind::NotFound => "not-found",
            ProblemKind::MethodNotAllowed => "method-not-allowed",
            ProblemKind::VersionMismatch => "version-mismatch",
            ProblemKind::PreconditionRequired => "precondition-required",
            ProblemKind::Validation => "validation",
            ProblemKind::IdempotencyKeyReused => "idempotency-key-reused",
            ProblemKind::Conflict => "conflict",
            ProblemKind::UnsupportedMediaType => "unsupported-media-type",
            ProblemKind::PayloadTooLarge => "payload-too-large",
            ProblemKind::Internal => "internal",
            ProblemKind::Unavailable => "unavailable",
        }
    }

    /// The stable `type` URI of this kind.
    pub fn type_uri(self) -> String {
        format!("urn:ssodesk:problem:{}", self.slug())
    }

    pub fn from_type_uri(uri: &str) -> Option<ProblemKind> {
        let slug = uri.strip_prefix("urn:ssodesk:problem:")?;
        ProblemKind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    pub fn status(self) -> u16 {
        match self {
            ProblemKind::BadRequest => 400,
            ProblemKind::Unauthenticated => 401,
            ProblemKind::Forbidden => 403,
            ProblemKind::NotFound => 404,
            ProblemKind::MethodNotAllowed => 405,
            ProblemKind::VersionMismatch => 412,
            ProblemKind::PreconditionRequired => 428,
            ProblemKind::Validation => 422,
            ProblemKind::IdempotencyKeyReused => 422,
            ProblemKind::Conflict => 409,
            ProblemKind::UnsupportedMediaType => 415,
            ProblemKind::PayloadTooLarge => 413,
            ProblemKind::Internal => 500,
            ProblemKind::Unavailable => 503,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ProblemKind::BadRequest => "The request could not be read",
            ProblemKind::Unauthenticated => "Authentication required",
            ProblemKind::Forbidden => "Your role does not allow this",
            ProblemKind::NotFound => "Not found",
            ProblemKind::MethodNotAllowed => "Method not allowed",
            ProblemKind::VersionMismatch => "The resource changed since you read it",
            ProblemKind::PreconditionRequired => "If-Match header required",
            ProblemKind::Validation => "A value is invalid",
            ProblemKind::IdempotencyKeyReused => "Idempotency-Key reused with a different request",
            ProblemKind::Conflict => "Conflict with the current state",
            ProblemKind::UnsupportedMediaType => "Unsupported media type",
            ProblemKind::PayloadTooLarge => "Request body too large",
            ProblemKind::Internal => "Internal server error",
            ProblemKind::Unavailable => "The server is busy; try again shortly",
        }
    }
}

/// An RFC 9457 problem details object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The field a validation problem is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `version-mismatch`: the resource as it is now, so the client can show both versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<serde_json::Value>,
}

impl Problem {
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Problem {
        Problem {
            type_uri: kind.type_uri(),
            title: kind.title().to_owned(),
            status: kind.status(),
            detail: Some(detail.into()),
            field: None,
            current: None,
        }
    }

    pub fn kind(&self) -> Option<ProblemKind> {
        ProblemKind::from_type_uri(&self.type_uri)
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Problem {
        self.field = Some(field.into());
        self
    }

    pub fn with_current(mut self, current: serde_json::Value) -> Problem {
        self.current = Some(current);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_uris_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for kind in ProblemKind::ALL {
            assert!(seen.insert(kind.type_uri()));
            assert_eq!(ProblemKind::from_type_uri(&kind.type_uri()), Some(kind));
        }
    }
}
