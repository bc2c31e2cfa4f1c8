//! `cert watch`, and `metadata inspect` of a URL, end to end against generated certificates, the
//! fixture corpus and a loopback HTTP server.

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use time::{Duration, OffsetDateTime};

use crate::{json, run, stderr};

fn fixture_path(name: &str) -> String {
    let path: std::path::PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "..", "tests", "fixtures", "idp-metadata", name].iter().collect();
    path.to_string_lossy().into_owned()
}

/// Writes a self-signed certificate valid from 30 days ago until `now + expires_in` to `dir/name`.
fn certificate_file(dir: &Path, name: &str, expires_in: Duration) -> String {
    let mut params = rcgen::CertificateParams::new(vec![format!("{name}.example.test")]).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(rcgen::DnType::CommonName, name);
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::days(30);
    params.not_after = now + expires_in;
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let path = dir.join(format!("{name}.pem"));
    std::fs::write(&path, params.self_signed(&key).unwrap().pem()).unwrap();
    path.to_string_lossy().into_owned()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|arg| (*arg).to_owned()).collect()
}

fn assert_error(output: &Output, message: &str) {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("ssodesk-cli: ") && text.contains(message), "{text}");
    assert!(output.stdout.is_empty());
}

/// Serves `metadata.xml` on a loopback port; every other path is a 404.
async fn serve_metadata(bytes: Vec<u8>) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().route("/metadata.xml", axum::routing::get(move || async move { bytes.clone() }));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address
}

#[tokio::test]
async fn a_certificate_expiring_within_the_warning_period_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let soon = certificate_file(dir.path(), "soon", Duration::days(10) + Duration::hours(1));

    let output = run(args(&["cert", "watch", &soon, "--warn-days", "30", "--json"])).await;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["warn_days"], 30);
    assert_eq!(report["expiring"], 1);
    let certificate = &report["certificates"][0];
    assert_eq!(certificate["source"], soon.as_str());
    assert_eq!(certificate["subject"], "CN=soon");
    assert_eq!(certificate["days_left"], 10);
    assert_eq!(certificate["expiring"], true);
    assert!(certificate.get("entity_id").is_none() && certificate.get("use").is_none(), "{certificate}");

    let text = run(args(&["cert", "watch", &soon, "--warn-days", "30"])).await;
    assert_eq!(text.status.code(), Some(1));
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("WARN") && text.contains("CN=soon") && text.contains("10 days left"), "{text}");
}

#[tokio::test]
async fn a_certificate_expiring_after_the_warning_period_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let soon = certificate_file(dir.path(), "soon", Duration::days(10) + Duration::hours(1));

    let output = run(args(&["cert", "watch", &soon, "--warn-days", "5", "--json"])).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["expiring"], 0);
    assert_eq!(report["certificates"][0]["expiring"], false);

    let text = run(args(&["cert", "watch", &soon, "--warn-days", "5"])).await;
    assert!(String::from_utf8(text.stdout).unwrap().starts_with("OK "));
}

#[tokio::test]
async fn an_expired_certificate_exits_1_whatever_the_warning_period() {
    let dir = tempfile::tempdir().unwrap();
    let expired = certificate_file(dir.path(), "expired", -Duration::days(2));
    let later = certificate_file(dir.path(), "later", Duration::days(400));

    let output = run(args(&["cert", "watch", &later, &expired, "--warn-days", "0", "--json"])).await;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["expiring"], 1);
    let expiring: Vec<&Value> = report["certificates"].as_array().unwrap().iter().map(|c| &c["expiring"]).collect();
    assert_eq!(expiring, [&Value::Bool(false), &Value::Bool(true)]);
    assert!(report["certificates"][1]["flags"].as_array().unwrap().contains(&Value::from("expired")));
}

#[tokio::test]
async fn metadata_certificates_are_listed_with_entity_and_use() {
    let path = fixture_path("onelogin-python3saml-sign-and-encrypt.xml");
    let output = run(args(&["cert", "watch", &path, "--warn-days", "30", "--json"])).await;
    // Both certificates expired in 2018.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["expiring"], 2);
    let certificates = report["certificates"].as_array().unwrap();
    assert_eq!(certificates.len(), 2);
    for (certificate, key_use) in certificates.iter().zip(["signing", "encryption"]) {
        assert_eq!(certificate["source"], path.as_str());
        assert_eq!(certificate["entity_id"], "https://app.onelogin.com/saml/metadata/383123");
        assert_eq!(certificate["use"], key_use);
        assert_eq!(certificate["expiring"], true);
    }
}

#[tokio::test]
async fn a_metadata_url_works_for_inspect_and_watch() {
    let bytes = std::fs::read(fixture_path("onelogin-python3saml-sign-and-encrypt.xml")).unwrap();
    let address = serve_metadata(bytes).await;
    let url = format!("http://{address}/metadata.xml");

    let output = run(args(&["metadata", "inspect", &url, "--json"])).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json(&output)["entities"][0]["entity_id"], "https://app.onelogin.com/saml/metadata/383123");

    let output = run(args(&["cert", "watch", &url, "--warn-days", "30", "--json"])).await;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["certificates"][0]["source"], url.as_str());
    assert_eq!(report["certificates"][0]["use"], "signing");
}

#[tokio::test]
async fn a_404_url_exits_2_naming_the_status() {
    let address = serve_metadata(Vec::new()).await;
    let url = format!("http://{address}/missing.xml");
    for command in [&["metadata", "inspect"][..], &["cert", "watch", "--warn-days", "30"][..]] {
        let mut list = args(command);
        list.push(url.clone());
        let output = run(list).await;
        assert_error(&output, &format!("cannot fetch {url}: the server answered HTTP 404 Not Found"));
    }
}

#[tokio::test]
async fn a_url_sending_more_than_the_limit_exits_2_unread() {
    let oversized = vec![b' '; ssodesk_cli_limit() + 1];
    let address = serve_metadata(oversized).await;
    let url = format!("http://{address}/metadata.xml");
    let output = run(args(&["cert", "watch", &url, "--warn-days", "30"])).await;
    assert_error(&output, &format!("cannot fetch {url}: the body is larger than the limit of"));
}

/// The CLI's input limit: the larger of the metadata and certificate limits.
fn ssodesk_cli_limit() -> usize {
    ssodesk_saml::MAX_METADATA_BYTES.max(ssodesk_saml::MAX_CERTIFICATE_INPUT_BYTES)
}

#[tokio::test]
async fn an_unreachable_url_exits_2() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/metadata.xml");
    let output = run(args(&["cert", "watch", &url, "--warn-days", "30"])).await;
    assert_error(&output, &format!("cannot fetch {url}: "));
}

#[tokio::test]
async fn garbage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = certificate_file(dir.path(), "good", Duration::days(400));
    let garbage = dir.path().join("garbage.txt");
    std::fs::write(&garbage, "this is not a certificate").unwrap();
    let garbage = garbage.to_string_lossy().into_owned();
    let output = run(args(&["cert", "watch", &good, &garbage, "--warn-days", "30"])).await;
    assert_error(&output, &format!("{garbage}: "));
    assert!(stderr(&output).contains("not valid base64"));

    let missing = dir.path().join("missing.pem").to_string_lossy().into_owned();
    let output = run(args(&["cert", "watch", &missing, "--warn-days", "30"])).await;
    assert_error(&output, &format!("cannot read {missing}"));
}
