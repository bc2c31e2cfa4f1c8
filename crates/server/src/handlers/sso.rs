//! A parent's SAML connection (read, create or replace, remove) and the service provider values
//! and metadata the admin gives the IdP.
//!
//! Anyone who sees a parent sees its connection; changing it needs a role that can manage the
//! parent, as for domains.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use ssodesk_model::{ServiceProvider, SsoConnectionInput};

use super::{ok_json, visible_parent, Answer};
use crate::audit::{self, AuditActor, NewAuditEvent};
use crate::database::now;
use crate::extract::{Caller, JsonBody, ParentId, PutConditions, WriteConditions, SSO_CONNECTION_BODY_BYTES};
use crate::metadata_fetch::fetch_metadata;
use crate::problem::ApiProblem;
use crate::routes::AppState;
use crate::sso::{connection_from_input, delete_connection, find_connection, put_connection, StoredConnection};
use crate::write::{run_write, stored_answer, version_mismatch, WriteRequest, Written};
use ssodesk_saml::BINDING_POST;

const NAME_ID_EMAIL: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

fn no_connection(parent_id: &str) -> ApiProblem {
    ApiProblem::not_found(format!("the parent organization {parent_id} has no SSO connection yet"))
}

fn require_manage(access: &crate::resources::ParentAccess, what: &str) -> Result<(), ApiProblem> {
    if access.can_manage() {
        return Ok(());
    }
    Err(ApiProblem::forbidden(format!(
        "{what} needs Owner or Primary Owner of one of the parent's Team or Enterprise organizations, or Admin of one of its Console organizations"
    )))
}

pub(crate) async fn get_sso_connection(State(app): State<AppState>, caller: Caller, ParentId(id): ParentId) -> Answer {
    let connection = app
        .db
        .call(move |connection| {
            let (parent, _) = visible_parent(connection, &caller, &id)?;
            let row = find_connection(connection, &parent.id)?.ok_or_else(|| no_connection(&parent.id))?;
            Ok::<_, ApiProblem>(row.clone())
        })
        .await??;
    Ok(ok_json(&connection, Some(connection.version)))
}

pub(crate) async fn put_sso_connection(
    State(app): State<AppState>,
    caller: Caller,
    ParentId(id): ParentId,
    conditions: PutConditions,
    body: JsonBody<SsoConnectionInput, SSO_CONNECTION_BODY_BYTES>,
) -> Answer {
    let request = WriteRequest::put(caller, &conditions, &body.bytes);
    let input = body.value;
    if let Some(url) = &input.metadata_url {
        crate::metadata_fetch::check_url(url).map_err(|reason| ApiProblem::invalid_field("metadata_url", reason))?;
    }
    let metadata_xml = match &input.metadata_xml {
        Some(xml) => Some(xml.clone()),
        None => {
            let Some(url) = input.metadata_url.clone() else {
                return Err(ApiProblem::invalid_field(
                    "metadata_xml",
                    "give the IdP's metadata as metadata_xml, or metadata_url to have it fetched",
                ));
            };
            let before = {
                let (request, id) = (request.clone(), id.clone());
                app.db
                    .call(move |connection| -> Result<BeforeFetch, ApiProblem> {
                        if let Some(replay) = stored_answer(connection, &request)? {
                            return Ok(BeforeFetch::Replay(replay));
                        }
                        let may_change = visible_parent(connection, &request.caller, &id)
                            .is_ok_and(|(_, access)| access.can_manage());
                        Ok(if may_change { BeforeFetch::Fetch } else { BeforeFetch::NoFetch })
                    })
                    .await??
            };
            match before {
                // A retry of a request that was answered already is replayed without fetching again.
                BeforeFetch::Replay(response) => return Ok(response),
                // The fetch runs before and outside the transaction: it may take seconds.
                BeforeFetch::Fetch => Some(
                    fetch_metadata(&url).await.map_err(|reason| ApiProblem::invalid_field("metadata_url", reason))?,
                ),
                // Nothing is fetched for a caller the transaction will refuse: the server reaches
                // out to a URL only for someone allowed to configure SSO.
                BeforeFetch::NoFetch => None,
            }
        }
    };
    app.db
        .call(move |connection| {
            run_write(connection, &request, |connection| {
                store_connection(connection, &request, &id, &input, metadata_xml.as_deref())
            })
        })
        .await?
}

/// What a `PUT` with only `metadata_url` does before its transaction.
enum BeforeFetch {
    /// The stored answer to the same request.
    Replay(Response),
    /// Fetch the metadata, then write.
    Fetch,
    /// No fetch: the transaction refuses the caller (and stores the refusal).
    NoFetch,
}

fn store_connection(
    connection: &Connection,
    request: &WriteRequest,
    parent_id: &str,
    input: &SsoConnectionInput,
    metadata_xml: Option<&str>,
) -> Result<Written, ApiProblem> {
    let caller = &request.caller;
    let (parent, access) = visible_parent(connection, caller, parent_id)?;
    require_manage(&access, "changing the SSO connection")?;
    let Some(metadata_xml) = metadata_xml else {
        // The caller's role changed between the check before the fetch and this transaction.
        let mut problem =
            ApiProblem::new(ssodesk_model::ProblemKind::Unavailable, "the metadata was not fetched yet; try again");
        problem.retry_after_seconds = Some(1);
        return Err(problem);
    };
    let existing = find_connection(connection, &parent.id)?;
    match (&existing, request.if_match) {
        (Some(existing), if_match) => {
            let Some(if_match) = if_match else {
                return Err(ApiProblem::new(
                    ssodesk_model::ProblemKind::PreconditionRequired,
                    format!(
                        "the parent has an SSO connection already; replacing it needs If-Match with its version, such as If-Match: \"{}\"",
                        existing.version
                    ),
                ));
            };
            if let Some(problem) = version_mismatch(Some(if_match), existing.version, &existing.clone()) {
                return Err(problem);
            }
        }
        (None, Some(if_match)) => {
            return Err(ApiProblem::new(
                ssodesk_model::ProblemKind::VersionMismatch,
                format!(
                    "you sent If-Match \"{if_match}\" but the parent has no SSO connection; create it without If-Match"
                ),
            ));
        }
        (None, None) => {}
    }
    let mut row = connection_from_input(&parent.id, input, metadata_xml, existing.as_ref(), now())?;
    if let Some(existing) = &existing {
        if existing.same_content(&row) {
            return Ok(Written::new(&existing.clone(), existing.version));
        }
        row.version = existing.version + 1;
    }
    put_connection(connection, &row)?;
    audit::append(
        connection,
        &NewAuditEvent {
            parent_id: &parent.id,
            actor: AuditActor::User(caller),
            action: if existing.is_some() { "sso_connection.update" } else { "sso_connection.create" },
            resource_type: "sso_connection",
            resource_id: &parent.id,
            before: existing.as_ref().map(|row| row.audit_json()),
            after: Some(row.audit_json()),
        },
    )?;
    let view = row.clone();
    if existing.is_some() {
        Ok(Written::new(&view, row.version))
    } else {
        Ok(Written::created(&view, row.version))
    }
}

pub(crate) async fn delete_sso_connection(
    State(app): State<AppState>,
    caller: Caller,
    ParentId(id): ParentId,
    conditions: WriteConditions,
) -> Answer {
    let request = WriteRequest::new(caller, &conditions, &[]);
    app.db
        .call(move |connection| {
            run_write(connection, &request, |connection| remove_connection(connection, &request, &id))
        })
        .await?
}

fn remove_connection(connection: &Connection, request: &WriteRequest, parent_id: &str) -> Result<Written, ApiProblem> {
    let caller = &request.caller;
    let (parent, access) = visible_parent(connection, caller, parent_id)?;
    require_manage(&access, "removing the SSO connection")?;
    let existing = find_connection(connection, &parent.id)?.ok_or_else(|| no_connection(&parent.id))?;
    if let Some(problem) = version_mismatch(request.if_match, existing.version, &existing.clone()) {
        return Err(problem);
    }
    delete_connection(connection, &parent.id)?;
    audit::append(
        connection,
        &NewAuditEvent {
            parent_id: &parent.id,
            actor: AuditActor::User(caller),
            action: "sso_connection.delete",
            resource_type: "sso_connection",
            resource_id: &parent.id,
            before: Some(existing.audit_json()),
            after: None,
        },
    )?;
    Ok(Written::no_content())
}

/// The SP values of a parent, under the server's public URL.
fn service_provider(public_url: &str, parent_id: &str) -> ServiceProvider {
    ServiceProvider {
        entity_id: format!("{public_url}/saml/{parent_id}"),
        acs_url: format!("{public_url}/saml/{parent_id}/acs"),
        metadata_url: format!("{public_url}/saml/{parent_id}/metadata"),
        name_id_format: NAME_ID_EMAIL.to_owned(),
    }
}

pub(crate) async fn get_service_provider(
    State(app): State<AppState>,
    caller: Caller,
    ParentId(id): ParentId,
) -> Answer {
    let parent_id = app
        .db
        .call(move |connection| {
            let (parent, _) = visible_parent(connection, &caller, &id)?;
            Ok::<_, ApiProblem>(parent.id)
        })
        .await??;
    Ok(ok_json(&service_provider(&app.public_url, &parent_id), None))
}

/// `GET /saml/{id}/metadata`: the SP metadata IdPs import (Entra ID, ADFS, Shibboleth). Public,
/// like every SP's metadata; an unknown parent is a 404.
pub(crate) async fn sp_metadata(State(app): State<AppState>, ParentId(id): ParentId) -> Answer {
    let exists = {
        let id = id.clone();
        app.db
            .call(move |connection| crate::resources::find_parent(connection, &id).map(|parent| parent.is_some()))
            .await??
    };
    if !exists {
        return Err(ApiProblem::not_found(format!("no parent organization {id}")));
    }
    let sp = service_provider(&app.public_url, &id);
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{entity_id}">
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>{name_id}</md:NameIDFormat>
    <md:AssertionConsumerService Binding="{binding}" Location="{acs}" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
"#,
        entity_id = xml_attribute(&sp.entity_id),
        name_id = NAME_ID_EMAIL,
        binding = BINDING_POST,
        acs = xml_attribute(&sp.acs_url),
    );
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, "application/samlmetadata+xml".parse().expect("a valid header value"));
    Ok((StatusCode::OK, headers, xml).into_response())
}

fn xml_attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}
