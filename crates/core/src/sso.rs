//! The SSO connection from the app's side: the views of each parent's connection, previewing IdP
//! metadata before anything is saved (fetched natively by URL, or given as text), and checking a
//! change with the backend's own rules (`ssodesk_saml::plan_connection`) before it is queued.
//!
//! Invariant: a change that would be refused for its content is refused here, before it enters
//! the outbox, so bad input gets a clear error at once and the queue holds only changes the
//! backend can take (it may still refuse for state: roles, versions).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ssodesk_model::{
    CertificateRole, ConnectionStatus, IdpKind, ServiceProvider, SsoConnection, SsoConnectionInput, Timestamp,
};
use ssodesk_saml::{Certificate, CertificateChoice, CertificateFlag, PlanField, PlannedRole};
use ssodesk_store::{OutboxEntry, OutboxState, PublishedMetadataRow};
use time::OffsetDateTime;

use crate::{DeskError, Result};

/// A parsed certificate, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateSummary {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub sha256: String,
    pub sha1: String,
    pub not_before: String,
    pub not_after: String,
    pub days_left: i64,
    pub key_type: String,
    pub key_bits: Option<u32>,
    pub signature_algorithm: String,
    pub flags: Vec<CertificateFlag>,
    pub pem: String,
}

impl From<&Certificate> for CertificateSummary {
    fn from(certificate: &Certificate) -> CertificateSummary {
        CertificateSummary {
            subject: certificate.subject.clone(),
            issuer: certificate.issuer.clone(),
            serial: certificate.serial.clone(),
            sha256: certificate.sha256.clone(),
            sha1: certificate.sha1.clone(),
            not_before: certificate.not_before.clone(),
            not_after: certificate.not_after.clone(),
            days_left: certificate.days_left,
            key_type: certificate.key.key_type.clone(),
            key_bits: certificate.key.bits,
            signature_algorithm: certificate.signature_algorithm.clone(),
            flags: certificate.flags.clone(),
            pem: certificate.pem(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfiguredCertificate {
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    pub role: CertificateRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceProviderView {
    pub entity_id: String,
    pub acs_url: String,
    pub metadata_url: String,
    pub name_id_format: String,
}

impl From<ServiceProvider> for ServiceProviderView {
    fn from(sp: ServiceProvider) -> ServiceProviderView {
        ServiceProviderView {
            entity_id: sp.entity_id,
            acs_url: sp.acs_url,
            metadata_url: sp.metadata_url,
            name_id_format: sp.name_id_format,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SsoConnectionView {
    pub parent_id: String,
    pub idp: IdpKind,
    pub metadata_url: Option<String>,
    pub entity_id: String,
    pub sso_url: String,
    pub sso_binding: String,
    pub name_id_formats: Vec<String>,
    pub certificates: Vec<ConfiguredCertificate>,
    pub status: ConnectionStatus,
    pub version: i64,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishedMetadataView {
    pub url: String,
    pub fetched_at: Option<String>,
    pub error: Option<String>,
    pub certificates: Vec<CertificateSummary>,
    pub next_fetch_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingSsoChange {
    pub change_id: i64,
    pub state: &'static str,
    pub last_error: Option<String>,
}

impl From<OutboxEntry> for PendingSsoChange {
    fn from(entry: OutboxEntry) -> PendingSsoChange {
        let state = match entry.state {
            OutboxState::Pending => "pending",
            OutboxState::Conflict => "conflict",
            OutboxState::Rejected => "rejected",
        };
        PendingSsoChange { change_id: entry.id, state, last_error: entry.last_error }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SsoOfParent {
    pub parent_id: String,
    pub parent_name: String,
    pub can_manage: bool,
    pub service_provider: Option<ServiceProviderView>,
    pub connection: Option<SsoConnectionView>,
    pub published: Option<PublishedMetadataView>,
    pub pending_change: Option<PendingSsoChange>,
}

/// Parses a stored PEM, for views. A PEM the backend sent that does not parse is the backend's fault.
pub(crate) fn parse_pem(pem: &str, now: OffsetDateTime) -> Result<Certificate> {
    let mut parsed = ssodesk_saml::parse_certificates(pem.as_bytes(), now)
        .map_err(|error| DeskError::BackendData(format!("a certificate that does not parse: {error}")))?;
    if parsed.len() != 1 {
        return Err(DeskError::BackendData(format!("{} certificates where one was expected", parsed.len())));
    }
    Ok(parsed.remove(0))
}

pub(crate) fn connection_view(connection: &SsoConnection, now: OffsetDateTime) -> Result<SsoConnectionView> {
    let certificates = connection
        .certificates
        .iter()
        .map(|certificate| {
            Ok(ConfiguredCertificate {
                certificate: CertificateSummary::from(&parse_pem(&certificate.pem, now)?),
                role: certificate.role,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(SsoConnectionView {
        parent_id: connection.parent_id.clone(),
        idp: connection.idp,
        metadata_url: connection.metadata_url.clone(),
        entity_id: connection.entity_id.clone(),
        sso_url: connection.sso_url.clone(),
        sso_binding: connection.sso_binding.clone(),
        name_id_formats: connection.name_id_formats.clone(),
        certificates,
        status: connection.status,
        version: connection.version,
        updated_at: ssodesk_model::format_timestamp(connection.updated_at),
    })
}

pub(crate) fn published_view(row: &PublishedMetadataRow, now: OffsetDateTime) -> PublishedMetadataView {
    PublishedMetadataView {
        url: row.url.clone(),
        fetched_at: row.fetched_at.clone(),
        error: row.error.clone(),
        // What was stored parsed when it was stored; one that no longer does is left out.
        certificates: row.certificates.iter().filter_map(|pem| parse_pem(pem, now).ok()).map(|c| (&c).into()).collect(),
        next_fetch_at: row.next_fetch_at.clone(),
    }
}

/// Where metadata to preview comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MetadataSource {
    /// Fetched natively by the app.
    Url { url: String },
    /// Pasted, or read from a file by the UI.
    Xml { xml: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewMetadataInput {
    pub source: MetadataSource,
    #[serde(default)]
    pub entity_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataEntity {
    pub entity_id: String,
    pub is_identity_provider: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataPreview {
    pub metadata_url: Option<String>,
    pub metadata_xml: String,
    pub entities: Vec<MetadataEntity>,
    pub entity_id: Option<String>,
    pub sso_url: Option<String>,
    pub sso_binding: Option<String>,
    pub name_id_formats: Vec<String>,
    pub signing_certificates: Vec<CertificateSummary>,
    pub signed: bool,
    pub valid_until: Option<String>,
    pub warnings: Vec<String>,
}

/// What `metadata_xml` holds. `source_field` names the input the document came from (`url` or
/// `xml`), for errors. Several identity providers without `entity_id` is not an error: the
/// preview lists them and the admin picks one.
pub(crate) fn preview(
    metadata_xml: String,
    metadata_url: Option<String>,
    entity_id: Option<&str>,
    source_field: &'static str,
    now: OffsetDateTime,
) -> Result<MetadataPreview> {
    let metadata = ssodesk_saml::parse_metadata(metadata_xml.as_bytes(), now).map_err(|error| {
        DeskError::InvalidInput { field: source_field, message: format!("the IdP metadata is not usable: {error}") }
    })?;
    let entities: Vec<MetadataEntity> = metadata
        .entities
        .iter()
        .map(|entity| MetadataEntity {
            entity_id: entity.entity_id.clone(),
            is_identity_provider: entity.is_identity_provider(),
        })
        .collect();
    let entity = match ssodesk_saml::identity_provider(&metadata, entity_id) {
        Ok(entity) => Some(entity),
        Err(error) if error.field == PlanField::EntityId && entity_id.is_none() => None,
        Err(error) => {
            let field = if error.field == PlanField::EntityId { "entityId" } else { source_field };
            return Err(DeskError::InvalidInput { field, message: error.message });
        }
    };
    let mut preview = MetadataPreview {
        metadata_url,
        metadata_xml: String::new(),
        entities,
        entity_id: None,
        sso_url: None,
        sso_binding: None,
        name_id_formats: Vec::new(),
        signing_certificates: Vec::new(),
        signed: false,
        valid_until: None,
        warnings: Vec::new(),
    };
    if let Some(entity) = entity {
        preview.entity_id = Some(entity.entity_id.clone());
        preview.name_id_formats = entity.name_id_formats.clone();
        preview.signed = entity.signed;
        preview.valid_until = entity.valid_until.clone();
        match ssodesk_saml::sso_endpoint(entity) {
            Ok((url, binding)) => {
                preview.sso_url = Some(url);
                preview.sso_binding = Some(binding);
            }
            Err(error) => preview.warnings.push(error.message),
        }
        preview.signing_certificates =
            ssodesk_saml::signing_certificates(entity).map(CertificateSummary::from).collect();
        preview.warnings.extend(warnings_for(entity, &preview.signing_certificates));
        let expired_metadata = entity
            .valid_until
            .as_deref()
            .and_then(|until| ssodesk_model::parse_timestamp(until).ok())
            .filter(|until| *until <= now);
        if let Some(until) = expired_metadata {
            preview.warnings.push(format!(
                "The metadata says it is valid until {}, which has passed: the IdP may publish newer metadata at another URL.",
                ssodesk_model::format_timestamp(until)
            ));
        }
    }
    preview.metadata_xml = metadata_xml;
    Ok(preview)
}

fn warnings_for(entity: &ssodesk_saml::Entity, certificates: &[CertificateSummary]) -> Vec<String> {
    let mut warnings = Vec::new();
    if certificates.is_empty() {
        warnings.push("The metadata publishes no signing certificate; add one by hand when saving.".to_owned());
    }
    for certificate in certificates {
        let name = &certificate.subject;
        for flag in &certificate.flags {
            let warning = match flag {
                CertificateFlag::Expired => format!("{name} has expired: sign-ins signed with it are refused."),
                CertificateFlag::NotYetValid => format!("{name} is not valid yet (from {}).", certificate.not_before),
                CertificateFlag::Sha1Signature => format!("{name} is signed with SHA-1, which is deprecated."),
                CertificateFlag::WeakKey => format!("{name} has a weak key ({:?} bits).", certificate.key_bits),
                CertificateFlag::SelfSigned => continue,
            };
            warnings.push(warning);
        }
        if (0..30).contains(&certificate.days_left) {
            warnings.push(format!("{name} expires in {} days; plan its rotation.", certificate.days_left));
        }
    }
    if !entity.name_id_formats.is_empty()
        && !entity
            .name_id_formats
            .iter()
            .any(|format| format.ends_with(":emailAddress") || format.ends_with(":unspecified"))
    {
        warnings.push("The IdP does not list the emailAddress NameID format, which sign-in uses.".to_owned());
    }
    warnings
}

/// A change to a parent's connection, as the UI sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaveSsoConnectionInput {
    pub parent_id: String,
    pub idp: IdpKind,
    #[serde(default)]
    pub metadata_url: Option<String>,
    #[serde(default)]
    pub metadata_xml: Option<String>,
    #[serde(default)]
    pub entity_id: Option<String>,
    #[serde(default)]
    pub certificates: Option<Vec<CertificateInputView>>,
    #[serde(default)]
    pub status: Option<ConnectionStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInputView {
    pub pem: String,
    pub role: CertificateRole,
}

/// Checks a change with the backend's rules and turns it into the API body. The app always sends
/// the document (fetching a URL itself first), so the backend never has to reach the IdP.
pub(crate) fn checked_input(
    input: SaveSsoConnectionInput,
    existing: Option<&SsoConnection>,
    now: Timestamp,
) -> Result<SsoConnectionInput> {
    // A change that keeps the metadata (a rotation step changing only the certificates) sends
    // the document the connection was built from again.
    let metadata_xml = input
        .metadata_xml
        .filter(|xml| !xml.trim().is_empty())
        .or_else(|| existing.and_then(|connection| connection.metadata_xml.clone()))
        .ok_or(DeskError::InvalidInput {
            field: "metadataXml",
            message: "import the IdP's metadata first (by URL, file or paste)".into(),
        })?;
    let given: Option<Vec<CertificateChoice<'_>>> = input.certificates.as_ref().map(|given| {
        given
            .iter()
            .map(|certificate| CertificateChoice { pem: &certificate.pem, role: planned(certificate.role) })
            .collect()
    });
    let known: Option<HashMap<String, PlannedRole>> = existing.map(|connection| {
        connection
            .certificates
            .iter()
            .map(|certificate| (certificate.sha256.clone(), planned(certificate.role)))
            .collect()
    });
    ssodesk_saml::plan_connection(&metadata_xml, input.entity_id.as_deref(), given.as_deref(), known.as_ref(), now)
        .map_err(|error| DeskError::InvalidInput {
            field: match error.field {
                PlanField::MetadataXml => "metadataXml",
                PlanField::EntityId => "entityId",
                PlanField::Certificates | PlanField::Certificate(_) => "certificates",
            },
            message: match error.field {
                PlanField::Certificate(index) => format!("certificate {}: {}", index + 1, error.message),
                _ => error.message,
            },
        })?;
    let current = existing.map_or(ConnectionStatus::Draft, |connection| connection.status);
    if let Some(requested @ (ConnectionStatus::Tested | ConnectionStatus::Active)) = input.status {
        if current == ConnectionStatus::Draft {
            return Err(DeskError::InvalidInput {
                field: "status",
                message: format!(
                    "the connection is a draft; it becomes {} only after a successful test sign-in",
                    requested.as_str()
                ),
            });
        }
    }
    Ok(SsoConnectionInput {
        idp: input.idp,
        metadata_url: input.metadata_url.filter(|url| !url.trim().is_empty()),
        metadata_xml: Some(metadata_xml),
        entity_id: input.entity_id,
        certificates: input.certificates.map(|given| {
            given
                .into_iter()
                .map(|certificate| ssodesk_model::CertificateInput { pem: certificate.pem, role: certificate.role })
                .collect()
        }),
        status: input.status,
    })
}

fn planned(role: CertificateRole) -> PlannedRole {
    match role {
        CertificateRole::Active => PlannedRole::Active,
        CertificateRole::Staged => PlannedRole::Staged,
    }
}
