//! Where `metadata inspect` and `cert watch` read from: a local file, or an `http(s)://` URL fetched
//! with `ssodesk-fetch` under fixed timeouts and the same size limit as a file.

use ssodesk_fetch::{FetchError, Fetcher};
use std::path::Path;

use crate::error::CliError;
use crate::inspect::read_bounded;

/// Whether an argument is an `http://` or `https://` URL rather than a file path.
pub fn is_url(input: &str) -> bool {
    ssodesk_fetch::is_http_url(input)
}

/// Reads the inputs, files from disk and URLs over HTTP(S), each bounded by `limit` bytes, in order.
/// The first input that cannot be read stops the whole read.
pub fn read_all(inputs: &[String], limit: usize) -> Result<Vec<Vec<u8>>, CliError> {
    let mut reader: Option<UrlReader> = None;
    let mut all = Vec::with_capacity(inputs.len());
    for input in inputs {
        let bytes = if is_url(input) {
            let reader = match &mut reader {
                Some(reader) => reader,
                None => reader.insert(UrlReader::new()?),
            };
            reader.fetch(input, limit)?
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
struct UrlReader {
    runtime: tokio::runtime::Runtime,
    fetcher: Fetcher,
}

impl UrlReader {
    fn new() -> Result<Self, CliError> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(CliError::Runtime)?;
        let fetcher = Fetcher::new(concat!("ssodesk-cli/", env!("CARGO_PKG_VERSION"))).map_err(fetch_error)?;
        Ok(Self { runtime, fetcher })
    }

    fn fetch(&self, url: &str, limit: usize) -> Result<Vec<u8>, CliError> {
        self.runtime.block_on(self.fetcher.fetch(url, limit)).map_err(fetch_error)
    }
}

fn fetch_error(error: FetchError) -> CliError {
    match error {
        FetchError::NotHttpUrl { url } => CliError::Fetch { reason: "not an http:// or https:// URL".to_owned(), url },
        FetchError::Transport { url, reason } => CliError::Fetch { url, reason },
        FetchError::Status { url, status } => CliError::HttpStatus { url, status },
        FetchError::TooLarge { url, limit } => {
            CliError::Fetch { url, reason: format!("the body is larger than the limit of {limit} bytes") }
        }
    }
}
