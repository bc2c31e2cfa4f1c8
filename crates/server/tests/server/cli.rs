//! The `ssodesk-server` binary: `serve`, `seed`, `token`, and its exit codes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use ssodesk_model::SeedReport;

const BINARY: &str = env!("CARGO_BIN_EXE_ssodesk-server");

fn run(args: &[&str], db: Option<&Path>) -> Output {
    let mut command = Command::new(BINARY);
    command.args(args);
    if let Some(db) = db {
        command.arg("--db").arg(db);
    }
    command.env("RUST_LOG", "warn").output().expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn seed_prints_the_report_as_json_and_refuses_a_second_seed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.db");
    let first = run(&["seed"], Some(&db));
    assert!(first.status.success(), "{}", stderr(&first));
    let report: SeedReport = serde_json::from_slice(&first.stdout).expect("seed prints a SeedReport");
    assert!(report.parent_id.starts_with("par_"));
    assert_eq!(report.orgs.len(), 3);
    assert_eq!(report.users.len(), 5);
    // Exactly the documented keys, nothing else.
    let raw: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let keys: Vec<_> = raw.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["orgs", "parent_id", "users"]);

    let second = run(&["seed"], Some(&db));
    assert_eq!(second.status.code(), Some(1));
    assert!(second.stdout.is_empty());
    assert!(stderr(&second).contains("already holds data"), "{}", stderr(&second));
}

#[test]
fn token_mints_a_new_token_for_an_existing_user() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    assert!(run(&["seed"], Some(&db)).status.success());
    let minted = run(&["token", "--email", "dev@acme.example"], Some(&db));
    assert!(minted.status.success(), "{}", stderr(&minted));
    let token = String::from_utf8(minted.stdout).unwrap();
    let token = token.trim();
    assert!(token.starts_with("sdk_") && token.len() == 68, "{token}");

    let unknown = run(&["token", "--email", "nobody@acme.example"], Some(&db));
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("nobody@acme.example"));
}

#[test]
fn bad_arguments_and_unusable_database_paths_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let missing_folder = dir.path().join("no/such/folder/server.db");
    let not_a_database = dir.path().join("notes.txt");
    std::fs::write(&not_a_database, "these are notes, not an SQLite database; nothing to see here").unwrap();
    let cases: Vec<(&str, Output)> = vec![
        ("no subcommand", run(&[], None)),
        ("an unknown subcommand", run(&["launch"], None)),
        ("serve without --db", run(&["serve"], None)),
        ("a bad listen address", run(&["serve", "--listen", "localhost:eighty"], Some(&dir.path().join("x.db")))),
        ("token without --email", run(&["token"], Some(&dir.path().join("x.db")))),
        ("a database in a missing folder", run(&["seed"], Some(&missing_folder))),
        ("a folder as the database", run(&["seed"], Some(dir.path()))),
        ("a file that is not a database", run(&["serve", "--listen", "127.0.0.1:0"], Some(&not_a_database))),
        (
            "a DNS server that is not an address",
            run(&["serve", "--dns-server", "dns.google"], Some(&dir.path().join("x.db"))),
        ),
        (
            "a DNS server with a bad port",
            run(&["serve", "--dns-server", "127.0.0.1:99999"], Some(&dir.path().join("x.db"))),
        ),
        ("a zero re-check interval", run(&["serve", "--recheck-interval", "0"], Some(&dir.path().join("x.db")))),
        (
            "a re-check interval in words",
            run(&["serve", "--recheck-interval", "often"], Some(&dir.path().join("x.db"))),
        ),
        (
            "a public URL that is not http(s)",
            run(&["serve", "--public-url", "ftp://x"], Some(&dir.path().join("x.db"))),
        ),
    ];
    for (what, output) in cases {
        assert_eq!(output.status.code(), Some(2), "{what}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(!message.trim().is_empty(), "{what} says why");
        assert!(!message.contains("panicked"), "{what}: {message}");
    }
}

/// `ssodesk-server serve` running as a child process.
struct Serving {
    child: std::process::Child,
    base_url: String,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Serving {
    /// Starts `serve --listen 127.0.0.1:0 --db <db> <args>` and waits for its listening line.
    fn start(db: &Path, args: &[&str]) -> Serving {
        let mut child = Command::new(BINARY)
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(args)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (lines_tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if lines_tx.send(line.unwrap_or_default()).is_err() {
                    break;
                }
            }
        });
        let line = lines.recv_timeout(Duration::from_secs(60)).expect("serve prints a line once it listens");
        let base_url =
            line.strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
        Serving { child, base_url, lines }
    }

    /// Sends SIGTERM and returns the exit status (panics after 20 s).
    fn terminate(mut self) -> (std::process::ExitStatus, std::sync::mpsc::Receiver<String>) {
        let killed = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("serve did not stop within 20 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        (status, self.lines)
    }
}

#[tokio::test]
async fn serve_prints_the_listening_line_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    let seeded = run(&["seed"], Some(&db));
    let report: SeedReport = serde_json::from_slice(&seeded.stdout).unwrap();

    let serving = Serving::start(&db, &[]);
    let base_url = serving.base_url.clone();
    let port: u16 = base_url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("{base_url:?}"));
    assert_ne!(port, 0);

    let http = reqwest::Client::new();
    let health = http.get(format!("{base_url}/v1/health")).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let me = http.get(format!("{base_url}/v1/me")).bearer_auth(&report.users[0].token).send().await.unwrap();
    assert_eq!(me.status().as_u16(), 200);
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["email"], "ada@acme.example");

    let (status, lines) = serving.terminate();
    assert!(status.success(), "serve exits 0 on SIGTERM: {status}");
    assert!(lines.try_iter().all(|line| line.trim().is_empty()), "exactly one line on stdout");
}

#[tokio::test]
async fn serve_hands_out_sp_values_under_its_public_url() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    let report: SeedReport = serde_json::from_slice(&run(&["seed"], Some(&db)).stdout).unwrap();
    let serving = Serving::start(&db, &["--public-url", "https://sso.acme.example/"]);
    let sp: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/v1/parents/{}/service-provider", serving.base_url, report.parent_id))
        .bearer_auth(&report.users[0].token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sp["acs_url"], format!("https://sso.acme.example/saml/{}/acs", report.parent_id));
    serving.terminate();
}

#[tokio::test]
async fn serve_checks_domains_through_the_dns_server_it_is_given_and_rechecks_them() {
    let zone = crate::dns::start_zone("acme.test", 2).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    let report: SeedReport = serde_json::from_slice(&run(&["seed"], Some(&db)).stdout).unwrap();
    let resolver = zone.resolver_addr().to_string();
    let serving = Serving::start(&db, &["--dns-server", &resolver, "--recheck-interval", "1"]);
    let base_url = serving.base_url.clone();
    let http = reqwest::Client::new();
    let ada = &report.users[0].token;

    let added: serde_json::Value = http
        .post(format!("{base_url}/v1/parents/{}/domains", report.parent_id))
        .bearer_auth(ada)
        .json(&serde_json::json!({ "name": "acme.test" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let domain_url = format!("{base_url}/v1/domains/{}", added["id"].as_str().unwrap());
    let checked: serde_json::Value =
        http.post(format!("{domain_url}/verify")).bearer_auth(ada).send().await.unwrap().json().await.unwrap();
    assert_eq!(checked["status"], "pending");
    assert!(
        checked["failure_reason"].as_str().unwrap().contains("nameserver of acme.test"),
        "the check went to the test zone: {checked}"
    );

    crate::dns::publish(&zone, &added).await;
    let started = Instant::now();
    loop {
        let domain: serde_json::Value =
            http.get(&domain_url).bearer_auth(ada).send().await.unwrap().json().await.unwrap();
        if domain["status"] == "verified" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the re-check did not verify it: {domain}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, _) = serving.terminate();
    assert!(status.success(), "{status}");
}
