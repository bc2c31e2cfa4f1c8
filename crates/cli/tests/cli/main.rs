//! The `ssodesk-cli` binary end to end: `dns check` against real DNS servers on loopback addresses,
//! `metadata inspect` and `cert inspect` against the shared fixture corpus and generated files.

mod inspect;
mod watch;

use std::process::{Command, Output};

use serde_json::Value;
use ssodesk_dns_test_server::{DelegatedZone, Fault, TestDnsServer, Zone};

const ZONE: &str = "example.test";
const DOMAIN: &str = "sso.example.test";
const RECORD: &str = "_acme-challenge.sso.example.test";
const TOKEN: &str = "ssodesk-verification=cli-4d2e";

/// Runs the binary off the async runtime, so the test's DNS servers keep answering meanwhile.
async fn run(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_ssodesk-cli")).args(&args).output().expect("the binary runs")
    })
    .await
    .expect("the blocking task finishes")
}

fn check_args(zone: &DelegatedZone, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> =
        ["dns", "check", DOMAIN, "--expect", TOKEN, "--resolver"].into_iter().map(str::to_owned).collect();
    args.push(zone.resolver_addr().to_string());
    args.extend(["--query-timeout-ms", "500", "--deadline-ms", "3000"].map(str::to_owned));
    args.extend(extra.iter().map(|arg| (*arg).to_owned()));
    args
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stdout)))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn verified_exits_0_and_prints_the_documented_json() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    zone.publish_txt(RECORD, &[TOKEN]).await.unwrap();

    let output = run(check_args(&zone, &["--json"])).await;

    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["domain"], DOMAIN);
    assert_eq!(report["record_name"], RECORD);
    assert_eq!(report["expected"], TOKEN);
    assert_eq!(report["verdict"], "verified");
    assert_eq!(report["diagnostics"], Value::Array(vec![]));
    let sources = report["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 3);
    assert_eq!(sources[0]["kind"], "resolver");
    assert_eq!(sources[0]["server"], zone.resolver_addr().to_string());
    for (source, server) in sources[1..].iter().zip(zone.nameservers()) {
        assert_eq!(source["kind"], "authoritative");
        assert_eq!(source["server"], server.addr().to_string());
        assert_eq!(source["state"], "found");
        assert_eq!(source["values"][0], TOKEN);
        assert_eq!(source["ttl"], 300);
    }
    assert_eq!(sources[1]["ns_name"], "ns1.example.test");
}

#[tokio::test]
async fn propagating_exits_1_and_the_table_names_the_missing_nameserver() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    let record = ssodesk_dns_test_server::txt_record(RECORD, &[TOKEN]).unwrap();
    zone.nameservers()[0].add_record(record).await.unwrap();

    let output = run(check_args(&zone, &[])).await;

    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("Verdict   PROPAGATING"), "{table}");
    assert!(table.contains("not yet: ns2.example.test"), "{table}");
    assert!(table.contains("SOURCE"), "{table}");
    let ns2_row = table.lines().find(|line| line.contains("ns2.example.test") && line.starts_with("authoritative"));
    assert!(ns2_row.is_some_and(|row| row.contains("not_found")), "{table}");
}

#[tokio::test]
async fn not_published_exits_1_with_diagnostics_in_json() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(DOMAIN, &[TOKEN]).await.unwrap();

    let output = run(check_args(&zone, &["--json"])).await;

    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert_eq!(report["verdict"], "not_published");
    assert_eq!(report["diagnostics"][0]["code"], "record_at_apex");
    assert!(report["diagnostics"][0]["fix"].as_str().unwrap().contains("_acme-challenge.sso"));
    assert_eq!(report["negative_cache_ttl"], ssodesk_dns_test_server::DEFAULT_NEGATIVE_TTL);
}

#[tokio::test]
async fn the_record_name_can_be_given_and_later_resolvers_are_extras() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt("custom.example.test", &[TOKEN]).await.unwrap();
    let extra = TestDnsServer::start(vec![Zone::new(ZONE).unwrap()]).await.unwrap();
    let extra_address = extra.addr().to_string();

    let output =
        run(check_args(&zone, &["--record-name", "Custom.Example.Test.", "--resolver", &extra_address, "--json"]))
            .await;

    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["record_name"], "custom.example.test");
    let last = report["sources"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "extra");
    assert_eq!(last["server"], extra_address);
    assert_eq!(last["state"], "not_found");
}

#[tokio::test]
async fn no_answer_from_any_nameserver_exits_2() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.nameservers()[0].set_fault(Fault::Silent);

    let output = run(check_args(&zone, &["--json"])).await;

    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    assert_eq!(report["verdict"], "error");
    assert_eq!(report["sources"][1]["state"], "timeout");
}

#[tokio::test]
async fn bad_input_exits_2_with_a_clear_message() {
    let cases: [(&[&str], &str); 5] = [
        (&["dns", "check", "co.uk", "--expect", TOKEN, "--resolver", "127.0.0.1"], "is a public suffix"),
        (&["dns", "check", "https://sso.example.test/", "--expect", TOKEN], "looks like a web address"),
        (&["dns", "check", DOMAIN, "--expect", TOKEN, "--resolver", "dns.example"], "is not a DNS server address"),
        (&["dns", "check", DOMAIN, "--expect", "", "--resolver", "127.0.0.1"], "--expect needs the TXT value"),
        (&["dns", "check", DOMAIN], "--expect"),
    ];
    for (args, message) in cases {
        let output = run(args.iter().map(|arg| (*arg).to_owned()).collect()).await;
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert!(text.contains(message), "{args:?}: {text}");
        assert!(!text.contains("panicked"), "{args:?}: {text}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
