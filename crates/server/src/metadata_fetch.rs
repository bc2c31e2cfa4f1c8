//! Fetching an IdP's metadata from the `metadata_url` of a `PUT` that gives no document.

use std::sync::OnceLock;

use ssodesk_fetch::{FetchError, Fetcher};

/// Whether `url` can be fetched at all, as a reason to show when it cannot.
pub(crate) fn check_url(url: &str) -> Result<(), String> {
    if ssodesk_fetch::is_http_url(url) && url.len() <= 2048 && has_host(url) {
        Ok(())
    } else {
        Err(format!("{url:?} is not an http:// or https:// URL"))
    }
}

/// A URL with a host after the scheme (the fetch itself checks the rest).
fn has_host(url: &str) -> bool {
    url.split_once("://").is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'))
}

/// The document at `url`, as text, or why it could not be had.
pub(crate) async fn fetch_metadata(url: &str) -> Result<String, String> {
    static FETCHER: OnceLock<Result<Fetcher, FetchError>> = OnceLock::new();
    let fetcher = FETCHER
        .get_or_init(|| Fetcher::new(concat!("ssodesk-server/", env!("CARGO_PKG_VERSION"))))
        .as_ref()
        .map_err(ToString::to_string)?;
    let bytes = fetcher.fetch(url, ssodesk_saml::MAX_METADATA_BYTES).await.map_err(|error| error.to_string())?;
    String::from_utf8(bytes).map_err(|error| format!("{url} sent metadata that is not UTF-8 text: {error}"))
}
