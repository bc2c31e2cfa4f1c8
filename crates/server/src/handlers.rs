//! The API v1 handlers. Each reads its input through the extractors in `extract.rs`, does its
//! database work in one [`Database::call`](crate::Database), and answers JSON or a problem.
//!
//! A write that changes nothing (an absent name, or the name the resource already has) still
//! answers 200 with the resource, but does not bump the version and appends no audit event:
//! nothing was written. Its preconditions (role, `If-Match`) are checked all the same.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rusqlite::Connection;
use ssodesk_model::{OrgName, OrgPatch, Page, ParentPatch, ValidationError};

mod domains;
mod sso;

pub(crate) use domains::{add_domain, delete_domain, get_domain, list_domains, verify_domain};
pub(crate) use sso::{
    delete_sso_connection, get_service_provider, get_sso_connection, put_sso_connection, sp_metadata,
};

use crate::audit::{self, AuditActor, NewAuditEvent};
use crate::database::now;
use crate::extract::{AuditQuery, Caller, JsonBody, OrgId, ParentId, WriteConditions};
use crate::problem::{json_response, ApiProblem};
use crate::resources::{find_org, find_parent, orgs_of_parent, parent_access, visible_parents, OrgRow, ParentRow};
use crate::routes::AppState;
use crate::write::{etag, run_write, version_mismatch, WriteRequest, Written};

type Answer = Result<Response, ApiProblem>;

fn ok_json(value: &impl serde::Serialize, version: Option<i64>) -> Response {
    let body = serde_json::to_vec(value).expect("API resources are plain data and always serialise");
    json_response(StatusCode::OK, body, version.map(etag))
}

fn parent_not_found(id: &str) -> ApiProblem {
    ApiProblem::not_found(format!("no parent organization {id} that you can see"))
}

fn org_not_found(id: &str) -> ApiProblem {
    ApiProblem::not_found(format!("no organization {id} that you can see"))
}

pub(crate) async fn health() -> Response {
    json_response(StatusCode::OK, br#"{"status":"ok"}"#.to_vec(), None)
}

pub(crate) async fn openapi_document() -> Response {
    json_response(StatusCode::OK, crate::OPENAPI_JSON.as_bytes().to_vec(), None)
}

pub(crate) async fn me(State(app): State<AppState>, caller: Caller) -> Answer {
    let me = app.db.call(move |connection| crate::resources::me(connection, &caller.user_id)).await??;
    Ok(ok_json(&me, None))
}

pub(crate) async fn list_parents(State(app): State<AppState>, caller: Caller) -> Answer {
    let page = app
        .db
        .call(move |connection| -> crate::Result<_> {
            let mut items = Vec::new();
            for parent in visible_parents(connection, &caller.user_id)? {
                let access = parent_access(connection, &caller.user_id, &parent.id)?;
                items.push(parent.view(&access));
            }
            Ok(Page { items, next_cursor: None })
        })
        .await??;
    Ok(ok_json(&page, None))
}

/// The parent and the caller's access to it, or 404 when the caller cannot see it.
fn visible_parent(
    connection: &Connection,
    caller: &Caller,
    id: &str,
) -> Result<(ParentRow, crate::resources::ParentAccess), ApiProblem> {
    let parent = find_parent(connection, id)?.ok_or_else(|| parent_not_found(id))?;
    let access = parent_access(connection, &caller.user_id, &parent.id)?;
    if !access.is_visible() {
        return Err(parent_not_found(id));
    }
    Ok((parent, access))
}

/// The organization and the caller's access to its parent, or 404 when the caller cannot see it.
fn visible_org(
    connection: &Connection,
    caller: &Caller,
    id: &str,
) -> Result<(OrgRow, crate::resources::ParentAccess), ApiProblem> {
    let org = find_org(connection, id)?.ok_or_else(|| org_not_found(id))?;
    let access = parent_access(connection, &caller.user_id, &org.parent_id)?;
    if !access.is_visible() {
        return Err(org_not_found(id));
    }
    Ok((org, access))
}

pub(crate) async fn get_parent(State(app): State<AppState>, caller: Caller, ParentId(id): ParentId) -> Answer {
    let parent = app
        .db
        .call(move |connection| {
            let (parent, access) = visible_parent(connection, &caller, &id)?;
            Ok::<_, ApiProblem>(parent.view(&access))
        })
        .await??;
    Ok(ok_json(&parent, Some(parent.version)))
}

pub(crate) async fn list_orgs(State(app): State<AppState>, caller: Caller, ParentId(id): ParentId) -> Answer {
    let page = app
        .db
        .call(move |connection| {
            let (parent, access) = visible_parent(connection, &caller, &id)?;
            let items =
                orgs_of_parent(connection, &parent.id)?.iter().map(|org| org.view(access.role_in(&org.id))).collect();
            Ok::<_, ApiProblem>(Page { items, next_cursor: None })
        })
        .await??;
    Ok(ok_json(&page, None))
}

pub(crate) async fn get_org(State(app): State<AppState>, caller: Caller, OrgId(id): OrgId) -> Answer {
    let org = app
        .db
        .call(move |connection| {
            let (org, access) = visible_org(connection, &caller, &id)?;
            Ok::<_, ApiProblem>(org.view(access.role_in(&org.id)))
        })
        .await??;
    Ok(ok_json(&org, Some(org.version)))
}

pub(crate) async fn list_audit_events(
    State(app): State<AppState>,
    caller: Caller,
    ParentId(id): ParentId,
    query: AuditQuery,
) -> Answer {
    let page = app
        .db
        .call(move |connection| {
            let (parent, access) = visible_parent(connection, &caller, &id)?;
            if !access.can_manage() {
                return Err(ApiProblem::forbidden(
                    "reading the audit log needs a role that can manage one of this parent's organizations",
                ));
            }
            Ok(audit::page(connection, &parent.id, &query)?)
        })
        .await??;
    Ok(ok_json(&page, None))
}

/// The new name of a patch, or `None` when the patch leaves the name as it is.
fn new_name(requested: Option<&str>, current: &str) -> Result<Option<OrgName>, ApiProblem> {
    let Some(raw) = requested else { return Ok(None) };
    let name = OrgName::parse(raw).map_err(|error: ValidationError| ApiProblem::validation(&error))?;
    Ok((name.as_str() != current).then_some(name))
}

pub(crate) async fn patch_parent(
    State(app): State<AppState>,
    caller: Caller,
    ParentId(id): ParentId,
    conditions: WriteConditions,
    body: JsonBody<ParentPatch>,
) -> Answer {
    let request = WriteRequest::new(caller, &conditions, &body.bytes);
    let patch = body.value;
    app.db
        .call(move |connection| {
            run_write(connection, &request, |connection| update_parent(connection, &request, &id, &patch))
        })
        .await?
}

fn update_parent(
    connection: &Connection,
    request: &WriteRequest,
    id: &str,
    patch: &ParentPatch,
) -> Result<Written, ApiProblem> {
    let caller = &request.caller;
    let (parent, access) = visible_parent(connection, caller, id)?;
    if !access.can_manage() {
        return Err(ApiProblem::forbidden(
            "changing a parent organization needs Owner or Primary Owner of one of its Team or Enterprise organizations, or Admin of one of its Console organizations",
        ));
    }
    if let Some(problem) = version_mismatch(request.if_match, parent.version, &parent.view(&access)) {
        return Err(problem);
    }
    let name = new_name(patch.name.as_deref(), &parent.name)?;
    let disable_new_org_creation =
        patch.disable_new_org_creation.filter(|wanted| *wanted != parent.disable_new_org_creation);
    if disable_new_org_creation == Some(true) && !crate::domains::has_verified_domain(connection, &parent.id)? {
        return Err(ApiProblem::conflict(
            "new organization creation can be disabled only once at least one of this parent's domains is verified; add a domain and verify it first",
        ));
    }
    if name.is_none() && disable_new_org_creation.is_none() {
        return Ok(Written::new(&parent.view(&access), parent.version));
    }
    let updated = ParentRow {
        name: name.map_or_else(|| parent.name.clone(), OrgName::into_string),
        disable_new_org_creation: disable_new_org_creation.unwrap_or(parent.disable_new_org_creation),
        version: parent.version + 1,
        updated_at: now(),
        ..parent.clone()
    };
    connection.execute(
        "UPDATE parents SET name = ?2, disable_new_org_creation = ?3, version = ?4, updated_at = ?5
         WHERE id = ?1 AND version = ?6",
        rusqlite::params![
            updated.id,
            updated.name,
            updated.disable_new_org_creation,
            updated.version,
            ssodesk_model::format_timestamp(updated.updated_at),
            parent.version
        ],
    )?;
    audit::append(
        connection,
        &NewAuditEvent {
            parent_id: &parent.id,
            actor: AuditActor::User(caller),
            action: "parent.update",
            resource_type: "parent",
            resource_id: &parent.id,
            before: Some(parent.audit_json()),
            after: Some(updated.audit_json()),
        },
    )?;
    Ok(Written::new(&updated.view(&access), updated.version))
}

pub(crate) async fn patch_org(
    State(app): State<AppState>,
    caller: Caller,
    OrgId(id): OrgId,
    conditions: WriteConditions,
    body: JsonBody<OrgPatch>,
) -> Answer {
    let request = WriteRequest::new(caller, &conditions, &body.bytes);
    let patch = body.value;
    app.db
        .call(move |connection| {
            run_write(connection, &request, |connection| update_org(connection, &request, &id, &patch))
        })
        .await?
}

fn update_org(
    connection: &Connection,
    request: &WriteRequest,
    id: &str,
    patch: &OrgPatch,
) -> Result<Written, ApiProblem> {
    let caller = &request.caller;
    let (org, access) = visible_org(connection, caller, id)?;
    let role = access.role_in(&org.id);
    if !role.is_some_and(|role| role.can_manage(org.kind)) {
        let needed = match org.kind {
            ssodesk_model::OrgKind::Console => "Admin, Owner or Primary Owner",
            _ => "Owner or Primary Owner",
        };
        let yours = role.map_or("no role", |role| role.as_str());
        return Err(ApiProblem::forbidden(format!(
            "changing a {} organization needs {needed} there; your role there is {yours}",
            org.kind.as_str()
        )));
    }
    if let Some(problem) = version_mismatch(request.if_match, org.version, &org.view(role)) {
        return Err(problem);
    }
    let Some(name) = new_name(patch.name.as_deref(), &org.name)? else {
        return Ok(Written::new(&org.view(role), org.version));
    };
    let updated = OrgRow { name: name.into_string(), version: org.version + 1, updated_at: now(), ..org.clone() };
    connection.execute(
        "UPDATE orgs SET name = ?2, version = ?3, updated_at = ?4 WHERE id = ?1 AND version = ?5",
        rusqlite::params![
            updated.id,
            updated.name,
            updated.version,
            ssodesk_model::format_timestamp(updated.updated_at),
            org.version
        ],
    )?;
    audit::append(
        connection,
        &NewAuditEvent {
            parent_id: &org.parent_id,
            actor: AuditActor::User(caller),
            action: "org.update",
            resource_type: "org",
            resource_id: &org.id,
            before: Some(org.audit_json()),
            after: Some(updated.audit_json()),
        },
    )?;
    Ok(Written::new(&updated.view(role), updated.version))
}
