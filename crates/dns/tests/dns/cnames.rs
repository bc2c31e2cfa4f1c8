//! CNAME chains: followed up to the limit, rejected past it or when they loop.

use ssodesk_dns::{DiagnosticCode, SourceState, Verdict, MAX_CNAME_HOPS};
use ssodesk_dns_test_server::DelegatedZone;

use crate::{check, SUBDOMAIN, SUBDOMAIN_RECORD, TOKEN, ZONE};

/// Publishes `_acme-challenge.sso` → hop1 → … → hop<length> with the TXT record at the end.
async fn publish_chain(zone: &DelegatedZone, length: usize) {
    let mut name = SUBDOMAIN_RECORD.to_owned();
    for hop in 1..=length {
        let target = format!("hop{hop}.{ZONE}");
        zone.publish_cname(&name, &target).await.unwrap();
        name = target;
    }
    zone.publish_txt(&name, &[TOKEN]).await.unwrap();
}

#[tokio::test]
async fn a_chain_of_eight_cnames_is_followed() {
    assert_eq!(MAX_CNAME_HOPS, 8);
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    publish_chain(&zone, 8).await;

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Verified, "{report:#?}");
    for source in &report.sources {
        assert_eq!(source.state, SourceState::Found);
        assert_eq!(source.cname_chain.len(), 8);
        assert_eq!(source.cname_chain.last().map(String::as_str), Some("hop8.example.test"));
    }
}

#[tokio::test]
async fn a_chain_of_nine_cnames_is_rejected() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    publish_chain(&zone, 9).await;

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Error, "{report:#?}");
    for source in &report.sources {
        assert_eq!(source.state, SourceState::Servfail);
        assert!(source.detail.as_deref().unwrap_or_default().contains("longer than 8"), "{source:#?}");
    }
    let codes: Vec<_> = report.diagnostics.iter().map(|diagnostic| diagnostic.code).collect();
    assert!(codes.contains(&DiagnosticCode::CnameChainTooLong), "{codes:?}");
}

#[tokio::test]
async fn a_cname_loop_is_rejected() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_cname(SUBDOMAIN_RECORD, "loop-a.example.test").await.unwrap();
    zone.publish_cname("loop-a.example.test", "loop-b.example.test").await.unwrap();
    zone.publish_cname("loop-b.example.test", SUBDOMAIN_RECORD).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Error, "{report:#?}");
    for source in &report.sources {
        assert_eq!(source.state, SourceState::Servfail);
        assert_eq!(source.detail.as_deref(), Some("the CNAME chain loops"));
        assert_eq!(source.cname_chain.last().map(String::as_str), Some(SUBDOMAIN_RECORD));
    }
    let loop_diagnostic = report.diagnostics.iter().find(|diagnostic| diagnostic.code == DiagnosticCode::CnameLoop);
    let loop_diagnostic = loop_diagnostic.unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert!(loop_diagnostic.message.contains("loop-a.example.test → loop-b.example.test"), "{loop_diagnostic:#?}");
}

#[tokio::test]
async fn a_cname_to_a_missing_name_is_not_found_at_the_target() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_cname(SUBDOMAIN_RECORD, "missing.example.test").await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::NotPublished, "{report:#?}");
    for source in &report.sources {
        assert_eq!(source.state, SourceState::NotFound, "{source:#?}");
        assert_eq!(source.cname_chain, ["missing.example.test"]);
    }
}
