//! The report's JSON: the CLI's documented, stable output.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use ssodesk_dns::{CheckReport, Diagnostic, DiagnosticCode, SourceKind, SourceReport, SourceState, Verdict};
use ssodesk_dns_test_server::{DelegatedZone, Fault};

use crate::{check, SUBDOMAIN, SUBDOMAIN_RECORD, TOKEN, ZONE};

fn keys(value: &Value) -> BTreeSet<&str> {
    value.as_object().expect("an object").keys().map(String::as_str).collect()
}

#[test]
fn every_field_and_spelling_is_pinned() {
    let report = CheckReport {
        domain: "sso.example.com".into(),
        record_name: "_acme-challenge.sso.example.com".into(),
        expected: "ssodesk-verification=abc".into(),
        verdict: Verdict::NotPublished,
        summary: "None of the 1 authoritative nameservers of example.com serves the expected value.".into(),
        zone: Some("example.com".into()),
        nameservers_with_record: vec![],
        nameservers_without_record: vec!["ns1.example.com".into()],
        negative_cache_ttl: Some(300),
        sources: vec![
            SourceReport {
                kind: SourceKind::Resolver,
                server: "192.0.2.53:53".parse().unwrap(),
                ns_name: None,
                state: SourceState::Timeout,
                values: vec![],
                ttl: None,
                negative_ttl: None,
                cname_chain: vec![],
                detail: Some("no answer before the time allowed ran out".into()),
            },
            SourceReport {
                kind: SourceKind::Authoritative,
                server: "[2001:db8::1]:53".parse().unwrap(),
                ns_name: Some("ns1.example.com".into()),
                state: SourceState::WrongValue,
                values: vec!["ssodesk-verification=old".into()],
                ttl: Some(3600),
                negative_ttl: None,
                cname_chain: vec!["target.example.net".into()],
                detail: None,
            },
        ],
        diagnostics: vec![Diagnostic { code: DiagnosticCode::OtherToken, message: "m".into(), fix: "f".into() }],
    };

    let value = serde_json::to_value(&report).unwrap();

    assert_eq!(
        value,
        json!({
            "domain": "sso.example.com",
            "record_name": "_acme-challenge.sso.example.com",
            "expected": "ssodesk-verification=abc",
            "verdict": "not_published",
            "summary": "None of the 1 authoritative nameservers of example.com serves the expected value.",
            "zone": "example.com",
            "nameservers_with_record": [],
            "nameservers_without_record": ["ns1.example.com"],
            "negative_cache_ttl": 300,
            "sources": [
                {
                    "kind": "resolver",
                    "server": "192.0.2.53:53",
                    "state": "timeout",
                    "values": [],
                    "detail": "no answer before the time allowed ran out"
                },
                {
                    "kind": "authoritative",
                    "server": "[2001:db8::1]:53",
                    "ns_name": "ns1.example.com",
                    "state": "wrong_value",
                    "values": ["ssodesk-verification=old"],
                    "ttl": 3600,
                    "cname_chain": ["target.example.net"]
                }
            ],
            "diagnostics": [{"code": "other_token", "message": "m", "fix": "f"}]
        })
    );
    let back: CheckReport = serde_json::from_value(value).unwrap();
    assert_eq!(back, report);
}

#[test]
fn every_enum_value_has_its_documented_spelling() {
    let spell = |value: Value| value.as_str().unwrap().to_owned();
    let verdicts = [Verdict::Verified, Verdict::Propagating, Verdict::NotPublished, Verdict::Error];
    assert_eq!(
        verdicts.map(|v| spell(serde_json::to_value(v).unwrap())),
        ["verified", "propagating", "not_published", "error"]
    );
    let kinds = [SourceKind::Resolver, SourceKind::Authoritative, SourceKind::Extra];
    assert_eq!(kinds.map(|k| spell(serde_json::to_value(k).unwrap())), ["resolver", "authoritative", "extra"]);
    let states = [
        SourceState::Found,
        SourceState::NotFound,
        SourceState::NoTxt,
        SourceState::WrongValue,
        SourceState::Servfail,
        SourceState::Timeout,
        SourceState::Refused,
    ];
    assert_eq!(
        states.map(|s| spell(serde_json::to_value(s).unwrap())),
        ["found", "not_found", "no_txt", "wrong_value", "servfail", "timeout", "refused"]
    );
    let codes = [
        DiagnosticCode::RecordAtApex,
        DiagnosticCode::RecordAtChallengeName,
        DiagnosticCode::DoubledZoneSuffix,
        DiagnosticCode::QuotedValue,
        DiagnosticCode::WhitespaceInValue,
        DiagnosticCode::OtherToken,
        DiagnosticCode::CnameOnRecordName,
        DiagnosticCode::TokenSplitAcrossRecords,
        DiagnosticCode::CnameLoop,
        DiagnosticCode::CnameChainTooLong,
    ];
    assert_eq!(
        codes.map(|c| spell(serde_json::to_value(c).unwrap())),
        [
            "record_at_apex",
            "record_at_challenge_name",
            "doubled_zone_suffix",
            "quoted_value",
            "whitespace_in_value",
            "other_token",
            "cname_on_record_name",
            "token_split_across_records",
            "cname_loop",
            "cname_chain_too_long"
        ]
    );
}

#[tokio::test]
async fn a_real_report_has_the_documented_shape() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();
    zone.nameservers()[1].set_fault(Fault::ServFail);

    let value = serde_json::to_value(check(&zone, SUBDOMAIN).await).unwrap();

    let required = ["domain", "record_name", "expected", "verdict", "sources", "diagnostics"];
    assert!(required.iter().all(|key| keys(&value).contains(key)), "{value:#}");
    assert_eq!(value["verdict"], "propagating");
    assert_eq!(value["record_name"], SUBDOMAIN_RECORD);
    for source in value["sources"].as_array().unwrap() {
        for key in ["kind", "server", "state", "values"] {
            assert!(keys(source).contains(key), "{source:#}");
        }
        let server = source["server"].as_str().unwrap();
        assert!(server.parse::<std::net::SocketAddr>().is_ok(), "IP:PORT, got {server}");
    }
    assert_eq!(value["sources"][2]["ns_name"], "ns2.example.test");
    assert_eq!(value["sources"][2]["state"], "servfail");
}
