//! X.509 certificates: read from PEM, DER or a base64 paste and summarised as the stable JSON the
//! app, the backend and the CLI show.
//!
//! Hex values (serial and fingerprints) are uppercase bytes separated by colons, as `openssl x509
//! -fingerprint` prints them. Times are RFC 3339 in UTC. `days_left` is the number of whole days
//! from the injected "now" to `not_after`, rounded down, so it is negative once expired.

use base64::Engine;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::{PublicKey, RSAPublicKey};
use x509_parser::signature_algorithm::SignatureAlgorithm;

use crate::error::{Result, SamlError};

/// The most bytes a certificate input may have; larger input is rejected before parsing.
pub const MAX_CERTIFICATE_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// RSA keys shorter than this many bits are flagged `weak_key`.
pub const MIN_RSA_BITS: u32 = 2048;

const OID_RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const OID_RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_DSA: &str = "1.2.840.10040.4.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_ED448: &str = "1.3.101.113";
const OID_SHA1: &str = "1.3.14.3.2.26";
/// Signature algorithms whose digest is SHA-1: sha1WithRSAEncryption, ecdsa-with-SHA1,
/// dsa-with-sha1 and the old sha1WithRSA of OIW.
const SHA1_SIGNATURE_OIDS: [&str; 4] =
    ["1.2.840.113549.1.1.5", "1.2.840.10045.4.1", "1.2.840.10040.4.3", "1.3.14.3.2.29"];

/// A certificate as the app, the backend and the CLI report it (the JSON in `crates/cli/README.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    /// The subject's distinguished name, its attributes in certificate order, e.g. `C=US, O=Okta, CN=Pivotal`.
    pub subject: String,
    /// The issuer's distinguished name in the same form.
    pub issuer: String,
    /// The serial number in hex (see the module docs); a negative serial, which some old issuers
    /// wrote, has a leading `-` before the hex of its magnitude.
    pub serial: String,
    /// The SHA-256 fingerprint of the DER encoding.
    pub sha256: String,
    /// The SHA-1 fingerprint of the DER encoding (what many IdP consoles still show).
    pub sha1: String,
    /// The start of the validity period, RFC 3339 UTC.
    pub not_before: String,
    /// The end of the validity period, RFC 3339 UTC.
    pub not_after: String,
    /// Whole days from "now" until `not_after`, rounded down; negative once expired.
    pub days_left: i64,
    /// The subject public key.
    pub key: CertificateKey,
    /// The signature algorithm's short name (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`,
    /// `rsassa-pss`, `ed25519`, …), or its dotted OID when the name is unknown.
    pub signature_algorithm: String,
    /// What deserves attention, in a fixed order.
    pub flags: Vec<CertificateFlag>,
    /// The DER encoding itself, to store or re-export the certificate. Not part of the JSON.
    #[serde(skip)]
    pub der: Vec<u8>,
}

impl Certificate {
    /// The certificate as one PEM block, base64 in lines of 64 characters.
    pub fn pem(&self) -> String {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&self.der);
        let mut pem = String::with_capacity(encoded.len() + encoded.len() / 64 + 60);
        pem.push_str("-----BEGIN CERTIFICATE-----\n");
        for line in encoded.as_bytes().chunks(64) {
            // Base64 output is ASCII, so every chunk is valid UTF-8.
            pem.push_str(std::str::from_utf8(line).unwrap_or_default());
            pem.push('\n');
        }
        pem.push_str("-----END CERTIFICATE-----\n");
        pem
    }
}

/// The kind and size of a certificate's public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateKey {
    /// `rsa` (also for RSASSA-PSS keys), `ec`, `ed25519`, `ed448`, `dsa`, or the dotted OID of
    /// another algorithm.
    #[serde(rename = "type")]
    pub key_type: String,
    /// The modulus size for RSA and DSA, the curve size for EC (256 for P-256, 521 for P-521), 256
    /// for Ed25519, 456 for Ed448; `null` when unknown.
    pub bits: Option<u32>,
}

/// Something about a certificate that an admin should know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateFlag {
    /// "Now" is after `not_after`.
    Expired,
    /// "Now" is before `not_before`.
    NotYetValid,
    /// The certificate is signed with a SHA-1 digest (including RSASSA-PSS with SHA-1).
    Sha1Signature,
    /// An RSA key shorter than [`MIN_RSA_BITS`].
    WeakKey,
    /// The issuer name equals the subject name. The signature itself is not checked.
    SelfSigned,
}

/// Reads one DER-encoded certificate. `location` names where it came from, for errors.
pub fn parse_der_certificate(der: &[u8], location: &str, now: OffsetDateTime) -> Result<Certificate> {
    let (rest, certificate) = X509Certificate::from_der(der)
        .map_err(|error| SamlError::InvalidCertificate { location: location.to_owned(), reason: error.to_string() })?;
    if !rest.is_empty() {
        return Err(SamlError::InvalidCertificate {
            location: location.to_owned(),
            reason: format!("{} bytes follow the certificate", rest.len()),
        });
    }
    Ok(summarise(&certificate, der, now))
}

/// Reads base64 text (whitespace anywhere is ignored), as in `ds:X509Certificate` or a paste.
pub fn parse_base64_certificate(text: &str, location: &str, now: OffsetDateTime) -> Result<Certificate> {
    let der = decode_base64(text, location)?;
    parse_der_certificate(&der, location, now)
}

/// Reads every certificate in `input`: PEM (one or many `CERTIFICATE` blocks; other blocks such
/// as keys are skipped), DER (one or several concatenated), or a bare base64 paste.
pub fn parse_certificates(input: &[u8], now: OffsetDateTime) -> Result<Vec<Certificate>> {
    if input.len() > MAX_CERTIFICATE_INPUT_BYTES {
        return Err(SamlError::TooLarge { size: input.len(), limit: MAX_CERTIFICATE_INPUT_BYTES });
    }
    if input.first() == Some(&0x30) {
        return parse_concatenated_der(input, now);
    }
    let text = std::str::from_utf8(input)
        .map_err(|_| SamlError::NoCertificate { reason: "the input is neither PEM, DER nor base64 text".to_owned() })?;
    if text.contains("-----BEGIN") {
        return parse_pem(text, now);
    }
    if text.trim().is_empty() {
        return Err(SamlError::NoCertificate { reason: "the input is empty".to_owned() });
    }
    Ok(vec![parse_base64_certificate(text, "the base64 input", now)?])
}

fn parse_concatenated_der(input: &[u8], now: OffsetDateTime) -> Result<Vec<Certificate>> {
    let mut certificates = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        let location = format!("DER certificate {}", certificates.len() + 1);
        let (after, certificate) = X509Certificate::from_der(rest)
            .map_err(|error| SamlError::InvalidCertificate { location, reason: error.to_string() })?;
        let der = &rest[..rest.len() - after.len()];
        certificates.push(summarise(&certificate, der, now));
        rest = after;
    }
    Ok(certificates)
}

fn parse_pem(text: &str, now: OffsetDateTime) -> Result<Vec<Certificate>> {
    let mut certificates = Vec::new();
    for (offset, block) in x509_parser::pem::Pem::iter_from_buffer(text.as_bytes()).enumerate() {
        let index = offset + 1;
        let block = block.map_err(|error| SamlError::InvalidPem { index, reason: error.to_string() })?;
        if !matches!(block.label.as_str(), "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE") {
            continue;
        }
        certificates.push(parse_der_certificate(&block.contents, &format!("PEM block {index}"), now)?);
    }
    if certificates.is_empty() {
        return Err(SamlError::NoCertificate { reason: "the PEM input has no CERTIFICATE block".to_owned() });
    }
    Ok(certificates)
}

/// Decodes standard base64 after removing all ASCII whitespace.
pub(crate) fn decode_base64(text: &str, location: &str) -> Result<Vec<u8>> {
    let compact: String = text.chars().filter(|character| !character.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(SamlError::InvalidBase64 { location: location.to_owned(), reason: "it is empty".to_owned() });
    }
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|error| SamlError::InvalidBase64 { location: location.to_owned(), reason: error.to_string() })
}

fn summarise(certificate: &X509Certificate<'_>, der: &[u8], now: OffsetDateTime) -> Certificate {
    let not_before = certificate.validity().not_before.to_datetime();
    let not_after = certificate.validity().not_after.to_datetime();
    let key = describe_key(certificate);
    let signature_oid = certificate.signature_algorithm.algorithm.to_id_string();
    let signature_algorithm =
        x509_parser::objects::oid2sn(&certificate.signature_algorithm.algorithm, x509_parser::objects::oid_registry())
            .map(str::to_owned)
            .unwrap_or_else(|_| signature_oid.clone());

    let mut flags = Vec::new();
    if now > not_after {
        flags.push(CertificateFlag::Expired);
    }
    if now < not_before {
        flags.push(CertificateFlag::NotYetValid);
    }
    if signs_with_sha1(certificate, &signature_oid) {
        flags.push(CertificateFlag::Sha1Signature);
    }
    if key.key_type == "rsa" && key.bits.is_some_and(|bits| bits < MIN_RSA_BITS) {
        flags.push(CertificateFlag::WeakKey);
    }
    if certificate.tbs_certificate.subject.as_raw() == certificate.tbs_certificate.issuer.as_raw() {
        flags.push(CertificateFlag::SelfSigned);
    }

    Certificate {
        subject: certificate.subject().to_string(),
        issuer: certificate.issuer().to_string(),
        serial: serial_hex(certificate.raw_serial()),
        sha256: colon_hex(&Sha256::digest(der)),
        sha1: colon_hex(&Sha1::digest(der)),
        not_before: rfc3339(not_before),
        not_after: rfc3339(not_after),
        days_left: (not_after - now).whole_seconds().div_euclid(86_400),
        key,
        signature_algorithm,
        flags,
        der: der.to_vec(),
    }
}

fn signs_with_sha1(certificate: &X509Certificate<'_>, signature_oid: &str) -> bool {
    if SHA1_SIGNATURE_OIDS.contains(&signature_oid) {
        return true;
    }
    // RSASSA-PSS names its digest in the parameters, and an absent digest means SHA-1 (RFC 4055).
    match SignatureAlgorithm::try_from(&certificate.signature_algorithm) {
        Ok(SignatureAlgorithm::RSASSA_PSS(parameters)) => parameters.hash_algorithm_oid().to_id_string() == OID_SHA1,
        _ => false,
    }
}

fn describe_key(certificate: &X509Certificate<'_>) -> CertificateKey {
    let spki = certificate.public_key();
    let algorithm = spki.algorithm.algorithm.to_id_string();
    let key = |key_type: &str, bits: Option<u32>| CertificateKey { key_type: key_type.to_owned(), bits };
    match algorithm.as_str() {
        OID_RSA_ENCRYPTION | OID_RSASSA_PSS => {
            // An RSASSA-PSS key has the same RSAPublicKey structure as rsaEncryption.
            let bits =
                RSAPublicKey::from_der(&spki.subject_public_key.data).ok().map(|(_, rsa)| modulus_bits(rsa.modulus));
            key("rsa", bits)
        }
        OID_EC_PUBLIC_KEY => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|parameters| parameters.as_oid().ok())
                .map(|oid| oid.to_id_string());
            let bits = match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => Some(256),
                Some("1.3.132.0.34") => Some(384),
                Some("1.3.132.0.35") => Some(521),
                Some("1.3.132.0.10") => Some(256),
                _ => match spki.parsed() {
                    Ok(PublicKey::EC(point)) if point.key_size() > 0 => u32::try_from(point.key_size()).ok(),
                    _ => None,
                },
            };
            key("ec", bits)
        }
        OID_ED25519 => key("ed25519", Some(256)),
        OID_ED448 => key("ed448", Some(456)),
        OID_DSA => {
            let bits = spki.parsed().ok().and_then(|parsed| u32::try_from(parsed.key_size()).ok());
            key("dsa", bits.filter(|bits| *bits > 0))
        }
        other => key(other, None),
    }
}

/// The bit length of a big-endian unsigned modulus, ignoring leading zero bits.
fn modulus_bits(modulus: &[u8]) -> u32 {
    let Some(first) = modulus.iter().position(|byte| *byte != 0) else {
        return 0;
    };
    let significant = u32::try_from(modulus.len() - first).unwrap_or(u32::MAX / 8);
    significant * 8 - modulus[first].leading_zeros()
}

/// Formats a DER INTEGER's two's-complement content bytes: leading zero padding is dropped, and a
/// negative value becomes `-` and the hex of its magnitude.
fn serial_hex(raw: &[u8]) -> String {
    if raw.first().is_some_and(|byte| byte & 0x80 != 0) {
        // Two's complement magnitude: invert every bit, then add one.
        let mut magnitude: Vec<u8> = raw.iter().map(|byte| !byte).collect();
        for byte in magnitude.iter_mut().rev() {
            let (sum, carry) = byte.overflowing_add(1);
            *byte = sum;
            if !carry {
                break;
            }
        }
        return format!("-{}", unsigned_hex(&magnitude));
    }
    unsigned_hex(raw)
}

/// Formats big-endian unsigned bytes without their leading zero bytes (zero is `00`).
fn unsigned_hex(raw: &[u8]) -> String {
    let first = raw.iter().position(|byte| *byte != 0).unwrap_or(raw.len().saturating_sub(1));
    if raw.is_empty() {
        return "00".to_owned();
    }
    colon_hex(&raw[first..])
}

/// `AB:CD:…`, uppercase.
pub(crate) fn colon_hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 3);
    for (index, byte) in bytes.iter().enumerate() {
        if index > 0 {
            text.push(':');
        }
        text.push_str(&format!("{byte:02X}"));
    }
    text
}

/// RFC 3339 in UTC; a date the format cannot hold (year past 9999) falls back to the ISO-ish debug form.
pub(crate) fn rfc3339(moment: OffsetDateTime) -> String {
    moment.to_offset(time::UtcOffset::UTC).format(&Rfc3339).unwrap_or_else(|_| moment.to_string())
}
