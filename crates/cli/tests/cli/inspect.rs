//! `metadata inspect` and `cert inspect` end to end.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ssodesk-cli")).args(args).output().expect("the binary runs")
}

fn fixture(name: &str) -> String {
    let path: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "..", "tests", "fixtures", "idp-metadata", name].iter().collect();
    path.to_string_lossy().into_owned()
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stdout)))
}

#[test]
fn metadata_inspect_prints_the_documented_json() {
    let output = run(&["metadata", "inspect", &fixture("onelogin-python3saml-sign-and-encrypt.xml"), "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json = stdout_json(&output);
    let entity = &json["entities"][0];
    assert_eq!(entity["entity_id"], "https://app.onelogin.com/saml/metadata/383123");
    assert_eq!(entity["roles"], serde_json::json!(["idp"]));
    assert_eq!(entity["signed"], false);
    assert_eq!(entity["sso"].as_array().unwrap().len(), 3);
    let certificates = entity["certificates"].as_array().unwrap();
    assert_eq!(certificates.len(), 2);
    assert_eq!(certificates[0]["use"], "signing");
    assert_eq!(certificates[1]["use"], "encryption");
    assert_eq!(certificates[0]["key"], serde_json::json!({"type": "rsa", "bits": 2048}));
    assert_eq!(certificates[0]["not_after"], "2018-06-05T17:16:20Z");
    assert!(certificates[0]["sha256"].as_str().unwrap().starts_with("46:E3:68:F4:ED:61:43:2B"));
    let flags = certificates[0]["flags"].as_array().unwrap();
    assert!(flags.contains(&Value::from("expired")) && flags.contains(&Value::from("sha1_signature")), "{flags:?}");
}

#[test]
fn metadata_inspect_prints_text_by_default() {
    let output = run(&["metadata", "inspect", &fixture("openconext-lightsaml-surfconext-signed.xml")]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Entity       https://engine.surfconext.nl/authentication/idp/metadata"), "{text}");
    assert!(text.contains("Signed       yes (the signature is not verified)"), "{text}");
    assert!(text.contains("SSO          HTTP-Redirect  https://engine.surfconext.nl/"), "{text}");
}

#[test]
fn bad_metadata_exits_2_with_one_line_naming_the_file_and_the_reason() {
    for (name, reason) in [
        ("google-jackson-nobinding-comment-before-xmldecl.xml", "not well-formed XML"),
        ("adfs-keycloak-4809-placeholder-certs.xml", "X509Certificate (line 7): the certificate is not valid base64"),
    ] {
        let path = fixture(name);
        let output = run(&["metadata", "inspect", &path, "--json"]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&format!("ssodesk-cli: {path}: ")), "{stderr}");
        assert!(stderr.contains(reason), "{stderr}");
    }
}

#[test]
fn cert_inspect_reads_every_certificate_of_a_pem_file() {
    let directory = tempfile::tempdir().unwrap();
    let mut pem = String::new();
    for name in ["first", "second"] {
        let mut params = rcgen::CertificateParams::new(vec![format!("{name}.example.test")]).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        pem.push_str(&params.self_signed(&key).unwrap().pem());
    }
    let path = directory.path().join("chain.pem");
    std::fs::write(&path, pem).unwrap();

    let output = run(&["cert", "inspect", path.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json = stdout_json(&output);
    let certificates = json["certificates"].as_array().unwrap();
    let subjects: Vec<&str> = certificates.iter().map(|certificate| certificate["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["CN=first", "CN=second"]);
    assert_eq!(certificates[0]["key"], serde_json::json!({"type": "ec", "bits": 256}));
    assert_eq!(certificates[0]["signature_algorithm"], "ecdsa-with-SHA256");

    let text = run(&["cert", "inspect", path.to_str().unwrap()]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Certificate 2\n  Subject     CN=second"), "{text}");
}

#[test]
fn cert_inspect_of_garbage_exits_2() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("garbage.txt");
    std::fs::write(&path, "this is not a certificate").unwrap();
    let output = run(&["cert", "inspect", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("not valid base64"), "{stderr}");
}

#[test]
fn a_file_over_the_size_limit_is_rejected_unread() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("huge.xml");
    let file = std::fs::File::create(&path).unwrap();
    // A sparse 50 MB file: the size alone rejects it.
    file.set_len(50 * 1024 * 1024).unwrap();
    let output = run(&["metadata", "inspect", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("more than the limit of 10485760 bytes"), "{stderr}");
}
