//! A zone delegated to several nameservers, plus the server a test uses as its resolver.
//!
//! The "resolver" is an authoritative server for the same zone that also knows the zone's NS
//! records and the nameservers' addresses, so NS discovery through it works exactly as through
//! a recursive resolver. Each nameserver is its own server with its own copy of the zone, so a
//! test can publish a record on some nameservers and not on others.

use std::net::SocketAddr;

use hickory_proto::rr::{Record, RecordType};

use crate::error::Result;
use crate::server::TestDnsServer;
use crate::zone::{cname_record, txt_record, Zone};

/// How a [`DelegatedZone`] is laid out.
#[derive(Debug, Clone)]
pub struct DelegationLayout {
    /// The zone's origin, e.g. `example.test`.
    pub origin: String,
    /// How many nameservers (`ns1.<origin>`, `ns2.<origin>`, …).
    pub nameservers: usize,
    /// Whether `ns1` also listens on `[::1]` and has an AAAA record. IPv6 loopback has a single
    /// address, so the nameservers then share a free port instead of 53, and checks must be told
    /// that port.
    pub ipv6_on_first: bool,
    /// The SOA minimum (negative-caching TTL) of every copy of the zone.
    pub negative_ttl: u32,
}

impl DelegationLayout {
    /// `origin` with `nameservers` IPv4-only nameservers on port 53.
    pub fn new(origin: &str, nameservers: usize) -> Self {
        Self { origin: origin.to_owned(), nameservers, ipv6_on_first: false, negative_ttl: crate::DEFAULT_NEGATIVE_TTL }
    }
}

/// A resolver and the nameservers of one zone, all running.
#[derive(Debug)]
pub struct DelegatedZone {
    origin: String,
    resolver: TestDnsServer,
    nameservers: Vec<TestDnsServer>,
    nameserver_port: u16,
}

impl DelegatedZone {
    /// Starts `count` nameservers for `origin` on port 53 of their own loopback addresses, and a
    /// resolver that delegates to them.
    pub async fn start(origin: &str, count: usize) -> Result<Self> {
        Self::start_with(DelegationLayout::new(origin, count)).await
    }

    /// Starts the servers as `layout` says.
    pub async fn start_with(layout: DelegationLayout) -> Result<Self> {
        let origin = layout.origin.trim_end_matches('.').to_owned();
        let base = |zone: Zone| zone.with_negative_ttl(layout.negative_ttl);
        let mut nameservers: Vec<TestDnsServer> = Vec::new();
        let mut port = 53;
        for index in 0..layout.nameservers {
            let zone = base(Zone::new(&origin)?);
            let server = if index == 0 && layout.ipv6_on_first {
                let server = TestDnsServer::start_dual_stack(vec![zone]).await?;
                port = server.addr().port();
                server
            } else {
                TestDnsServer::start_on_loopback_port(port, vec![zone]).await?
            };
            nameservers.push(server);
        }
        let mut zone = base(Zone::new(&origin)?);
        for (index, server) in nameservers.iter().enumerate() {
            let ns_name = format!("ns{}.{origin}", index + 1);
            zone = zone.ns(&ns_name)?;
            for address in server.addrs() {
                zone = zone.address(&ns_name, address.ip())?;
            }
        }
        let resolver = TestDnsServer::start(vec![zone.clone()]).await?;
        // Every nameserver serves the same NS and address records as the resolver, as the copies
        // of a real zone do.
        for server in &nameservers {
            server.add_records(zone.records.iter().cloned()).await?;
        }
        Ok(Self { origin, resolver, nameservers, nameserver_port: port })
    }

    /// The zone's origin, without a trailing dot.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The address to use as the check's resolver.
    pub fn resolver_addr(&self) -> SocketAddr {
        self.resolver.addr()
    }

    /// The resolver server, to change what it answers.
    pub fn resolver(&self) -> &TestDnsServer {
        &self.resolver
    }

    /// The nameservers, `ns1` first.
    pub fn nameservers(&self) -> &[TestDnsServer] {
        &self.nameservers
    }

    /// The port the nameservers listen on (53 unless IPv6 was asked for).
    pub fn nameserver_port(&self) -> u16 {
        self.nameserver_port
    }

    /// The resolver and every nameserver.
    pub fn all_servers(&self) -> impl Iterator<Item = &TestDnsServer> {
        std::iter::once(&self.resolver).chain(self.nameservers.iter())
    }

    /// Publishes one TXT record made of `strings` at `name` on the resolver and every nameserver.
    pub async fn publish_txt(&self, name: &str, strings: &[&str]) -> Result<()> {
        self.publish(txt_record(name, strings)?).await
    }

    /// Publishes a CNAME at `name` on the resolver and every nameserver.
    pub async fn publish_cname(&self, name: &str, target: &str) -> Result<()> {
        self.publish(cname_record(name, target)?).await
    }

    /// Publishes `record` on the resolver and every nameserver.
    pub async fn publish(&self, record: Record) -> Result<()> {
        for server in self.all_servers() {
            server.add_record(record.clone()).await?;
        }
        Ok(())
    }

    /// Removes every record of `record_type` at `name` on the resolver and every nameserver.
    pub async fn unpublish(&self, name: &str, record_type: RecordType) -> Result<()> {
        for server in self.all_servers() {
            server.remove_records(name, record_type).await?;
        }
        Ok(())
    }
}
