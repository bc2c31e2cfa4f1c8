//! The test server answers real DNS queries over UDP and TCP on loopback, changes while it runs,
//! and misbehaves on request.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use hickory_proto::op::{Message, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};
use ssodesk_dns_test_server::{txt_record, DelegatedZone, DelegationLayout, Fault, TestDnsServer, Zone};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

const WAIT: Duration = Duration::from_secs(2);

fn query(name: &str, record_type: RecordType) -> Message {
    let mut message = Message::query();
    message.add_query(Query::query(Name::from_ascii(name).unwrap(), record_type));
    message
}

/// Sends one query over UDP; `None` when nothing arrives within `wait`.
async fn ask_udp(server: SocketAddr, name: &str, record_type: RecordType, wait: Duration) -> Option<Message> {
    let local: SocketAddr = if server.is_ipv4() { "0.0.0.0:0".parse().unwrap() } else { "[::]:0".parse().unwrap() };
    let socket = UdpSocket::bind(local).await.unwrap();
    socket.send_to(&query(name, record_type).to_vec().unwrap(), server).await.unwrap();
    let mut buffer = vec![0; 4096];
    let (length, _) = tokio::time::timeout(wait, socket.recv_from(&mut buffer)).await.ok()?.ok()?;
    Some(Message::from_vec(&buffer[..length]).unwrap())
}

async fn ask_tcp(server: SocketAddr, name: &str, record_type: RecordType) -> Message {
    let mut stream = TcpStream::connect(server).await.unwrap();
    let bytes = query(name, record_type).to_vec().unwrap();
    stream.write_all(&u16::try_from(bytes.len()).unwrap().to_be_bytes()).await.unwrap();
    stream.write_all(&bytes).await.unwrap();
    let length = stream.read_u16().await.unwrap();
    let mut buffer = vec![0; usize::from(length)];
    stream.read_exact(&mut buffer).await.unwrap();
    Message::from_vec(&buffer).unwrap()
}

fn txt_values(message: &Message) -> Vec<Vec<String>> {
    message
        .answers
        .iter()
        .filter_map(|record| match &record.data {
            RData::TXT(txt) => {
                Some(txt.txt_data.iter().map(|part| String::from_utf8_lossy(part).into_owned()).collect())
            }
            _ => None,
        })
        .collect()
}

async fn zone_with_txt() -> TestDnsServer {
    let zone = Zone::new("example.test").unwrap().txt("www.example.test", &["first", "second"]).unwrap();
    TestDnsServer::start(vec![zone]).await.unwrap()
}

#[tokio::test]
async fn answers_from_its_zone_over_udp_and_tcp_on_port_53_of_a_loopback_address() {
    let server = zone_with_txt().await;
    assert!(server.addr().ip().is_loopback());
    assert_eq!(server.addr().port(), 53);

    let over_udp = ask_udp(server.addr(), "www.example.test.", RecordType::TXT, WAIT).await.unwrap();
    let over_tcp = ask_tcp(server.addr(), "www.example.test.", RecordType::TXT).await;

    for response in [over_udp, over_tcp] {
        assert_eq!(response.metadata.response_code, ResponseCode::NoError);
        assert!(response.metadata.authoritative);
        assert_eq!(txt_values(&response), [["first", "second"]]);
    }
}

#[tokio::test]
async fn missing_names_are_nxdomain_with_the_soa_and_other_zones_are_refused() {
    let server = TestDnsServer::start(vec![Zone::new("example.test").unwrap().with_negative_ttl(42)]).await.unwrap();

    let missing = ask_udp(server.addr(), "nope.example.test.", RecordType::TXT, WAIT).await.unwrap();
    let elsewhere = ask_udp(server.addr(), "example.org.", RecordType::TXT, WAIT).await.unwrap();

    assert_eq!(missing.metadata.response_code, ResponseCode::NXDomain);
    let soa = missing.authorities.iter().find_map(|record| match &record.data {
        RData::SOA(soa) => Some(soa.minimum),
        _ => None,
    });
    assert_eq!(soa, Some(42));
    assert_eq!(elsewhere.metadata.response_code, ResponseCode::Refused);
}

#[tokio::test]
async fn records_can_be_added_and_removed_while_it_runs() {
    let server = TestDnsServer::start(vec![Zone::new("example.test").unwrap()]).await.unwrap();
    let name = "_acme-challenge.sso.example.test.";
    assert_eq!(
        ask_udp(server.addr(), name, RecordType::TXT, WAIT).await.unwrap().metadata.response_code,
        ResponseCode::NXDomain
    );

    server.add_record(txt_record(name, &["token"]).unwrap()).await.unwrap();
    let published = ask_udp(server.addr(), name, RecordType::TXT, WAIT).await.unwrap();
    assert_eq!(txt_values(&published), [["token"]]);

    server.remove_records(name, RecordType::TXT).await.unwrap();
    let removed = ask_udp(server.addr(), name, RecordType::TXT, WAIT).await.unwrap();
    assert!(txt_values(&removed).is_empty());
}

#[tokio::test]
async fn a_record_outside_its_zones_is_rejected() {
    let server = TestDnsServer::start(vec![Zone::new("example.test").unwrap()]).await.unwrap();
    assert!(server.add_record(txt_record("example.org", &["x"]).unwrap()).await.is_err());
}

#[tokio::test]
async fn fault_modes_change_every_answer() {
    let server = zone_with_txt().await;

    server.set_fault(Fault::ServFail);
    let servfail = ask_udp(server.addr(), "www.example.test.", RecordType::TXT, WAIT).await.unwrap();
    assert_eq!(servfail.metadata.response_code, ResponseCode::ServFail);

    server.set_fault(Fault::Refused);
    let refused = ask_tcp(server.addr(), "www.example.test.", RecordType::TXT).await;
    assert_eq!(refused.metadata.response_code, ResponseCode::Refused);

    server.set_fault(Fault::Silent);
    assert!(ask_udp(server.addr(), "www.example.test.", RecordType::TXT, Duration::from_millis(300)).await.is_none());

    server.set_fault(Fault::None);
    let healthy = ask_udp(server.addr(), "www.example.test.", RecordType::TXT, WAIT).await.unwrap();
    assert_eq!(healthy.metadata.response_code, ResponseCode::NoError);
}

#[tokio::test]
async fn servers_started_together_get_distinct_addresses() {
    let mut servers = Vec::new();
    for _ in 0..8 {
        servers.push(TestDnsServer::start(vec![Zone::new("example.test").unwrap()]).await.unwrap());
    }
    let mut addresses: Vec<SocketAddr> = servers.iter().map(TestDnsServer::addr).collect();
    addresses.sort();
    addresses.dedup();
    assert_eq!(addresses.len(), 8);
}

#[tokio::test]
async fn a_dropped_server_stops_answering() {
    let server = zone_with_txt().await;
    let address = server.addr();
    drop(server);
    // The server's tasks are aborted on drop; give the runtime a moment to run the abort.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(ask_udp(address, "www.example.test.", RecordType::TXT, Duration::from_millis(300)).await.is_none());
}

#[tokio::test]
async fn a_delegated_zone_resolver_answers_ns_with_each_nameservers_addresses() {
    let mut layout = DelegationLayout::new("example.test", 2);
    layout.ipv6_on_first = true;
    let zone = DelegatedZone::start_with(layout).await.unwrap();

    let ns = ask_udp(zone.resolver_addr(), "example.test.", RecordType::NS, WAIT).await.unwrap();
    let mut names: Vec<String> = ns
        .answers
        .iter()
        .filter_map(|record| match &record.data {
            RData::NS(name) => Some(name.0.to_ascii()),
            _ => None,
        })
        .collect();
    names.sort();
    assert_eq!(names, ["ns1.example.test.", "ns2.example.test."]);

    let v6 = ask_udp(zone.resolver_addr(), "ns1.example.test.", RecordType::AAAA, WAIT).await.unwrap();
    assert!(matches!(v6.answers[0].data, RData::AAAA(address) if address.0 == Ipv6Addr::LOCALHOST));
    let v4 = ask_udp(zone.resolver_addr(), "ns2.example.test.", RecordType::A, WAIT).await.unwrap();
    let RData::A(ns2) = v4.answers[0].data else { panic!("{v4:?}") };
    assert_eq!(SocketAddr::new(IpAddr::V4(ns2.0), zone.nameserver_port()), zone.nameservers()[1].addr());

    // ns1 answers on both of its addresses, on the shared port.
    assert_eq!(zone.nameservers()[0].addrs().len(), 2);
    for &address in zone.nameservers()[0].addrs() {
        assert_eq!(address.port(), zone.nameserver_port());
        let soa = ask_udp(address, "example.test.", RecordType::SOA, WAIT).await.unwrap();
        assert!(soa.metadata.authoritative, "{address}");
    }
}

#[tokio::test]
async fn publishing_on_a_delegated_zone_reaches_every_server() {
    let zone = DelegatedZone::start("example.test", 2).await.unwrap();
    zone.publish_txt("_acme-challenge.sso.example.test", &["a", "b", "c"]).await.unwrap();
    for server in zone.all_servers() {
        let answer = ask_udp(server.addr(), "_acme-challenge.sso.example.test.", RecordType::TXT, WAIT).await.unwrap();
        assert_eq!(txt_values(&answer), [["a", "b", "c"]]);
    }
}
