//! Parents' SAML connections in the database, and how a `PUT` body becomes one.
//!
//! Invariant: what is stored was parsed and validated when it was stored. `entity_id`,
//! `sso_url`, `sso_binding` and `name_id_formats` are derived from the metadata; every
//! certificate was parsed by `ssodesk-saml`; at least one certificate is `active`.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use ssodesk_model::{
    CertificateRole, ConnectionCertificate, ConnectionStatus, IdpKind, SsoConnection, SsoConnectionInput, Timestamp,
};
use ssodesk_saml::{Certificate, Entity, KeyUse, Metadata};

use crate::database::parse_stored_timestamp;
use crate::problem::ApiProblem;
use crate::{Result, ServerError};

pub(crate) const BINDING_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
pub(crate) const BINDING_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// A connection as stored. `version`, `created_at` and `updated_at` belong to the write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConnectionRow {
    pub parent_id: String,
    pub idp: IdpKind,
    pub metadata_url: Option<String>,
    pub metadata_xml: Option<String>,
    pub entity_id: String,
    pub sso_url: String,
    pub sso_binding: String,
    pub name_id_formats: Vec<String>,
    pub certificates: Vec<ConnectionCertificate>,
    pub status: ConnectionStatus,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl ConnectionRow {
    pub fn view(&self) -> SsoConnection {
        SsoConnection {
            parent_id: self.parent_id.clone(),
            idp: self.idp,
            metadata_url: self.metadata_url.clone(),
            metadata_xml: self.metadata_xml.clone(),
            entity_id: self.entity_id.clone(),
            sso_url: self.sso_url.clone(),
            sso_binding: self.sso_binding.clone(),
            name_id_formats: self.name_id_formats.clone(),
            certificates: self.certificates.clone(),
            status: self.status,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    /// The connection as the audit log keeps it: without the metadata document and the PEMs,
    /// which the fingerprints identify.
    pub fn audit_json(&self) -> serde_json::Value {
        let certificates: Vec<_> = self
            .certificates
            .iter()
            .map(|certificate| {
                serde_json::json!({
                    "sha256": certificate.sha256,
                    "subject": certificate.subject,
                    "not_after": ssodesk_model::format_timestamp(certificate.not_after),
                    "role": certificate.role,
                })
            })
            .collect();
        serde_json::json!({
            "idp": self.idp,
            "metadata_url": self.metadata_url,
            "entity_id": self.entity_id,
            "sso_url": self.sso_url,
            "sso_binding": self.sso_binding,
            "certificates": certificates,
            "status": self.status,
            "version": self.version,
        })
    }

    /// Whether `other` says the same as this row, ignoring version and timestamps: a `PUT` of
    /// what is already stored changes nothing.
    pub fn same_content(&self, other: &ConnectionRow) -> bool {
        let strip = |row: &ConnectionRow| ConnectionRow {
            version: 0,
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
            ..row.clone()
        };
        strip(self) == strip(other)
    }
}

/// The connection that `input` (with the metadata document `metadata_xml`, given or fetched)
/// describes, given the parent's current connection if any. `now` is the time of the write.
///
/// Every refusal is a 422 naming the field at fault and, for metadata, the element and line.
pub(crate) fn connection_from_input(
    parent_id: &str,
    input: &SsoConnectionInput,
    metadata_xml: &str,
    existing: Option<&ConnectionRow>,
    now: Timestamp,
) -> Result<ConnectionRow, ApiProblem> {
    let metadata = ssodesk_saml::parse_metadata(metadata_xml.as_bytes(), now).map_err(|error| {
        ApiProblem::invalid_field("metadata_xml", format!("the IdP metadata is not usable: {error}"))
    })?;
    let entity = identity_provider(&metadata, input.entity_id.as_deref())?;
    let (sso_url, sso_binding) = sso_endpoint(entity)?;
    let certificates = match &input.certificates {
        Some(given) => certificates_from_input(given, now)?,
        None => certificates_from_metadata(entity, existing)?,
    };
    if !certificates.iter().any(|certificate| certificate.role == CertificateRole::Active) {
        return Err(ApiProblem::invalid_field(
            "certificates",
            "at least one certificate must be active: the IdP signs with it until a staged one is activated",
        ));
    }
    let status = status_after(input.status, existing.map(|row| row.status))?;
    Ok(ConnectionRow {
        parent_id: parent_id.to_owned(),
        idp: input.idp,
        metadata_url: input.metadata_url.clone(),
        metadata_xml: Some(metadata_xml.to_owned()),
        entity_id: entity.entity_id.clone(),
        sso_url,
        sso_binding,
        name_id_formats: entity.name_id_formats.clone(),
        certificates,
        status,
        version: existing.map_or(1, |row| row.version),
        created_at: existing.map_or(now, |row| row.created_at),
        updated_at: now,
    })
}

fn identity_provider<'a>(metadata: &'a Metadata, wanted: Option<&str>) -> Result<&'a Entity, ApiProblem> {
    match wanted {
        Some(wanted) => {
            let entity = metadata.entities.iter().find(|entity| entity.entity_id == wanted).ok_or_else(|| {
                ApiProblem::invalid_field("entity_id", format!("the metadata has no entity with entityID {wanted:?}"))
            })?;
            if !entity.is_identity_provider() {
                return Err(ApiProblem::invalid_field(
                    "entity_id",
                    format!("{wanted} is not an identity provider (it has no <IDPSSODescriptor>)"),
                ));
            }
            Ok(entity)
        }
        None => metadata.identity_provider().map_err(|error| {
            let field = match error {
                ssodesk_saml::SamlError::SeveralIdentityProviders { .. } => "entity_id",
                _ => "metadata_xml",
            };
            ApiProblem::invalid_field(field, error.to_string())
        }),
    }
}

/// The endpoint the backend sends users to: HTTP-Redirect when offered (what AuthnRequests use
/// by default), else HTTP-POST.
fn sso_endpoint(entity: &Entity) -> Result<(String, String), ApiProblem> {
    [BINDING_REDIRECT, BINDING_POST]
        .iter()
        .find_map(|binding| {
            entity.sso.iter().find(|endpoint| endpoint.binding == *binding).map(|endpoint| {
                (endpoint.location.clone(), endpoint.binding.clone())
            })
        })
        .ok_or_else(|| {
            let offered: Vec<&str> = entity.sso.iter().map(|endpoint| endpoint.binding.as_str()).collect();
            let offered = if offered.is_empty() { "none".to_owned() } else { offered.join(", ") };
            ApiProblem::invalid_field(
                "metadata_xml",
                format!(
                    "<IDPSSODescriptor> of {}: no <SingleSignOnService> with the HTTP-Redirect or HTTP-POST binding (offered: {offered})",
                    entity.entity_id
                ),
            )
        })
}

fn stored_certificate(
    certificate: &Certificate,
    role: CertificateRole,
    field: &str,
) -> Result<ConnectionCertificate, ApiProblem> {
    let timestamp = |text: &str| {
        ssodesk_model::parse_timestamp(text).map_err(|_| {
            ApiProblem::invalid_field(field, format!("the certificate's validity {text:?} is out of range"))
        })
    };
    Ok(ConnectionCertificate {
        sha256: certificate.sha256.clone(),
        sha1: certificate.sha1.clone(),
        subject: certificate.subject.clone(),
        issuer: certificate.issuer.clone(),
        serial: certificate.serial.clone(),
        not_before: timestamp(&certificate.not_before)?,
        not_after: timestamp(&certificate.not_after)?,
        role,
        pem: certificate.pem(),
    })
}

fn certificates_from_input(
    given: &[ssodesk_model::CertificateInput],
    now: Timestamp,
) -> Result<Vec<ConnectionCertificate>, ApiProblem> {
    if given.is_empty() {
        return Err(ApiProblem::invalid_field(
            "certificates",
            "give at least one certificate, or leave certificates out to use the metadata's",
        ));
    }
    let mut stored: Vec<ConnectionCertificate> = Vec::with_capacity(given.len());
    for (index, input) in given.iter().enumerate() {
        let field = format!("certificates[{index}].pem");
        let parsed = ssodesk_saml::parse_certificates(input.pem.as_bytes(), now)
            .map_err(|error| ApiProblem::invalid_field(&field, error.to_string()))?;
        let [certificate] = parsed.as_slice() else {
            return Err(ApiProblem::invalid_field(
                &field,
                format!("holds {} certificates; give one per entry", parsed.len()),
            ));
        };
        if stored.iter().any(|earlier| earlier.sha256 == certificate.sha256) {
            return Err(ApiProblem::invalid_field(
                &field,
                format!("the certificate {} is listed twice", certificate.sha256),
            ));
        }
        stored.push(stored_certificate(certificate, input.role, &field)?);
    }
    sort_active_first(&mut stored);
    Ok(stored)
}

/// The metadata's signing certificates. Ones the connection has already keep their role; on an
/// existing connection a new one is `staged`, because the IdP publishing a second certificate
/// is how a rotation begins, and switching to it before a test sign-in would break logins.
fn certificates_from_metadata(
    entity: &Entity,
    existing: Option<&ConnectionRow>,
) -> Result<Vec<ConnectionCertificate>, ApiProblem> {
    let known: HashMap<&str, CertificateRole> = existing
        .map(|row| row.certificates.iter().map(|certificate| (certificate.sha256.as_str(), certificate.role)).collect())
        .unwrap_or_default();
    let new_role = if existing.is_some() { CertificateRole::Staged } else { CertificateRole::Active };
    let mut stored = Vec::new();
    for published in entity.certificates.iter().filter(|published| published.key_use != KeyUse::Encryption) {
        let role = known.get(published.certificate.sha256.as_str()).copied().unwrap_or(new_role);
        stored.push(stored_certificate(&published.certificate, role, "metadata_xml")?);
    }
    if stored.is_empty() {
        return Err(ApiProblem::invalid_field(
            "metadata_xml",
            format!(
                "<IDPSSODescriptor> of {}: no signing certificate (<KeyDescriptor> with use=\"signing\" or no use); give one under certificates",
                entity.entity_id
            ),
        ));
    }
    // When none of the published certificates is one the connection had (the IdP replaced its
    // certificate outright), they cannot all wait staged: the newest becomes active, as the IdP
    // signs with it already.
    if !stored.iter().any(|certificate| certificate.role == CertificateRole::Active) {
        if let Some(newest) = stored.iter_mut().max_by_key(|certificate| certificate.not_before) {
            newest.role = CertificateRole::Active;
        }
    }
    sort_active_first(&mut stored);
    Ok(stored)
}

fn sort_active_first(certificates: &mut [ConnectionCertificate]) {
    certificates.sort_by_key(|certificate| certificate.role != CertificateRole::Active);
}

/// The status after a `PUT`. A connection becomes `tested` only through a successful test
/// sign-in, so a `PUT` may keep the status, go back to `draft`, or activate a tested connection.
fn status_after(
    requested: Option<ConnectionStatus>,
    current: Option<ConnectionStatus>,
) -> Result<ConnectionStatus, ApiProblem> {
    let current = current.unwrap_or(ConnectionStatus::Draft);
    let Some(requested) = requested else { return Ok(current) };
    use ConnectionStatus::{Active, Draft, Tested};
    match (current, requested) {
        (_, Draft) | (Tested | Active, Tested) => Ok(requested),
        (Tested | Active, Active) => Ok(Active),
        (Draft, Tested | Active) => Err(ApiProblem::conflict(format!(
            "the connection is a draft; it becomes {} only after a successful test sign-in",
            requested.as_str()
        ))),
    }
}

const COLUMNS: &str = "parent_id, idp, metadata_url, metadata_xml, entity_id, sso_url, sso_binding, \
                       name_id_formats_json, certificates_json, status, version, created_at, updated_at";

pub(crate) fn find_connection(connection: &Connection, parent_id: &str) -> Result<Option<ConnectionRow>> {
    let raw = connection
        .query_row(&format!("SELECT {COLUMNS} FROM sso_connections WHERE parent_id = ?1"), [parent_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
                row.get::<_, String>(8)?,
                row.get::<_, String>(9)?,
                row.get::<_, i64>(10)?,
                row.get::<_, String>(11)?,
                row.get::<_, String>(12)?,
            ))
        })
        .optional()?;
    let Some((
        parent_id,
        idp,
        metadata_url,
        metadata_xml,
        entity_id,
        sso_url,
        sso_binding,
        formats,
        certificates,
        status,
        version,
        created_at,
        updated_at,
    )) = raw
    else {
        return Ok(None);
    };
    Ok(Some(ConnectionRow {
        idp: IdpKind::parse(&idp).ok_or_else(|| ServerError::corrupt("sso connection idp", &idp))?,
        status: ConnectionStatus::parse(&status)
            .ok_or_else(|| ServerError::corrupt("sso connection status", &status))?,
        name_id_formats: serde_json::from_str(&formats).map_err(|e| ServerError::corrupt("name id formats", e))?,
        certificates: serde_json::from_str(&certificates)
            .map_err(|e| ServerError::corrupt("sso connection certificates", e))?,
        created_at: parse_stored_timestamp(&created_at)?,
        updated_at: parse_stored_timestamp(&updated_at)?,
        parent_id,
        metadata_url,
        metadata_xml,
        entity_id,
        sso_url,
        sso_binding,
        version,
    }))
}

/// Inserts or replaces the parent's connection.
pub(crate) fn put_connection(connection: &Connection, row: &ConnectionRow) -> Result<()> {
    connection.execute(
        &format!("INSERT OR REPLACE INTO sso_connections ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
        rusqlite::params![
            row.parent_id,
            row.idp.as_str(),
            row.metadata_url,
            row.metadata_xml,
            row.entity_id,
            row.sso_url,
            row.sso_binding,
            to_json(&row.name_id_formats),
            to_json(&row.certificates),
            row.status.as_str(),
            row.version,
            ssodesk_model::format_timestamp(row.created_at),
            ssodesk_model::format_timestamp(row.updated_at),
        ],
    )?;
    Ok(())
}

pub(crate) fn delete_connection(connection: &Connection, parent_id: &str) -> Result<()> {
    connection.execute("DELETE FROM sso_connections WHERE parent_id = ?1", [parent_id])?;
    Ok(())
}

fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("plain data always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_put_may_keep_the_status_go_back_to_draft_or_activate_a_tested_connection() {
        use ConnectionStatus::*;
        assert_eq!(status_after(None, None).unwrap(), Draft);
        assert_eq!(status_after(None, Some(Active)).unwrap(), Active);
        assert_eq!(status_after(Some(Draft), Some(Active)).unwrap(), Draft);
        assert_eq!(status_after(Some(Active), Some(Tested)).unwrap(), Active);
        assert_eq!(status_after(Some(Tested), Some(Active)).unwrap(), Tested);
        assert!(status_after(Some(Tested), None).is_err());
        assert!(status_after(Some(Active), Some(Draft)).is_err());
        assert!(status_after(Some(Tested), Some(Draft)).is_err());
    }
}
