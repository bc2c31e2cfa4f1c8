//! Idempotency keys: the first answer to a write sent with an `Idempotency-Key` is stored and
//! replayed for retries of the same request.
//!
//! Invariant: keys are scoped per user. A key names one request, identified by its
//! [`fingerprint`] (method, path, `If-Match` and the SHA-256 of the body); the same key with a
//! different request is refused. Stored answers expire after [`KEY_LIFETIME`].

use std::time::Duration;

use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::Response;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::problem::{json_response, ApiProblem};
use crate::Result;

/// How long a stored answer is replayed. After that the key may be used again.
pub(crate) const KEY_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest key accepted, in bytes.
pub(crate) const KEY_MAX_LEN: usize = 255;

pub(crate) const REPLAYED_HEADER: &str = "idempotency-replayed";

/// A valid `Idempotency-Key`: 1 to [`KEY_MAX_LEN`] visible ASCII characters (no spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(text: &str) -> Result<IdempotencyKey, String> {
        if text.is_empty() {
            return Err("the Idempotency-Key header is empty".into());
        }
        if text.len() > KEY_MAX_LEN {
            return Err(format!("the Idempotency-Key is {} characters long; the limit is {KEY_MAX_LEN}", text.len()));
        }
        if !text.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err("the Idempotency-Key may contain only visible ASCII characters (no spaces)".into());
        }
        Ok(IdempotencyKey(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What identifies a request for idempotency: two requests with the same fingerprint are the same
/// request. Hex SHA-256 over the method, the path, the `If-Match` version (empty without one) and
/// the body's SHA-256.
pub(crate) fn fingerprint(method: &Method, path: &str, if_match: Option<i64>, body: &[u8]) -> String {
    let body_digest = hex::encode(Sha256::digest(body));
    let if_match = if_match.map(|version| version.to_string()).unwrap_or_default();
    let mut hasher = Sha256::new();
    for part in [method.as_str(), path, &if_match, &body_digest] {
        // Lengths first, so no two different requests can hash the same concatenation.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// An answer as stored for replay: everything a client could tell apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredResponse {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub etag: Option<String>,
}

impl StoredResponse {
    pub fn json(status: StatusCode, body: Vec<u8>, etag: Option<String>) -> StoredResponse {
        StoredResponse { status: status.as_u16(), content_type: "application/json".into(), body, etag }
    }

    /// An answer without a body, such as 204 No Content.
    pub fn empty(status: StatusCode) -> StoredResponse {
        StoredResponse { status: status.as_u16(), content_type: String::new(), body: Vec::new(), etag: None }
    }

    pub fn problem(problem: &ApiProblem) -> StoredResponse {
        StoredResponse {
            status: problem.problem.status,
            content_type: ssodesk_model::PROBLEM_CONTENT_TYPE.into(),
            body: problem.body(),
            etag: None,
        }
    }

    /// The HTTP answer; `replayed` adds `Idempotency-Replayed: true`.
    pub fn into_response(self, replayed: bool) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = json_response(status, self.body, self.etag);
        if self.content_type.is_empty() {
            response.headers_mut().remove(axum::http::header::CONTENT_TYPE);
        } else if let Ok(content_type) = HeaderValue::from_str(&self.content_type) {
            response.headers_mut().insert(axum::http::header::CONTENT_TYPE, content_type);
        }
        if replayed {
            response.headers_mut().insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        }
        response
    }
}

/// Deletes stored answers older than [`KEY_LIFETIME`].
pub(crate) fn delete_expired(connection: &Connection, now_unix: i64) -> Result<()> {
    let oldest_kept = now_unix - KEY_LIFETIME.as_secs() as i64;
    connection.execute("DELETE FROM idempotency_keys WHERE created_unix < ?1", [oldest_kept])?;
    Ok(())
}

/// The stored fingerprint and answer for `key` of `user_id`, if it has not expired.
pub(crate) fn find(
    connection: &Connection,
    user_id: &str,
    key: &IdempotencyKey,
    now_unix: i64,
) -> Result<Option<(String, StoredResponse)>> {
    let oldest_kept = now_unix - KEY_LIFETIME.as_secs() as i64;
    Ok(connection
        .query_row(
            "SELECT fingerprint, status, content_type, body, etag FROM idempotency_keys
             WHERE user_id = ?1 AND key = ?2 AND created_unix >= ?3",
            (user_id, key.as_str(), oldest_kept),
            |row| {
                Ok((
                    row.get(0)?,
                    StoredResponse {
                        status: row.get(1)?,
                        content_type: row.get(2)?,
                        body: row.get(3)?,
                        etag: row.get(4)?,
                    },
                ))
            },
        )
        .optional()?)
}

pub(crate) fn store(
    connection: &Connection,
    user_id: &str,
    key: &IdempotencyKey,
    fingerprint: &str,
    response: &StoredResponse,
    now_unix: i64,
) -> Result<()> {
    connection.execute(
        "INSERT OR REPLACE INTO idempotency_keys
             (user_id, key, fingerprint, status, content_type, body, etag, created_unix)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            user_id,
            key.as_str(),
            fingerprint,
            response.status,
            response.content_type,
            response.body,
            response.etag,
            now_unix
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_255_bytes() {
        assert!(IdempotencyKey::parse("a").is_ok());
        assert!(IdempotencyKey::parse("0f3c-AB_~!").is_ok());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_ok());
        assert!(IdempotencyKey::parse(&"k".repeat(256)).is_err());
        assert!(IdempotencyKey::parse("").is_err());
        assert!(IdempotencyKey::parse("has space").is_err());
        assert!(IdempotencyKey::parse("tab\there").is_err());
        assert!(IdempotencyKey::parse("é").is_err());
    }

    #[test]
    fn the_fingerprint_changes_with_every_part_of_the_request() {
        let base = fingerprint(&Method::PATCH, "/v1/orgs/org_a", Some(1), br#"{"name":"x"}"#);
        assert_eq!(base, fingerprint(&Method::PATCH, "/v1/orgs/org_a", Some(1), br#"{"name":"x"}"#));
        assert_ne!(base, fingerprint(&Method::PUT, "/v1/orgs/org_a", Some(1), br#"{"name":"x"}"#));
        assert_ne!(base, fingerprint(&Method::PATCH, "/v1/orgs/org_b", Some(1), br#"{"name":"x"}"#));
        assert_ne!(base, fingerprint(&Method::PATCH, "/v1/orgs/org_a", Some(2), br#"{"name":"x"}"#));
        assert_ne!(base, fingerprint(&Method::PATCH, "/v1/orgs/org_a", None, br#"{"name":"x"}"#));
        assert_ne!(base, fingerprint(&Method::PATCH, "/v1/orgs/org_a", Some(1), br#"{"name":"y"}"#));
        assert_eq!(base.len(), 64);
    }
}
