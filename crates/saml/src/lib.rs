//! SAML identity-provider metadata and X.509 certificates for SSO Desk, with no I/O and no tauri:
//! the app, the reference backend and the CLI read metadata and certificates through this crate, so
//! each rule is written once.
//!
//! - [`parse_metadata`] reads an EntityDescriptor or EntitiesDescriptor safely (no DTDs, a size,
//!   node and depth limit) into [`Metadata`]; [`Metadata::identity_provider`] picks the IdP.
//! - [`parse_certificates`] reads PEM, DER or a base64 paste into [`Certificate`]s.
//! - [`plan_connection`] decides what an SSO connection built from metadata holds (entity, SSO
//!   endpoint, signing certificates and their roles), for the backend and the app alike.
//!
//! Both serialise to the stable JSON documented in `crates/cli/README.md`. "Now" is always passed
//! in, so expiry is decided by the caller's clock. Metadata signatures are detected, **not verified**.

mod certificate;
mod connection;
mod error;
mod metadata;

pub use certificate::{
    parse_base64_certificate, parse_certificates, parse_der_certificate, Certificate, CertificateFlag, CertificateKey,
    MAX_CERTIFICATE_INPUT_BYTES, MIN_RSA_BITS,
};
pub use connection::{
    identity_provider, plan_connection, signing_certificates, sso_endpoint, CertificateChoice, ConnectionPlan,
    PlanError, PlanField, PlannedCertificate, PlannedRole, BINDING_POST, BINDING_REDIRECT,
};
pub use error::{Result, SamlError};
pub use metadata::{
    parse_metadata, Entity, KeyUse, Metadata, MetadataCertificate, SsoEndpoint, MAX_METADATA_BYTES, MAX_METADATA_DEPTH,
    MAX_METADATA_NODES,
};
