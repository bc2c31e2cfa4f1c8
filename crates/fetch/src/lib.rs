//! Fetching IdP metadata (or a certificate) from an `http(s)://` URL, bounded in time and size.
//!
//! The app, the backend and the CLI all fetch documents an admin pointed them at; they share
//! this one way of doing it so the limits and the error wording agree everywhere.
//!
//! Invariant: a fetch never reads more than its `limit` bytes of body (a `Content-Length` over the
//! limit is refused before reading, a body that grows past it is dropped at once) and never takes
//! longer than [`FETCH_TIMEOUT`].

use std::time::Duration;

/// How long connecting to a URL may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole fetch (connect, headers and body) may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(20);

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The text is not an `http://` or `https://` URL.
    #[error("{url:?} is not an http:// or https:// URL")]
    NotHttpUrl { url: String },
    /// The request could not be made or the body not read (DNS, refused, TLS, timeout).
    #[error("cannot fetch {url}: {reason}")]
    Transport { url: String, reason: String },
    /// The server answered with a status other than 2xx.
    #[error("{url} answered {status}")]
    Status { url: String, status: String },
    /// The body is larger than the limit.
    #[error("{url} sent more than {limit} bytes")]
    TooLarge { url: String, limit: usize },
}

/// Whether `input` starts with `http://` or `https://` (any case).
pub fn is_http_url(input: &str) -> bool {
    ["http://", "https://"]
        .iter()
        .any(|scheme| input.get(..scheme.len()).is_some_and(|start| start.eq_ignore_ascii_case(scheme)))
}

/// A fetcher: one HTTP client (connection pool, rustls) with the timeouts above.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
}

impl Fetcher {
    /// A fetcher that sends `user_agent`.
    pub fn new(user_agent: &str) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(FETCH_TIMEOUT)
            .user_agent(user_agent)
            .build()
            .map_err(|error| FetchError::Transport { url: String::new(), reason: describe(&error) })?;
        Ok(Fetcher { client })
    }

    /// Fetches `url`: a non-2xx status is an error, and reading stops as soon as the body passes
    /// `limit` bytes.
    pub async fn fetch(&self, url: &str, limit: usize) -> Result<Vec<u8>, FetchError> {
        if !is_http_url(url) || reqwest::Url::parse(url).is_err() {
            return Err(FetchError::NotHttpUrl { url: url.to_owned() });
        }
        let transport = |error: reqwest::Error| FetchError::Transport { url: url.to_owned(), reason: describe(&error) };
        let mut response = self.client.get(url).send().await.map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Status { url: url.to_owned(), status: status.to_string() });
        }
        let too_large = || FetchError::TooLarge { url: url.to_owned(), limit };
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            body.extend_from_slice(&chunk);
            if body.len() > limit {
                // Stop here: the rest of the body is never read.
                return Err(too_large());
            }
        }
        Ok(body)
    }
}

/// The error and its causes on one line (reqwest's own message omits the cause, such as
/// "connection refused").
pub fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use axum::routing::get;
    use axum::Router;

    use super::*;

    async fn serve(router: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn fetches_within_the_limit_and_refuses_more() {
        let base = serve(
            Router::new()
                .route("/small", get(|| async { "x".repeat(100) }))
                .route("/large", get(|| async { "x".repeat(10_000) }))
                .route("/missing", get(|| async { (axum::http::StatusCode::NOT_FOUND, "no") })),
        )
        .await;
        let fetcher = Fetcher::new("test").unwrap();
        assert_eq!(fetcher.fetch(&format!("{base}/small"), 100).await.unwrap().len(), 100);
        assert_eq!(
            fetcher.fetch(&format!("{base}/large"), 9_999).await,
            Err(FetchError::TooLarge { url: format!("{base}/large"), limit: 9_999 })
        );
        assert!(matches!(fetcher.fetch(&format!("{base}/missing"), 100).await, Err(FetchError::Status { .. })));
        assert!(matches!(fetcher.fetch("ftp://example.test/x", 100).await, Err(FetchError::NotHttpUrl { .. })));
        assert!(matches!(fetcher.fetch("http://", 100).await, Err(FetchError::NotHttpUrl { .. })));
    }

    #[tokio::test]
    async fn a_closed_port_is_a_transport_error_naming_the_cause() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let error = Fetcher::new("test").unwrap().fetch(&format!("http://{addr}/"), 100).await.unwrap_err();
        let FetchError::Transport { reason, .. } = error else { panic!("{error:?}") };
        assert!(reason.to_lowercase().contains("refused"), "{reason}");
    }

    #[tokio::test]
    async fn a_body_streamed_without_length_is_cut_at_the_limit() {
        let base = serve(Router::new().route(
            "/stream",
            get(|| async {
                let chunks = (0..1_000).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 1024]));
                axum::body::Body::from_stream(futures_util::stream::iter(chunks))
            }),
        ))
        .await;
        let error = Fetcher::new("test").unwrap().fetch(&format!("{base}/stream"), 4096).await.unwrap_err();
        assert!(matches!(error, FetchError::TooLarge { limit: 4096, .. }), "{error:?}");
    }
}
