//! One DNS question to one server, over UDP with a TCP retry when the answer is truncated.
//!
//! This is deliberately below hickory-resolver: the resolver would cache, retry on other
//! servers, follow CNAMEs with its own limits and fold SERVFAIL, REFUSED and NODATA into errors.
//! The check needs the opposite: exactly one server per question, no cache, and the response
//! code, flags and authority section exactly as the server sent them. Messages are encoded and
//! decoded by hickory-proto.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use hickory_proto::op::{Edns, Message, MessageType, Query};
use hickory_proto::rr::{Name, RecordType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};
use tokio::time::Instant;

/// The EDNS payload size advertised: the DNS flag day 2020 value, which avoids IP fragmentation.
const EDNS_PAYLOAD: u16 = 1232;

/// Whether the server should recurse for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recursion {
    /// Ask a resolver, which recurses (RD set).
    Desired,
    /// Ask an authoritative server for its own data only (RD clear), so no cache is involved.
    NotDesired,
}

/// Why no usable response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExchangeFailure {
    /// Nothing arrived before the time allowed ran out.
    Timeout,
    /// The network said no (unreachable, connection refused, no route): nothing answered.
    Network(String),
    /// Something arrived that is not a DNS response to our question.
    Malformed(String),
}

/// Asks `server` one question and waits until `deadline` for the response.
///
/// Over UDP the question is sent again halfway to the deadline, since a lost datagram would
/// otherwise turn into a timeout; replies that do not match the question's id, name and type are
/// ignored, so a stray or spoofed datagram cannot stand in for the answer.
pub(crate) async fn exchange(
    server: SocketAddr,
    name: &Name,
    record_type: RecordType,
    recursion: Recursion,
    deadline: Instant,
) -> Result<Message, ExchangeFailure> {
    let query = build_query(name, record_type, recursion);
    let bytes = query.to_vec().map_err(|error| ExchangeFailure::Malformed(error.to_string()))?;
    let response = match tokio::time::timeout_at(deadline, exchange_udp(server, &bytes, &query, deadline)).await {
        Ok(result) => result?,
        Err(_) => return Err(ExchangeFailure::Timeout),
    };
    if !response.metadata.truncation {
        return Ok(response);
    }
    match tokio::time::timeout_at(deadline, exchange_tcp(server, &bytes, &query)).await {
        Ok(result) => result,
        Err(_) => Err(ExchangeFailure::Timeout),
    }
}

fn build_query(name: &Name, record_type: RecordType, recursion: Recursion) -> Message {
    let mut message = Message::query();
    message.metadata.recursion_desired = recursion == Recursion::Desired;
    message.add_query(Query::query(name.clone(), record_type));
    let mut edns = Edns::new();
    edns.set_max_payload(EDNS_PAYLOAD);
    message.set_edns(edns);
    message
}

fn answers_query(response: &Message, query: &Message) -> bool {
    response.metadata.id == query.metadata.id
        && response.metadata.message_type == MessageType::Response
        && match (response.queries.first(), query.queries.first()) {
            // Name equality is case-insensitive, as DNS is; some servers echo 0x20-mixed case.
            (Some(got), Some(sent)) => got.query_type() == sent.query_type() && got.name() == sent.name(),
            // Some servers leave the question out of error responses (FORMERR, REFUSED).
            (None, _) => response.metadata.response_code != hickory_proto::op::ResponseCode::NoError,
            _ => false,
        }
}

async fn exchange_udp(
    server: SocketAddr,
    bytes: &[u8],
    query: &Message,
    deadline: Instant,
) -> Result<Message, ExchangeFailure> {
    let local: SocketAddr =
        if server.is_ipv4() { (Ipv4Addr::UNSPECIFIED, 0).into() } else { (Ipv6Addr::UNSPECIFIED, 0).into() };
    let socket = UdpSocket::bind(local).await.map_err(network)?;
    socket.connect(server).await.map_err(network)?;
    socket.send(bytes).await.map_err(network)?;
    let now = Instant::now();
    let mut resend_at = Some(now + deadline.saturating_duration_since(now) / 2);
    let mut buffer = vec![0_u8; usize::from(u16::MAX)];
    loop {
        let received = match resend_at {
            Some(at) => match tokio::time::timeout_at(at, socket.recv(&mut buffer)).await {
                Ok(received) => received,
                Err(_) => {
                    resend_at = None;
                    socket.send(bytes).await.map_err(network)?;
                    continue;
                }
            },
            None => socket.recv(&mut buffer).await,
        };
        let length = received.map_err(network)?;
        let Ok(response) = Message::from_vec(&buffer[..length]) else { continue };
        if answers_query(&response, query) {
            return Ok(response);
        }
    }
}

async fn exchange_tcp(server: SocketAddr, bytes: &[u8], query: &Message) -> Result<Message, ExchangeFailure> {
    let mut stream = TcpStream::connect(server).await.map_err(network)?;
    let length = u16::try_from(bytes.len()).map_err(|_| ExchangeFailure::Malformed("query too long".into()))?;
    let mut framed = Vec::with_capacity(bytes.len() + 2);
    framed.extend_from_slice(&length.to_be_bytes());
    framed.extend_from_slice(bytes);
    stream.write_all(&framed).await.map_err(network)?;
    loop {
        let length = stream.read_u16().await.map_err(network)?;
        let mut buffer = vec![0_u8; usize::from(length)];
        stream.read_exact(&mut buffer).await.map_err(network)?;
        let response = Message::from_vec(&buffer)
            .map_err(|error| ExchangeFailure::Malformed(format!("bad TCP response: {error}")))?;
        if answers_query(&response, query) {
            return Ok(response);
        }
    }
}

fn network(error: std::io::Error) -> ExchangeFailure {
    ExchangeFailure::Network(error.to_string())
}

/// How long a query may take: its own limit, but never past the check's overall deadline.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) per_query: Duration,
    pub(crate) deadline: Instant,
}

impl Budget {
    /// The deadline for a query started now.
    pub(crate) fn query_deadline(&self) -> Instant {
        (Instant::now() + self.per_query).min(self.deadline)
    }
}
