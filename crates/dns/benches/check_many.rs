//! Throughput of the DNS check against a loopback authoritative server, with the server's own
//! ceiling and `dig` measured in the same run for comparison. Prints figures; asserts nothing.
//!
//! Run with `cargo bench -p ssodesk-dns --bench check_many`. Everything stays on 127.0.0.0/8;
//! every loop is bounded by a count or a duration.

use std::net::SocketAddr;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, Query};
use hickory_proto::rr::{Name, RecordType};
use ssodesk_dns::{CheckConfig, CheckRequest, DnsChecker, DomainName, ResolverChoice, Verdict};
use ssodesk_dns_test_server::{TestDnsServer, Zone};
use tokio::net::UdpSocket;

const NAMESERVER_ZONE: &str = "bench-ns.test";
const NAMESERVER: &str = "ns1.bench-ns.test";
const DOMAINS: usize = 10_000;
const CONCURRENCY: usize = 64;
const SWEEP_DOMAINS: usize = 2000;
const LOAD_WORKERS: usize = 64;
const LOAD_DURATION: Duration = Duration::from_secs(3);
const DIG_QUERIES: usize = 200;
const TOKEN: &str = "ssodesk-verification=bench";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    // 10,000 customers, each its own registrable domain and zone (as a backend verifying many
    // customers sees them), all served by one nameserver; a second server plays the resolver
    // and knows every zone's NS record and the nameserver's address.
    let nameserver_zone = Zone::new(NAMESERVER_ZONE).expect("valid");
    let mut nameserver_zones = vec![nameserver_zone.clone()];
    let mut resolver_zones = Vec::new();
    let domains: Vec<String> = (0..DOMAINS).map(|index| format!("customer{index}.test")).collect();
    for domain in &domains {
        let zone = Zone::new(domain).and_then(|zone| zone.ns(NAMESERVER)).expect("valid");
        resolver_zones.push(zone.clone());
        nameserver_zones.push(zone.txt(domain, &[TOKEN]).expect("valid"));
    }
    let started = Instant::now();
    let nameserver = TestDnsServer::start(nameserver_zones).await.expect("the nameserver starts");
    let resolver_zone = nameserver_zone.address(NAMESERVER, nameserver.addr().ip()).expect("valid");
    resolver_zones.push(resolver_zone);
    let resolver = TestDnsServer::start(resolver_zones).await.expect("the resolver starts");
    println!("started 2 servers with {} zones each in {:.2?}", DOMAINS + 1, started.elapsed());

    let checker = DnsChecker::new(CheckConfig {
        resolver: ResolverChoice::Server(resolver.addr()),
        max_concurrent_checks: CONCURRENCY,
        ..CheckConfig::default()
    })
    .expect("a configured resolver");
    let requests: Vec<CheckRequest> =
        domains.iter().map(|domain| CheckRequest::new(DomainName::parse(domain).expect("valid"), TOKEN)).collect();

    // Warm-up: sockets and the allocator, not DNS (nothing here caches answers).
    let _ = checker.check_many(&requests[..500]).await;

    // Client and servers share the machine's cores, so concurrency beyond a few checks only
    // shows where the CPU runs out.
    for concurrency in [1, 4, 16] {
        let sweep = DnsChecker::new(CheckConfig { max_concurrent_checks: concurrency, ..checker.config().clone() })
            .expect("a configured resolver");
        let started = Instant::now();
        let _ = sweep.check_many(&requests[..SWEEP_DOMAINS]).await;
        println!(
            "check_many, concurrency {concurrency}: {:.0} domains/s over {SWEEP_DOMAINS} domains",
            SWEEP_DOMAINS as f64 / started.elapsed().as_secs_f64()
        );
    }
    let started = Instant::now();
    let reports = checker.check_many(&requests).await;
    let took = started.elapsed();
    let verified = reports.iter().filter(|report| report.verdict == Verdict::Verified).count();
    println!(
        "check_many: {DOMAINS} domains in {took:.2?} = {:.0} domains/s ({verified} verified, concurrency {CONCURRENCY}, \
         5 queries each: resolver TXT, NS, A, AAAA; authoritative TXT)",
        DOMAINS as f64 / took.as_secs_f64()
    );

    let started = Instant::now();
    for request in &requests[..DIG_QUERIES] {
        let _ = checker.check(request).await;
    }
    println!("one check at a time: {:.2?} per domain", started.elapsed() / DIG_QUERIES as u32);

    let qps = server_max_qps(nameserver.addr(), &domains).await;
    println!("authoritative server alone: {qps:.0} TXT queries/s ({LOAD_WORKERS} clients, {LOAD_DURATION:?})");

    dig_per_query(nameserver.addr(), &domains);
}

/// Closed-loop load: each worker sends a TXT query and waits for its answer, again and again,
/// until the duration is up.
async fn server_max_qps(server: SocketAddr, domains: &[String]) -> f64 {
    let answered = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let names: Arc<Vec<Name>> =
        Arc::new(domains.iter().map(|domain| Name::from_ascii(format!("{domain}.")).expect("valid")).collect());
    let mut workers = Vec::new();
    for worker in 0..LOAD_WORKERS {
        let (answered, stop, names) = (answered.clone(), stop.clone(), names.clone());
        workers.push(tokio::spawn(async move {
            let socket = UdpSocket::bind("0.0.0.0:0").await.expect("a UDP socket");
            socket.connect(server).await.expect("connect");
            let mut buffer = vec![0_u8; 4096];
            let mut index = worker;
            while !stop.load(Ordering::Relaxed) {
                let mut query = Message::query();
                query.add_query(Query::query(names[index % names.len()].clone(), RecordType::TXT));
                index += LOAD_WORKERS;
                if socket.send(&query.to_vec().expect("encodes")).await.is_err() {
                    continue;
                }
                if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_secs(1), socket.recv(&mut buffer)).await {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(LOAD_DURATION).await;
    stop.store(true, Ordering::Relaxed);
    let took = started.elapsed();
    let count = answered.load(Ordering::Relaxed);
    for worker in workers {
        let _ = worker.await;
    }
    count as f64 / took.as_secs_f64()
}

/// `dig` against the same server, one process per query, as an admin would compare.
fn dig_per_query(server: SocketAddr, domains: &[String]) {
    let available = Command::new("dig").arg("-v").output().is_ok();
    if !available {
        println!("dig: not installed (apt-get install dnsutils) — skipped");
        return;
    }
    let started = Instant::now();
    let mut answered = 0;
    for domain in &domains[..DIG_QUERIES] {
        let output = Command::new("dig")
            .args([
                &format!("@{}", server.ip()),
                "-p",
                &server.port().to_string(),
                "+norecurse",
                "+short",
                "+tries=1",
                "+time=2",
                "TXT",
                domain,
            ])
            .output();
        if output.is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains(TOKEN)) {
            answered += 1;
        }
    }
    let per_query = started.elapsed() / DIG_QUERIES as u32;
    println!(
        "dig: {answered}/{DIG_QUERIES} answered, {per_query:.2?} per query (process start included) = {:.0} queries/s",
        1.0 / per_query.as_secs_f64()
    );
}
