//! `metadata inspect` and `cert inspect`: read a file (or, for metadata, a URL) with `ssodesk-saml` and print what was parsed,
//! as text for people or as the documented JSON.

use std::fmt::Write;
use std::io::Read;
use std::path::Path;

use ssodesk_saml::{Certificate, KeyUse, Metadata, SamlError};
use time::OffsetDateTime;

use crate::error::CliError;

/// The certificates of `cert inspect --json`, wrapped in an object so fields can be added later.
#[derive(Debug, serde::Serialize)]
pub struct CertificateReport {
    /// Every certificate of the file, in file order.
    pub certificates: Vec<Certificate>,
}

/// Reads at most `limit` bytes of `path`; a larger file is rejected from its size alone, unread.
pub fn read_bounded(path: &Path, limit: usize) -> Result<Vec<u8>, CliError> {
    let display = path.display().to_string();
    let read_error = |source| CliError::Read { path: display.clone(), source };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    if size > limit {
        return Err(CliError::Saml { path: display, source: SamlError::TooLarge { size, limit } });
    }
    let mut bytes = Vec::with_capacity(size);
    // `take` keeps the bound even if the file grows between the size check and the read.
    file.take(u64::try_from(limit).unwrap_or(u64::MAX) + 1).read_to_end(&mut bytes).map_err(read_error)?;
    Ok(bytes)
}

/// Reads and parses a metadata file, or fetches and parses an `http(s)://` URL.
pub fn metadata(input: &str, now: OffsetDateTime) -> Result<Metadata, CliError> {
    let bytes = crate::source::read_one(input, ssodesk_saml::MAX_METADATA_BYTES)?;
    ssodesk_saml::parse_metadata(&bytes, now).map_err(|source| CliError::Saml { path: input.to_owned(), source })
}

/// Reads and parses every certificate of a PEM, DER or base64 file.
pub fn certificates(path: &Path, now: OffsetDateTime) -> Result<CertificateReport, CliError> {
    let bytes = read_bounded(path, ssodesk_saml::MAX_CERTIFICATE_INPUT_BYTES)?;
    let certificates = ssodesk_saml::parse_certificates(&bytes, now)
        .map_err(|source| CliError::Saml { path: path.display().to_string(), source })?;
    Ok(CertificateReport { certificates })
}

/// The metadata as text: one block per entity, its endpoints, then its certificates.
pub fn render_metadata(metadata: &Metadata) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail, so the fmt::Results below are ignored on purpose.
    for (index, entity) in metadata.entities.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "Entity       {}", entity.entity_id);
        let _ = writeln!(out, "Roles        {}", entity.roles.join(", "));
        let signed = if entity.signed { "yes (the signature is not verified)" } else { "no" };
        let _ = writeln!(out, "Signed       {signed}");
        if let Some(valid_until) = &entity.valid_until {
            let _ = writeln!(out, "Valid until  {valid_until}");
        }
        if let Some(cache_duration) = &entity.cache_duration {
            let _ = writeln!(out, "Cache for    {cache_duration}");
        }
        for endpoint in &entity.sso {
            let binding = endpoint.binding.rsplit(':').next().unwrap_or_default();
            let _ = writeln!(out, "SSO          {binding:<14} {}", endpoint.location);
        }
        for format in &entity.name_id_formats {
            let _ = writeln!(out, "NameID       {format}");
        }
        for (number, published) in entity.certificates.iter().enumerate() {
            let key_use = match published.key_use {
                KeyUse::Signing => "signing",
                KeyUse::Encryption => "encryption",
                KeyUse::Both => "signing and encryption",
            };
            let _ = writeln!(out, "Certificate {} ({key_use})", number + 1);
            render_certificate_into(&mut out, &published.certificate, "  ");
        }
    }
    out
}

/// The certificates as text, one block each.
pub fn render_certificates(report: &CertificateReport) -> String {
    let mut out = String::new();
    for (index, certificate) in report.certificates.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "Certificate {}", index + 1);
        render_certificate_into(&mut out, certificate, "  ");
    }
    out
}

fn render_certificate_into(out: &mut String, certificate: &Certificate, indent: &str) {
    let left = if certificate.days_left < 0 {
        format!("expired {} days ago", -certificate.days_left)
    } else {
        format!("{} days left", certificate.days_left)
    };
    let bits = certificate.key.bits.map(|bits| format!(" {bits}")).unwrap_or_default();
    let flags: Vec<String> = certificate
        .flags
        .iter()
        .filter_map(|flag| serde_json::to_value(flag).ok().and_then(|value| value.as_str().map(str::to_owned)))
        .collect();
    let _ = writeln!(out, "{indent}Subject     {}", certificate.subject);
    let _ = writeln!(out, "{indent}Issuer      {}", certificate.issuer);
    let _ = writeln!(out, "{indent}Serial      {}", certificate.serial);
    let _ = writeln!(out, "{indent}SHA-256     {}", certificate.sha256);
    let _ = writeln!(out, "{indent}SHA-1       {}", certificate.sha1);
    let _ = writeln!(out, "{indent}Valid       {} to {} ({left})", certificate.not_before, certificate.not_after);
    let _ = writeln!(out, "{indent}Key         {}{bits}", certificate.key.key_type);
    let _ = writeln!(out, "{indent}Signature   {}", certificate.signature_algorithm);
    if !flags.is_empty() {
        let _ = writeln!(out, "{indent}Flags       {}", flags.join(", "));
    }
}
