//! Certificates generated for every odd case: rcgen for EC, Ed25519 and validity periods, the
//! openssl command line for RSA variants rcgen cannot make (1024 bits, SHA-1, PSS, negative serial).

use std::path::Path;
use std::process::Command;

use base64::Engine;
use rcgen::{CertificateParams, DistinguishedName, DnType, Issuer, KeyPair, SerialNumber, SignatureAlgorithm};
use ssodesk_saml::{parse_certificates, Certificate, CertificateFlag, SamlError};
use time::macros::datetime;
use time::OffsetDateTime;

use crate::NOW;

fn params(common_name: &str, not_before: OffsetDateTime, not_after: OffsetDateTime) -> CertificateParams {
    let mut params = CertificateParams::new(vec!["idp.example.test".to_owned()]).unwrap();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, common_name);
    params.distinguished_name = name;
    params.not_before = not_before;
    params.not_after = not_after;
    params
}

fn self_signed(algorithm: &'static SignatureAlgorithm, params: &CertificateParams) -> rcgen::Certificate {
    let key = KeyPair::generate_for(algorithm).unwrap();
    params.self_signed(&key).unwrap()
}

fn valid_params(common_name: &str) -> CertificateParams {
    params(common_name, datetime!(2026-01-01 00:00 UTC), datetime!(2027-01-01 00:00 UTC))
}

fn only(input: &[u8]) -> Certificate {
    only_at(input, NOW)
}

fn only_at(input: &[u8], now: OffsetDateTime) -> Certificate {
    let mut certificates = parse_certificates(input, now).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(certificates.len(), 1);
    certificates.remove(0)
}

#[test]
fn ecdsa_p256_and_p384_report_their_curve_size() {
    let p256 = only(self_signed(&rcgen::PKCS_ECDSA_P256_SHA256, &valid_params("p256")).der());
    assert_eq!((p256.key.key_type.as_str(), p256.key.bits), ("ec", Some(256)));
    assert_eq!(p256.signature_algorithm, "ecdsa-with-SHA256");
    let p384 = only(self_signed(&rcgen::PKCS_ECDSA_P384_SHA384, &valid_params("p384")).der());
    assert_eq!((p384.key.key_type.as_str(), p384.key.bits), ("ec", Some(384)));
    assert_eq!(p384.signature_algorithm, "ecdsa-with-SHA384");
    assert_eq!(p384.flags, [CertificateFlag::SelfSigned]);
}

#[test]
fn ed25519_is_recognised() {
    let certificate = only(self_signed(&rcgen::PKCS_ED25519, &valid_params("ed")).der());
    assert_eq!((certificate.key.key_type.as_str(), certificate.key.bits), ("ed25519", Some(256)));
    assert_eq!(certificate.signature_algorithm, "ed25519");
}

#[test]
fn validity_is_judged_against_the_injected_clock() {
    let expired = only(
        self_signed(
            &rcgen::PKCS_ED25519,
            &params("old", datetime!(2020-01-01 00:00 UTC), datetime!(2026-11-27 12:00 UTC)),
        )
        .der(),
    );
    assert_eq!(expired.flags, [CertificateFlag::Expired, CertificateFlag::SelfSigned]);
    assert_eq!(expired.days_left, -2, "1.5 days ago rounds down to -2");
    assert_eq!(expired.not_after, "2026-11-27T12:00:00Z");

    let future = only(
        self_signed(
            &rcgen::PKCS_ED25519,
            &params("new", datetime!(2026-12-01 00:00 UTC), datetime!(2027-12-01 00:00 UTC)),
        )
        .der(),
    );
    assert_eq!(future.flags, [CertificateFlag::NotYetValid, CertificateFlag::SelfSigned]);
    assert_eq!(future.days_left, 367);

    let current = only(self_signed(&rcgen::PKCS_ED25519, &valid_params("now")).der());
    assert_eq!(current.flags, [CertificateFlag::SelfSigned]);
    assert_eq!(current.days_left, 33);
}

#[test]
fn a_certificate_issued_by_a_ca_is_not_self_signed() {
    let ca_key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let issuer = Issuer::new(valid_params("Example CA"), ca_key);
    let leaf_key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let leaf = valid_params("idp.example.test").signed_by(&leaf_key, &issuer).unwrap();
    let certificate = only(leaf.der());
    assert_eq!(certificate.subject, "CN=idp.example.test");
    assert_eq!(certificate.issuer, "CN=Example CA");
    assert!(certificate.flags.is_empty(), "{:?}", certificate.flags);
}

#[test]
fn dates_around_2050_switch_between_utc_time_and_generalized_time() {
    let last_utc_time =
        only(self_signed(&rcgen::PKCS_ED25519, &params("2049", NOW, datetime!(2049-12-31 23:59:59 UTC))).der());
    assert_eq!(last_utc_time.not_after, "2049-12-31T23:59:59Z");
    let first_generalized =
        only(self_signed(&rcgen::PKCS_ED25519, &params("2050", NOW, datetime!(2050-01-01 00:00:00 UTC))).der());
    assert_eq!(first_generalized.not_after, "2050-01-01T00:00:00Z");
    let far = only(self_signed(&rcgen::PKCS_ED25519, &params("far", NOW, datetime!(2123-06-15 08:30:00 UTC))).der());
    assert_eq!(far.not_after, "2123-06-15T08:30:00Z");
    assert!(far.days_left > 35_000);
}

#[test]
fn serials_and_fingerprints_are_uppercase_colon_hex() {
    let mut params = valid_params("serial");
    params.serial_number = Some(SerialNumber::from_slice(&[0x00, 0x0A, 0xBC, 0xDE]));
    let generated = self_signed(&rcgen::PKCS_ED25519, &params);
    let certificate = only(generated.der());
    assert_eq!(certificate.serial, "0A:BC:DE");
    let sha256 = sha2_hex(generated.der());
    assert_eq!(certificate.sha256, sha256);
    assert_eq!(certificate.sha1.len(), 20 * 3 - 1);
}

fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|byte| format!("{byte:02X}")).collect::<Vec<_>>().join(":")
}

#[test]
fn pem_with_several_blocks_der_and_a_base64_paste_all_read() {
    let first = self_signed(&rcgen::PKCS_ECDSA_P256_SHA256, &valid_params("first"));
    let second = self_signed(&rcgen::PKCS_ED25519, &valid_params("second"));
    let pem = format!(
        "junk before\n{}{}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        first.pem(),
        second.pem()
    );
    let subjects: Vec<String> =
        parse_certificates(pem.as_bytes(), NOW).unwrap().into_iter().map(|certificate| certificate.subject).collect();
    assert_eq!(subjects, ["CN=first", "CN=second"]);

    let mut concatenated = first.der().to_vec();
    concatenated.extend_from_slice(second.der());
    assert_eq!(parse_certificates(&concatenated, NOW).unwrap().len(), 2);

    let encoded = base64::engine::general_purpose::STANDARD.encode(first.der());
    let wrapped: Vec<String> =
        encoded.as_bytes().chunks(64).map(|line| format!("\t  {}\r\n", String::from_utf8_lossy(line))).collect();
    assert_eq!(only(wrapped.concat().as_bytes()).subject, "CN=first");
}

#[test]
fn bad_input_says_what_is_wrong() {
    assert!(matches!(parse_certificates(b"not base64 at all!", NOW), Err(SamlError::InvalidBase64 { .. })));
    assert!(matches!(parse_certificates(b"   \n", NOW), Err(SamlError::NoCertificate { .. })));
    assert!(matches!(parse_certificates(b"\x30\x03\x02\x01\x01", NOW), Err(SamlError::InvalidCertificate { .. })));
    let only_key = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    assert!(matches!(parse_certificates(only_key, NOW), Err(SamlError::NoCertificate { .. })));
    let error = parse_certificates(b"AAAA", NOW).unwrap_err();
    assert!(error.to_string().starts_with("the base64 input: not an X.509 certificate"), "{error}");
}

/// Makes a self-signed RSA certificate with the openssl command line and returns its PEM.
fn openssl_certificate(directory: &Path, name: &str, key_arguments: &[&str], extra: &[&str]) -> Vec<u8> {
    let key = directory.join(format!("{name}.key"));
    let certificate = directory.join(format!("{name}.pem"));
    let status = Command::new("openssl")
        .args(["genpkey", "-quiet", "-out"])
        .arg(&key)
        .args(key_arguments)
        .status()
        .expect("openssl runs");
    assert!(status.success());
    let status = Command::new("openssl")
        .args(["req", "-x509", "-new", "-subj", &format!("/CN={name}"), "-days", "3650", "-key"])
        .arg(&key)
        .arg("-out")
        .arg(&certificate)
        .args(extra)
        .status()
        .expect("openssl runs");
    assert!(status.success());
    std::fs::read(certificate).unwrap()
}

#[test]
fn openssl_rsa_variants_are_sized_and_flagged() {
    // openssl starts the validity at the real clock, so these are judged a day later than that.
    let tomorrow = OffsetDateTime::now_utc() + time::Duration::days(1);
    let only = |input: &[u8]| only_at(input, tomorrow);
    let directory = tempfile::tempdir().unwrap();
    let rsa_1024_sha1 = openssl_certificate(
        directory.path(),
        "weak",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
        &["-sha1"],
    );
    let weak = only(&rsa_1024_sha1);
    assert_eq!((weak.key.key_type.as_str(), weak.key.bits), ("rsa", Some(1024)));
    assert_eq!(weak.signature_algorithm, "sha1WithRSAEncryption");
    assert_eq!(weak.flags, [CertificateFlag::Sha1Signature, CertificateFlag::WeakKey, CertificateFlag::SelfSigned]);

    let rsa_2048 = openssl_certificate(
        directory.path(),
        "strong",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        &["-sha256", "-set_serial", "-1234"],
    );
    let strong = only(&rsa_2048);
    assert_eq!((strong.key.key_type.as_str(), strong.key.bits), ("rsa", Some(2048)));
    assert_eq!(strong.signature_algorithm, "sha256WithRSAEncryption");
    assert_eq!(strong.serial, "-04:D2", "-1234 is -0x4D2");
    assert_eq!(strong.flags, [CertificateFlag::SelfSigned]);

    let pss = openssl_certificate(
        directory.path(),
        "pss",
        &["-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"],
        &["-sha256", "-sigopt", "rsa_padding_mode:pss"],
    );
    let pss = only(&pss);
    assert_eq!((pss.key.key_type.as_str(), pss.key.bits), ("rsa", Some(2048)));
    assert_eq!(pss.signature_algorithm, "rsassa-pss");
    assert!(!pss.flags.contains(&CertificateFlag::Sha1Signature), "{:?}", pss.flags);
}

#[test]
fn an_openssl_version_1_certificate_without_extensions_reads() {
    let directory = tempfile::tempdir().unwrap();
    let key = directory.path().join("v1.key");
    let request = directory.path().join("v1.csr");
    let certificate = directory.path().join("v1.pem");
    let run = |arguments: &[&std::ffi::OsStr]| {
        assert!(Command::new("openssl").args(arguments).status().expect("openssl runs").success());
    };
    let os = |text: &'static str| std::ffi::OsStr::new(text);
    run(&[
        os("genpkey"),
        os("-quiet"),
        os("-algorithm"),
        os("EC"),
        os("-pkeyopt"),
        os("ec_paramgen_curve:P-384"),
        os("-out"),
        key.as_os_str(),
    ]);
    run(&[
        os("req"),
        os("-new"),
        os("-subj"),
        os("/CN=v1"),
        os("-key"),
        key.as_os_str(),
        os("-out"),
        request.as_os_str(),
    ]);
    run(&[
        os("x509"),
        os("-req"),
        os("-days"),
        os("30"),
        os("-in"),
        request.as_os_str(),
        os("-key"),
        key.as_os_str(),
        os("-out"),
        certificate.as_os_str(),
    ]);
    let pem = std::fs::read(&certificate).unwrap();
    let parsed = x509_version_and_summary(&pem);
    assert_eq!(parsed.0, 0, "openssl x509 -req without extensions writes a version 1 certificate");
    assert_eq!((parsed.1.key.key_type.as_str(), parsed.1.key.bits), ("ec", Some(384)));
    assert_eq!(parsed.1.subject, "CN=v1");
}

/// The raw X.509 version (0 means v1) next to the crate's summary.
fn x509_version_and_summary(pem: &[u8]) -> (u32, Certificate) {
    let der = pem_to_der(pem);
    let version = x509_version(&der);
    (version, only_at(pem, OffsetDateTime::now_utc() + time::Duration::days(1)))
}

fn pem_to_der(pem: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(pem).unwrap();
    let body: String = text.lines().filter(|line| !line.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

/// Reads the version from the DER: a v2/v3 TBSCertificate starts with the `[0]` tag 0xA0.
fn x509_version(der: &[u8]) -> u32 {
    // Certificate SEQUENCE header, then TBSCertificate SEQUENCE header (both long-form lengths here).
    let skip_header = |bytes: &[u8]| -> usize {
        let length_byte = bytes[1];
        if length_byte & 0x80 == 0 {
            2
        } else {
            2 + usize::from(length_byte & 0x7F)
        }
    };
    let tbs = &der[skip_header(der)..];
    let first_field = &tbs[skip_header(tbs)..];
    if first_field[0] == 0xA0 {
        u32::from(first_field[4])
    } else {
        0
    }
}
