//! Each recognised mistake, published for real, and the diagnostic it produces.

use ssodesk_dns::{CheckReport, Diagnostic, DiagnosticCode, SourceState, Verdict};
use ssodesk_dns_test_server::DelegatedZone;

use crate::{check, source_for, SUBDOMAIN, SUBDOMAIN_RECORD, TOKEN, ZONE};

fn diagnostic(report: &CheckReport, code: DiagnosticCode) -> &Diagnostic {
    report
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.code == code)
        .unwrap_or_else(|| panic!("no {code:?} in {:#?}", report.diagnostics))
}

fn codes(report: &CheckReport) -> Vec<DiagnosticCode> {
    report.diagnostics.iter().map(|diagnostic| diagnostic.code).collect()
}

#[tokio::test]
async fn the_value_at_the_subdomain_itself_is_record_at_apex() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(SUBDOMAIN, &[TOKEN]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::NotPublished);
    let found = diagnostic(&report, DiagnosticCode::RecordAtApex);
    assert!(found.message.contains("published at sso.example.test"), "{found:#?}");
    assert!(found.fix.contains("\"_acme-challenge.sso\""), "the host field is named: {found:#?}");
    assert_eq!(codes(&report), [DiagnosticCode::RecordAtApex]);
}

#[tokio::test]
async fn the_value_at_the_registrable_apex_is_record_at_apex() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(ZONE, &[TOKEN]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert!(diagnostic(&report, DiagnosticCode::RecordAtApex).message.contains("published at example.test,"));
}

#[tokio::test]
async fn the_value_at_the_challenge_name_of_a_registrable_domain_is_record_at_challenge_name() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt("_acme-challenge.example.test", &[TOKEN]).await.unwrap();

    let report = check(&zone, ZONE).await;

    assert_eq!(report.verdict, Verdict::NotPublished);
    let found = diagnostic(&report, DiagnosticCode::RecordAtChallengeName);
    assert!(found.fix.contains("\"@\""), "{found:#?}");
    assert_eq!(codes(&report), [DiagnosticCode::RecordAtChallengeName]);
}

#[tokio::test]
async fn the_zone_typed_twice_is_doubled_zone_suffix() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt("_acme-challenge.sso.example.test.example.test", &[TOKEN]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    let found = diagnostic(&report, DiagnosticCode::DoubledZoneSuffix);
    assert!(found.message.contains("_acme-challenge.sso.example.test.example.test"), "{found:#?}");
    assert!(found.fix.contains("\"_acme-challenge.sso\""), "{found:#?}");
    assert_eq!(codes(&report), [DiagnosticCode::DoubledZoneSuffix]);
}

#[tokio::test]
async fn literal_quotes_around_the_value_are_quoted_value() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[&format!("\"{TOKEN}\"")]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(source_for(&report, "ns1.example.test").state, SourceState::WrongValue);
    assert_eq!(codes(&report), [DiagnosticCode::QuotedValue]);
}

#[tokio::test]
async fn spaces_in_the_value_are_whitespace_in_value() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[&format!(" {TOKEN}\n")]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(source_for(&report, "ns1.example.test").state, SourceState::WrongValue);
    assert_eq!(codes(&report), [DiagnosticCode::WhitespaceInValue]);
}

#[tokio::test]
async fn another_verification_token_is_other_token() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &["ssodesk-verification=old-token"]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    let found = diagnostic(&report, DiagnosticCode::OtherToken);
    assert!(found.message.contains("ssodesk-verification=old-token"), "{found:#?}");
    assert_eq!(codes(&report), [DiagnosticCode::OtherToken]);
}

#[tokio::test]
async fn a_cname_on_the_record_name_is_cname_on_record_name() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_cname(SUBDOMAIN_RECORD, "validation.example.test").await.unwrap();
    zone.publish_txt("validation.example.test", &["something else"]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::NotPublished);
    let found = diagnostic(&report, DiagnosticCode::CnameOnRecordName);
    assert!(found.fix.contains("validation.example.test"), "{found:#?}");
    assert_eq!(codes(&report), [DiagnosticCode::CnameOnRecordName]);
}

#[tokio::test]
async fn the_value_split_into_several_records_is_never_joined_and_is_diagnosed() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    let (head, tail) = TOKEN.split_at(12);
    zone.publish_txt(SUBDOMAIN_RECORD, &[head]).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[tail]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    let source = source_for(&report, "ns1.example.test");
    assert_eq!(source.state, SourceState::WrongValue, "records are never joined: {source:#?}");
    assert_eq!(source.values.len(), 2);
    assert_eq!(report.verdict, Verdict::NotPublished);
    assert_eq!(codes(&report), [DiagnosticCode::TokenSplitAcrossRecords]);
}

#[tokio::test]
async fn a_verified_domain_has_no_diagnostics_even_with_other_tokens_around() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &["ssodesk-verification=old-token"]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Verified);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}
