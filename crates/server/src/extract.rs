//! Request extractors. Each rejects with an [`ApiProblem`], so axum's plain-text rejections never
//! reach a client.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, IF_MATCH};
use axum::http::request::Parts;
use axum::http::Method;
use rusqlite::OptionalExtension;
use serde::de::DeserializeOwned;
use ssodesk_model::ProblemKind;

use crate::idempotency::IdempotencyKey;
use crate::ids::{is_well_formed_id, token_digest, IdKind};
use crate::problem::ApiProblem;
use crate::routes::AppState;

/// The largest request body accepted, in bytes.
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;

/// The largest body of `PUT /v1/parents/{id}/sso-connection`, which carries a metadata document.
pub(crate) const SSO_CONNECTION_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The default and the largest `limit` of a page of audit events.
pub(crate) const AUDIT_PAGE_DEFAULT: u32 = 50;
pub(crate) const AUDIT_PAGE_MAX: u32 = 200;

/// The authenticated user, from `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub user_id: String,
    pub email: String,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiProblem> {
        let unauthenticated = |detail: &str| ApiProblem::new(ProblemKind::Unauthenticated, detail);
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| unauthenticated("send an API token as `Authorization: Bearer <token>`"))?;
        let text = header.to_str().map_err(|_| unauthenticated("the Authorization header is not readable text"))?;
        let token = text
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty())
            .ok_or_else(|| unauthenticated("the Authorization header must be `Bearer <token>`"))?;
        let digest = token_digest(token);
        let caller = state
            .db
            .call(move |connection| {
                connection
                    .query_row(
                        "SELECT u.id, u.email FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ?1",
                        [digest],
                        |row| Ok(Caller { user_id: row.get(0)?, email: row.get(1)? }),
                    )
                    .optional()
            })
            .await??;
        caller.ok_or_else(|| unauthenticated("the API token is unknown or was revoked"))
    }
}

/// A well-formed id from the path. Whether it exists is the handler's business.
async fn path_id(parts: &mut Parts, kind: IdKind) -> Result<String, ApiProblem> {
    let Path(id) = Path::<String>::from_request_parts(parts, &())
        .await
        .map_err(|rejection| ApiProblem::bad_request(format!("the path is not valid: {}", rejection.body_text())))?;
    if is_well_formed_id(kind, &id) {
        Ok(id)
    } else {
        Err(ApiProblem::bad_request(format!("{id:?} is not a {} id (they look like {}…)", kind.noun(), kind.prefix())))
    }
}

/// The `{id}` of a `/v1/parents/{id}…` route.
#[derive(Debug, Clone)]
pub(crate) struct ParentId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ParentId {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<ParentId, ApiProblem> {
        path_id(parts, IdKind::Parent).await.map(ParentId)
    }
}

/// The `{id}` of a `/v1/orgs/{id}` route.
#[derive(Debug, Clone)]
pub(crate) struct OrgId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for OrgId {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<OrgId, ApiProblem> {
        path_id(parts, IdKind::Org).await.map(OrgId)
    }
}

/// The `{id}` of a `/v1/domains/{id}…` route.
#[derive(Debug, Clone)]
pub(crate) struct DomainId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for DomainId {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<DomainId, ApiProblem> {
        path_id(parts, IdKind::Domain).await.map(DomainId)
    }
}

/// Parses `If-Match`. Only the strong form of one ETag is accepted: `"<version>"`, a positive
/// decimal integer in double quotes. Weak tags, lists and `*` are refused, because a write must
/// name the exact version it was based on.
pub(crate) fn parse_if_match(text: &str) -> Result<i64, String> {
    let trimmed = text.trim();
    let invalid = || format!("If-Match must be one version in double quotes, such as \"3\"; got {trimmed:?}");
    let inner = trimmed.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')).ok_or_else(invalid)?;
    if inner.is_empty() || inner.len() > 18 || !inner.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(invalid());
    }
    let version: i64 = inner.parse().map_err(|_| invalid())?;
    if version < 1 {
        return Err(invalid());
    }
    Ok(version)
}

/// The conditions of a change to an existing resource: the version it is based on (`If-Match`,
/// required) and its optional `Idempotency-Key`, plus what the idempotency fingerprint needs.
#[derive(Debug, Clone)]
pub(crate) struct WriteConditions {
    pub if_match: i64,
    pub idempotency_key: Option<IdempotencyKey>,
    pub method: Method,
    pub path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for WriteConditions {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<WriteConditions, ApiProblem> {
        let idempotency_key = idempotency_key(parts)?;
        let if_match = if_match(parts)?.ok_or_else(|| {
            ApiProblem::new(
                ProblemKind::PreconditionRequired,
                "writes need If-Match with the version you read, such as If-Match: \"3\"",
            )
        })?;
        Ok(WriteConditions {
            if_match,
            idempotency_key,
            method: parts.method.clone(),
            path: parts.uri.path().to_owned(),
        })
    }
}

/// The conditions of a `PUT` that creates or replaces a resource: `If-Match` is required to
/// replace one (checked by the handler, which knows whether it exists) and refused to create one.
#[derive(Debug, Clone)]
pub(crate) struct PutConditions {
    pub if_match: Option<i64>,
    pub idempotency_key: Option<IdempotencyKey>,
    pub method: Method,
    pub path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for PutConditions {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<PutConditions, ApiProblem> {
        let idempotency_key = idempotency_key(parts)?;
        let if_match = if_match(parts)?;
        Ok(PutConditions { if_match, idempotency_key, method: parts.method.clone(), path: parts.uri.path().to_owned() })
    }
}

/// The conditions of a POST that creates a resource or asks for an action (such as verifying a
/// domain): no version to match, so no `If-Match`; the optional `Idempotency-Key`.
#[derive(Debug, Clone)]
pub(crate) struct ActionConditions {
    pub idempotency_key: Option<IdempotencyKey>,
    pub method: Method,
    pub path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for ActionConditions {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<ActionConditions, ApiProblem> {
        Ok(ActionConditions {
            idempotency_key: idempotency_key(parts)?,
            method: parts.method.clone(),
            path: parts.uri.path().to_owned(),
        })
    }
}

/// The version in the request's one `If-Match` header, `None` without one.
fn if_match(parts: &Parts) -> Result<Option<i64>, ApiProblem> {
    match parts.headers.get_all(IF_MATCH).iter().collect::<Vec<_>>().as_slice() {
        [] => Ok(None),
        [value] => {
            let text = value.to_str().map_err(|_| ApiProblem::bad_request("If-Match is not readable text"))?;
            Ok(Some(parse_if_match(text).map_err(ApiProblem::bad_request)?))
        }
        _ => Err(ApiProblem::bad_request("send one If-Match header, not several")),
    }
}

fn idempotency_key(parts: &Parts) -> Result<Option<IdempotencyKey>, ApiProblem> {
    match parts.headers.get_all("idempotency-key").iter().collect::<Vec<_>>().as_slice() {
        [] => Ok(None),
        [value] => {
            let text = value.to_str().map_err(|_| {
                ApiProblem::bad_request("the Idempotency-Key may contain only visible ASCII characters")
            })?;
            Ok(Some(IdempotencyKey::parse(text).map_err(ApiProblem::bad_request)?))
        }
        _ => Err(ApiProblem::bad_request("send one Idempotency-Key header, not several")),
    }
}

/// A JSON request body: `Content-Type: application/json`, at most `LIMIT` bytes, parsed
/// strictly into `T`. Keeps the raw bytes for the idempotency fingerprint.
///
/// `LIMIT` names the limit in the refusal; the limit itself is the route's `DefaultBodyLimit`
/// (see `routes.rs`), which must agree.
#[derive(Debug, Clone)]
pub(crate) struct JsonBody<T, const LIMIT: usize = MAX_BODY_BYTES> {
    pub value: T,
    pub bytes: Bytes,
}

impl<T: DeserializeOwned, S: Send + Sync, const LIMIT: usize> FromRequest<S> for JsonBody<T, LIMIT> {
    type Rejection = ApiProblem;

    async fn from_request(request: Request, state: &S) -> Result<JsonBody<T, LIMIT>, ApiProblem> {
        let content_type = request.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
        if !is_json_media_type(content_type) {
            return Err(ApiProblem::new(
                ProblemKind::UnsupportedMediaType,
                format!("send the body as application/json (got {:?})", content_type),
            ));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| match rejection {
            BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
                ApiProblem::new(ProblemKind::PayloadTooLarge, format!("the body is larger than {} KiB", LIMIT / 1024))
            }
            other => ApiProblem::bad_request(format!("the body could not be read: {}", other.body_text())),
        })?;
        let json: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|error| ApiProblem::bad_request(format!("the body is not JSON: {error}")))?;
        // Checked first because serde also reads a struct from an array of its fields in order,
        // which no client means.
        if !json.is_object() {
            return Err(ApiProblem::bad_request("the body must be a JSON object"));
        }
        let value = serde_json::from_value(json)
            .map_err(|error| ApiProblem::bad_request(format!("the body is not the expected JSON: {error}")))?;
        Ok(JsonBody { value, bytes })
    }
}

fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json"
}

/// `?limit=N&cursor=C` of the audit log. Unknown or repeated parameters are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuditQuery {
    pub limit: u32,
    /// Events strictly older than this sequence number; `None` starts at the newest.
    pub before_seq: Option<i64>,
}

impl<S: Send + Sync> FromRequestParts<S> for AuditQuery {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<AuditQuery, ApiProblem> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map_err(|rejection| {
            ApiProblem::bad_request(format!("the query string is not valid: {}", rejection.body_text()))
        })?;
        parse_audit_query(&pairs).map_err(ApiProblem::bad_request)
    }
}

pub(crate) fn parse_audit_query(pairs: &[(String, String)]) -> Result<AuditQuery, String> {
    let mut limit = None;
    let mut before_seq = None;
    for (name, value) in pairs {
        match name.as_str() {
            "limit" if limit.is_none() => {
                let parsed =
                    value.parse::<u32>().ok().filter(|limit| (1..=AUDIT_PAGE_MAX).contains(limit)).ok_or_else(
                        || format!("limit must be a whole number from 1 to {AUDIT_PAGE_MAX}; got {value:?}"),
                    )?;
                limit = Some(parsed);
            }
            "cursor" if before_seq.is_none() => {
                before_seq = Some(
                    decode_cursor(value).ok_or_else(|| format!("{value:?} is not a cursor this server gave out"))?,
                );
            }
            "limit" | "cursor" => return Err(format!("{name} is given more than once")),
            _ => return Err(format!("unknown query parameter {name:?}; this route takes limit and cursor")),
        }
    }
    Ok(AuditQuery { limit: limit.unwrap_or(AUDIT_PAGE_DEFAULT), before_seq })
}

/// Cursors are opaque to clients; inside they are `c` and the sequence number of the last event
/// of the previous page.
pub(crate) fn encode_cursor(seq: i64) -> String {
    format!("c{seq}")
}

fn decode_cursor(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('c')?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|seq| *seq > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_only_one_strong_version() {
        assert_eq!(parse_if_match("\"1\""), Ok(1));
        assert_eq!(parse_if_match(" \"42\" "), Ok(42));
        for bad in [
            "1",
            "W/\"1\"",
            "*",
            "\"\"",
            "\"0\"",
            "\"-1\"",
            "\"1\", \"2\"",
            "\"1.0\"",
            "\"abc\"",
            "\"99999999999999999999\"",
            "\"1",
        ] {
            assert!(parse_if_match(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn audit_query_defaults_and_bounds() {
        let pairs =
            |list: &[(&str, &str)]| list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<Vec<_>>();
        assert_eq!(parse_audit_query(&[]), Ok(AuditQuery { limit: AUDIT_PAGE_DEFAULT, before_seq: None }));
        assert_eq!(
            parse_audit_query(&pairs(&[("limit", "200"), ("cursor", &encode_cursor(7))])),
            Ok(AuditQuery { limit: 200, before_seq: Some(7) })
        );
        for bad in [
            pairs(&[("limit", "0")]),
            pairs(&[("limit", "201")]),
            pairs(&[("limit", "-1")]),
            pairs(&[("limit", "ten")]),
            pairs(&[("limit", "")]),
            pairs(&[("cursor", "7")]),
            pairs(&[("cursor", "c0")]),
            pairs(&[("cursor", "c")]),
            pairs(&[("cursor", "zzz")]),
            pairs(&[("limit", "1"), ("limit", "2")]),
            pairs(&[("page", "2")]),
        ] {
            assert!(parse_audit_query(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn only_application_json_is_a_json_body() {
        assert!(is_json_media_type("application/json"));
        assert!(is_json_media_type("Application/JSON; charset=utf-8"));
        assert!(!is_json_media_type("text/plain"));
        assert!(!is_json_media_type(""));
        assert!(!is_json_media_type("application/jsonx"));
    }
}
