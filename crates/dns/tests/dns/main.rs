//! Integration tests of the DNS check against real DNS servers on loopback addresses.
//!
//! Every test starts its own servers on fresh 127.x.y.z addresses (see
//! `ssodesk-dns-test-server`), so tests run in parallel and never touch the internet.

mod checks;
mod cnames;
mod diagnostics;
mod json;
mod names;

use std::time::Duration;

use ssodesk_dns::{
    CheckConfig, CheckReport, CheckRequest, DnsChecker, DomainName, ResolverChoice, SourceKind, SourceReport,
};
use ssodesk_dns_test_server::DelegatedZone;

/// The zone every test delegates; `.test` is reserved (RFC 2606), so nothing real can answer.
const ZONE: &str = "example.test";
/// A subdomain of [`ZONE`], whose record lives at `_acme-challenge.sso.example.test`.
const SUBDOMAIN: &str = "sso.example.test";
const SUBDOMAIN_RECORD: &str = "_acme-challenge.sso.example.test";
const TOKEN: &str = "ssodesk-verification=tok-7f3a9c";

/// A checker pointed at the zone's resolver, with short timeouts so failure cases stay quick.
fn checker_for(zone: &DelegatedZone) -> DnsChecker {
    checker_with(zone, |_| {})
}

fn checker_with(zone: &DelegatedZone, adjust: impl FnOnce(&mut CheckConfig)) -> DnsChecker {
    let mut config = CheckConfig {
        resolver: ResolverChoice::Server(zone.resolver_addr()),
        query_timeout: Duration::from_millis(600),
        deadline: Duration::from_secs(4),
        authoritative_port: zone.nameserver_port(),
        ..CheckConfig::default()
    };
    adjust(&mut config);
    DnsChecker::new(config).expect("a configured resolver needs no system configuration")
}

fn request(domain: &str) -> CheckRequest {
    CheckRequest::new(DomainName::parse(domain).expect("test domains are valid"), TOKEN)
}

async fn check(zone: &DelegatedZone, domain: &str) -> CheckReport {
    checker_for(zone).check(&request(domain)).await
}

fn authoritative(report: &CheckReport) -> Vec<&SourceReport> {
    report.sources.iter().filter(|source| source.kind == SourceKind::Authoritative).collect()
}

fn source_for<'r>(report: &'r CheckReport, ns_name: &str) -> &'r SourceReport {
    report
        .sources
        .iter()
        .find(|source| source.ns_name.as_deref() == Some(ns_name))
        .unwrap_or_else(|| panic!("no source for {ns_name} in {report:#?}"))
}
