//! `cert watch`: every certificate of metadata or certificate files and URLs, each marked expiring
//! when it expires within `--warn-days` days (or has expired), for cron.

use std::fmt::Write;

use serde::Serialize;
use ssodesk_saml::{Certificate, KeyUse};
use time::OffsetDateTime;

use crate::error::CliError;

/// The largest input `cert watch` reads: metadata or a certificate file, whichever limit is larger.
pub const MAX_INPUT_BYTES: usize = if ssodesk_saml::MAX_METADATA_BYTES > ssodesk_saml::MAX_CERTIFICATE_INPUT_BYTES {
    ssodesk_saml::MAX_METADATA_BYTES
} else {
    ssodesk_saml::MAX_CERTIFICATE_INPUT_BYTES
};

/// The report of `cert watch --json`.
#[derive(Debug, Serialize)]
pub struct WatchReport {
    /// The `--warn-days` threshold.
    pub warn_days: u32,
    /// Every certificate of every input, in argument order then input order.
    pub certificates: Vec<WatchedCertificate>,
    /// How many certificates are expiring.
    pub expiring: usize,
}

/// One watched certificate: where it came from, the certificate, and whether it is expiring.
#[derive(Debug, Serialize)]
pub struct WatchedCertificate {
    /// The file or URL as given.
    pub source: String,
    /// The entity publishing the certificate, when the input is metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// What the metadata says the certificate is for, when the input is metadata.
    #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
    pub key_use: Option<KeyUse>,
    /// The certificate, as `cert inspect --json` prints it.
    #[serde(flatten)]
    pub certificate: Certificate,
    /// Whether it expires within `warn_days` days (fewer than `warn_days` whole days left), or has expired.
    pub expiring: bool,
}

/// Whether bytes look like XML: after an optional BOM and whitespace, they start with `<`.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'<')
}

/// The certificates of one input: metadata when it looks like XML, else PEM, DER or base64.
pub fn certificates_of(
    source: &str,
    bytes: &[u8],
    now: OffsetDateTime,
    warn_days: u32,
) -> Result<Vec<WatchedCertificate>, CliError> {
    let saml_error = |error| CliError::Saml { path: source.to_owned(), source: error };
    let expiring = |certificate: &Certificate| certificate.days_left < i64::from(warn_days);
    if looks_like_xml(bytes) {
        let metadata = ssodesk_saml::parse_metadata(bytes, now).map_err(saml_error)?;
        let watched: Vec<WatchedCertificate> = metadata
            .entities
            .into_iter()
            .flat_map(|entity| {
                let entity_id = entity.entity_id;
                entity.certificates.into_iter().map(move |published| WatchedCertificate {
                    source: source.to_owned(),
                    entity_id: Some(entity_id.clone()),
                    key_use: Some(published.key_use),
                    expiring: expiring(&published.certificate),
                    certificate: published.certificate,
                })
            })
            .collect();
        if watched.is_empty() {
            return Err(CliError::NoCertificates { source_name: source.to_owned() });
        }
        Ok(watched)
    } else {
        let certificates = ssodesk_saml::parse_certificates(bytes, now).map_err(saml_error)?;
        Ok(certificates
            .into_iter()
            .map(|certificate| WatchedCertificate {
                source: source.to_owned(),
                entity_id: None,
                key_use: None,
                expiring: expiring(&certificate),
                certificate,
            })
            .collect())
    }
}

/// Builds the report of every input.
pub fn report(inputs: &[(String, Vec<u8>)], now: OffsetDateTime, warn_days: u32) -> Result<WatchReport, CliError> {
    let mut certificates = Vec::new();
    for (source, bytes) in inputs {
        certificates.extend(certificates_of(source, bytes, now, warn_days)?);
    }
    let expiring = certificates.iter().filter(|watched| watched.expiring).count();
    Ok(WatchReport { warn_days, certificates, expiring })
}

/// One line per certificate: status, source (with entity and use for metadata), subject, not_after,
/// days left.
pub fn render(report: &WatchReport) -> String {
    let mut out = String::new();
    for watched in &report.certificates {
        let status = if watched.expiring { "WARN" } else { "OK" };
        let certificate = &watched.certificate;
        let mut source = watched.source.clone();
        if let Some(entity_id) = &watched.entity_id {
            let _ = write!(source, " {entity_id}");
        }
        if let Some(key_use) = watched.key_use {
            let key_use = match key_use {
                KeyUse::Signing => "signing",
                KeyUse::Encryption => "encryption",
                KeyUse::Both => "signing+encryption",
            };
            let _ = write!(source, " ({key_use})");
        }
        let left = if certificate.days_left < 0 {
            format!("expired {} days ago", -certificate.days_left)
        } else {
            format!("{} days left", certificate.days_left)
        };
        let _ = writeln!(
            out,
            "{status:<4}  {source}  {}  not_after {}  {left}",
            certificate.subject, certificate.not_after
        );
    }
    out
}
