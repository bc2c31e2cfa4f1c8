//! One authoritative DNS server: hickory-server's catalog of in-memory zones on UDP and TCP,
//! with records changeable while it runs and a switch that makes it misbehave.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hickory_proto::op::ResponseCode;
use hickory_proto::rr::{LowerName, Name, Record, RecordType, RrKey};
use hickory_server::net::runtime::Time;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, MessageResponseBuilder, ZoneHandler, ZoneType};
use hickory_server::Server;
use rand::Rng;
use tokio::net::{TcpListener, UdpSocket};

use crate::error::{Result, TestServerError};
use crate::zone::{dns_name, Zone};

/// How long an idle TCP connection stays open.
const TCP_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// How many loopback addresses are tried before giving up on binding.
const BIND_ATTEMPTS: usize = 64;

/// How the server treats every query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Fault {
    /// Answers from its zones, as an authoritative server does.
    None = 0,
    /// Reads queries and never answers them.
    Silent = 1,
    /// Answers every query with SERVFAIL.
    ServFail = 2,
    /// Answers every query with REFUSED.
    Refused = 3,
}

impl Fault {
    fn from_u8(value: u8) -> Self {
        match value {
            1 => Self::Silent,
            2 => Self::ServFail,
            3 => Self::Refused,
            _ => Self::None,
        }
    }
}

/// A running authoritative DNS server. Dropping it stops it and frees its addresses.
pub struct TestDnsServer {
    addresses: Vec<SocketAddr>,
    zones: Vec<Arc<InMemoryZoneHandler>>,
    fault: Arc<AtomicU8>,
    // Owned so the server's tasks live as long as this value: dropping a hickory `Server`
    // aborts the tasks it spawned.
    _server: Server<FaultSwitch>,
}

impl std::fmt::Debug for TestDnsServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDnsServer").field("addresses", &self.addresses).finish_non_exhaustive()
    }
}

impl TestDnsServer {
    /// Starts a server for `zones` on a fresh random loopback address `127.x.y.z` on port 53.
    ///
    /// Linux routes all of 127.0.0.0/8 to the loopback interface, so these addresses need no
    /// configuration; picking one at random (and another if it is taken) lets tests run in
    /// parallel processes, each with its own servers on the standard port.
    pub async fn start(zones: Vec<Zone>) -> Result<Self> {
        Self::start_on_loopback_port(53, zones).await
    }

    /// Like [`TestDnsServer::start`] with another port, e.g. one shared with an IPv6 server.
    pub async fn start_on_loopback_port(port: u16, zones: Vec<Zone>) -> Result<Self> {
        let mut last_error = None;
        for _ in 0..BIND_ATTEMPTS {
            let address = SocketAddr::new(IpAddr::V4(random_loopback()), port);
            match bind(address).await {
                Ok(sockets) => return Self::serve(vec![sockets], zones).await,
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.expect("BIND_ATTEMPTS is not zero"))
    }

    /// Starts a server for `zones` on a fresh random `127.x.y.z` and on `[::1]`, both on one free
    /// port (IPv6 loopback has a single address, so port 53 there would collide between tests).
    pub async fn start_dual_stack(zones: Vec<Zone>) -> Result<Self> {
        let v6 = bind(SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 0)).await?;
        let port =
            v6.0.local_addr()
                .map_err(|source| TestServerError::Bind { address: addresses_hint(&v6.0), source })?
                .port();
        let mut last_error = None;
        for _ in 0..BIND_ATTEMPTS {
            match bind(SocketAddr::new(IpAddr::V4(random_loopback()), port)).await {
                Ok(v4) => return Self::serve(vec![v4, v6], zones).await,
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.expect("BIND_ATTEMPTS is not zero"))
    }

    /// Starts a server for `zones` on exactly these addresses (port 0 picks a free port, the
    /// same for UDP and TCP).
    pub async fn start_on(addresses: &[SocketAddr], zones: Vec<Zone>) -> Result<Self> {
        let mut bound = Vec::new();
        for &address in addresses {
            bound.push(bind(address).await?);
        }
        Self::serve(bound, zones).await
    }

    async fn serve(bound: Vec<(UdpSocket, TcpListener)>, zones: Vec<Zone>) -> Result<Self> {
        let mut catalog = Catalog::new();
        let mut handlers = Vec::new();
        for zone in zones {
            let mut handler = InMemoryZoneHandler::empty(zone.origin.clone(), ZoneType::Primary, AxfrPolicy::Deny);
            for record in std::iter::once(zone.soa()).chain(zone.records) {
                let text = record.to_string();
                if !handler.upsert_mut(record, 1) {
                    return Err(TestServerError::RecordRefused { record: text });
                }
            }
            let handler = Arc::new(handler);
            catalog.upsert(LowerName::new(&zone.origin), vec![handler.clone() as Arc<dyn ZoneHandler>]);
            handlers.push(handler);
        }
        let fault = Arc::new(AtomicU8::new(Fault::None as u8));
        let mut server = Server::new(FaultSwitch { catalog, fault: fault.clone() });
        let mut addresses = Vec::new();
        for (udp, tcp) in bound {
            addresses.push(
                udp.local_addr().map_err(|source| TestServerError::Bind { address: addresses_hint(&udp), source })?,
            );
            server.register_socket(udp);
            server.register_listener(tcp, TCP_IDLE_TIMEOUT, 64);
        }
        Ok(Self { addresses, zones: handlers, fault, _server: server })
    }

    /// The first address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addresses[0]
    }

    /// Every address the server listens on.
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addresses
    }

    /// Changes how the server treats queries from now on.
    pub fn set_fault(&self, fault: Fault) {
        self.fault.store(fault as u8, Ordering::SeqCst);
    }

    /// Adds a record to the zone that holds its name (TXT records add to the RRset; a CNAME
    /// replaces the one at its name).
    pub async fn add_record(&self, record: Record) -> Result<()> {
        let zone = self.zone_for(&record.name)?;
        let text = record.to_string();
        let serial = zone.serial().await.wrapping_add(1);
        if zone.upsert(record, serial).await {
            Ok(())
        } else {
            Err(TestServerError::RecordRefused { record: text })
        }
    }

    /// Adds these records, in order.
    pub async fn add_records(&self, records: impl IntoIterator<Item = Record>) -> Result<()> {
        for record in records {
            self.add_record(record).await?;
        }
        Ok(())
    }

    /// Removes every record of `record_type` at `name`.
    pub async fn remove_records(&self, name: &str, record_type: RecordType) -> Result<()> {
        let name = dns_name(name)?;
        let zone = self.zone_for(&name)?;
        zone.records_mut().await.remove(&RrKey::new(LowerName::new(&name), record_type));
        Ok(())
    }

    fn zone_for(&self, name: &Name) -> Result<&Arc<InMemoryZoneHandler>> {
        self.zones
            .iter()
            .filter(|zone| zone.origin().zone_of(&LowerName::new(name)))
            .max_by_key(|zone| zone.origin().num_labels())
            .ok_or_else(|| TestServerError::NoZoneFor { name: name.to_string() })
    }
}

fn addresses_hint(socket: &UdpSocket) -> SocketAddr {
    socket.local_addr().unwrap_or_else(|_| SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
}

/// A random address in 127.0.0.0/8 outside 127.0.0.0/16, where system services such as a local
/// stub resolver (127.0.0.53) listen.
fn random_loopback() -> Ipv4Addr {
    let mut random = rand::thread_rng();
    Ipv4Addr::new(127, random.gen_range(1..=254), random.gen(), random.gen_range(1..=254))
}

/// Binds UDP and TCP on the same address; with port 0, TCP takes the port UDP got.
async fn bind(address: SocketAddr) -> Result<(UdpSocket, TcpListener)> {
    let bind_error = |source| TestServerError::Bind { address, source };
    let udp = UdpSocket::bind(address).await.map_err(bind_error)?;
    let bound = udp.local_addr().map_err(bind_error)?;
    let tcp = TcpListener::bind(bound).await.map_err(|source| TestServerError::Bind { address: bound, source })?;
    Ok((udp, tcp))
}

/// The catalog, behind a switch that can make the server fail on purpose.
struct FaultSwitch {
    catalog: Catalog,
    fault: Arc<AtomicU8>,
}

#[async_trait::async_trait]
impl RequestHandler for FaultSwitch {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        mut response_handle: R,
    ) -> ResponseInfo {
        let code = match Fault::from_u8(self.fault.load(Ordering::SeqCst)) {
            Fault::None => return self.catalog.handle_request::<R, T>(request, response_handle).await,
            // The server's per-request task is aborted when the server is dropped, so a query
            // that is never answered does not outlive the test.
            Fault::Silent => return std::future::pending().await,
            Fault::ServFail => ResponseCode::ServFail,
            Fault::Refused => ResponseCode::Refused,
        };
        let response = MessageResponseBuilder::from_message_request(request).error_msg(&request.metadata, code);
        match response_handle.send_response(response).await {
            Ok(info) => info,
            Err(error) => {
                tracing::warn!(%error, "test DNS server could not send its error response");
                let mut metadata = hickory_proto::op::Metadata::response_from_request(&request.metadata);
                metadata.response_code = ResponseCode::ServFail;
                hickory_proto::op::Header { metadata, counts: Default::default() }.into()
            }
        }
    }
}
