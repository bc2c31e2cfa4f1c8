//! A real authoritative DNS server for tests: hickory-server embedded, one per test on its own
//! loopback address, with zones built in code, records changeable while it runs, and fault
//! modes (never answer, SERVFAIL, REFUSED).
//!
//! [`TestDnsServer`] is one server; [`DelegatedZone`] starts a zone's nameservers plus a server
//! that plays the resolver, so NS discovery works the way it does on the internet. Nothing here
//! talks to anything but loopback addresses.

mod delegation;
mod error;
mod server;
mod zone;

pub use delegation::{DelegatedZone, DelegationLayout};
pub use error::{Result, TestServerError};
pub use server::{Fault, TestDnsServer};
pub use zone::{address_record, cname_record, dns_name, txt_record, Zone, DEFAULT_NEGATIVE_TTL, DEFAULT_TTL};

/// The hickory-proto types tests need to build their own records.
pub use hickory_proto::rr::{Record, RecordType};
