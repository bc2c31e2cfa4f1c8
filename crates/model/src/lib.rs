//! API resource types shared by the SSO Desk app, the reference backend and the CLI.
//!
//! Everything here is plain data with serde derives and validation. The wire format is the
//! OpenAPI document in `crates/server/openapi.json`; field names are `snake_case` on the wire.
//! Nothing in this crate does I/O.

mod problem;
mod resources;
mod sso;
mod validate;

pub use problem::{Problem, ProblemKind, PROBLEM_CONTENT_TYPE};
pub use resources::*;
pub use sso::*;
pub use validate::{OrgName, ValidationError, ORG_NAME_MAX_CHARS};

/// Timestamps on the wire are RFC 3339 strings in UTC.
pub type Timestamp = time::OffsetDateTime;

/// Formats a timestamp the way the API writes it (RFC 3339, UTC, second precision or finer).
pub fn format_timestamp(at: Timestamp) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .expect("every OffsetDateTime inside year 0..=9999 formats as RFC 3339")
}

/// Parses an RFC 3339 timestamp as the API writes it.
pub fn parse_timestamp(text: &str) -> Result<Timestamp, ValidationError> {
    Timestamp::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|_| ValidationError::Timestamp(text.to_owned()))
}
