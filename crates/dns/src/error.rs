//! The one error type of this crate.
//!
//! A DNS check itself never fails: whatever the servers do becomes a state in the report. What
//! can fail is the input (a name an admin typed, a `--resolver` argument) and reading the
//! system's resolver configuration, and each failure says why in words an admin can act on.

use thiserror::Error;

/// Why a name, a server address or the system resolver configuration was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DnsError {
    /// Nothing was entered (or only dots and spaces).
    #[error("enter a domain name")]
    EmptyName,
    /// The input is a URL rather than a domain.
    #[error("\"{input}\" looks like a web address; enter only the domain, e.g. {suggestion}")]
    LooksLikeUrl { input: String, suggestion: String },
    /// The input is an email address rather than a domain.
    #[error("\"{input}\" looks like an email address; enter only the domain after the @, e.g. {suggestion}")]
    LooksLikeEmail { input: String, suggestion: String },
    /// The input contains a character that is not allowed anywhere in a domain name.
    #[error("\"{input}\" contains {character:?}, which is not allowed in a domain name")]
    InvalidCharacter { input: String, character: char },
    /// Internationalised (IDNA) conversion to punycode failed.
    #[error("\"{input}\" is not a valid internationalised domain name")]
    InvalidIdn { input: String },
    /// Two dots in a row, or a leading dot.
    #[error("\"{input}\" has an empty label (two dots in a row, or a leading dot)")]
    EmptyLabel { input: String },
    /// A label longer than the 63 octets DNS allows.
    #[error("the label \"{label}\" is {length} characters long; DNS allows at most 63")]
    LabelTooLong { label: String, length: usize },
    /// A name longer than the 253 octets DNS allows.
    #[error("the name is {length} characters long; DNS allows at most 253")]
    NameTooLong { length: usize },
    /// A label that starts or ends with a hyphen.
    #[error("the label \"{label}\" starts or ends with a hyphen")]
    HyphenAtLabelEdge { label: String },
    /// A single label such as `localhost` or `com`.
    #[error("\"{input}\" has no dot; enter a full domain such as example.com")]
    SingleLabel { input: String },
    /// An IPv4 or IPv6 address.
    #[error("\"{input}\" is an IP address, not a domain name")]
    IpAddress { input: String },
    /// A public suffix (`com`, `co.uk`, `github.io`): nobody can prove they own it.
    #[error("\"{input}\" is a public suffix; enter a domain registered under it, e.g. yourcompany.{input}")]
    PublicSuffix { input: String },
    /// A server address given as `IP[:PORT]` that does not parse.
    #[error("\"{input}\" is not a DNS server address; use IP or IP:PORT, e.g. 192.0.2.53 or [2001:db8::53]:53")]
    InvalidServerAddress { input: String },
    /// The system resolver configuration could not be read or lists no nameserver.
    #[error("cannot read the system DNS resolver configuration: {reason}")]
    SystemResolver { reason: String },
}

/// Results in this crate fail with [`DnsError`].
pub type Result<T, E = DnsError> = std::result::Result<T, E>;
