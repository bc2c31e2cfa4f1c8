//! An identity provider's published side, for tests and benchmarks: signing certificates made
//! with rcgen for any validity period, the SAML metadata an IdP publishes with them, and a
//! loopback HTTP server that serves that metadata and can swap it, as an IdP does when it
//! rotates its certificate.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use axum::Router;
use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};
use time::OffsetDateTime;

/// A generated X.509 signing certificate and its key.
#[derive(Debug, Clone)]
pub struct SigningCertificate {
    der: Vec<u8>,
    pem: String,
    /// The key, PKCS#8 PEM, for signing assertions.
    pub key_pem: String,
}

impl SigningCertificate {
    /// A self-signed ECDSA P-256 certificate for `common_name`, valid from `not_before` to
    /// `not_after`.
    pub fn new(common_name: &str, not_before: OffsetDateTime, not_after: OffsetDateTime) -> SigningCertificate {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("no subject alternative names");
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, common_name);
        name.push(DnType::OrganizationName, "SSO Desk Test IdP");
        params.distinguished_name = name;
        params.not_before = not_before;
        params.not_after = not_after;
        let key = KeyPair::generate().expect("P-256 key generation");
        let certificate = params.self_signed(&key).expect("self-signing a generated certificate");
        SigningCertificate { der: certificate.der().to_vec(), pem: certificate.pem(), key_pem: key.serialize_pem() }
    }

    /// Valid from a day before `now` for `days` days after it.
    pub fn valid_for_days(common_name: &str, now: OffsetDateTime, days: i64) -> SigningCertificate {
        SigningCertificate::new(common_name, now - time::Duration::days(1), now + time::Duration::days(days))
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// The DER in base64 without line breaks, as in `ds:X509Certificate`.
    pub fn base64(&self) -> String {
        self.pem.lines().filter(|line| !line.starts_with("-----")).collect()
    }
}

/// What an IdP publishes: its entity ID, SSO endpoint and signing certificates.
#[derive(Debug, Clone)]
pub struct IdpMetadata {
    pub entity_id: String,
    pub sso_url: String,
    pub certificates: Vec<SigningCertificate>,
}

impl IdpMetadata {
    pub fn new(entity_id: &str, sso_url: &str, certificates: Vec<SigningCertificate>) -> IdpMetadata {
        IdpMetadata { entity_id: entity_id.to_owned(), sso_url: sso_url.to_owned(), certificates }
    }

    /// The SAML 2.0 metadata document: one EntityDescriptor with an IDPSSODescriptor, a signing
    /// KeyDescriptor per certificate, and HTTP-Redirect and HTTP-POST SSO endpoints.
    pub fn xml(&self) -> String {
        let keys: String = self
            .certificates
            .iter()
            .map(|certificate| {
                format!(
                    r#"    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
"#,
                    certificate.base64()
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
{keys}    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{sso}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"#,
            entity = self.entity_id,
            sso = self.sso_url,
        )
    }
}

/// A loopback HTTP server publishing a metadata document at `/metadata`, which the test can
/// replace at any time. Stops when dropped.
#[derive(Debug)]
pub struct MetadataServer {
    addr: SocketAddr,
    document: Arc<Mutex<String>>,
    requests: Arc<Mutex<u64>>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Clone)]
struct Published {
    document: Arc<Mutex<String>>,
    requests: Arc<Mutex<u64>>,
}

impl MetadataServer {
    /// Serves `document` on 127.0.0.1 at a free port. Needs a tokio runtime.
    pub async fn start(document: String) -> MetadataServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binding a loopback port");
        let addr = listener.local_addr().expect("a bound address");
        let document = Arc::new(Mutex::new(document));
        let requests = Arc::new(Mutex::new(0));
        let published = Published { document: Arc::clone(&document), requests: Arc::clone(&requests) };
        let router = Router::new().route("/metadata", get(serve_metadata)).with_state(published);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        MetadataServer { addr, document, requests, task }
    }

    /// `http://127.0.0.1:PORT/metadata`.
    pub fn url(&self) -> String {
        format!("http://{}/metadata", self.addr)
    }

    /// Publishes `document` from now on (an IdP rotating its certificate).
    pub fn publish(&self, document: String) {
        *self.document.lock().unwrap_or_else(PoisonError::into_inner) = document;
    }

    /// How many times the metadata was fetched.
    pub fn requests(&self) -> u64 {
        *self.requests.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for MetadataServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_metadata(State(published): State<Published>) -> ([(axum::http::HeaderName, &'static str); 1], String) {
    *published.requests.lock().unwrap_or_else(PoisonError::into_inner) += 1;
    let document = published.document.lock().unwrap_or_else(PoisonError::into_inner).clone();
    ([(CONTENT_TYPE, "application/samlmetadata+xml")], document)
}
