//! Throughput of certificate and metadata parsing, with `openssl x509` and Python's
//! `cryptography` measured in the same run on the same inputs. Prints figures; asserts nothing.
//!
//! Run with `cargo bench -p ssodesk-saml --bench parse`. Inputs: the real IdP metadata corpus in
//! `tests/fixtures/idp-metadata/` and its certificates, plus generated P-256 certificates. Every
//! loop is bounded by a count. A comparison tool that is missing is reported and skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ssodesk_saml::{parse_certificates, parse_metadata, signing_certificates};
use ssodesk_test_idp::SigningCertificate;
use time::OffsetDateTime;

const GENERATED_CERTIFICATES: usize = 200;
const CERTIFICATE_ROUNDS: usize = 50;
const METADATA_ROUNDS: usize = 200;
const OPENSSL_PROCESSES: usize = 100;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/idp-metadata")
}

fn per_second(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

fn main() {
    let now = OffsetDateTime::now_utc();
    let scratch = tempfile::tempdir().expect("a scratch folder");

    // The corpus: every metadata file that parses, and every certificate in them.
    let mut documents: Vec<(String, Vec<u8>)> = Vec::new();
    let mut pems: Vec<String> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(corpus_dir()).expect("the corpus").flatten().collect();
    entries.sort_by_key(|entry| entry.path());
    for entry in entries {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "xml") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable");
        let Ok(metadata) = parse_metadata(&bytes, now) else { continue };
        for entity in &metadata.entities {
            pems.extend(signing_certificates(entity).map(|certificate| certificate.pem()));
        }
        documents.push((path.file_name().unwrap().to_string_lossy().into_owned(), bytes));
    }
    let corpus_certificates = pems.len();
    for index in 0..GENERATED_CERTIFICATES {
        pems.push(SigningCertificate::valid_for_days(&format!("bench {index}"), now, 365).pem().to_owned());
    }
    println!(
        "inputs: {} metadata files ({} KiB), {} certificates ({corpus_certificates} real RSA from the corpus, {GENERATED_CERTIFICATES} generated P-256)",
        documents.len(),
        documents.iter().map(|(_, bytes)| bytes.len()).sum::<usize>() / 1024,
        pems.len()
    );

    // ssodesk-saml: certificates (PEM → subject, issuer, serial, SHA-256, SHA-1, validity, key, flags).
    let started = Instant::now();
    let mut parsed = 0;
    for _ in 0..CERTIFICATE_ROUNDS {
        for pem in &pems {
            parsed += parse_certificates(pem.as_bytes(), now).expect("parses").len();
        }
    }
    let elapsed = started.elapsed();
    println!("ssodesk-saml     certificates: {:>10.0} /s ({parsed} in {elapsed:.2?})", per_second(parsed, elapsed));

    // ssodesk-saml: whole metadata documents (bounded XML, entities, endpoints, certificates).
    let started = Instant::now();
    for _ in 0..METADATA_ROUNDS {
        for (_, bytes) in &documents {
            parse_metadata(bytes, now).expect("parses");
        }
    }
    let elapsed = started.elapsed();
    let files = METADATA_ROUNDS * documents.len();
    println!("ssodesk-saml     metadata:     {:>10.0} files/s ({files} in {elapsed:.2?})", per_second(files, elapsed));

    // openssl x509: one process per certificate, as a script would call it.
    let pem_files: Vec<PathBuf> = pems
        .iter()
        .take(OPENSSL_PROCESSES)
        .enumerate()
        .map(|(index, pem)| {
            let path = scratch.path().join(format!("{index}.pem"));
            std::fs::write(&path, pem).expect("writable");
            path
        })
        .collect();
    let started = Instant::now();
    let mut ran = 0;
    for path in &pem_files {
        let output = Command::new("openssl")
            .args(["x509", "-noout", "-subject", "-issuer", "-serial", "-dates", "-fingerprint", "-sha256", "-in"])
            .arg(path)
            .output();
        match output {
            Ok(output) if output.status.success() => ran += 1,
            Ok(output) => {
                println!("openssl x509 failed: {}", String::from_utf8_lossy(&output.stderr).trim());
                break;
            }
            Err(error) => {
                println!("openssl x509     skipped: {error}");
                break;
            }
        }
    }
    if ran > 0 {
        let elapsed = started.elapsed();
        println!(
            "openssl x509     certificates: {:>10.0} /s ({ran} processes in {elapsed:.2?})",
            per_second(ran, elapsed)
        );
    }

    // Python cryptography: one interpreter, timed inside it (no start-up cost counted).
    let bundle = scratch.path().join("all.pem");
    std::fs::write(&bundle, pems.concat()).expect("writable");
    let corpus = corpus_dir();
    let script = format!(
        r#"
import glob, time, xml.etree.ElementTree as ET
from cryptography import x509
from cryptography.hazmat.primitives import hashes
import base64
data = open({bundle:?}, "rb").read()
blocks = [b"-----BEGIN CERTIFICATE-----" + part for part in data.split(b"-----BEGIN CERTIFICATE-----")[1:]]
def summarise(cert):
    return (cert.subject.rfc4514_string(), cert.issuer.rfc4514_string(), cert.serial_number,
            cert.fingerprint(hashes.SHA256()), cert.fingerprint(hashes.SHA1()),
            cert.not_valid_before_utc, cert.not_valid_after_utc, cert.public_key(), cert.signature_algorithm_oid)
start = time.perf_counter()
count = 0
for _ in range({rounds}):
    for block in blocks:
        summarise(x509.load_pem_x509_certificate(block)); count += 1
elapsed = time.perf_counter() - start
print(f"python cryptography certificates: {{count / elapsed:>10.0f}} /s ({{count}} in {{elapsed:.2f}}s)")
files = [open(path, "rb").read() for path in sorted(glob.glob({corpus:?} + "/*.xml"))]
usable = []
for content in files:
    try:
        ET.fromstring(content); usable.append(content)
    except ET.ParseError:
        pass
DS = "{{http://www.w3.org/2000/09/xmldsig#}}X509Certificate"
start = time.perf_counter()
count = 0
for _ in range({metadata_rounds}):
    for content in usable:
        root = ET.fromstring(content)
        for node in root.iter(DS):
            try:
                summarise(x509.load_der_x509_certificate(base64.b64decode("".join(node.text.split()))))
            except Exception:
                pass
        count += 1
elapsed = time.perf_counter() - start
print(f"python (ElementTree + cryptography) metadata: {{count / elapsed:>10.0f}} files/s ({{count}} in {{elapsed:.2f}}s)")
"#,
        bundle = bundle.to_string_lossy(),
        corpus = corpus.to_string_lossy(),
        rounds = CERTIFICATE_ROUNDS,
        metadata_rounds = METADATA_ROUNDS,
    );
    match Command::new("python3").arg("-c").arg(&script).output() {
        Ok(output) if output.status.success() => print!("{}", String::from_utf8_lossy(&output.stdout)),
        Ok(output) => println!("python cryptography skipped: {}", String::from_utf8_lossy(&output.stderr).trim()),
        Err(error) => println!("python cryptography skipped: {error}"),
    }
}
