//! Finding the zone that holds a name and the addresses of all of its nameservers.
//!
//! The zone is the owner of the SOA record a resolver returns with a negative answer for the
//! name (or the name itself when it has NS records); its nameservers are the NS RRset of the zone
//! as the resolver sees it, and their addresses come from glue in the same answer or from A and
//! AAAA lookups at the resolver.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};

use futures_util::future::join_all;
use hickory_proto::op::{Message, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};

use crate::exchange::{exchange, Budget, ExchangeFailure, Recursion};

/// One authoritative nameserver of a zone and its addresses (IPv4 first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Nameserver {
    pub(crate) name: Name,
    pub(crate) addresses: Vec<IpAddr>,
}

/// The zone holding a name and its nameservers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Delegation {
    pub(crate) zone: Name,
    pub(crate) nameservers: Vec<Nameserver>,
}

/// Finds the delegation for `name`, asking each resolver in turn until one answers.
pub(crate) async fn discover(resolvers: &[SocketAddr], name: &Name, budget: Budget) -> Result<Delegation, String> {
    let mut last_error = String::from("no resolver is configured");
    for &resolver in resolvers {
        match discover_at(resolver, name, budget).await {
            Ok(delegation) => return Ok(delegation),
            Err(error) => last_error = format!("resolver {resolver}: {error}"),
        }
    }
    Err(last_error)
}

async fn discover_at(resolver: SocketAddr, name: &Name, budget: Budget) -> Result<Delegation, String> {
    let mut candidate = name.clone();
    // Each pass either finds the zone, jumps to a SOA owner above the candidate, or drops one
    // label, so the passes are bounded by the number of labels (plus the SOA jumps).
    for _ in 0..=usize::from(name.num_labels()) * 2 + 1 {
        let response = ask(resolver, &candidate, RecordType::NS, budget).await?;
        let ns_names: Vec<Name> = response
            .answers
            .iter()
            .filter_map(|record| match &record.data {
                RData::NS(ns) if record.name == candidate => Some(ns.0.clone()),
                _ => None,
            })
            .collect();
        if !ns_names.is_empty() {
            let nameservers = addresses(resolver, &response, ns_names, budget).await;
            return Ok(Delegation { zone: candidate, nameservers });
        }
        let soa_owner = response
            .authorities
            .iter()
            .chain(response.answers.iter())
            .find(|record| record.record_type() == RecordType::SOA)
            .map(|record| record.name.clone());
        candidate = match soa_owner {
            Some(owner) if owner != candidate && owner.zone_of(&candidate) => owner,
            _ if candidate.is_root() => break,
            _ => candidate.base_name(),
        };
    }
    Err(format!("found no zone with NS records above {name}"))
}

async fn ask(resolver: SocketAddr, name: &Name, record_type: RecordType, budget: Budget) -> Result<Message, String> {
    let response = exchange(resolver, name, record_type, Recursion::Desired, budget.query_deadline()).await.map_err(
        |failure| match failure {
            ExchangeFailure::Timeout => format!("no answer to {name} {record_type} in time"),
            ExchangeFailure::Network(reason) => format!("no answer to {name} {record_type}: {reason}"),
            ExchangeFailure::Malformed(reason) => format!("malformed answer to {name} {record_type}: {reason}"),
        },
    )?;
    match response.metadata.response_code {
        ResponseCode::NoError | ResponseCode::NXDomain => Ok(response),
        code => Err(format!("{name} {record_type} answered {code}")),
    }
}

async fn addresses(resolver: SocketAddr, response: &Message, ns_names: Vec<Name>, budget: Budget) -> Vec<Nameserver> {
    let mut glue: BTreeMap<Name, Vec<IpAddr>> = BTreeMap::new();
    for record in &response.additionals {
        match &record.data {
            RData::A(a) => glue.entry(record.name.to_lowercase()).or_default().push(IpAddr::V4(a.0)),
            RData::AAAA(aaaa) => glue.entry(record.name.to_lowercase()).or_default().push(IpAddr::V6(aaaa.0)),
            _ => {}
        }
    }
    let lookups = ns_names.into_iter().map(|ns_name| {
        let glued = glue.get(&ns_name.to_lowercase()).cloned();
        async move {
            let mut addresses = match glued {
                Some(addresses) => addresses,
                None => {
                    let (v4, v6) = futures_util::future::join(
                        address_records(resolver, &ns_name, RecordType::A, budget),
                        address_records(resolver, &ns_name, RecordType::AAAA, budget),
                    )
                    .await;
                    v4.into_iter().chain(v6).collect()
                }
            };
            addresses.sort_by_key(|address| (address.is_ipv6(), *address));
            addresses.dedup();
            Nameserver { name: ns_name, addresses }
        }
    });
    let mut nameservers = join_all(lookups).await;
    nameservers.sort_by_key(|nameserver| nameserver.name.to_lowercase().to_ascii());
    nameservers.dedup_by(|a, b| a.name == b.name);
    nameservers
}

async fn address_records(resolver: SocketAddr, name: &Name, record_type: RecordType, budget: Budget) -> Vec<IpAddr> {
    let Ok(response) = ask(resolver, name, record_type, budget).await else { return Vec::new() };
    response
        .answers
        .iter()
        .filter_map(|record| match &record.data {
            RData::A(a) => Some(IpAddr::V4(a.0)),
            RData::AAAA(aaaa) => Some(IpAddr::V6(aaaa.0)),
            _ => None,
        })
        .collect()
}
