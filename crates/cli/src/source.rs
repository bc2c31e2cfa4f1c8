//! Where `metadata inspect` and `cert watch` read from: a local file, or an `http(s)://` URL fetched
//! with reqwest under fixed timeouts and the same size limit as a file.

use std::path::Path;
use std::time::Duration;

use ssodesk_saml::SamlError;

use crate::error::CliError;
use crate::inspect::read_bounded;

/// How long connecting to a metadata URL may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole fetch (connect, headers and body) may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(20);

/// Whether an argument is an `http://` or `https://` URL rather than a file path.
pub fn is_url(input: &str) -> bool {
    ["http://", "https://"]
        .iter()
        .any(|scheme| input.get(..scheme.len()).is_some_and(|start| start.eq_ignore_ascii_case(scheme)))
}

/// Reads the inputs, files from disk and URLs over HTTP(S), each bounded by `limit` bytes, in order.
/// The first input that cannot be read stops the whole read.
pub fn read_all(inputs: &[String], limit: usize) -> Result<Vec<Vec<u8>>, CliError> {
    let mut fetcher: Option<Fetcher> = None;
    let mut all = Vec::with_capacity(inputs.len());
    for input in inputs {
        let bytes = if is_url(input) {
            let fetcher = match &mut fetcher {
                Some(fetcher) => fetcher,
                None => fetcher.insert(Fetcher::new()?),
            };
            fetcher.fetch(input, limit)?
        } else {
            read_bounded(Path::new(input), limit)?
        };
        all.push(bytes);
    }
    Ok(all)
}

/// Reads one input, a file or a URL.
pub fn read_one(input: &str, limit: usize) -> Result<Vec<u8>, CliError> {
    let mut all = read_all(&[input.to_owned()], limit)?;
    Ok(all.remove(0))
}

/// An HTTP client and the runtime it runs on, created only when a URL is given.
struct Fetcher {
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
}

impl Fetcher {
    fn new() -> Result<Self, CliError> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(CliError::Runtime)?;
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(FETCH_TIMEOUT)
            .user_agent(concat!("ssodesk-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| CliError::Fetch { url: String::new(), reason: describe(&error) })?;
        Ok(Self { runtime, client })
    }

    fn fetch(&self, url: &str, limit: usize) -> Result<Vec<u8>, CliError> {
        self.runtime.block_on(fetch(&self.client, url, limit))
    }
}

/// Fetches `url`; a non-2xx status is an error, and reading stops as soon as the body passes `limit`.
async fn fetch(client: &reqwest::Client, url: &str, limit: usize) -> Result<Vec<u8>, CliError> {
    let fetch_error = |error: reqwest::Error| CliError::Fetch { url: url.to_owned(), reason: describe(&error) };
    let mut response = client.get(url).send().await.map_err(fetch_error)?;
    let status = response.status();
    if !status.is_success() {
        return Err(CliError::HttpStatus { url: url.to_owned(), status: status.to_string() });
    }
    let too_large = |size: usize| CliError::Saml { path: url.to_owned(), source: SamlError::TooLarge { size, limit } };
    if let Some(length) = response.content_length() {
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        if length > limit {
            return Err(too_large(length));
        }
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(fetch_error)? {
        body.extend_from_slice(&chunk);
        if body.len() > limit {
            // Stop here: the rest of the body is never read.
            return Err(too_large(body.len()));
        }
    }
    Ok(body)
}

/// The error and its causes on one line (reqwest's own message omits the cause, e.g. "connection
/// refused").
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
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
