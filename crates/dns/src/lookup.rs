//! The TXT lookup one source answers, with CNAME chains followed and bounded.

use std::collections::HashSet;
use std::net::SocketAddr;

use hickory_proto::op::{Message, ResponseCode};
use hickory_proto::rr::{Name, RData, Record, RecordType};

use crate::exchange::{exchange, Budget, ExchangeFailure, Recursion};

/// How many CNAME records a chain may have: a chain of 8 is followed, a 9th is rejected.
pub const MAX_CNAME_HOPS: usize = 8;

/// Why a CNAME chain was not followed to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChainProblem {
    /// The chain comes back to a name it already passed.
    Loop,
    /// The chain has more than [`MAX_CNAME_HOPS`] CNAME records.
    TooLong,
}

/// What a server said about the TXT records at a name, before comparing with the expected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TxtOutcome {
    /// TXT records, one string per record with its character-strings joined in order.
    Records { values: Vec<String>, ttl: u32 },
    /// NXDOMAIN.
    NameMissing { negative_ttl: Option<u32> },
    /// NOERROR without a TXT record (NODATA).
    NoTxt { negative_ttl: Option<u32> },
    /// SERVFAIL, another error code, a lame answer or a malformed one.
    ServerFailure(String),
    /// REFUSED.
    Refused,
    /// No answer in time, or nothing reachable.
    NoAnswer(String),
    /// The CNAME chain loops or is too long.
    ChainRejected(ChainProblem),
}

/// A TXT lookup's outcome and the CNAME targets followed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TxtLookup {
    pub(crate) outcome: TxtOutcome,
    pub(crate) cname_chain: Vec<Name>,
}

/// Where a lookup asks, and where it continues when a CNAME leaves the server's zone.
#[derive(Debug, Clone)]
pub(crate) struct LookupTarget {
    pub(crate) server: SocketAddr,
    pub(crate) recursion: Recursion,
    /// For an authoritative server: its zone, and the resolver that answers for names outside it.
    pub(crate) zone_and_resolver: Option<(Name, SocketAddr)>,
}

/// Asks `target` for the TXT records at `name`, following CNAMEs.
///
/// The chain is walked in each answer (servers usually include the whole chain they know) and
/// the server is asked again for the last target when its answer stops short. A chain that comes
/// back to a name it passed is a loop; one with more than [`MAX_CNAME_HOPS`] CNAMEs is rejected.
/// An authoritative server's CNAME that points out of its zone is followed at the resolver, since
/// that server cannot answer for the target.
pub(crate) async fn lookup_txt(target: &LookupTarget, name: &Name, budget: Budget) -> TxtLookup {
    let mut current = name.clone();
    let mut chain: Vec<Name> = Vec::new();
    let mut seen: HashSet<Name> = HashSet::from([name.clone()]);
    // Each pass either ends the lookup or adds at least one hop, so the chain limit bounds the
    // number of queries; the extra passes cover the first query and a final one past the limit.
    for _ in 0..MAX_CNAME_HOPS + 2 {
        let (server, recursion) = match &target.zone_and_resolver {
            Some((zone, resolver)) if !zone.zone_of(&current) => (*resolver, Recursion::Desired),
            _ => (target.server, target.recursion),
        };
        let response = match exchange(server, &current, RecordType::TXT, recursion, budget.query_deadline()).await {
            Ok(response) => response,
            Err(failure) => return TxtLookup { outcome: failure_outcome(failure), cname_chain: chain },
        };
        let code = response.metadata.response_code;
        match code {
            ResponseCode::NoError | ResponseCode::NXDomain => {}
            ResponseCode::Refused => return TxtLookup { outcome: TxtOutcome::Refused, cname_chain: chain },
            ResponseCode::ServFail => {
                return TxtLookup {
                    outcome: TxtOutcome::ServerFailure("the server answered SERVFAIL".into()),
                    cname_chain: chain,
                }
            }
            other => {
                return TxtLookup {
                    outcome: TxtOutcome::ServerFailure(format!("the server answered {other}")),
                    cname_chain: chain,
                }
            }
        }
        if recursion == Recursion::NotDesired && !response.metadata.authoritative && response.answers.is_empty() {
            return TxtLookup {
                outcome: TxtOutcome::ServerFailure(
                    "the server is not authoritative for the zone (lame delegation)".into(),
                ),
                cname_chain: chain,
            };
        }
        let hops_before = chain.len();
        loop {
            let txt: Vec<&Record> = response
                .answers
                .iter()
                .filter(|record| record.record_type() == RecordType::TXT && record.name == current)
                .collect();
            if !txt.is_empty() {
                let values = txt.iter().filter_map(|record| txt_value(record)).collect();
                let ttl = txt.iter().map(|record| record.ttl).min().unwrap_or_default();
                return TxtLookup { outcome: TxtOutcome::Records { values, ttl }, cname_chain: chain };
            }
            let Some(next) = response.answers.iter().find_map(|record| match &record.data {
                RData::CNAME(cname) if record.name == current => Some(cname.0.clone()),
                _ => None,
            }) else {
                break;
            };
            if !seen.insert(next.clone()) {
                chain.push(next);
                return TxtLookup { outcome: TxtOutcome::ChainRejected(ChainProblem::Loop), cname_chain: chain };
            }
            chain.push(next.clone());
            if chain.len() > MAX_CNAME_HOPS {
                return TxtLookup { outcome: TxtOutcome::ChainRejected(ChainProblem::TooLong), cname_chain: chain };
            }
            current = next;
        }
        let negative_ttl = negative_ttl(&response);
        // A server that speaks for the last name (NXDOMAIN, or a SOA of a zone holding it) has
        // answered for it; one that only handed over a CNAME is asked again for the target.
        let followed_here = chain.len() > hops_before;
        let speaks_for_current = code == ResponseCode::NXDomain || soa_covers(&response, &current);
        if followed_here && !speaks_for_current {
            continue;
        }
        let outcome = if code == ResponseCode::NXDomain {
            TxtOutcome::NameMissing { negative_ttl }
        } else {
            TxtOutcome::NoTxt { negative_ttl }
        };
        return TxtLookup { outcome, cname_chain: chain };
    }
    TxtLookup { outcome: TxtOutcome::ChainRejected(ChainProblem::TooLong), cname_chain: chain }
}

fn failure_outcome(failure: ExchangeFailure) -> TxtOutcome {
    match failure {
        ExchangeFailure::Timeout => TxtOutcome::NoAnswer("no answer before the time allowed ran out".into()),
        ExchangeFailure::Network(reason) => TxtOutcome::NoAnswer(format!("no answer: {reason}")),
        ExchangeFailure::Malformed(reason) => TxtOutcome::ServerFailure(format!("malformed answer: {reason}")),
    }
}

/// One TXT record's value: its character-strings joined in order, never with another record's.
fn txt_value(record: &Record) -> Option<String> {
    match &record.data {
        RData::TXT(txt) => {
            let bytes: Vec<u8> = txt.txt_data.iter().flat_map(|part| part.iter().copied()).collect();
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => None,
    }
}

/// How long a negative answer may be cached: `min(SOA TTL, SOA minimum)` (RFC 2308 §5).
pub(crate) fn negative_ttl(response: &Message) -> Option<u32> {
    response.authorities.iter().find_map(|record| match &record.data {
        RData::SOA(soa) => Some(record.ttl.min(soa.minimum)),
        _ => None,
    })
}

fn soa_covers(response: &Message, name: &Name) -> bool {
    response.authorities.iter().any(|record| record.record_type() == RecordType::SOA && record.name.zone_of(name))
}
