//! The check: ask every source, decide the verdict, explain mistakes.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use futures_util::future::join_all;
use futures_util::stream::{self, StreamExt};
use hickory_proto::rr::Name;
use tokio::time::Instant;

use crate::diagnose::diagnose;
use crate::discovery::{discover, Delegation};
use crate::error::{DnsError, Result};
use crate::exchange::{Budget, Recursion};
use crate::lookup::{lookup_txt, ChainProblem, LookupTarget, TxtLookup, TxtOutcome, MAX_CNAME_HOPS};
use crate::name::{DomainName, RecordName};
use crate::report::{CheckReport, SourceKind, SourceReport, SourceState, Verdict};

/// The port DNS servers listen on.
pub const DNS_PORT: u16 = 53;

/// Which resolver answers as "the resolver" and finds the zone's nameservers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolverChoice {
    /// The nameservers of the system configuration (`/etc/resolv.conf` on Unix), each a source.
    System,
    /// This resolver instead of the system's.
    Server(SocketAddr),
}

/// How checks are made. `Default` is the system resolver, 2 s per query, 10 s per check.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    /// The resolver that is asked for the record and finds the nameservers.
    pub resolver: ResolverChoice,
    /// More resolvers to ask for the record (reported as `extra`); they take no part in the verdict.
    pub extra_resolvers: Vec<SocketAddr>,
    /// How long one query may take before its source is reported as `timeout`.
    pub query_timeout: Duration,
    /// How long a whole check may take; queries still open then are reported as `timeout`.
    pub deadline: Duration,
    /// The port authoritative nameservers are asked on: 53, except in tests that run nameservers
    /// on unprivileged ports (NS records carry no port).
    pub authoritative_port: u16,
    /// How many checks [`DnsChecker::check_many`] runs at once.
    pub max_concurrent_checks: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            resolver: ResolverChoice::System,
            extra_resolvers: Vec::new(),
            query_timeout: Duration::from_secs(2),
            deadline: Duration::from_secs(10),
            authoritative_port: DNS_PORT,
            max_concurrent_checks: 64,
        }
    }
}

/// What to check: a domain, the value its TXT record must hold, and where that record lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRequest {
    /// The domain being verified.
    pub domain: DomainName,
    /// The exact TXT value expected.
    pub expected: String,
    /// The TXT record's name; by default [`DomainName::verification_record_name`].
    pub record_name: RecordName,
}

impl CheckRequest {
    /// Checks `domain` for `expected` at its verification record name.
    pub fn new(domain: DomainName, expected: impl Into<String>) -> Self {
        let record_name = domain.verification_record_name();
        Self { domain, expected: expected.into(), record_name }
    }

    /// Looks for the record at `record_name` instead of the default.
    pub fn with_record_name(mut self, record_name: RecordName) -> Self {
        self.record_name = record_name;
        self
    }
}

/// Parses a DNS server address given as `IP` or `IP:PORT` (`[v6]:PORT`); the port defaults to 53.
pub fn parse_server_address(input: &str) -> Result<SocketAddr> {
    let trimmed = input.trim();
    if let Ok(address) = trimmed.parse::<SocketAddr>() {
        return Ok(address);
    }
    let bare = trimmed.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')).unwrap_or(trimmed);
    bare.parse::<IpAddr>()
        .map(|ip| SocketAddr::new(ip, DNS_PORT))
        .map_err(|_| DnsError::InvalidServerAddress { input: input.to_owned() })
}

/// Runs DNS checks with one configuration. Cheap to share: checks borrow it immutably.
#[derive(Debug, Clone)]
pub struct DnsChecker {
    config: CheckConfig,
    resolvers: Vec<SocketAddr>,
}

impl DnsChecker {
    /// Makes a checker; with [`ResolverChoice::System`] this reads the system configuration.
    pub fn new(config: CheckConfig) -> Result<Self> {
        let resolvers = match &config.resolver {
            ResolverChoice::Server(address) => vec![*address],
            ResolverChoice::System => system_resolvers()?,
        };
        Ok(Self { config, resolvers })
    }

    /// The addresses asked as `resolver` sources.
    pub fn resolvers(&self) -> &[SocketAddr] {
        &self.resolvers
    }

    /// The configuration in use.
    pub fn config(&self) -> &CheckConfig {
        &self.config
    }

    /// Checks one domain. Never fails: what went wrong is in the report's states and verdict.
    /// Returns within the configured deadline (plus scheduling slack).
    pub async fn check(&self, request: &CheckRequest) -> CheckReport {
        let budget = Budget { per_query: self.config.query_timeout, deadline: Instant::now() + self.config.deadline };
        let record = fqdn(request.record_name.as_str());
        let resolver_lookups = join_all(self.resolvers.iter().map(|&server| {
            let target = LookupTarget { server, recursion: Recursion::Desired, zone_and_resolver: None };
            let record = &record;
            async move { (server, lookup_txt(&target, record, budget).await) }
        }));
        let extra_lookups = join_all(self.config.extra_resolvers.iter().map(|&server| {
            let target = LookupTarget { server, recursion: Recursion::Desired, zone_and_resolver: None };
            let record = &record;
            async move { (server, lookup_txt(&target, record, budget).await) }
        }));
        let authoritative = self.ask_authoritative(&record, budget);
        let (resolver_answers, extra_answers, (delegation, authoritative_answers)) =
            futures_util::future::join3(resolver_lookups, extra_lookups, authoritative).await;

        let mut sources = Vec::new();
        let mut lookups = Vec::new();
        for (server, lookup) in resolver_answers {
            sources.push(source_report(SourceKind::Resolver, server, None, &lookup, &request.expected));
            lookups.push(lookup);
        }
        for (server, ns_name, lookup) in authoritative_answers {
            sources.push(source_report(SourceKind::Authoritative, server, Some(ns_name), &lookup, &request.expected));
            lookups.push(lookup);
        }
        for (server, lookup) in extra_answers {
            sources.push(source_report(SourceKind::Extra, server, None, &lookup, &request.expected));
            lookups.push(lookup);
        }

        let decision = decide(&delegation, &sources);
        let negative_cache_ttl = match decision.verdict {
            Verdict::NotPublished | Verdict::Propagating => sources
                .iter()
                .filter(|source| source.kind == SourceKind::Authoritative)
                .filter_map(|source| source.negative_ttl)
                .max(),
            Verdict::Verified | Verdict::Error => None,
        };
        let zone = delegation.as_ref().ok().map(|delegation| zone_text(&delegation.zone));
        let mut report = CheckReport {
            domain: request.domain.as_str().to_owned(),
            record_name: request.record_name.as_str().to_owned(),
            expected: request.expected.clone(),
            verdict: decision.verdict,
            summary: decision.summary,
            zone,
            nameservers_with_record: decision.with_record,
            nameservers_without_record: decision.without_record,
            negative_cache_ttl,
            sources,
            diagnostics: Vec::new(),
        };
        if report.verdict != Verdict::Verified {
            let probe = self.probe_target(&report, delegation.as_ref().ok());
            report.diagnostics = diagnose(request, &report, &lookups, probe, budget).await;
        }
        report
    }

    /// Checks many domains, at most `max_concurrent_checks` at a time, reports in request order.
    pub async fn check_many(&self, requests: &[CheckRequest]) -> Vec<CheckReport> {
        // The checks are made (not started: futures are lazy) before they enter the stream, so the
        // stream holds no closure over a borrowed request, which keeps this future `Send`.
        let checks: Vec<_> = requests.iter().map(|request| self.check(request)).collect();
        stream::iter(checks).buffered(self.config.max_concurrent_checks.max(1)).collect().await
    }

    async fn ask_authoritative(
        &self,
        record: &Name,
        budget: Budget,
    ) -> (std::result::Result<Delegation, String>, Vec<(SocketAddr, String, TxtLookup)>) {
        let delegation = discover(&self.resolvers, record, budget).await;
        let Ok(found) = &delegation else { return (delegation, Vec::new()) };
        let fallback = self.resolvers.first().map(|&resolver| (found.zone.clone(), resolver));
        let lookups = found.nameservers.iter().flat_map(|nameserver| {
            nameserver.addresses.iter().map(|&ip| {
                let server = SocketAddr::new(ip, self.config.authoritative_port);
                let target =
                    LookupTarget { server, recursion: Recursion::NotDesired, zone_and_resolver: fallback.clone() };
                let ns_name = zone_text(&nameserver.name);
                async move { (server, ns_name, lookup_txt(&target, record, budget).await) }
            })
        });
        let answers = join_all(lookups).await;
        (delegation, answers)
    }

    /// Where diagnostics probe other names: an authoritative server that answered (no cache in
    /// the way), else the resolver.
    fn probe_target(&self, report: &CheckReport, delegation: Option<&Delegation>) -> Option<LookupTarget> {
        let answered =
            report.sources.iter().find(|source| source.kind == SourceKind::Authoritative && source.state.is_answer());
        match (answered, delegation, self.resolvers.first()) {
            (Some(source), Some(delegation), Some(&resolver)) => Some(LookupTarget {
                server: source.server,
                recursion: Recursion::NotDesired,
                zone_and_resolver: Some((delegation.zone.clone(), resolver)),
            }),
            (_, _, Some(&resolver)) => {
                Some(LookupTarget { server: resolver, recursion: Recursion::Desired, zone_and_resolver: None })
            }
            _ => None,
        }
    }
}

fn system_resolvers() -> Result<Vec<SocketAddr>> {
    let (config, _) = hickory_resolver::system_conf::read_system_conf()
        .map_err(|error| DnsError::SystemResolver { reason: error.to_string() })?;
    let mut servers: Vec<SocketAddr> = Vec::new();
    for nameserver in config.name_servers() {
        let port = nameserver.connections.first().map_or(DNS_PORT, |connection| connection.port);
        let address = SocketAddr::new(nameserver.ip, port);
        if !servers.contains(&address) {
            servers.push(address);
        }
    }
    if servers.is_empty() {
        return Err(DnsError::SystemResolver { reason: "no nameserver is configured".into() });
    }
    Ok(servers)
}

/// A name as an absolute DNS name. Callers pass names already normalised by [`DomainName`] or
/// [`RecordName`], which always parse.
pub(crate) fn fqdn(name: &str) -> Name {
    Name::from_ascii(format!("{name}.")).expect("normalised names are valid DNS names")
}

/// A DNS name as the report writes it: lowercase, without the trailing dot.
pub(crate) fn zone_text(name: &Name) -> String {
    let text = name.to_lowercase().to_ascii();
    text.strip_suffix('.').map(str::to_owned).unwrap_or(text)
}

fn source_report(
    kind: SourceKind,
    server: SocketAddr,
    ns_name: Option<String>,
    lookup: &TxtLookup,
    expected: &str,
) -> SourceReport {
    let mut report = SourceReport {
        kind,
        server,
        ns_name,
        state: SourceState::Timeout,
        values: Vec::new(),
        ttl: None,
        negative_ttl: None,
        cname_chain: lookup.cname_chain.iter().map(zone_text).collect(),
        detail: None,
    };
    match &lookup.outcome {
        TxtOutcome::Records { values, ttl } => {
            report.state =
                if values.iter().any(|value| value == expected) { SourceState::Found } else { SourceState::WrongValue };
            report.values = values.clone();
            report.ttl = Some(*ttl);
        }
        TxtOutcome::NameMissing { negative_ttl } => {
            report.state = SourceState::NotFound;
            report.negative_ttl = *negative_ttl;
        }
        TxtOutcome::NoTxt { negative_ttl } => {
            report.state = SourceState::NoTxt;
            report.negative_ttl = *negative_ttl;
        }
        TxtOutcome::ServerFailure(detail) => {
            report.state = SourceState::Servfail;
            report.detail = Some(detail.clone());
        }
        TxtOutcome::Refused => {
            report.state = SourceState::Refused;
            report.detail = Some("the server answered REFUSED".into());
        }
        TxtOutcome::NoAnswer(detail) => {
            report.state = SourceState::Timeout;
            report.detail = Some(detail.clone());
        }
        TxtOutcome::ChainRejected(problem) => {
            report.state = SourceState::Servfail;
            report.detail = Some(match problem {
                ChainProblem::Loop => "the CNAME chain loops".to_owned(),
                ChainProblem::TooLong => format!("the CNAME chain is longer than {MAX_CNAME_HOPS}"),
            });
        }
    }
    report
}

struct Decision {
    verdict: Verdict,
    summary: String,
    with_record: Vec<String>,
    without_record: Vec<String>,
}

/// The verdict, from the authoritative nameservers alone.
///
/// A nameserver (a name, with one or more addresses) has the record when at least one of its
/// addresses answered with it and none answered without it: an address that could not be asked
/// (no IPv6 route, a timeout) does not veto the others, but a negative answer from any address
/// means some resolvers still get the old data.
fn decide(delegation: &std::result::Result<Delegation, String>, sources: &[SourceReport]) -> Decision {
    let delegation = match delegation {
        Ok(delegation) => delegation,
        Err(reason) => {
            return Decision {
                verdict: Verdict::Error,
                summary: format!("Could not find the zone's nameservers: {reason}."),
                with_record: Vec::new(),
                without_record: Vec::new(),
            }
        }
    };
    let mut with_record = Vec::new();
    let mut without_record = Vec::new();
    let mut waiting_on = Vec::new();
    let mut any_negative = false;
    for nameserver in &delegation.nameservers {
        let name = zone_text(&nameserver.name);
        let answers: Vec<&SourceReport> = sources
            .iter()
            .filter(|source| source.kind == SourceKind::Authoritative && source.ns_name.as_deref() == Some(&name))
            .collect();
        let found = answers.iter().any(|source| source.state == SourceState::Found);
        let negative = answers.iter().any(|source| source.state.is_answer() && source.state != SourceState::Found);
        any_negative |= negative;
        if found && !negative {
            with_record.push(name);
        } else {
            let states: Vec<String> = if answers.is_empty() {
                vec!["no address".to_owned()]
            } else {
                answers.iter().map(|source| format!("{} at {}", state_text(source.state), source.server)).collect()
            };
            waiting_on.push(format!("{name} ({})", states.join(", ")));
            without_record.push(name);
        }
    }
    let zone = zone_text(&delegation.zone);
    let total = delegation.nameservers.len();
    let (verdict, summary) = if without_record.is_empty() {
        (Verdict::Verified, format!("All {total} authoritative nameservers of {zone} serve the expected value."))
    } else if !with_record.is_empty() {
        (
            Verdict::Propagating,
            format!(
                "{} of {total} authoritative nameservers of {zone} serve the expected value; not yet: {}.",
                with_record.len(),
                waiting_on.join("; ")
            ),
        )
    } else if any_negative {
        (
            Verdict::NotPublished,
            format!(
                "None of the {total} authoritative nameservers of {zone} serves the expected value: {}.",
                waiting_on.join("; ")
            ),
        )
    } else {
        (Verdict::Error, format!("No authoritative nameserver of {zone} gave an answer: {}.", waiting_on.join("; ")))
    };
    Decision { verdict, summary, with_record, without_record }
}

fn state_text(state: SourceState) -> &'static str {
    match state {
        SourceState::Found => "found",
        SourceState::NotFound => "not found (NXDOMAIN)",
        SourceState::NoTxt => "no TXT record (NODATA)",
        SourceState::WrongValue => "wrong value",
        SourceState::Servfail => "SERVFAIL",
        SourceState::Timeout => "timeout",
        SourceState::Refused => "REFUSED",
    }
}

/// Compiles only while `check_many`'s future is `Send`, so callers can spawn it on a
/// multi-threaded runtime.
#[allow(dead_code)]
fn check_many_is_send(checker: &DnsChecker, requests: &[CheckRequest]) {
    fn assert_send<T: Send>(_: T) {}
    assert_send(checker.check_many(requests));
}
