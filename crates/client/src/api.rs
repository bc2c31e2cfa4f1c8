//! The API v1 client.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, IF_MATCH, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use ssodesk_model::{
    AuditEvent, Domain, Me, NewDomain, Org, OrgPatch, Page, Parent, ParentPatch, Problem, ServiceProvider,
    SsoConnection, SsoConnectionInput,
};
use url::Url;

use crate::{ClientError, Result};

/// How long establishing a connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one request may take from start to the last byte of the answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Answers longer than this are not API v1 answers; reading stops there.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// An API token. Its `Debug` never shows the secret, so it cannot leak into logs.
#[derive(Clone)]
pub struct ApiToken(String);

impl ApiToken {
    pub fn new(token: impl Into<String>) -> ApiToken {
        ApiToken(token.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiToken(…)")
    }
}

/// A client for one backend and one token.
#[derive(Clone, Debug)]
pub struct ApiClient {
    http: reqwest::Client,
    /// Always ends with `/`, so joining `v1/…` keeps any path prefix the backend lives under.
    base: Url,
    token: ApiToken,
}

impl ApiClient {
    /// Checks `base_url` (absolute http or https, a host, no query or fragment) and builds a client.
    /// Makes no request.
    pub fn new(base_url: &str, token: ApiToken) -> Result<ApiClient> {
        let base = parse_base_url(base_url)?;
        let invalid = |reason: &str| ClientError::InvalidUrl { url: base_url.to_owned(), reason: reason.to_owned() };
        if token.expose().trim().is_empty() {
            return Err(ClientError::Unauthorized { detail: "the API token is empty".into() });
        }
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", token.expose().trim())).map_err(|_| {
            ClientError::Unauthorized { detail: "the API token contains characters a header cannot carry".into() }
        })?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("ssodesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| invalid(&e.to_string()))?;
        Ok(ApiClient { http, base, token })
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    pub fn token(&self) -> &ApiToken {
        &self.token
    }

    /// `GET /v1/me`: who the token belongs to. Also the check that a connection works.
    pub async fn me(&self) -> Result<Me> {
        self.get(&["v1", "me"]).await
    }

    pub async fn parents(&self) -> Result<Vec<Parent>> {
        Ok(self.get::<Page<Parent>>(&["v1", "parents"]).await?.items)
    }

    pub async fn orgs(&self, parent_id: &str) -> Result<Vec<Org>> {
        Ok(self.get::<Page<Org>>(&["v1", "parents", parent_id, "orgs"]).await?.items)
    }

    pub async fn org(&self, org_id: &str) -> Result<Org> {
        self.get(&["v1", "orgs", org_id]).await
    }

    /// The newest `limit` audit events of a parent.
    pub async fn audit_events(&self, parent_id: &str, limit: u32) -> Result<Page<AuditEvent>> {
        let mut url = self.url(&["v1", "parents", parent_id, "audit-events"]);
        url.query_pairs_mut().append_pair("limit", &limit.to_string());
        self.send(self.http.get(url)).await
    }

    /// `PATCH /v1/orgs/{id}` against `if_match`, with an idempotency key.
    pub async fn patch_org(&self, org_id: &str, patch: &OrgPatch, if_match: i64, idempotency_key: &str) -> Result<Org> {
        self.write(Method::PATCH, &["v1", "orgs", org_id], Some(patch), Some(if_match), idempotency_key).await
    }

    /// `PATCH /v1/parents/{id}` against `if_match`, with an idempotency key.
    pub async fn patch_parent(
        &self,
        parent_id: &str,
        patch: &ParentPatch,
        if_match: i64,
        idempotency_key: &str,
    ) -> Result<Parent> {
        self.write(Method::PATCH, &["v1", "parents", parent_id], Some(patch), Some(if_match), idempotency_key).await
    }

    pub async fn domains(&self, parent_id: &str) -> Result<Vec<Domain>> {
        Ok(self.get::<Page<Domain>>(&["v1", "parents", parent_id, "domains"]).await?.items)
    }

    /// `POST /v1/parents/{id}/domains`: adds a domain; the backend issues its verification token.
    pub async fn add_domain(&self, parent_id: &str, domain: &NewDomain, idempotency_key: &str) -> Result<Domain> {
        self.write(Method::POST, &["v1", "parents", parent_id, "domains"], Some(domain), None, idempotency_key).await
    }

    /// `POST /v1/domains/{id}/verify`: the backend checks DNS itself, now.
    pub async fn verify_domain(&self, domain_id: &str, idempotency_key: &str) -> Result<Domain> {
        self.write::<(), _>(Method::POST, &["v1", "domains", domain_id, "verify"], None, None, idempotency_key).await
    }

    /// `DELETE /v1/domains/{id}` against `if_match`.
    pub async fn delete_domain(&self, domain_id: &str, if_match: i64, idempotency_key: &str) -> Result<()> {
        self.write::<(), serde::de::IgnoredAny>(
            Method::DELETE,
            &["v1", "domains", domain_id],
            None,
            Some(if_match),
            idempotency_key,
        )
        .await
        .map(|_| ())
    }

    /// `GET /v1/parents/{id}/sso-connection`; `None` when the parent has no connection (404).
    pub async fn sso_connection(&self, parent_id: &str) -> Result<Option<SsoConnection>> {
        match self.get(&["v1", "parents", parent_id, "sso-connection"]).await {
            Ok(connection) => Ok(Some(connection)),
            Err(ClientError::NotFound { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// `PUT /v1/parents/{id}/sso-connection`: creates the connection (`if_match` `None`) or
    /// replaces it (`if_match` its version).
    pub async fn put_sso_connection(
        &self,
        parent_id: &str,
        input: &SsoConnectionInput,
        if_match: Option<i64>,
        idempotency_key: &str,
    ) -> Result<SsoConnection> {
        self.write(Method::PUT, &["v1", "parents", parent_id, "sso-connection"], Some(input), if_match, idempotency_key)
            .await
    }

    /// `DELETE /v1/parents/{id}/sso-connection` against `if_match`.
    pub async fn delete_sso_connection(&self, parent_id: &str, if_match: i64, idempotency_key: &str) -> Result<()> {
        self.write::<(), serde::de::IgnoredAny>(
            Method::DELETE,
            &["v1", "parents", parent_id, "sso-connection"],
            None,
            Some(if_match),
            idempotency_key,
        )
        .await
        .map(|_| ())
    }

    /// `GET /v1/parents/{id}/service-provider`: the SP values to give the IdP.
    pub async fn service_provider(&self, parent_id: &str) -> Result<ServiceProvider> {
        self.get(&["v1", "parents", parent_id, "service-provider"]).await
    }

    async fn get<T: DeserializeOwned>(&self, segments: &[&str]) -> Result<T> {
        self.send(self.http.get(self.url(segments))).await
    }

    async fn write<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
        if_match: Option<i64>,
        idempotency_key: &str,
    ) -> Result<T> {
        let mut request = self.http.request(method, self.url(segments)).header("Idempotency-Key", idempotency_key);
        if let Some(body) = body {
            let body = serde_json::to_vec(body).expect("request bodies are plain data and always serialise");
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        if let Some(version) = if_match {
            request = request.header(IF_MATCH, format!("\"{version}\""));
        }
        self.send(request).await
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("the base URL is http(s), which always has path segments")
            .pop_if_empty()
            .extend(segments);
        url
    }

    async fn send<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> Result<T> {
        let response = request.send().await.map_err(|e| self.transport_error(&e))?;
        let status = response.status();
        let retry_after = response.headers().get(RETRY_AFTER).and_then(parse_retry_after);
        let body = read_limited(response).await.map_err(|e| self.transport_error(&e))?;
        let Some(body) = body else {
            return Err(ClientError::BadResponse {
                status: status.as_u16(),
                detail: format!("the answer is longer than {} MiB", MAX_RESPONSE_BYTES / 1024 / 1024),
            });
        };
        if status.is_success() {
            // 204 No Content (a DELETE) reads as JSON `null`, which only unit-like results accept.
            let body: &[u8] = if status == StatusCode::NO_CONTENT { b"null" } else { &body };
            return serde_json::from_slice(body).map_err(|e| ClientError::BadResponse {
                status: status.as_u16(),
                detail: format!("expected API v1 JSON ({e}); got {}", preview(body)),
            });
        }
        Err(error_from_answer(status, &body, retry_after))
    }

    fn transport_error(&self, error: &reqwest::Error) -> ClientError {
        let url = self.base.to_string();
        let detail = error_chain(error);
        if is_tls_failure(error) {
            ClientError::Tls { url, detail }
        } else if error.is_timeout() {
            ClientError::Unreachable { url, detail: format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()) }
        } else {
            ClientError::Unreachable { url, detail }
        }
    }
}

fn parse_base_url(text: &str) -> Result<Url> {
    let invalid = |reason: &str| ClientError::InvalidUrl { url: text.to_owned(), reason: reason.to_owned() };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(invalid("it is empty"));
    }
    let mut url = Url::parse(trimmed).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("it must start with https:// (or http:// for a backend on this machine)"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host name"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query (?…) or fragment (#…)"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("put the token in the token field, not in the URL"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Reads the body, stopping at [`MAX_RESPONSE_BYTES`]. `None` means the body was longer.
async fn read_limited(mut response: reqwest::Response) -> reqwest::Result<Option<Vec<u8>>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

fn error_from_answer(status: StatusCode, body: &[u8], retry_after: Option<Duration>) -> ClientError {
    let problem: Option<Problem> = serde_json::from_slice(body).ok();
    let code = status.as_u16();
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        let detail = match &problem {
            Some(problem) => problem.detail.clone().unwrap_or_else(|| problem.title.clone()),
            None => preview(body),
        };
        return ClientError::Server { status: code, detail, retry_after };
    }
    let Some(problem) = problem else {
        return ClientError::BadResponse {
            status: code,
            detail: format!("expected problem details; got {}", preview(body)),
        };
    };
    match status {
        StatusCode::UNAUTHORIZED => {
            ClientError::Unauthorized { detail: problem.detail.clone().unwrap_or_else(|| problem.title.clone()) }
        }
        StatusCode::FORBIDDEN => ClientError::Forbidden { problem: Box::new(problem) },
        StatusCode::NOT_FOUND => ClientError::NotFound { problem: Box::new(problem) },
        // A 412 without `current` means the resource does not exist (any more): `current` is null.
        StatusCode::PRECONDITION_FAILED => {
            let current = problem.current.clone().unwrap_or(serde_json::Value::Null);
            ClientError::VersionMismatch { problem: Box::new(problem), current }
        }
        _ => ClientError::Rejected { status: code, problem: Box::new(problem) },
    }
}

/// `Retry-After` is either a number of seconds or an HTTP date.
fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// The start of a body, for error messages: enough to recognise an HTML error page or a proxy.
fn preview(body: &[u8]) -> String {
    if body.is_empty() {
        return "an empty body".into();
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(120)]);
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    format!("“{}{}”", flat.trim(), if body.len() > 120 { "…" } else { "" })
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// Whether a transport error is a TLS failure (certificate, handshake, or TLS spoken to a server
/// that does not). The TLS library's error type is looked for in the whole error tree: an
/// `io::Error` hides the error it wraps from `source()`, so it is opened with `get_ref()`.
fn is_tls_failure(error: &(dyn std::error::Error + 'static)) -> bool {
    if error.downcast_ref::<rustls::Error>().is_some() {
        return true;
    }
    if let Some(inner) = error.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
        if is_tls_failure(inner) {
            return true;
        }
    }
    error.source().is_some_and(is_tls_failure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_normalised() {
        assert_eq!(parse_base_url("https://api.example.com").unwrap().as_str(), "https://api.example.com/");
        assert_eq!(parse_base_url(" http://127.0.0.1:8080/sso ").unwrap().as_str(), "http://127.0.0.1:8080/sso/");
        for (bad, why) in [
            ("", "empty"),
            ("api.example.com", "relative URL"),
            ("ftp://example.com", "https://"),
            ("https://example.com/?x=1", "query"),
            ("https://user:pw@example.com", "token field"),
        ] {
            let err = parse_base_url(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn urls_keep_the_prefix_and_escape_ids() {
        let client = ApiClient::new("http://127.0.0.1:1/prefix", ApiToken::new("t")).unwrap();
        assert_eq!(client.url(&["v1", "orgs", "a/b"]).as_str(), "http://127.0.0.1:1/prefix/v1/orgs/a%2Fb");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after(&HeaderValue::from_static("7")), Some(Duration::from_secs(7)));
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(&HeaderValue::from_static("soon")), None);
    }

    #[test]
    fn token_debug_hides_the_secret() {
        assert_eq!(format!("{:?}", ApiToken::new("sdk_secret")), "ApiToken(…)");
    }

    #[test]
    fn garbage_answers_are_classified() {
        let err = error_from_answer(StatusCode::BAD_GATEWAY, b"<html>Bad gateway</html>", None);
        assert!(err.is_transient());
        assert!(err.to_string().contains("Bad gateway"), "{err}");
        let err = error_from_answer(StatusCode::BAD_REQUEST, b"nope", None);
        assert!(matches!(err, ClientError::BadResponse { status: 400, .. }), "{err}");
    }

    #[test]
    fn a_412_without_current_means_the_resource_is_gone() {
        let body = br#"{"type":"urn:ssodesk:problem:version-mismatch","title":"Version mismatch","status":412}"#;
        let err = error_from_answer(StatusCode::PRECONDITION_FAILED, body, None);
        assert!(matches!(err, ClientError::VersionMismatch { current: serde_json::Value::Null, .. }), "{err:?}");
        let body = br#"{"type":"urn:ssodesk:problem:version-mismatch","title":"Version mismatch","status":412,"current":{"version":3}}"#;
        let err = error_from_answer(StatusCode::PRECONDITION_FAILED, body, None);
        assert!(matches!(&err, ClientError::VersionMismatch { current, .. } if current["version"] == 3), "{err:?}");
    }
}
