//! The report of one check: what was expected, what each source answered, the verdict and the
//! diagnostics.
//!
//! These types are the CLI's documented JSON (`crates/cli/README.md`); field names and enum
//! spellings are part of that contract. Optional fields are left out when they have no value,
//! and fields are only ever added, never renamed.

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

/// Everything one check found out about one domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// The normalised domain being verified.
    pub domain: String,
    /// The TXT record's owner name.
    pub record_name: String,
    /// The TXT value the record must hold.
    pub expected: String,
    /// The overall outcome, decided by the authoritative nameservers alone.
    pub verdict: Verdict,
    /// One sentence saying why the verdict is what it is.
    pub summary: String,
    /// The zone that holds the record (the owner of its SOA), when it was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Authoritative nameservers (by name) that serve the expected value.
    #[serde(default)]
    pub nameservers_with_record: Vec<String>,
    /// Authoritative nameservers (by name) that do not (yet) serve it, or did not answer.
    #[serde(default)]
    pub nameservers_without_record: Vec<String>,
    /// For `not_published` and `propagating`: how long (seconds) a resolver may keep a cached
    /// "no such record" answer after the record is published: `min(SOA TTL, SOA minimum)` as the
    /// zone's nameservers serve it (RFC 2308). A resolver source's own `negative_ttl` is the time
    /// left on the copy it holds now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_cache_ttl: Option<u32>,
    /// One entry per server asked, in order: resolvers, authoritative nameservers, extras.
    pub sources: Vec<SourceReport>,
    /// Mistakes recognised in what was published, each with the fix.
    pub diagnostics: Vec<Diagnostic>,
}

/// The overall outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every authoritative nameserver serves the expected value.
    Verified,
    /// Some authoritative nameservers serve it and some do not yet.
    Propagating,
    /// No authoritative nameserver serves it, and at least one said so.
    NotPublished,
    /// No authoritative nameserver could be asked or none gave an answer that decides.
    Error,
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The system resolver, or the resolver configured to replace it.
    Resolver,
    /// One address of one authoritative nameserver of the zone, asked directly without recursion.
    Authoritative,
    /// An extra resolver the admin configured.
    Extra,
}

/// What one source answered for the record name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceState {
    /// A TXT record holds exactly the expected value.
    Found,
    /// NXDOMAIN: the name does not exist.
    NotFound,
    /// NODATA: the name exists but has no TXT record.
    NoTxt,
    /// TXT records exist, none with the expected value (`values` says what was seen).
    WrongValue,
    /// SERVFAIL, another error code, a malformed answer, or a CNAME chain that was rejected.
    Servfail,
    /// No answer within the time allowed (or the server could not be reached at all). Never a
    /// "not found".
    Timeout,
    /// REFUSED.
    Refused,
}

impl SourceState {
    /// Whether this state says something about the record (as opposed to a failure to ask).
    pub fn is_answer(self) -> bool {
        matches!(self, Self::Found | Self::NotFound | Self::NoTxt | Self::WrongValue)
    }
}

/// What one server answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceReport {
    /// Which kind of server this is.
    pub kind: SourceKind,
    /// The server's address, `IP:PORT` (`[v6]:PORT` for IPv6).
    pub server: SocketAddr,
    /// The nameserver's name, for authoritative sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ns_name: Option<String>,
    /// The answer.
    pub state: SourceState,
    /// Every TXT record seen, one string per record with its character-strings joined.
    #[serde(default)]
    pub values: Vec<String>,
    /// The TXT RRset's TTL in seconds (for a resolver: the time left in its cache).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u32>,
    /// For `not_found` and `no_txt`: `min(SOA TTL, SOA minimum)` from the answer, i.e. how long
    /// this answer may be cached (for a resolver: the time left on its cached copy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_ttl: Option<u32>,
    /// The CNAME targets followed from the record name, in order, when there were any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cname_chain: Vec<String>,
    /// What went wrong, in words, for states that are failures (or a rejected CNAME chain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A recognised mistake, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// A stable code scripts and the UI can branch on.
    pub code: DiagnosticCode,
    /// What was seen.
    pub message: String,
    /// What to change in the DNS console.
    pub fix: String,
}

/// The mistakes the check recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticCode {
    /// The value is at the subdomain itself (or its registrable domain) instead of
    /// `_acme-challenge.<subdomain>`.
    RecordAtApex,
    /// The value is at `_acme-challenge.<domain>` while a registrable domain's record is at the
    /// domain itself.
    RecordAtChallengeName,
    /// The value is at `<record name>.<zone>`: the zone was typed into a field that appends it.
    DoubledZoneSuffix,
    /// The value is wrapped in literal quote characters.
    QuotedValue,
    /// The value is right apart from spaces, tabs or line breaks.
    WhitespaceInValue,
    /// A verification value with another token is published (old, or another account's).
    OtherToken,
    /// The record name is a CNAME, so resolvers read the TXT record at its target.
    CnameOnRecordName,
    /// The value was split into several TXT records instead of one.
    TokenSplitAcrossRecords,
    /// The CNAME chain from the record name loops.
    CnameLoop,
    /// The CNAME chain from the record name is longer than the limit.
    CnameChainTooLong,
}
