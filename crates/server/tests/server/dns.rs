//! Real DNS for the verify tests: a zone delegated to authoritative servers on their own
//! loopback addresses (ssodesk-dns-test-server), and the server configured to check through it.

use std::time::{Duration, Instant};

use serde_json::Value;
use ssodesk_dns_test_server::{txt_record, DelegatedZone};
use ssodesk_server::ServerConfig;

use crate::support::TestServer;

/// Starts `origin` with `nameservers` nameservers (`ns1.<origin>`, …) and a resolver for it.
pub async fn start_zone(origin: &str, nameservers: usize) -> DelegatedZone {
    DelegatedZone::start(origin, nameservers).await.expect("the test DNS servers start")
}

/// The server config that checks DNS through `zone`'s resolver, with short timeouts.
pub fn checks_through(zone: &DelegatedZone) -> impl Fn(ServerConfig) -> ServerConfig + Clone + Send + 'static {
    let resolver = zone.resolver_addr();
    let port = zone.nameserver_port();
    move |config| {
        let mut config = config.with_dns_servers(&[resolver]);
        config.dns.authoritative_port = port;
        config.dns.query_timeout = Duration::from_millis(700);
        config.dns.deadline = Duration::from_secs(4);
        config
    }
}

/// Publishes `domain`'s TXT record (as the server asked for it) on the resolver and every
/// nameserver of `zone`.
pub async fn publish(zone: &DelegatedZone, domain: &Value) {
    let (name, value) = txt_of(domain);
    zone.publish_txt(&name, &[&value]).await.expect("the record is published");
}

/// Publishes `domain`'s TXT record on the `index`th nameserver only (0 is `ns1`).
pub async fn publish_on_nameserver(zone: &DelegatedZone, index: usize, domain: &Value) {
    let (name, value) = txt_of(domain);
    zone.nameservers()[index].add_record(txt_record(&name, &[&value]).unwrap()).await.expect("the record is published");
}

pub fn txt_of(domain: &Value) -> (String, String) {
    let record = &domain["txt_record"];
    (record["name"].as_str().unwrap().to_owned(), record["value"].as_str().unwrap().to_owned())
}

/// Reads the domain as `token` until `done` holds for it, or panics after `limit`.
pub async fn wait_for_domain(
    server: &TestServer,
    token: &str,
    id: &str,
    limit: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let started = Instant::now();
    loop {
        let answer = server.get(&format!("/v1/domains/{id}"), token).await;
        assert_eq!(answer.status.as_u16(), 200, "{}", answer.text());
        let domain = answer.json();
        if done(&domain) {
            return domain;
        }
        assert!(started.elapsed() < limit, "the domain did not get there within {limit:?}: {domain}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
