//! The one error type of the test server.

use std::net::SocketAddr;

use thiserror::Error;

/// Why a test DNS server could not be started or changed.
#[derive(Debug, Error)]
pub enum TestServerError {
    /// No loopback address with the wanted port could be bound after several tries.
    #[error("could not bind a DNS server on {address}: {source}")]
    Bind { address: SocketAddr, source: std::io::Error },
    /// A name given in code does not parse as a DNS name.
    #[error("\"{name}\" is not a DNS name: {reason}")]
    InvalidName { name: String, reason: String },
    /// A record was changed under a name that no zone of this server holds.
    #[error("no zone of this server holds {name}")]
    NoZoneFor { name: String },
    /// The zone refused the record (e.g. a CNAME next to other records at one name).
    #[error("the zone refused the record {record}")]
    RecordRefused { record: String },
}

/// Results in this crate fail with [`TestServerError`].
pub type Result<T, E = TestServerError> = std::result::Result<T, E>;
