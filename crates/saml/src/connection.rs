//! How IdP metadata (and certificates given beside it) become an SSO connection: which entity,
//! which SSO endpoint, which signing certificates in which role.
//!
//! The reference backend stores what [`plan_connection`] decides and the app checks a change with
//! the same function before queueing it, so both refuse the same input with the same words.

use std::collections::HashMap;

use time::OffsetDateTime;

use crate::certificate::{parse_certificates, Certificate};
use crate::metadata::{parse_metadata, Entity, KeyUse, Metadata};
use crate::SamlError;

/// The HTTP-Redirect binding, preferred for the SSO endpoint (what AuthnRequests use by default).
pub const BINDING_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
/// The HTTP-POST binding, used when the IdP offers no Redirect endpoint.
pub const BINDING_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// A signing certificate's role in a connection. Assertions signed with either are accepted;
/// `Staged` marks the new certificate of a rotation until it is activated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlannedRole {
    Active,
    Staged,
}

/// A certificate given explicitly: PEM or bare base64, and its role.
#[derive(Debug, Clone, Copy)]
pub struct CertificateChoice<'a> {
    pub pem: &'a str,
    pub role: PlannedRole,
}

/// Which part of the input a [`PlanError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanField {
    MetadataXml,
    EntityId,
    /// The list of certificates as a whole.
    Certificates,
    /// One given certificate, by index.
    Certificate(usize),
}

/// Why the input cannot become a connection, and which field is at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PlanError {
    pub field: PlanField,
    pub message: String,
}

impl PlanError {
    fn new(field: PlanField, message: impl Into<String>) -> PlanError {
        PlanError { field, message: message.into() }
    }
}

/// A certificate of the plan and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCertificate {
    pub certificate: Certificate,
    pub role: PlannedRole,
}

/// What a connection built from the input holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionPlan {
    pub entity_id: String,
    pub sso_url: String,
    pub sso_binding: String,
    pub name_id_formats: Vec<String>,
    /// Active first, otherwise in the order given or published.
    pub certificates: Vec<PlannedCertificate>,
}

/// Plans a connection from `metadata_xml`.
///
/// - `entity_id` picks the identity provider when the metadata has several.
/// - `given` certificates are used exactly; without them the metadata's signing certificates are:
///   all active for a new connection (`existing` is `None`); for an existing one (`existing` maps
///   its certificates' SHA-256 to their roles) a known certificate keeps its role and a new one is
///   staged, because an IdP publishing a second certificate is how a rotation begins. When none of
///   the published certificates is known, the newest becomes active: the IdP replaced its
///   certificate outright and signs with the new one already.
/// - At least one certificate must be active.
pub fn plan_connection(
    metadata_xml: &str,
    entity_id: Option<&str>,
    given: Option<&[CertificateChoice<'_>]>,
    existing: Option<&HashMap<String, PlannedRole>>,
    now: OffsetDateTime,
) -> Result<ConnectionPlan, PlanError> {
    let metadata = parse_metadata(metadata_xml.as_bytes(), now)
        .map_err(|error| PlanError::new(PlanField::MetadataXml, format!("the IdP metadata is not usable: {error}")))?;
    let entity = identity_provider(&metadata, entity_id)?;
    let (sso_url, sso_binding) = sso_endpoint(entity)?;
    let mut certificates = match given {
        Some(given) => given_certificates(given, now)?,
        None => published_certificates(entity, existing)?,
    };
    if !certificates.iter().any(|planned| planned.role == PlannedRole::Active) {
        return Err(PlanError::new(
            PlanField::Certificates,
            "at least one certificate must be active: the IdP signs with it until a staged one is activated",
        ));
    }
    certificates.sort_by_key(|planned| planned.role != PlannedRole::Active);
    Ok(ConnectionPlan {
        entity_id: entity.entity_id.clone(),
        sso_url,
        sso_binding,
        name_id_formats: entity.name_id_formats.clone(),
        certificates,
    })
}

/// The identity provider `wanted` names, or the only one.
pub fn identity_provider<'a>(metadata: &'a Metadata, wanted: Option<&str>) -> Result<&'a Entity, PlanError> {
    let Some(wanted) = wanted else {
        return metadata.identity_provider().map_err(|error| {
            let field = match error {
                SamlError::SeveralIdentityProviders { .. } => PlanField::EntityId,
                _ => PlanField::MetadataXml,
            };
            PlanError::new(field, error.to_string())
        });
    };
    let entity = metadata.entities.iter().find(|entity| entity.entity_id == wanted).ok_or_else(|| {
        PlanError::new(PlanField::EntityId, format!("the metadata has no entity with entityID {wanted:?}"))
    })?;
    if !entity.is_identity_provider() {
        return Err(PlanError::new(
            PlanField::EntityId,
            format!("{wanted} is not an identity provider (it has no <IDPSSODescriptor>)"),
        ));
    }
    Ok(entity)
}

/// The endpoint users are sent to: HTTP-Redirect when offered, else HTTP-POST.
pub fn sso_endpoint(entity: &Entity) -> Result<(String, String), PlanError> {
    [BINDING_REDIRECT, BINDING_POST]
        .iter()
        .find_map(|binding| {
            entity
                .sso
                .iter()
                .find(|endpoint| endpoint.binding == *binding)
                .map(|endpoint| (endpoint.location.clone(), endpoint.binding.clone()))
        })
        .ok_or_else(|| {
            let offered: Vec<&str> = entity.sso.iter().map(|endpoint| endpoint.binding.as_str()).collect();
            let offered = if offered.is_empty() { "none".to_owned() } else { offered.join(", ") };
            PlanError::new(
                PlanField::MetadataXml,
                format!(
                    "<IDPSSODescriptor> of {}: no <SingleSignOnService> with the HTTP-Redirect or HTTP-POST binding (offered: {offered})",
                    entity.entity_id
                ),
            )
        })
}

/// The entity's signing certificates (a KeyDescriptor for signing, or for both).
pub fn signing_certificates(entity: &Entity) -> impl Iterator<Item = &Certificate> {
    entity
        .certificates
        .iter()
        .filter(|published| published.key_use != KeyUse::Encryption)
        .map(|published| &published.certificate)
}

fn given_certificates(
    given: &[CertificateChoice<'_>],
    now: OffsetDateTime,
) -> Result<Vec<PlannedCertificate>, PlanError> {
    if given.is_empty() {
        return Err(PlanError::new(
            PlanField::Certificates,
            "give at least one certificate, or leave certificates out to use the metadata's",
        ));
    }
    let mut planned: Vec<PlannedCertificate> = Vec::with_capacity(given.len());
    for (index, choice) in given.iter().enumerate() {
        let field = PlanField::Certificate(index);
        let mut parsed =
            parse_certificates(choice.pem.as_bytes(), now).map_err(|error| PlanError::new(field, error.to_string()))?;
        if parsed.len() != 1 {
            return Err(PlanError::new(field, format!("holds {} certificates; give one per entry", parsed.len())));
        }
        let certificate = parsed.remove(0);
        if planned.iter().any(|earlier| earlier.certificate.sha256 == certificate.sha256) {
            return Err(PlanError::new(field, format!("the certificate {} is listed twice", certificate.sha256)));
        }
        planned.push(PlannedCertificate { certificate, role: choice.role });
    }
    Ok(planned)
}

fn published_certificates(
    entity: &Entity,
    existing: Option<&HashMap<String, PlannedRole>>,
) -> Result<Vec<PlannedCertificate>, PlanError> {
    let new_role = if existing.is_some() { PlannedRole::Staged } else { PlannedRole::Active };
    let mut planned: Vec<PlannedCertificate> = signing_certificates(entity)
        .map(|certificate| PlannedCertificate {
            role: existing.and_then(|known| known.get(&certificate.sha256)).copied().unwrap_or(new_role),
            certificate: certificate.clone(),
        })
        .collect();
    if planned.is_empty() {
        return Err(PlanError::new(
            PlanField::MetadataXml,
            format!(
                "<IDPSSODescriptor> of {}: no signing certificate (<KeyDescriptor> with use=\"signing\" or no use); give one under certificates",
                entity.entity_id
            ),
        ));
    }
    if !planned.iter().any(|planned| planned.role == PlannedRole::Active) {
        if let Some(newest) = planned.iter_mut().max_by(|a, b| a.certificate.not_before.cmp(&b.certificate.not_before))
        {
            newest.role = PlannedRole::Active;
        }
    }
    Ok(planned)
}
