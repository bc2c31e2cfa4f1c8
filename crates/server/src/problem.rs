//! Problem details (RFC 9457) as axum responses, and the handlers and middleware that make sure
//! every error a client sees is one.
//!
//! Invariant: every response with a 4xx or 5xx status has the `application/problem+json` content
//! type and a body that is a [`Problem`]. Extractors reject with [`ApiProblem`]; unknown routes,
//! wrong methods and panics have their own problem handlers; and [`problem_for_plain_errors`]
//! turns anything that slipped through (an axum rejection, a tower-http layer) into a problem.

use std::any::Any;

use axum::body::Body;
use axum::http::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use ssodesk_model::{Problem, ProblemKind, ValidationError, PROBLEM_CONTENT_TYPE};

use crate::ServerError;

/// An error answer. Handlers and extractors return it; it renders as problem+json.
#[derive(Debug, Clone)]
pub(crate) struct ApiProblem {
    /// Boxed, so that `Result<_, ApiProblem>` stays small on the happy path.
    pub problem: Box<Problem>,
    /// `Retry-After`, in seconds, for `unavailable`.
    pub retry_after_seconds: Option<u64>,
    /// `Allow`, for `method-not-allowed`.
    pub allow: Option<String>,
}

impl ApiProblem {
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> ApiProblem {
        ApiProblem { problem: Box::new(Problem::new(kind, detail)), retry_after_seconds: None, allow: None }
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiProblem {
        ApiProblem::new(ProblemKind::BadRequest, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> ApiProblem {
        ApiProblem::new(ProblemKind::NotFound, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> ApiProblem {
        ApiProblem::new(ProblemKind::Forbidden, detail)
    }

    pub fn validation(error: &ValidationError) -> ApiProblem {
        ApiProblem::invalid_field(error.field(), error.to_string())
    }

    /// A `validation` problem about `field`.
    pub fn invalid_field(field: &str, detail: impl Into<String>) -> ApiProblem {
        let mut problem = ApiProblem::new(ProblemKind::Validation, detail);
        problem.problem.field = Some(field.to_owned());
        problem
    }

    pub fn conflict(detail: impl Into<String>) -> ApiProblem {
        ApiProblem::new(ProblemKind::Conflict, detail)
    }

    pub fn kind(&self) -> Option<ProblemKind> {
        self.problem.kind()
    }

    /// Whether the fault is the server's (5xx). Such answers are never stored for idempotent
    /// replay: a retry should get another chance.
    pub fn is_server_fault(&self) -> bool {
        self.problem.status >= 500
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn body(&self) -> Vec<u8> {
        serde_json::to_vec(&self.problem).expect("a Problem is plain data and always serialises")
    }
}

impl From<ServerError> for ApiProblem {
    fn from(error: ServerError) -> ApiProblem {
        tracing::error!(%error, "request failed on the server's side");
        ApiProblem::new(ProblemKind::Internal, "the server failed to answer; the server log has the details")
    }
}

impl From<rusqlite::Error> for ApiProblem {
    fn from(error: rusqlite::Error) -> ApiProblem {
        ApiProblem::from(ServerError::Sqlite(error))
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let mut response = (self.status(), self.body()).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE));
        if self.kind() == Some(ProblemKind::Unauthenticated) {
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after_seconds {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Some(allow) = self.allow.as_deref().and_then(|allow| HeaderValue::from_str(allow).ok()) {
            headers.insert(ALLOW, allow);
        }
        response
    }
}

/// The answer for a path no route serves.
pub(crate) async fn route_not_found(uri: Uri) -> ApiProblem {
    ApiProblem::not_found(format!("no API route at {}", uri.path()))
}

/// The answer for a path that has routes, but not for this method. `Allow` lists the methods it
/// has.
pub(crate) async fn method_not_allowed(method: Method, uri: Uri) -> ApiProblem {
    let allowed = crate::routes::methods_for_path(uri.path());
    let mut problem =
        ApiProblem::new(ProblemKind::MethodNotAllowed, format!("{} does not accept {method}", uri.path()));
    if !allowed.is_empty() {
        problem.allow = Some(allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", "));
    }
    problem
}

/// The answer when a handler panics: a 500 problem instead of a dropped connection.
pub(crate) fn panic_problem(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    tracing::error!(panic = message, "a request handler panicked");
    ApiProblem::new(ProblemKind::Internal, "the server failed to answer; the server log has the details")
        .into_response()
}

/// Turns an error response that is not problem+json (axum's plain-text rejections, a layer's bare
/// status) into a problem of the matching kind. Responses that are already problems pass as they
/// are.
pub(crate) async fn problem_for_plain_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(PROBLEM_CONTENT_TYPE));
    if is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .filter(|text| !text.is_empty());
    let kind = kind_for_status(status);
    let detail = text.unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
    let mut problem = ApiProblem::new(kind, detail);
    // A status no kind has keeps its own code rather than pretending to be another.
    problem.problem.status = status.as_u16();
    let mut rebuilt = problem.into_response();
    for (name, value) in &parts.headers {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            rebuilt.headers_mut().insert(name.clone(), value.clone());
        }
    }
    *rebuilt.status_mut() = status;
    rebuilt
}

fn kind_for_status(status: StatusCode) -> ProblemKind {
    ProblemKind::ALL
        .into_iter()
        .find(|kind| kind.status() == status.as_u16() && *kind != ProblemKind::IdempotencyKeyReused)
        .unwrap_or(if status.is_server_error() { ProblemKind::Internal } else { ProblemKind::BadRequest })
}

/// The body of a successful JSON answer, with its `ETag` when it is a versioned resource.
pub(crate) fn json_response(status: StatusCode, body: Vec<u8>, etag: Option<String>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(etag) = etag.and_then(|etag| HeaderValue::from_str(&etag).ok()) {
        response.headers_mut().insert(axum::http::header::ETAG, etag);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_status_maps_to_a_kind_with_that_status_when_one_exists() {
        assert_eq!(kind_for_status(StatusCode::UNPROCESSABLE_ENTITY), ProblemKind::Validation);
        assert_eq!(kind_for_status(StatusCode::PAYLOAD_TOO_LARGE), ProblemKind::PayloadTooLarge);
        assert_eq!(kind_for_status(StatusCode::SERVICE_UNAVAILABLE), ProblemKind::Unavailable);
        assert_eq!(kind_for_status(StatusCode::IM_A_TEAPOT), ProblemKind::BadRequest);
        assert_eq!(kind_for_status(StatusCode::BAD_GATEWAY), ProblemKind::Internal);
    }
}
