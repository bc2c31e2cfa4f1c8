//! Domain names as admins type them, normalised once, and the verification record's name.
//!
//! A [`DomainName`] is always lowercase ASCII (IDNs in punycode), without a trailing dot, at
//! most 253 octets, made of LDH labels of 1..=63 octets, and never a public suffix. Which part of
//! a name is registrable comes from the Public Suffix List (the `psl` crate), never from a
//! hand-made rule such as "the last two labels".

use std::fmt;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::error::{DnsError, Result};

/// Every verification value starts with this prefix; what follows is the per-domain token.
pub const VERIFICATION_PREFIX: &str = "ssodesk-verification=";

/// The label that carries the verification record of a subdomain.
pub const CHALLENGE_LABEL: &str = "_acme-challenge";

/// The TXT value an admin publishes for `token`.
pub fn verification_value(token: &str) -> String {
    format!("{VERIFICATION_PREFIX}{token}")
}

/// A domain an admin wants to verify, normalised (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainName(String);

impl DomainName {
    /// Normalises what an admin typed: trims spaces, drops one trailing dot, lowercases, converts
    /// IDNs to punycode, and rejects anything that is not a domain someone could register or own
    /// a subdomain of, with the reason.
    pub fn parse(input: &str) -> Result<Self> {
        let ascii = normalise(input, LabelRule::Hostname)?;
        if psl::domain_str(&ascii).is_none() {
            return Err(DnsError::PublicSuffix { input: ascii });
        }
        Ok(Self(ascii))
    }

    /// The normalised name (lowercase ASCII, punycode, no trailing dot).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name for display, with punycode labels turned back into Unicode.
    pub fn to_unicode(&self) -> String {
        idna::domain_to_unicode(&self.0).0
    }

    /// The registrable domain this name belongs to: `example.co.uk` for `sso.example.co.uk`.
    pub fn registrable_domain(&self) -> DomainName {
        let registrable = psl::domain_str(&self.0).expect("parse rejects names without a registrable domain");
        DomainName(registrable.to_owned())
    }

    /// Whether this name is itself a registrable domain rather than a subdomain of one.
    pub fn is_registrable(&self) -> bool {
        psl::domain_str(&self.0) == Some(self.0.as_str())
    }

    /// Where the verification TXT record lives: the domain itself for a registrable domain and
    /// `_acme-challenge.<domain>` for a subdomain.
    pub fn verification_record_name(&self) -> RecordName {
        if self.is_registrable() {
            RecordName(self.0.clone())
        } else {
            RecordName(format!("{CHALLENGE_LABEL}.{}", self.0))
        }
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DomainName {
    type Error = DnsError;

    fn try_from(value: String) -> Result<Self> {
        Self::parse(&value)
    }
}

impl From<DomainName> for String {
    fn from(value: DomainName) -> Self {
        value.0
    }
}

/// The owner name of a DNS record, normalised like a [`DomainName`] but allowing underscores
/// (`_acme-challenge`) and not checked against the Public Suffix List.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecordName(String);

impl RecordName {
    /// Normalises a record name the way [`DomainName::parse`] does, allowing underscores.
    pub fn parse(input: &str) -> Result<Self> {
        normalise(input, LabelRule::RecordOwner).map(Self)
    }

    /// The normalised name (lowercase ASCII, punycode, no trailing dot).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `_acme-challenge.<self>`.
    pub(crate) fn with_challenge_label(&self) -> RecordName {
        RecordName(format!("{CHALLENGE_LABEL}.{}", self.0))
    }

    /// The name without its leading `_acme-challenge` label, when it has one.
    pub(crate) fn without_challenge_label(&self) -> Option<RecordName> {
        self.0
            .strip_prefix(CHALLENGE_LABEL)
            .and_then(|rest| rest.strip_prefix('.'))
            .map(|rest| RecordName(rest.to_owned()))
    }

    /// The registrable domain of this name, when the Public Suffix List knows one.
    pub(crate) fn registrable_domain(&self) -> Option<RecordName> {
        psl::domain_str(&self.0).map(|domain| RecordName(domain.to_owned()))
    }

    /// `<self>.<zone>`: what a DNS console produces when the full name is typed into a field that
    /// already appends the zone.
    pub(crate) fn with_zone_appended(&self, zone: &str) -> RecordName {
        RecordName(format!("{}.{zone}", self.0))
    }
}

impl fmt::Display for RecordName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for RecordName {
    type Error = DnsError;

    fn try_from(value: String) -> Result<Self> {
        Self::parse(&value)
    }
}

impl From<RecordName> for String {
    fn from(value: RecordName) -> Self {
        value.0
    }
}

/// Which characters a label may hold after IDNA conversion.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LabelRule {
    /// Letters, digits and hyphens (RFC 1123 host names).
    Hostname,
    /// Hostname characters plus `_`, which service and challenge labels use.
    RecordOwner,
}

const MAX_NAME_OCTETS: usize = 253;
const MAX_LABEL_OCTETS: usize = 63;

fn normalise(input: &str, rule: LabelRule) -> Result<String> {
    let trimmed = input.trim();
    if let Some((_, after_scheme)) = trimmed.split_once("://") {
        let host = after_scheme.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
        let host = host.split(':').next().unwrap_or_default();
        return Err(DnsError::LooksLikeUrl { input: trimmed.to_owned(), suggestion: host.to_lowercase() });
    }
    if let Some((_, domain)) = trimmed.rsplit_once('@') {
        return Err(DnsError::LooksLikeEmail { input: trimmed.to_owned(), suggestion: domain.to_lowercase() });
    }
    if let Some((host, _)) = trimmed.split_once('/') {
        return Err(DnsError::LooksLikeUrl { input: trimmed.to_owned(), suggestion: host.to_lowercase() });
    }
    let without_dot = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if without_dot.trim_matches('.').is_empty() {
        return Err(DnsError::EmptyName);
    }
    if without_dot.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok() {
        return Err(DnsError::IpAddress { input: without_dot.to_owned() });
    }
    // ASCII punctuation and spaces are rejected here, before IDNA, so the reason names the
    // character; non-ASCII characters are IDNA's to map (full-width dots, uppercase, …).
    if let Some(character) =
        without_dot.chars().find(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')))
    {
        return Err(DnsError::InvalidCharacter { input: trimmed.to_owned(), character });
    }
    let ascii =
        idna::domain_to_ascii(without_dot).map_err(|_| DnsError::InvalidIdn { input: without_dot.to_owned() })?;
    let ascii = ascii.strip_suffix('.').unwrap_or(&ascii).to_owned();
    if ascii.len() > MAX_NAME_OCTETS {
        return Err(DnsError::NameTooLong { length: ascii.len() });
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    for label in &labels {
        check_label(label, rule, &ascii)?;
    }
    if labels.len() < 2 {
        return Err(DnsError::SingleLabel { input: ascii });
    }
    if labels.last().is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit())) {
        return Err(DnsError::IpAddress { input: ascii });
    }
    Ok(ascii)
}

fn check_label(label: &str, rule: LabelRule, name: &str) -> Result<()> {
    if label.is_empty() {
        return Err(DnsError::EmptyLabel { input: name.to_owned() });
    }
    if label.len() > MAX_LABEL_OCTETS {
        return Err(DnsError::LabelTooLong { label: label.to_owned(), length: label.len() });
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || (rule == LabelRule::RecordOwner && c == '_');
    if let Some(character) = label.chars().find(|&c| !allowed(c)) {
        return Err(DnsError::InvalidCharacter { input: name.to_owned(), character });
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(DnsError::HyphenAtLabelEdge { label: label.to_owned() });
    }
    Ok(())
}
