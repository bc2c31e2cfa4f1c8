//! Native DNS checks for domain verification, shared by the SSO Desk app, the reference backend
//! and the CLI.
//!
//! [`DnsChecker::check`] answers "does this domain publish this TXT value?" with a
//! [`CheckReport`], never a bare bool: what the resolver says, what **every address of every
//! authoritative nameserver** of the zone says when asked directly (no recursion, so no cache),
//! what extra resolvers say, an overall [`Verdict`] decided by the authoritative answers alone,
//! how long negative caches may still hide a new record, and [`Diagnostic`]s with the fix for
//! common mistakes. A timeout is always reported as a timeout, never as "not found".
//!
//! Names are normalised here too ([`DomainName`], [`RecordName`]), together with the rule for
//! where the record lives ([`DomainName::verification_record_name`], decided with the Public
//! Suffix List), so the server, the app and the CLI apply one rule.
//!
//! Queries are built and parsed with hickory-proto and sent by this crate over UDP (TCP when
//! truncated); hickory-resolver only reads the system resolver configuration.

mod check;
mod diagnose;
mod discovery;
mod error;
mod exchange;
mod lookup;
mod name;
mod report;

pub use check::{parse_server_address, CheckConfig, CheckRequest, DnsChecker, ResolverChoice, DNS_PORT};
pub use error::{DnsError, Result};
pub use lookup::MAX_CNAME_HOPS;
pub use name::{verification_value, DomainName, RecordName, CHALLENGE_LABEL, VERIFICATION_PREFIX};
pub use report::{CheckReport, Diagnostic, DiagnosticCode, SourceKind, SourceReport, SourceState, Verdict};
