//! The one error type of the CLI. Every variant is printed as one line and exits with status 2.

use thiserror::Error;

/// Why the CLI could not run a check or print its report.
#[derive(Debug, Error)]
pub enum CliError {
    /// A domain, record name or resolver address was rejected, or the system resolver
    /// configuration could not be read.
    #[error("{0}")]
    Dns(#[from] ssodesk_dns::DnsError),
    /// `--expect ""`.
    #[error("--expect needs the TXT value to look for, e.g. ssodesk-verification=…")]
    EmptyExpectedValue,
    /// `--query-timeout-ms 0` or `--deadline-ms 0`.
    #[error("timeouts must be at least 1 ms")]
    ZeroDuration,
    /// An input file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path as given.
        path: String,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// A file's metadata or certificates are invalid, or the file is larger than the parser
    /// accepts (then it is not read at all).
    #[error("{path}: {source}")]
    Saml {
        /// The path as given.
        path: String,
        /// What is wrong with the metadata or certificate.
        source: ssodesk_saml::SamlError,
    },
    /// A URL could not be fetched: bad URL, unreachable host, TLS failure or timeout.
    #[error("cannot fetch {url}: {reason}")]
    Fetch {
        /// The URL as given.
        url: String,
        /// What went wrong, with the underlying causes.
        reason: String,
    },
    /// A URL answered with a status other than 2xx.
    #[error("cannot fetch {url}: the server answered HTTP {status}")]
    HttpStatus {
        /// The URL as given.
        url: String,
        /// The status line's code and reason.
        status: String,
    },
    /// `cert watch` was given metadata without any certificate.
    #[error("{source_name}: the metadata holds no certificate to watch")]
    NoCertificates {
        /// The file or URL as given.
        source_name: String,
    },
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// The report could not be turned into JSON.
    #[error("cannot write the report as JSON: {0}")]
    Json(serde_json::Error),
    /// Standard output could not be written.
    #[error("cannot write to standard output: {0}")]
    Output(std::io::Error),
}
