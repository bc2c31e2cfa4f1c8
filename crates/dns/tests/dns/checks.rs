//! Source states, verdicts, timeouts and many checks at once.

use std::net::{IpAddr, Ipv6Addr};
use std::time::{Duration, Instant};

use ssodesk_dns::{SourceKind, SourceState, Verdict};
use ssodesk_dns_test_server::{address_record, DelegatedZone, DelegationLayout, Fault, TestDnsServer, Zone};

use crate::{
    authoritative, check, checker_for, checker_with, request, source_for, SUBDOMAIN, SUBDOMAIN_RECORD, TOKEN, ZONE,
};

#[tokio::test]
async fn verified_when_every_nameserver_serves_the_value() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Verified, "{report:#?}");
    assert_eq!(report.record_name, SUBDOMAIN_RECORD);
    assert_eq!(report.zone.as_deref(), Some(ZONE));
    assert_eq!(report.nameservers_with_record, ["ns1.example.test", "ns2.example.test"]);
    assert!(report.nameservers_without_record.is_empty());
    assert_eq!(report.sources.len(), 3, "one resolver and two nameservers: {report:#?}");
    assert_eq!(report.sources[0].kind, SourceKind::Resolver);
    assert_eq!(report.sources[0].server, zone.resolver_addr());
    for (source, server) in authoritative(&report).into_iter().zip(zone.nameservers()) {
        assert_eq!(source.state, SourceState::Found);
        assert_eq!(source.server, server.addr());
        assert_eq!(source.values, [TOKEN]);
        assert_eq!(source.ttl, Some(300));
    }
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.negative_cache_ttl, None);
}

#[tokio::test]
async fn a_registrable_domain_is_checked_at_the_domain_itself() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(ZONE, &[TOKEN]).await.unwrap();

    let report = check(&zone, ZONE).await;

    assert_eq!(report.record_name, ZONE);
    assert_eq!(report.verdict, Verdict::Verified, "{report:#?}");
}

#[tokio::test]
async fn propagating_names_the_nameserver_that_lacks_the_record() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    let record = ssodesk_dns_test_server::txt_record(SUBDOMAIN_RECORD, &[TOKEN]).unwrap();
    zone.resolver().add_record(record.clone()).await.unwrap();
    zone.nameservers()[0].add_record(record).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Propagating, "{report:#?}");
    assert_eq!(report.nameservers_with_record, ["ns1.example.test"]);
    assert_eq!(report.nameservers_without_record, ["ns2.example.test"]);
    assert!(report.summary.contains("ns2.example.test"), "{}", report.summary);
    assert_eq!(source_for(&report, "ns1.example.test").state, SourceState::Found);
    assert_eq!(source_for(&report, "ns2.example.test").state, SourceState::NotFound);
    assert_eq!(report.negative_cache_ttl, Some(ssodesk_dns_test_server::DEFAULT_NEGATIVE_TTL));
}

#[tokio::test]
async fn publishing_while_the_servers_run_turns_not_published_into_verified() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    let checker = checker_for(&zone);
    assert_eq!(checker.check(&request(SUBDOMAIN)).await.verdict, Verdict::NotPublished);

    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();

    assert_eq!(checker.check(&request(SUBDOMAIN)).await.verdict, Verdict::Verified);
}

#[tokio::test]
async fn not_published_reports_nxdomain_and_when_negative_caches_expire() {
    let mut layout = DelegationLayout::new(ZONE, 2);
    layout.negative_ttl = 45;
    let zone = DelegatedZone::start_with(layout).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::NotPublished, "{report:#?}");
    for source in &report.sources {
        assert_eq!(source.state, SourceState::NotFound, "{source:#?}");
        assert!(source.values.is_empty());
        // min(SOA TTL 300, SOA minimum 45)
        assert_eq!(source.negative_ttl, Some(45));
    }
    assert_eq!(report.negative_cache_ttl, Some(45));
    assert!(report.nameservers_with_record.is_empty());
}

#[tokio::test]
async fn a_name_without_txt_records_is_no_txt() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish(address_record(SUBDOMAIN_RECORD, IpAddr::from([192, 0, 2, 1])).unwrap()).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::NotPublished, "{report:#?}");
    assert!(report.sources.iter().all(|source| source.state == SourceState::NoTxt), "{report:#?}");
    assert_eq!(report.sources[1].negative_ttl, Some(ssodesk_dns_test_server::DEFAULT_NEGATIVE_TTL));
}

#[tokio::test]
async fn another_value_is_wrong_value_and_says_what_was_seen() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &["v=spf1 -all"]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::NotPublished);
    let source = source_for(&report, "ns1.example.test");
    assert_eq!(source.state, SourceState::WrongValue);
    assert_eq!(source.values, ["v=spf1 -all"]);
}

#[tokio::test]
async fn a_nameserver_that_never_answers_is_a_timeout_within_the_deadline() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();
    zone.nameservers()[1].set_fault(Fault::Silent);
    let checker = checker_with(&zone, |config| {
        config.query_timeout = Duration::from_secs(30);
        config.deadline = Duration::from_millis(800);
    });

    let started = Instant::now();
    let report = checker.check(&request(SUBDOMAIN)).await;
    let took = started.elapsed();

    assert!(took >= Duration::from_millis(800) && took < Duration::from_millis(1500), "took {took:?}");
    let silent = source_for(&report, "ns2.example.test");
    assert_eq!(silent.state, SourceState::Timeout, "a timeout is never 'not found': {silent:#?}");
    assert!(silent.detail.is_some());
    assert_eq!(source_for(&report, "ns1.example.test").state, SourceState::Found);
    assert_eq!(report.verdict, Verdict::Propagating, "the silent nameserver has not confirmed: {report:#?}");
    assert_eq!(report.nameservers_without_record, ["ns2.example.test"]);
}

#[tokio::test]
async fn the_per_query_timeout_bounds_each_query() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.nameservers()[0].set_fault(Fault::Silent);
    let checker = checker_with(&zone, |config| {
        config.query_timeout = Duration::from_millis(300);
        config.deadline = Duration::from_secs(20);
    });

    let started = Instant::now();
    let report = checker.check(&request(SUBDOMAIN)).await;

    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(source_for(&report, "ns1.example.test").state, SourceState::Timeout);
    assert_eq!(report.verdict, Verdict::Error, "no nameserver answered: {report:#?}");
    assert!(report.summary.contains("timeout"), "{}", report.summary);
}

#[tokio::test]
async fn servfail_is_reported_as_servfail() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    zone.nameservers()[0].set_fault(Fault::ServFail);

    let report = check(&zone, SUBDOMAIN).await;

    let failing = source_for(&report, "ns1.example.test");
    assert_eq!(failing.state, SourceState::Servfail);
    assert!(failing.detail.as_deref().unwrap_or_default().contains("SERVFAIL"));
    assert_eq!(source_for(&report, "ns2.example.test").state, SourceState::NotFound);
    assert_eq!(report.verdict, Verdict::NotPublished, "ns2 answered: {report:#?}");
}

#[tokio::test]
async fn refused_is_reported_as_refused() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();
    zone.nameservers()[1].set_fault(Fault::Refused);

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(source_for(&report, "ns2.example.test").state, SourceState::Refused);
    assert_eq!(report.verdict, Verdict::Propagating, "{report:#?}");
}

#[tokio::test]
async fn every_nameserver_failing_is_an_error_not_not_published() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    zone.nameservers()[0].set_fault(Fault::ServFail);
    zone.nameservers()[1].set_fault(Fault::Refused);

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Error, "{report:#?}");
}

#[tokio::test]
async fn a_resolver_that_refuses_leaves_no_nameservers_to_ask() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.resolver().set_fault(Fault::Refused);

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Error);
    assert_eq!(report.sources.len(), 1, "only the resolver was asked: {report:#?}");
    assert_eq!(report.sources[0].state, SourceState::Refused);
    assert!(report.summary.contains("nameservers"), "{}", report.summary);
    assert_eq!(report.zone, None);
}

#[tokio::test]
async fn the_record_in_three_character_strings_is_found() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    let (first, rest) = TOKEN.split_at(8);
    let (second, third) = rest.split_at(10);
    zone.publish_txt(SUBDOMAIN_RECORD, &[first, second, third]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Verified, "{report:#?}");
    assert!(report.sources.iter().all(|source| source.values == [TOKEN]));
}

#[tokio::test]
async fn one_of_several_txt_records_holding_the_value_is_enough() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &["v=spf1 -all"]).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &["google-site-verification=abc"]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    assert_eq!(report.verdict, Verdict::Verified, "{report:#?}");
    assert_eq!(source_for(&report, "ns1.example.test").values.len(), 3);
    assert!(report.diagnostics.is_empty());
}

#[tokio::test]
async fn each_address_of_a_nameserver_is_asked_including_ipv6() {
    let mut layout = DelegationLayout::new(ZONE, 2);
    layout.ipv6_on_first = true;
    let zone = DelegatedZone::start_with(layout).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();

    let report = check(&zone, SUBDOMAIN).await;

    let ns1: Vec<_> = authoritative(&report)
        .into_iter()
        .filter(|source| source.ns_name.as_deref() == Some("ns1.example.test"))
        .collect();
    assert_eq!(ns1.len(), 2, "{report:#?}");
    assert!(ns1[0].server.is_ipv4());
    assert_eq!(ns1[1].server.ip(), IpAddr::V6(Ipv6Addr::LOCALHOST));
    assert!(ns1.iter().all(|source| source.state == SourceState::Found));
    assert_eq!(report.verdict, Verdict::Verified, "{report:#?}");
}

#[tokio::test]
async fn extra_resolvers_are_reported_but_do_not_decide() {
    let zone = DelegatedZone::start(ZONE, 1).await.unwrap();
    zone.publish_txt(SUBDOMAIN_RECORD, &[TOKEN]).await.unwrap();
    // A resolver with a stale copy of the zone: it has never seen the record.
    let stale = TestDnsServer::start(vec![Zone::new(ZONE).unwrap()]).await.unwrap();
    let checker = checker_with(&zone, |config| config.extra_resolvers = vec![stale.addr()]);

    let report = checker.check(&request(SUBDOMAIN)).await;

    let extra = report.sources.last().unwrap();
    assert_eq!(extra.kind, SourceKind::Extra);
    assert_eq!(extra.server, stale.addr());
    assert_eq!(extra.state, SourceState::NotFound);
    assert_eq!(report.verdict, Verdict::Verified);
}

#[tokio::test]
async fn check_many_keeps_request_order_and_checks_each() {
    let zone = DelegatedZone::start(ZONE, 2).await.unwrap();
    let domains: Vec<String> = (0..40).map(|index| format!("app{index}.{ZONE}")).collect();
    for domain in domains.iter().step_by(2) {
        zone.publish_txt(&format!("_acme-challenge.{domain}"), &[TOKEN]).await.unwrap();
    }
    let checker = checker_with(&zone, |config| config.max_concurrent_checks = 4);
    let requests: Vec<_> = domains.iter().map(|domain| request(domain)).collect();

    let reports = checker.check_many(&requests).await;

    assert_eq!(reports.len(), domains.len());
    for (index, (report, domain)) in reports.iter().zip(&domains).enumerate() {
        assert_eq!(&report.domain, domain);
        let expected = if index % 2 == 0 { Verdict::Verified } else { Verdict::NotPublished };
        assert_eq!(report.verdict, expected, "{report:#?}");
    }
}
