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
use ssodesk_saml::{plan_connection, CertificateChoice, PlanField, PlannedCertificate, PlannedRole};

use crate::database::parse_stored_timestamp;
use crate::problem::ApiProblem;
use crate::{Result, ServerError};

/// A connection as stored: exactly the API's resource, which has no caller-specific fields.
pub(crate) type ConnectionRow = SsoConnection;

/// What the audit log and comparisons need of a stored connection.
pub(crate) trait StoredConnection {
    fn audit_json(&self) -> serde_json::Value;
    fn same_content(&self, other: &SsoConnection) -> bool;
}

impl StoredConnection for SsoConnection {
    /// The connection as the audit log keeps it: without the metadata document and the PEMs,
    /// which the fingerprints identify.
    fn audit_json(&self) -> serde_json::Value {
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
    fn same_content(&self, other: &SsoConnection) -> bool {
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
    let given: Option<Vec<CertificateChoice<'_>>> = input.certificates.as_ref().map(|given| {
        given.iter().map(|input| CertificateChoice { pem: &input.pem, role: planned_role(input.role) }).collect()
    });
    let known: Option<HashMap<String, PlannedRole>> = existing.map(|row| {
        row.certificates
            .iter()
            .map(|certificate| (certificate.sha256.clone(), planned_role(certificate.role)))
            .collect()
    });
    let plan = plan_connection(metadata_xml, input.entity_id.as_deref(), given.as_deref(), known.as_ref(), now)
        .map_err(|error| ApiProblem::invalid_field(&field_name(error.field), error.message))?;
    let certificates = plan
        .certificates
        .iter()
        .map(|planned| {
            stored_certificate(planned, if input.certificates.is_some() { "certificates" } else { "metadata_xml" })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let status = status_after(input.status, existing.map(|row| row.status))?;
    Ok(ConnectionRow {
        parent_id: parent_id.to_owned(),
        idp: input.idp,
        metadata_url: input.metadata_url.clone(),
        metadata_xml: Some(metadata_xml.to_owned()),
        entity_id: plan.entity_id,
        sso_url: plan.sso_url,
        sso_binding: plan.sso_binding,
        name_id_formats: plan.name_id_formats,
        certificates,
        status,
        version: existing.map_or(1, |row| row.version),
        created_at: existing.map_or(now, |row| row.created_at),
        updated_at: now,
    })
}

fn planned_role(role: CertificateRole) -> PlannedRole {
    match role {
        CertificateRole::Active => PlannedRole::Active,
        CertificateRole::Staged => PlannedRole::Staged,
    }
}

fn field_name(field: PlanField) -> String {
    match field {
        PlanField::MetadataXml => "metadata_xml".to_owned(),
        PlanField::EntityId => "entity_id".to_owned(),
        PlanField::Certificates => "certificates".to_owned(),
        PlanField::Certificate(index) => format!("certificates[{index}].pem"),
    }
}

fn stored_certificate(planned: &PlannedCertificate, field: &str) -> Result<ConnectionCertificate, ApiProblem> {
    let certificate = &planned.certificate;
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
        role: match planned.role {
            PlannedRole::Active => CertificateRole::Active,
            PlannedRole::Staged => CertificateRole::Staged,
        },
        pem: certificate.pem(),
    })
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
