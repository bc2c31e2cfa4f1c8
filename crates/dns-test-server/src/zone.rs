//! Zones built in code.

use std::net::IpAddr;

use hickory_proto::rr::rdata::{A, AAAA, CNAME, NS, SOA, TXT};
use hickory_proto::rr::{Name, RData, Record};

use crate::error::{Result, TestServerError};

/// The TTL of every record a [`Zone`] builds, unless set otherwise.
pub const DEFAULT_TTL: u32 = 300;

/// The SOA minimum (negative-caching TTL) of a [`Zone`], unless set otherwise.
pub const DEFAULT_NEGATIVE_TTL: u32 = 120;

/// A zone's origin and records, built before the server starts. The SOA is made from the
/// origin: `ns1.<origin>` as primary, serial 1, and the negative TTL as its minimum.
#[derive(Debug, Clone)]
pub struct Zone {
    pub(crate) origin: Name,
    pub(crate) negative_ttl: u32,
    pub(crate) records: Vec<Record>,
}

impl Zone {
    /// An empty zone (only the SOA) for `origin`.
    pub fn new(origin: &str) -> Result<Self> {
        Ok(Self { origin: dns_name(origin)?, negative_ttl: DEFAULT_NEGATIVE_TTL, records: Vec::new() })
    }

    /// Sets the SOA minimum, which resolvers use as the negative-caching TTL.
    pub fn with_negative_ttl(mut self, seconds: u32) -> Self {
        self.negative_ttl = seconds;
        self
    }

    /// Adds an NS record at the origin.
    pub fn ns(mut self, nameserver: &str) -> Result<Self> {
        let record = Record::from_rdata(self.origin.clone(), DEFAULT_TTL, RData::NS(NS(dns_name(nameserver)?)));
        self.records.push(record);
        Ok(self)
    }

    /// Adds an A or AAAA record.
    pub fn address(mut self, name: &str, address: IpAddr) -> Result<Self> {
        self.records.push(address_record(name, address)?);
        Ok(self)
    }

    /// Adds one TXT record made of these character-strings.
    pub fn txt(mut self, name: &str, strings: &[&str]) -> Result<Self> {
        self.records.push(txt_record(name, strings)?);
        Ok(self)
    }

    /// Adds a CNAME record.
    pub fn cname(mut self, name: &str, target: &str) -> Result<Self> {
        self.records.push(cname_record(name, target)?);
        Ok(self)
    }

    /// The zone's origin.
    pub fn origin(&self) -> &Name {
        &self.origin
    }

    pub(crate) fn soa(&self) -> Record {
        let primary = self.origin.prepend_label("ns1").unwrap_or_else(|_| self.origin.clone());
        let contact = self.origin.prepend_label("hostmaster").unwrap_or_else(|_| self.origin.clone());
        let soa = SOA::new(primary, contact, 1, 3600, 600, 86_400, self.negative_ttl);
        Record::from_rdata(self.origin.clone(), DEFAULT_TTL, RData::SOA(soa))
    }
}

/// Parses `name` as an absolute DNS name (a trailing dot is optional).
pub fn dns_name(name: &str) -> Result<Name> {
    let absolute = if name.ends_with('.') { name.to_owned() } else { format!("{name}.") };
    Name::from_ascii(&absolute)
        .map_err(|error| TestServerError::InvalidName { name: name.to_owned(), reason: error.to_string() })
}

/// An A or AAAA record with the default TTL.
pub fn address_record(name: &str, address: IpAddr) -> Result<Record> {
    let rdata = match address {
        IpAddr::V4(v4) => RData::A(A(v4)),
        IpAddr::V6(v6) => RData::AAAA(AAAA(v6)),
    };
    Ok(Record::from_rdata(dns_name(name)?, DEFAULT_TTL, rdata))
}

/// One TXT record made of these character-strings, with the default TTL.
pub fn txt_record(name: &str, strings: &[&str]) -> Result<Record> {
    let txt = TXT::new(strings.iter().map(|part| (*part).to_owned()).collect());
    Ok(Record::from_rdata(dns_name(name)?, DEFAULT_TTL, RData::TXT(txt)))
}

/// A CNAME record with the default TTL.
pub fn cname_record(name: &str, target: &str) -> Result<Record> {
    Ok(Record::from_rdata(dns_name(name)?, DEFAULT_TTL, RData::CNAME(CNAME(dns_name(target)?))))
}
